#include "reports/console_reporter.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <sstream>

#include "reports/sample_run.hpp"

using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

std::string render(bool color, const replycheck::protocol::redactor* redact) {
    std::ostringstream out;
    console_reporter console(out, color, redact);
    run_result run = sample_run();
    for (const auto& suite : run.suites) {
        for (const auto& s : suite.scenarios) console.scenario_finished(s);
    }
    console.summary(run);
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(golden_file) {
    ::unsetenv("NO_COLOR");
    auto redact = sample_redactor();
    std::string text = mask_volatile(render(false, &redact));
    std::string diff = compare_golden("sample.console.txt", text);
    BOOST_TEST(diff.empty(), diff);
}

BOOST_AUTO_TEST_CASE(one_line_per_scenario_and_summary) {
    ::unsetenv("NO_COLOR");
    std::string text = render(false, nullptr);
    BOOST_TEST(text.find("PASS  If-None-Match with the current ETag gives 304 (scenarios/http/conditional.toml) 42ms\n") !=
               std::string::npos);
    BOOST_TEST(text.find("FAIL  Stale ETag gives 200") != std::string::npos);
    BOOST_TEST(text.find("      step 2: expected status 304, got 200\n      request:  GET /a.txt HTTP/1.1\n"
                         "      expected: status 304\n      actual:   status 200\n") != std::string::npos);
    BOOST_TEST(text.find("ERROR download over") != std::string::npos);
    BOOST_TEST(text.find("SKIP  EPSV on IPv6") != std::string::npos);
    BOOST_TEST(text.find("      | < HTTP/1.1 200 OK") != std::string::npos);  // transcript excerpt
    BOOST_TEST(text.find("\x1b[") == std::string::npos);
    const std::string last = "\n3 passed, 4 failed, 1 errors, 1 skipped\n";
    BOOST_TEST(text.substr(text.size() - last.size()) == last);
}

BOOST_AUTO_TEST_CASE(colour_and_no_color) {
    ::unsetenv("NO_COLOR");
    std::string coloured = render(true, nullptr);
    BOOST_TEST(coloured.find("\x1b[32mPASS \x1b[0m") != std::string::npos);
    BOOST_TEST(coloured.find("\x1b[31mFAIL \x1b[0m") != std::string::npos);
    // A server's ESC bytes never reach the terminal, coloured or not.
    BOOST_TEST(coloured.find("\x1b[31mred") == std::string::npos);
    ::setenv("NO_COLOR", "1", 1);
    std::string plain = render(true, nullptr);
    BOOST_TEST(plain.find('\x1b') == std::string::npos);
    ::setenv("NO_COLOR", "", 1);  // empty means unset (no-color.org)
    BOOST_TEST(render(true, nullptr).find("\x1b[32m") != std::string::npos);
    ::unsetenv("NO_COLOR");
}

BOOST_AUTO_TEST_CASE(long_request_lines_are_shortened) {
    ::unsetenv("NO_COLOR");
    scenario_result s;
    s.name = "long URI gives 414";
    s.result = outcome::failed;
    s.message = "step 1: expected status 414, got 431";
    step_result step;
    step.index = 1;
    step.kind = "raw";
    step.result = outcome::failed;
    step.message = "expected status 414, got 431";
    step.label = "GET /?q=" + std::string(16 * 1024, 'a') + " HTTP/1.1";
    step.expected = "status 414";
    step.actual = "status 431";
    s.steps.push_back(step);
    std::ostringstream out;
    console_reporter console(out, false, nullptr);
    console.scenario_finished(s);
    const std::string text = out.str();
    const auto at = text.find("      request:  GET /?q=aaa");
    BOOST_REQUIRE(at != std::string::npos);
    const auto line = text.substr(at, text.find('\n', at) - at);
    BOOST_TEST(line.size() < 200u, line.size());
    BOOST_TEST(line.ends_with("\u2026(" + std::to_string(step.label.size()) + " bytes)"), line);
    // A short label is printed as it is.
    s.steps[0].label = "GET /a.txt HTTP/1.1";
    std::ostringstream short_out;
    console_reporter short_console(short_out, false, nullptr);
    short_console.scenario_finished(s);
    BOOST_TEST(short_out.str().find("      request:  GET /a.txt HTTP/1.1\n") != std::string::npos);
}

namespace {

// A failed OPTIONS probe: the status met the expectation, a rule did not hold; the reply has
// a long header section and a body.
scenario_result allowed_but_failed() {
    scenario_result s;
    s.name = "OPTIONS";
    s.result = outcome::failed;
    step_result step;
    step.index = 1;
    step.kind = "probe";
    step.label = "OPTIONS * HTTP/1.1";
    step.code = "405";
    step.result = outcome::failed;
    step.failure = failure_kind::conformance;
    step.expected = "2xx, 405 or 501";
    step.actual = "HTTP/1.1 405";
    step.message = "http.405.allow (RFC 9110 \u00a715.5.6): 405 without Allow";
    step.findings.push_back({"http.405.allow", replycheck::protocol::rule_level::must, "RFC 9110 \u00a715.5.6",
                             "405 without Allow"});
    step.transcript = "> OPTIONS * HTTP/1.1\r\n> Host: h\r\n>\r\n< HTTP/1.1 405 Method Not Allowed\r\n";
    for (int i = 1; i <= 12; ++i) step.transcript += "< X-Field-" + std::to_string(i) + ": v\r\n";
    step.transcript += "<\r\n" + std::string(5000, 'b') + "\r\nTAIL-OF-BODY\r\n";
    s.steps.push_back(step);
    return s;
}

std::string print(const scenario_result& s, console_detail detail) {
    std::ostringstream out;
    console_reporter console(out, false, nullptr, detail);
    console.scenario_finished(s);
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(failure_shows_reply_head_and_why) {
    ::unsetenv("NO_COLOR");
    std::string text = print(allowed_but_failed(), console_detail::verdicts);
    // The status line and the first header fields, not the end of the body.
    BOOST_TEST(text.find("      | < HTTP/1.1 405 Method Not Allowed\n      | < X-Field-1: v\n") != std::string::npos, text);
    BOOST_TEST(text.find("X-Field-7: v") != std::string::npos);
    BOOST_TEST(text.find("X-Field-8: v") == std::string::npos);
    BOOST_TEST(text.find("      | < \u2026 5 more lines\n") != std::string::npos, text);
    BOOST_TEST(text.find("TAIL-OF-BODY") == std::string::npos);
    BOOST_TEST(text.find("> OPTIONS") == std::string::npos);
    // Why a reply that met the expectation failed, and the rule once.
    BOOST_TEST(text.find("actual:   HTTP/1.1 405 \u2014 405 is allowed, but http.405.allow failed\n") != std::string::npos,
               text);
    std::size_t rules = 0;
    for (auto at = text.find("405 without Allow"); at != std::string::npos; at = text.find("405 without Allow", at + 1))
        ++rules;
    BOOST_TEST(rules == 1u, text);
    // An expectation the status missed is not called allowed.
    auto missed = allowed_but_failed();
    missed.steps[0].code = "500";
    missed.steps[0].actual = "HTTP/1.1 500";
    BOOST_TEST(print(missed, console_detail::verdicts).find("is allowed") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(verbose_prints_heads_and_very_verbose_bodies) {
    ::unsetenv("NO_COLOR");
    auto s = allowed_but_failed();
    std::string normal = print(s, console_detail::verdicts);
    std::string heads = print(s, console_detail::heads);
    std::string bodies = print(s, console_detail::bodies);
    BOOST_TEST(normal.find("step 1 (probe, 405") == std::string::npos);
    BOOST_TEST(heads.find("      step 1 (probe, 405, 0ms)\n") != std::string::npos, heads);
    BOOST_TEST(heads.find("      | > OPTIONS * HTTP/1.1\n      | > Host: h\n") != std::string::npos);
    BOOST_TEST(heads.find("      | < X-Field-12: v\n") != std::string::npos);
    BOOST_TEST(heads.find("bbbb") == std::string::npos);
    BOOST_TEST(heads.find("bytes of body (--very-verbose shows it)") != std::string::npos);
    // Bodies are capped per step.
    BOOST_TEST(bodies.find(std::string(console_reporter::body_cap, 'b')) != std::string::npos);
    BOOST_TEST(bodies.find(std::string(console_reporter::body_cap + 1, 'b')) == std::string::npos);
    BOOST_TEST(bodies.find("TAIL-OF-BODY") == std::string::npos);
    BOOST_TEST(bodies.find("bytes of body not shown]") != std::string::npos);
    // A passed scenario shows its exchanges too.
    s.result = outcome::passed;
    s.steps[0].result = outcome::passed;
    s.steps[0].findings.clear();
    BOOST_TEST(print(s, console_detail::heads).find("      | > OPTIONS * HTTP/1.1\n") != std::string::npos);
    BOOST_TEST(print(s, console_detail::verdicts).find("| >") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(color_choices) {
    ::unsetenv("NO_COLOR");
    BOOST_TEST(console_reporter::want_color("always", -1));
    BOOST_TEST(!console_reporter::want_color("never", -1));
    BOOST_TEST(!console_reporter::want_color("auto", -1));  // not a terminal
}
