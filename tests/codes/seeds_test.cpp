// Every code named in the reference texts the registry was written from must resolve.
//
// tests/fixtures/seed-codes.txt lists those codes, one per line ("206", "403.14", "ftp 227").
// When the reference texts themselves are available (REPLYCHECK_SEEDS_DIR, or
// $REPLYCHECK_SOURCE_DIR/../shared/seeds), the IIS substatus codes are also extracted from them
// with a regular expression and must all be in the fixture, so the fixture cannot drift.
#include "protocol/codes/code_lookup.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace p = replycheck::protocol;

namespace {

// The repository: from ctest's environment, else three levels above this file.
fs::path source_dir() {
    if (const char* dir = std::getenv("REPLYCHECK_SOURCE_DIR")) return dir;
    return fs::path{__FILE__}.parent_path().parent_path().parent_path();
}

struct fixture_entry {
    std::string text;   // as written: "206", "403.14", "ftp 227"
    bool ftp = false;
    std::string code;   // "206", "403.14", "227"
};

std::vector<fixture_entry> read_fixture() {
    const fs::path path = source_dir() / "tests/fixtures/seed-codes.txt";
    std::ifstream in{path};
    BOOST_TEST_REQUIRE(in.good(), "cannot read " << path << " (is REPLYCHECK_SOURCE_DIR set?)");
    std::vector<fixture_entry> entries;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') continue;
        fixture_entry e{line, false, line};
        if (line.rfind("ftp ", 0) == 0) {
            e.ftp = true;
            e.code = line.substr(4);
        }
        entries.push_back(e);
    }
    return entries;
}

std::string slurp(const fs::path& path) {
    std::ifstream in{path, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool is_digit_or_dot(char c) { return (c >= '0' && c <= '9') || c == '.'; }

// "403.14" and the hyphenated form "500-14" used by some texts, as "status.substatus".
std::set<std::string> extract_substatus_codes(const std::string& text) {
    std::set<std::string> codes;
    static const std::regex dotted{R"(([1-5][0-9][0-9])\.([0-9]{1,3}))"};
    for (auto it = std::sregex_iterator(text.begin(), text.end(), dotted);
         it != std::sregex_iterator(); ++it) {
        const auto begin = static_cast<std::size_t>(it->position(0));
        const auto end = begin + static_cast<std::size_t>(it->length(0));
        // Skip parts of longer numbers such as versions or addresses.
        if (begin > 0 && is_digit_or_dot(text[begin - 1])) continue;
        if (end < text.size() && is_digit_or_dot(text[end])) continue;
        codes.insert((*it)[1].str() + "." + std::to_string(std::stoi((*it)[2].str())));
    }
    static const std::regex hyphen{R"(([45][0-9][0-9])-([0-9]{1,3}))"};
    for (auto it = std::sregex_iterator(text.begin(), text.end(), hyphen);
         it != std::sregex_iterator(); ++it) {
        const auto begin = static_cast<std::size_t>(it->position(0));
        const auto end = begin + static_cast<std::size_t>(it->length(0));
        if (begin > 0 && is_digit_or_dot(text[begin - 1])) continue;
        if (end < text.size() && text[end] >= '0' && text[end] <= '9') continue;
        codes.insert((*it)[1].str() + "." + std::to_string(std::stoi((*it)[2].str())));
    }
    return codes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_fixture_code_resolves) {
    const auto entries = read_fixture();
    std::size_t http = 0, iis = 0, ftp = 0;
    for (const auto& e : entries) {
        const auto arg = p::parse_code_argument(e.code);
        BOOST_TEST_REQUIRE(arg.has_value(), "malformed fixture line: " << e.text);
        if (e.ftp) {
            BOOST_TEST(!arg->substatus.has_value(), e.text);
            BOOST_TEST(p::find_ftp_reply(arg->code) != nullptr, "missing FTP reply " << e.code);
            ++ftp;
        } else if (arg->substatus) {
            BOOST_TEST(p::find_iis_substatus(arg->code, *arg->substatus) != nullptr,
                       "missing IIS substatus " << e.code);
            ++iis;
        } else {
            BOOST_TEST(p::find_http_status(arg->code) != nullptr, "missing HTTP status " << e.code);
            ++http;
        }
    }
    // The fixture itself must not shrink unnoticed.
    BOOST_TEST(http >= 40u);
    BOOST_TEST(iis >= 88u);
    BOOST_TEST(ftp >= 39u);
}

BOOST_AUTO_TEST_CASE(extraction_finds_both_spellings) {
    const auto codes = extract_substatus_codes(
        "HTTP 403.14 - x; 500-12 restart; IIS 7.0; 10.0.0.1; 404.0, 500-100.ASP, v1.403.2");
    const std::set<std::string> expected{"403.14", "500.12", "404.0", "500.100"};
    BOOST_TEST(codes == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fixture_covers_every_substatus_in_the_reference_texts) {
    fs::path dir;
    if (const char* env = std::getenv("REPLYCHECK_SEEDS_DIR")) dir = env;
    else dir = source_dir() / ".." / "shared" / "seeds";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        BOOST_TEST_MESSAGE("reference texts not available; only the fixture is checked");
        return;
    }
    std::set<std::string> in_fixture;
    for (const auto& e : read_fixture())
        if (!e.ftp) in_fixture.insert(e.code);
    std::size_t files = 0;
    std::set<std::string> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        ++files;
        for (const auto& code : extract_substatus_codes(slurp(entry.path()))) found.insert(code);
    }
    BOOST_TEST(files > 0u);
    BOOST_TEST(!found.empty());
    for (const auto& code : found) {
        BOOST_TEST(in_fixture.count(code) == 1u, code << " is in the reference texts but not in "
                                                         "tests/fixtures/seed-codes.txt");
        const auto arg = p::parse_code_argument(code);
        BOOST_TEST((arg && arg->substatus &&
                    p::find_iis_substatus(arg->code, *arg->substatus) != nullptr),
                   code << " is not in the registry");
    }
}
