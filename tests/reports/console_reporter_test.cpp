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
