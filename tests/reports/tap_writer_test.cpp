#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "reports/sample_run.hpp"

using namespace replycheck::reports;
using namespace replycheck::reports::testing;

BOOST_AUTO_TEST_CASE(golden_file) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string tap = mask_volatile(render_tap(sample_run(), options));
    std::string diff = compare_golden("sample.tap", tap);
    BOOST_TEST(diff.empty(), diff);
}

BOOST_AUTO_TEST_CASE(version_plan_and_points) {
    std::string tap = render_tap(sample_run(), writer_options{});
    std::istringstream in(tap);
    std::string line;
    std::getline(in, line);
    BOOST_TEST(line == "TAP version 13");
    std::getline(in, line);
    BOOST_TEST(line == "1..9");
    int ok = 0, not_ok = 0, skip = 0, yaml_open = 0, yaml_close = 0;
    while (std::getline(in, line)) {
        if (line.rfind("ok ", 0) == 0) ++ok;
        if (line.rfind("not ok ", 0) == 0) ++not_ok;
        if (line.find(" # SKIP") != std::string::npos) ++skip;
        if (line == "  ---") ++yaml_open;
        if (line == "  ...") ++yaml_close;
        // No raw control characters in a line-oriented stream.
        for (unsigned char c : line) BOOST_TEST_REQUIRE((c >= 0x20 || c == '\t'));
    }
    BOOST_TEST(ok == 4);
    BOOST_TEST(not_ok == 5);
    BOOST_TEST(skip == 1);
    BOOST_TEST(yaml_open == 5);
    BOOST_TEST(yaml_close == 5);
    BOOST_TEST(tap.find("not ok 2 - Conditional and range requests: Stale ETag gives 200\n  ---\n  message: \"step 2: "
                        "expected status 304, got 200\"\n  severity: fail\n") != std::string::npos);
    BOOST_TEST(tap.find("severity: error") != std::string::npos);
    BOOST_TEST(tap.find("      rule: \"http.304.no-body\"\n      level: MUST\n      section: \"RFC 9110 \u00a715.4.5\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(hash_in_names_is_escaped) {
    run_result run;
    run.suites.resize(1);
    run.suites[0].name = "s";
    scenario_result s;
    s.name = "issue #12\nsecond line";
    run.suites[0].scenarios.push_back(s);
    std::string tap = render_tap(run, writer_options{});
    BOOST_TEST(tap == "TAP version 13\n1..1\nok 1 - s: issue \\#12\\nsecond line\n");
}
