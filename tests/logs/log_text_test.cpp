// The shared hand-written parsers: numbers, the three date forms, escapes, FTP verbs.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "protocol/logs/log_entry.hpp"
#include "protocol/logs/log_text.hpp"

namespace t = replycheck::logs::text;
using namespace std::chrono;
using replycheck::logs::code_text;

namespace {
sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}
}  // namespace

BOOST_AUTO_TEST_CASE(numbers_are_digits_only_and_bounded) {
    std::uint64_t v = 0;
    BOOST_TEST(t::parse_uint("0", v));
    BOOST_TEST(v == 0u);
    BOOST_TEST(t::parse_uint("18446744073709551615", v));
    BOOST_TEST(v == UINT64_MAX);
    BOOST_TEST(!t::parse_uint("18446744073709551616", v));
    BOOST_TEST(!t::parse_uint("", v));
    BOOST_TEST(!t::parse_uint("-1", v));
    BOOST_TEST(!t::parse_uint("12a", v));
    BOOST_TEST(!t::parse_uint(" 1", v));
    BOOST_TEST(t::parse_uint("999", v, 999));
    BOOST_TEST(!t::parse_uint("1000", v, 999));
    BOOST_TEST(t::number_problem("status", "abc") == "status 'abc' is not a number");
    BOOST_TEST(t::number_problem("status", "1000") == "status '1000' is out of range");
}

BOOST_AUTO_TEST_CASE(clf_dates_are_converted_to_utc) {
    BOOST_TEST((t::parse_clf_time("05/Jan/2026:10:14:07 +0000") == utc(2026, 1, 5, 10, 14, 7)));
    BOOST_TEST((t::parse_clf_time("05/Jan/2026:12:14:07 +0200") == utc(2026, 1, 5, 10, 14, 7)));
    BOOST_TEST((t::parse_clf_time("01/Jan/2026:01:00:00 -0530") == utc(2026, 1, 1, 6, 30, 0)));
    BOOST_TEST((t::parse_clf_time("31/Dec/2025:23:30:00 -0100") == utc(2026, 1, 1, 0, 30, 0)));
    BOOST_TEST(!t::parse_clf_time("30/Feb/2026:10:14:07 +0000"));
    BOOST_TEST(!t::parse_clf_time("05/jan/2026:10:14:07 +0000"));
    BOOST_TEST(!t::parse_clf_time("05/Jan/2026:24:14:07 +0000"));
    BOOST_TEST(!t::parse_clf_time("05/Jan/2026:10:14:07"));
    BOOST_TEST(!t::parse_clf_time("05/Jan/2026:10:14:07 +00:00"));
    BOOST_TEST(!t::parse_clf_time(""));
}

BOOST_AUTO_TEST_CASE(w3c_dates_are_utc_with_optional_fraction) {
    BOOST_TEST((t::parse_w3c_time("2026-01-05", "10:12:01") == utc(2026, 1, 5, 10, 12, 1)));
    BOOST_TEST((t::parse_w3c_time("2026-01-05", "10:12:01.250") == utc(2026, 1, 5, 10, 12, 1)));
    BOOST_TEST(!t::parse_w3c_time("2026-1-5", "10:12:01"));
    BOOST_TEST(!t::parse_w3c_time("2026-01-05", "10:12"));
    BOOST_TEST(!t::parse_w3c_time("2026-01-05", "10:12:01."));
    BOOST_TEST(!t::parse_w3c_time("2026-02-29", "10:12:01"));   // not a leap year
    BOOST_TEST(!t::parse_w3c_time("-", "-"));
}

BOOST_AUTO_TEST_CASE(ctime_dates_with_space_or_zero_padded_day) {
    std::size_t used = 0;
    BOOST_TEST((t::parse_ctime("Wed Nov 25 18:40:01 2026 [pid 1]", used) == utc(2026, 11, 25, 18, 40, 1)));
    BOOST_TEST(used == 24u);
    BOOST_TEST((t::parse_ctime("Mon Jan  5 10:14:07 2026", used) == utc(2026, 1, 5, 10, 14, 7)));
    BOOST_TEST((t::parse_ctime("Mon Jan 05 10:14:07 2026", used) == utc(2026, 1, 5, 10, 14, 7)));
    BOOST_TEST(!t::parse_ctime("Xyz Jan  5 10:14:07 2026", used));
    BOOST_TEST(!t::parse_ctime("Mon Jan  5 10:14:07 2026x", used));
    BOOST_TEST(!t::parse_ctime("Mon Jan  5 10:14:07", used));
}

BOOST_AUTO_TEST_CASE(escapes_and_plus_signs_decode_into_the_buffer) {
    std::string buffer;
    BOOST_TEST(t::unescape_quoted("plain", buffer) == "plain");
    BOOST_TEST(t::unescape_quoted(R"(a\x22b\x5Cc)", buffer) == "a\"b\\c");
    BOOST_TEST(t::unescape_quoted(R"(say \"hi\" \\ ok)", buffer) == R"(say "hi" \ ok)");
    BOOST_TEST(t::unescape_quoted(R"(bad \xZZ end\)", buffer) == R"(bad \xZZ end\)");
    BOOST_TEST(t::plus_to_space("Mozilla/5.0+(X11)", buffer) == "Mozilla/5.0 (X11)");
    BOOST_TEST(t::dash_empty("-").empty());
    BOOST_TEST(t::upper("retr", buffer) == "RETR");
}

BOOST_AUTO_TEST_CASE(ftp_verbs_and_http_tokens) {
    BOOST_TEST(t::is_ftp_verb("RETR"));
    BOOST_TEST(t::is_ftp_verb("pass"));
    BOOST_TEST(t::is_ftp_verb("XPWD"));
    BOOST_TEST(!t::is_ftp_verb("GET"));
    BOOST_TEST(!t::is_ftp_verb("RETRIEVE"));
    BOOST_TEST(t::is_iis_ftp_pseudo_command("ControlChannelOpened"));
    BOOST_TEST(t::looks_like_http_version("HTTP/1.1"));
    BOOST_TEST(t::looks_like_http_version("HTTP/3"));
    BOOST_TEST(!t::looks_like_http_version("HTTP/"));
    BOOST_TEST(t::looks_like_http_method("PROPFIND"));
    BOOST_TEST(!t::looks_like_http_method("get"));
}

BOOST_AUTO_TEST_CASE(code_text_and_format_names) {
    namespace l = replycheck::logs;
    BOOST_TEST(code_text(500, 19) == "500.19");
    BOOST_TEST(code_text(404, 0) == "404");
    BOOST_TEST(code_text(530, std::nullopt) == "530");
    for (auto f : {l::log_format::w3c, l::log_format::ncsa, l::log_format::vsftpd, l::log_format::xferlog,
                   l::log_format::ftp_clf})
        BOOST_TEST((l::parse_log_format(l::to_string(f)) == f));
    BOOST_TEST(l::to_string(l::log_format::ftp_clf) == "ftp-clf");
    BOOST_TEST(!l::parse_log_format("json"));
}
