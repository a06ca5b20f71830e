// The reader around the parsers: format detection, the forced format, .gz files, long lines,
// CRLF, the malformed-line bookkeeping, errors opening a file; and parse_single_line.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <stdexcept>

#include <zlib.h>

#include "logs/log_test_support.hpp"
#include "protocol/logs/log_detect.hpp"

namespace l = replycheck::logs;
using logs_test::fixture;
using logs_test::read_all;
using logs_test::temp_dir;

namespace {

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

void write_gz(const std::filesystem::path& p, const std::string& text) {
    gzFile f = gzopen(p.c_str(), "wb");
    BOOST_REQUIRE(f != nullptr);
    BOOST_REQUIRE_EQUAL(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    BOOST_REQUIRE_EQUAL(gzclose(f), Z_OK);
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

const std::string ncsa_line = R"(192.0.2.1 - - [05/Jan/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "t")";

}  // namespace

BOOST_AUTO_TEST_CASE(every_fixture_is_detected) {
    BOOST_TEST((read_all(fixture("iis_http.log")).format == l::log_format::w3c));
    BOOST_TEST((read_all(fixture("iis_ftp.log")).format == l::log_format::w3c));
    BOOST_TEST((read_all(fixture("nginx_combined.log")).format == l::log_format::ncsa));
    BOOST_TEST((read_all(fixture("apache_common.log")).format == l::log_format::ncsa));
    BOOST_TEST((read_all(fixture("vsftpd.log")).format == l::log_format::vsftpd));
    BOOST_TEST((read_all(fixture("xferlog")).format == l::log_format::xferlog));
    BOOST_TEST((read_all(fixture("proftpd_extended.log")).format == l::log_format::ftp_clf));
}

BOOST_AUTO_TEST_CASE(detection_looks_past_uncertain_lines) {
    // A 400 with a garbage request first, then a real request line.
    std::string head = R"(192.0.2.1 - - [05/Jan/2026:10:00:00 +0000] "-" 400 0 "-" "-")" "\n" + ncsa_line + "\n";
    BOOST_TEST((l::detect_log_format(head, true) == l::log_format::ncsa));
    BOOST_TEST((l::detect_log_format("\n\n#Version: 1.0\n", true) == l::log_format::w3c));
    BOOST_TEST(!l::detect_log_format("hello\nworld\n", true));
    BOOST_TEST(!l::detect_log_format("", true));
    // A cut-off last line is not judged unless it is the whole file.
    BOOST_TEST(!l::detect_log_format(ncsa_line.substr(0, 30), false));
}

BOOST_AUTO_TEST_CASE(unknown_format_is_a_clear_error) {
    temp_dir dir;
    auto file = dir.path / "notes.txt";
    write_file(file, "shopping list\nmilk\n");
    try {
        l::log_reader reader(file);
        BOOST_FAIL("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == file.string() +
                                                ": cannot tell the log format from its first lines (use --format "
                                                "w3c|ncsa|vsftpd|xferlog|ftp-clf)");
    }
    BOOST_CHECK_THROW(l::log_reader(dir.path / "absent.log"), std::runtime_error);
    BOOST_CHECK_THROW(l::log_reader(dir.path), std::runtime_error);
    write_file(dir.path / "empty.log", "");
    BOOST_CHECK_THROW(l::log_reader(dir.path / "empty.log"), std::runtime_error);
    // The forced format wins: every line is then malformed, none is lost silently.
    auto r = read_all(file, l::log_format::ncsa);
    BOOST_TEST(r.records.empty());
    BOOST_TEST(r.stats.malformed == 2u);
}

BOOST_AUTO_TEST_CASE(gzip_files_read_like_plain_ones) {
    temp_dir dir;
    auto gz = dir.path / "access.log.gz";
    write_gz(gz, slurp(fixture("nginx_combined.log")));
    auto plain = read_all(fixture("nginx_combined.log"));
    auto packed = read_all(gz);
    BOOST_TEST((packed.format == l::log_format::ncsa));
    BOOST_REQUIRE_EQUAL(packed.records.size(), plain.records.size());
    for (std::size_t i = 0; i < plain.records.size(); ++i) {
        BOOST_TEST(packed.records[i].target == plain.records[i].target);
        BOOST_TEST(packed.records[i].status == plain.records[i].status);
        BOOST_TEST(packed.records[i].line == plain.records[i].line);
    }
    // The magic bytes decide, not the name.
    auto disguised = dir.path / "u_ex260105.log";
    write_gz(disguised, slurp(fixture("iis_http.log")));
    BOOST_TEST(read_all(disguised).records.size() == 7u);
}

BOOST_AUTO_TEST_CASE(truncated_gzip_is_reported_not_fatal) {
    temp_dir dir;
    auto gz = dir.path / "big.log.gz";
    std::string text;
    for (int i = 0; i < 20000; ++i) text += ncsa_line + "\n";
    write_gz(gz, text);
    auto bytes = slurp(gz);
    write_file(gz, bytes.substr(0, bytes.size() / 2));
    auto r = read_all(gz);
    BOOST_TEST(r.records.size() > 0u);
    BOOST_TEST(r.records.size() < 20000u);
    BOOST_TEST(r.stats.malformed >= 1u);
    BOOST_REQUIRE(!r.stats.first_malformed.empty());
    BOOST_TEST(r.stats.first_malformed.back().find("reading stopped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_lines_are_skipped_with_bounded_memory) {
    temp_dir dir;
    auto file = dir.path / "long.log";
    std::string text = ncsa_line + "\n";
    text += R"(192.0.2.1 - - [05/Jan/2026:10:00:00 +0000] "GET /)" + std::string(3 * 1024 * 1024, 'a') +
            R"( HTTP/1.1" 200 5)" + "\n";
    text += ncsa_line + "\r\n";                                            // CRLF
    text += std::string(70000, 'b');                                       // long last line, no newline
    write_file(file, text);
    auto r = read_all(file);
    BOOST_REQUIRE_EQUAL(r.records.size(), 2u);
    BOOST_TEST(r.records[1].line == 3u);
    BOOST_TEST(r.records[1].user_agent == "t");   // no '\r' left
    BOOST_TEST(r.stats.lines == 4u);
    BOOST_TEST(r.stats.malformed == 2u);
    BOOST_TEST(r.stats.first_malformed[0].ends_with(":2: line longer than 65536 bytes"));
    BOOST_TEST(r.stats.first_malformed[1].ends_with(":4: line longer than 65536 bytes"));
}

BOOST_AUTO_TEST_CASE(only_the_first_ten_malformed_lines_are_kept) {
    temp_dir dir;
    auto file = dir.path / "many.log";
    std::string text = ncsa_line + "\n";
    for (int i = 0; i < 25; ++i) text += "broken line " + std::to_string(i) + "\n";
    text += ncsa_line;   // no final newline
    write_file(file, text);
    auto r = read_all(file);
    BOOST_TEST(r.records.size() == 2u);
    BOOST_TEST(r.stats.malformed == 25u);
    BOOST_TEST(r.stats.first_malformed.size() == 10u);
    BOOST_TEST(r.stats.entries == 2u);
    BOOST_TEST(r.stats.lines == 27u);
}

BOOST_AUTO_TEST_CASE(single_pasted_lines) {
    std::string why;
    auto iis = l::parse_single_line("2026-01-05 10:12:01 10.1.1.4 GET /app/default.aspx - 443 - 203.0.113.9 "
                                    "Mozilla/5.0+(Windows+NT+10.0) - 500 19 13 31",
                                    why);
    BOOST_REQUIRE_MESSAGE(iis.has_value(), why);
    BOOST_TEST(iis->status == 500);
    BOOST_TEST(iis->substatus.value() == 19);
    BOOST_TEST(iis->win32.value() == 13u);
    BOOST_TEST(iis->user_agent == "Mozilla/5.0 (Windows NT 10.0)");

    auto ftp = l::parse_single_line("2026-01-05 10:13:44 203.0.113.9 CORP\\ana 10.1.1.4 21 PASS *** 530 1326 41 "
                                    "3f2a6c1e-0007 -",
                                    why);
    BOOST_REQUIRE_MESSAGE(ftp.has_value(), why);
    BOOST_TEST((ftp->protocol == l::log_protocol::ftp));
    BOOST_TEST(ftp->method == "PASS");
    BOOST_TEST(ftp->status == 530);
    BOOST_TEST(ftp->win32.value() == 1326u);
    BOOST_TEST(ftp->substatus.value() == 41);

    auto with_fields = l::parse_single_line("#Fields: date time cs-method cs-uri-stem sc-status sc-substatus\n"
                                            "2026-01-05 10:00:00 GET /x 403 14",
                                            why);
    BOOST_REQUIRE_MESSAGE(with_fields.has_value(), why);
    BOOST_TEST(l::code_text(with_fields->status, with_fields->substatus) == "403.14");

    auto nginx = l::parse_single_line(ncsa_line, why);
    BOOST_REQUIRE(nginx.has_value());
    BOOST_TEST(nginx->target == "/x");

    auto vs = l::parse_single_line(
        R"(Wed Nov 25 18:40:01 2026 [pid 5] [ana] FTP command: Client "127.0.0.1", "PASS hunter2hunter2")", why);
    BOOST_REQUIRE(vs.has_value());
    BOOST_TEST(vs->method == "PASS");
    BOOST_TEST(vs->target == "***");
    auto reply = l::parse_single_line(
        R"(Wed Nov 25 18:40:01 2026 [pid 5] [ana] FTP response: Client "127.0.0.1", "530 Login incorrect.")", why);
    BOOST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->status == 530);
    BOOST_TEST(reply->reply_text == "Login incorrect.");

    auto xfer = l::parse_single_line("Mon Jan  5 10:30:01 2026 1 203.0.113.9 10240 /pub/f b _ o r ana ftp 0 * i", why);
    BOOST_REQUIRE(xfer.has_value());
    BOOST_TEST(xfer->status == 426);

    auto clf = l::parse_single_line(R"(127.0.0.1 UNKNOWN ana [25/Nov/2026:18:40:01 +0000] "CWD /nope" 550 -)", why);
    BOOST_REQUIRE(clf.has_value());
    BOOST_TEST((clf->protocol == l::log_protocol::ftp));
    BOOST_TEST(clf->status == 550);

    BOOST_TEST(!l::parse_single_line("2026-01-05 10:12:01 only five fields", why));
    BOOST_TEST(why.find("has 5") != std::string::npos);
    BOOST_TEST(!l::parse_single_line("   ", why));
    BOOST_TEST(!l::parse_single_line(
        "2026-01-05 10:12:01 10.1.1.4 GET /a - 443 - 203.0.113.9 curl - abc 0 0 1", why));
    BOOST_TEST(why == "sc-status 'abc' is not a number");
}
