// The one regex dialect: Perl syntax, whole-text match or search with groups, bounded work.
#include "protocol/bounded_regex.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace replycheck::protocol;

BOOST_AUTO_TEST_CASE(search_match_and_groups) {
    const bounded_regex re(R"((\w+)=(\d+)?)");
    std::vector<std::string_view> groups;
    BOOST_TEST((re.search("x; id=42;", &groups) == regex_outcome::match));
    BOOST_REQUIRE(groups.size() == 3u);
    BOOST_TEST(groups[0] == "id=42");
    BOOST_TEST(groups[1] == "id");
    BOOST_TEST(groups[2] == "42");
    BOOST_TEST((re.search("flag=", &groups) == regex_outcome::match));
    BOOST_TEST(groups[2].empty());
    BOOST_TEST((re.match("id=42") == regex_outcome::match));
    BOOST_TEST((re.match("x; id=42") == regex_outcome::no_match));
    BOOST_TEST((bounded_regex("ABC", true).search("xabcx") == regex_outcome::match));
    BOOST_TEST((bounded_regex("ABC").search("xabcx") == regex_outcome::no_match));
}

BOOST_AUTO_TEST_CASE(invalid_pattern_throws_with_the_reason) {
    BOOST_CHECK_THROW(bounded_regex("a{2,1}"), regex_syntax_error);
    try {
        bounded_regex bad("(unclosed");
        BOOST_FAIL("no exception");
    } catch (const regex_syntax_error& e) {
        BOOST_TEST(std::string(e.what()).find("(") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(catastrophic_backtracking_gives_up_quickly) {
    const bounded_regex re("(a|aa)*b");
    const std::string subject(1024 * 1024, 'a');
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST((re.search(subject) == regex_outcome::too_complex));
    BOOST_TEST((re.match(subject) == regex_outcome::too_complex));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 10);
    BOOST_TEST(re.too_complex_message("body", subject.size()) ==
               "regex /(a|aa)*b/ too complex to match against 1.0 MB of body");
}

BOOST_AUTO_TEST_CASE(cache_returns_one_compiled_pattern) {
    const auto a = cached_regex("x+y");
    BOOST_TEST(a.get() == cached_regex("x+y").get());
    BOOST_CHECK_THROW(cached_regex("["), regex_syntax_error);
}

BOOST_AUTO_TEST_CASE(byte_sizes) {
    BOOST_TEST(byte_size_text(100) == "100 bytes");
    BOOST_TEST(byte_size_text(4000) == "3.9 KB");
    BOOST_TEST(byte_size_text(16 * 1024 * 1024) == "16.0 MB");
}
