// Runs every writer and the console on a run carrying a known secret (in transcripts,
// messages, names, URL userinfo, Authorization headers, FTP PASS, a secret variable) and
// scans every output for it.
#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>

#include "reports/console_reporter.hpp"
#include "reports/sample_run.hpp"

namespace fs = std::filesystem;
using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

void scan(const std::string& what, const std::string& text) {
    BOOST_TEST(!text.empty(), what << " is empty");
    BOOST_TEST(text.find(secret) == std::string::npos, what << " contains the secret");
    BOOST_TEST(text.find(secret_basic) == std::string::npos, what << " contains the Basic credentials");
    BOOST_TEST(text.find("***") != std::string::npos, what << " shows no mask at all");
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_output_contains_the_secret) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    run_result run = sample_run();
    // The secret in every kind of field, on top of what the sample plants.
    run.hostname = "host-" + secret;
    run.suites[0].name = "suite " + secret;
    run.suites[0].file = "dir-" + secret + "/x.toml";
    run.suites[0].scenarios[0].tags.push_back(secret);
    auto& step = run.suites[0].scenarios[1].steps[1];
    step.expected = "body contains " + secret;
    step.actual = "body " + secret;
    step.label = "GET /login?token=" + secret + " HTTP/1.1";
    step.findings.push_back({"rule." + secret, replycheck::protocol::rule_level::should, "RFC " + secret, secret});
    run.suites[1].scenarios[0].message = "PASS " + secret;

    fs::path dir = fs::temp_directory_path() / ("replycheck-secret-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    write_junit(run, dir / "r.xml", options);
    write_json(run, dir / "r.json", options);
    write_html(run, dir / "r.html", options);
    write_tap(run, dir / "r.tap", options);
    for (const char* name : {"r.xml", "r.json", "r.html", "r.tap"}) scan(name, read_file((dir / name).string()));

    std::ostringstream console_out;
    console_reporter console(console_out, true, &redact);
    for (const auto& suite : run.suites) {
        for (const auto& s : suite.scenarios) console.scenario_finished(s);
    }
    console.summary(run);
    scan("console", console_out.str());
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(credentials_masked_without_a_secret_list) {
    // Without a redactor, Authorization values, PASS arguments and URL passwords still go.
    std::string json = render_json(sample_run(), writer_options{});
    BOOST_TEST(json.find(secret_basic) == std::string::npos);
    BOOST_TEST(json.find("PASS " + secret) == std::string::npos);
    BOOST_TEST(json.find("alice:" + secret + "@") == std::string::npos);
    BOOST_TEST(json.find("ftp://alice:***@127.0.0.1") != std::string::npos);
}
