#include "reports/text.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

using namespace replycheck::reports;
using namespace replycheck::reports::detail;

BOOST_AUTO_TEST_CASE(repair_keeps_valid_text) {
    BOOST_TEST(repair_utf8("plain ASCII", true) == "plain ASCII");
    BOOST_TEST(repair_utf8("\u00a7 \u20ac \U0001F600 \u65e5\u672c", true) == "\u00a7 \u20ac \U0001F600 \u65e5\u672c");
    BOOST_TEST(repair_utf8("a\tb\r\nc", true) == "a\tb\r\nc");
    BOOST_TEST(repair_utf8("a\tb\r\nc", false) == "a\\tb\\r\\nc");
}

BOOST_AUTO_TEST_CASE(repair_escapes_what_no_report_can_carry) {
    BOOST_TEST(repair_utf8(std::string("a\0b", 3), true) == "a\\x00b");
    BOOST_TEST(repair_utf8("\x1b[1m\x7f", true) == "\\x1b[1m\\x7f");
    BOOST_TEST(repair_utf8("\xff\xfe", true) == "\\xff\\xfe");
    BOOST_TEST(repair_utf8("\xc3\x28", true) == "\\xc3(");            // bad continuation
    BOOST_TEST(repair_utf8("\xc0\xaf", true) == "\\xc0\\xaf");        // overlong '/'
    BOOST_TEST(repair_utf8("\xed\xa0\x80", true) == "\\xed\\xa0\\x80");  // UTF-16 surrogate
    BOOST_TEST(repair_utf8("\xf4\x90\x80\x80", true) == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
    BOOST_TEST(repair_utf8("\xe2\x82", true) == "\\xe2\\x82");        // truncated
    BOOST_TEST(repair_utf8("\xc2\x85", true) == "\\u0085");           // C1 control
    BOOST_TEST(repair_utf8("\xef\xbf\xbf", true) == "\\uffff");       // not an XML character
}

BOOST_AUTO_TEST_CASE(clean_redacts_before_repairing) {
    replycheck::protocol::redactor r;
    r.add_secret("t0ps3cret");
    writer_options o;
    o.redact = &r;
    BOOST_TEST(clean("key t0ps3cret\x01", o) == "key ***\\x01");
    BOOST_TEST(clean("Authorization: Bearer abc.def\r\n", writer_options{}) == "Authorization: Bearer ***\r\n");
    BOOST_TEST(clean_line("ftp://bob:pw@host/x", writer_options{}) == "ftp://bob:***@host/x");
}

BOOST_AUTO_TEST_CASE(names_keep_the_word_pass) {
    replycheck::protocol::redactor r;
    r.add_secret("t0ps3cret");
    writer_options o;
    o.redact = &r;
    BOOST_TEST(clean_name("PASS before USER gives 503", o, true) == "PASS before USER gives 503");
    BOOST_TEST(clean_name("a wrong pass word\tgives 530", o, true) == "a wrong pass word\\tgives 530");
    BOOST_TEST(clean_name("a wrong pass word\tgives 530", o, false) == "a wrong pass word\tgives 530");
    // Secrets and URL passwords are still masked in names; a PASS command line is masked anywhere.
    BOOST_TEST(clean_name("PASS t0ps3cret via ftp://bob:pw@h/", o, true) == "PASS *** via ftp://bob:***@h/");
    BOOST_TEST(clean("PASS before USER", o) == "PASS before USER");
    BOOST_TEST(clean_name("step 1: PASS hunter2", o, true) == "step 1: PASS ***");
}

BOOST_AUTO_TEST_CASE(cap_cuts_at_a_character_boundary) {
    std::string text = "ab\u20ac";  // 2 + 3 bytes
    std::string capped = cap_text(text, 3);
    BOOST_TEST(capped.rfind("ab\n[... 3 more bytes not shown]", 0) == 0u);
    BOOST_TEST(cap_text("short", 10) == "short");
}

BOOST_AUTO_TEST_CASE(classnames_and_times) {
    BOOST_TEST(classname_from_file("scenarios/http/conditional.toml") == "scenarios.http.conditional");
    BOOST_TEST(classname_from_file("./scenarios/ftp/login.toml") == "scenarios.ftp.login");
    BOOST_TEST(classname_from_file("/abs/path/x.toml") == "abs.path.x");
    BOOST_TEST(classname_from_file("C:\\suites\\a.b.toml") == "C:.suites.a.b");
    BOOST_TEST(classname_from_file("") == "");
    BOOST_TEST(format_seconds(0.0425) == "0.043");
    BOOST_TEST(format_seconds(-1) == "0.000");
    BOOST_TEST(format_seconds(1.0 / 0.0) == "0.000");
    BOOST_TEST(format_seconds(12345.5) == "12345.500");
    BOOST_TEST(format_seconds(0.000123, 6) == "0.000123");
    BOOST_TEST(format_seconds(0.0000004, 6) == "0.000000");
}

BOOST_AUTO_TEST_CASE(smoke_classnames) {
    BOOST_TEST(smoke_classname("smoke http://127.0.0.1:28481/index.html") == "smoke.127.0.0.1:28481.index_html");
    BOOST_TEST(smoke_classname("smoke http://127.0.0.1:28481/") == "smoke.127.0.0.1:28481");
    BOOST_TEST(smoke_classname("smoke http://example.test/docs/a.b.txt?x=1") == "smoke.example.test:80.docs.a_b_txt");
    BOOST_TEST(smoke_classname("smoke ftp://alice@[::1]:2121/pub/") == "smoke.[::1]:2121.pub");
    // Not a smoke suite: the caller falls back to the file or the suite name.
    BOOST_TEST(smoke_classname("scenarios/http/basics.toml") == "");
    BOOST_TEST(smoke_classname("smoke not a url") == "");
    BOOST_TEST(smoke_classname("smoker http://h/") == "");
}

BOOST_AUTO_TEST_CASE(protocols_and_code_classes) {
    step_result s;
    s.kind = "ftp";
    s.code = "550";
    BOOST_TEST(code_class(s) == "5yz");
    s.kind = "http";
    s.code = "404.3";
    BOOST_TEST(code_class(s) == "4xx");
    s.code = "";
    BOOST_TEST(code_class(s) == "none");
    s.kind = "probe";
    s.code = "227";
    s.label = "PASV";
    BOOST_TEST(step_protocol(s) == "ftp");
    s.label = "HEAD / HTTP/1.1";
    BOOST_TEST(step_protocol(s) == "http");
    s.protocol = "ftp";
    BOOST_TEST(step_protocol(s) == "ftp");
}

BOOST_AUTO_TEST_CASE(failure_message_prefers_the_deciding_step) {
    scenario_result sc;
    sc.message = "scenario-level";
    step_result a;
    a.index = 1;
    step_result b;
    b.index = 2;
    b.result = outcome::failed;
    b.findings.push_back({"http.x", replycheck::protocol::rule_level::must, "RFC 9110 \u00a71", "seen"});
    sc.steps = {a, b};
    BOOST_TEST(failure_message(sc, false) == "step 2: http.x (RFC 9110 \u00a71): seen");
    sc.steps[1].message = "expected status 304, got 200";
    BOOST_TEST(failure_message(sc, false) == "step 2: expected status 304, got 200");
    sc.steps.clear();
    BOOST_TEST(failure_message(sc, false) == "scenario-level");
}

BOOST_AUTO_TEST_CASE(durations_read_at_a_glance) {
    using replycheck::reports::detail::format_duration;
    BOOST_TEST(format_duration(0.0004) == "0.4ms");
    BOOST_TEST(format_duration(0.042) == "42ms");
    BOOST_TEST(format_duration(1.25) == "1.25s");
    BOOST_TEST(format_duration(-1) == "0ms");
    BOOST_TEST(format_duration(std::numeric_limits<double>::quiet_NaN()) == "0ms");
}
