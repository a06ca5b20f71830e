#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <random>

#include "reports/sample_run.hpp"

namespace fs = std::filesystem;
using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

// The Jenkins xUnit schema: REPLYCHECK_JUNIT_XSD, else the shared schema beside the repository.
std::string xsd_path() {
    if (const char* v = std::getenv("REPLYCHECK_JUNIT_XSD"); v && *v && fs::exists(v)) return v;
    if (!source_dir().empty()) {
        fs::path p = fs::path(source_dir()) / ".." / "shared" / "schemas" / "junit-10.xsd";
        if (fs::exists(p)) return p.string();
    }
    return "";
}

bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

fs::path temp_dir() {
    fs::path dir = fs::temp_directory_path() / ("replycheck-junit-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

// Runs xmllint on `files`: against the schema when there is one, else for well-formedness.
int xmllint(const std::vector<fs::path>& files, std::string& how) {
    std::string xsd = xsd_path();
    std::string command = "xmllint --noout";
    if (!xsd.empty()) {
        command += " --schema '" + xsd + "'";
        how = "schema " + xsd;
    } else {
        how = "well-formedness only (no junit-10.xsd: set REPLYCHECK_JUNIT_XSD)";
    }
    for (const auto& f : files) command += " '" + f.string() + "'";
    command += " 2>&1 | grep -v ' validates$' | head -20";
    // grep prints failures; the exit status comes from a second, quiet run.
    std::system(command.c_str());
    std::string quiet = command.substr(0, command.find(" 2>&1")) + " >/dev/null 2>&1";
    return std::system(quiet.c_str());
}

}  // namespace

BOOST_AUTO_TEST_CASE(golden_file) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string xml = mask_volatile(render_junit(sample_run(), options));
    std::string diff = compare_golden("sample.junit.xml", xml);
    BOOST_TEST(diff.empty(), diff);
}

BOOST_AUTO_TEST_CASE(structure_and_messages) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string xml = render_junit(sample_run(), options);
    BOOST_TEST(xml.find("<testsuites name=\"replycheck run\" tests=\"9\" failures=\"4\" errors=\"1\"") != std::string::npos);
    BOOST_TEST(xml.find("classname=\"scenarios.http.conditional\" name=\"Stale ETag gives 200\"") != std::string::npos);
    BOOST_TEST(xml.find("<failure type=\"expectation\" message=\"step 2: expected status 304, got 200\">") !=
               std::string::npos);
    BOOST_TEST(xml.find("<failure type=\"conformance\" message=\"step 1: http.304.no-body: a 304 response carried 12 "
                        "bytes of body\">") != std::string::npos);
    BOOST_TEST(xml.find("MUST http.304.no-body (RFC 9110 \u00a715.4.5)") != std::string::npos);
    BOOST_TEST(xml.find("<error type=\"transport\" message=\"step 1: connection refused") != std::string::npos);
    BOOST_TEST(xml.find("<skipped message=\"tag &apos;ipv6&apos; not selected\"/>") != std::string::npos);
    // SHOULD findings: a property of the suite and a warning in system-out, not a failure.
    BOOST_TEST(xml.find("<property name=\"SHOULD: http.304.date\"") != std::string::npos);
    BOOST_TEST(xml.find("SHOULD http.304.date (RFC 9110 \u00a76.6.1): 304 without a Date header field") !=
               std::string::npos);
    // Hostile bytes: no raw markup, no CDATA end, no control characters.
    BOOST_TEST(xml.find("<script>") == std::string::npos);
    BOOST_TEST(xml.find("]]>") == std::string::npos);
    BOOST_TEST(xml.find("&lt;script&gt;") != std::string::npos);
    BOOST_TEST(xml.find("\\x1b[31m") != std::string::npos);
    BOOST_TEST(xml.find("\\xff\\xfe") != std::string::npos);
    for (unsigned char c : xml) {
        BOOST_TEST_REQUIRE((c >= 0x20 || c == '\n' || c == '\t'), "control character " << int(c) << " in XML");
    }
}

BOOST_AUTO_TEST_CASE(strict_makes_should_a_failure_in_text) {
    auto run = sample_run();
    run.strict = true;
    std::string xml = render_junit(run, writer_options{});
    // Under strict the SHOULD finding is part of the failure text, and no longer a warning property.
    BOOST_TEST(xml.find("<property name=\"SHOULD: http.date.missing\"") == std::string::npos);
    BOOST_TEST(xml.find("SHOULD http.date.missing (RFC 9110 \u00a76.6.1): no Date header field\n") != std::string::npos);
    BOOST_TEST(xml.find("name=\"replycheck.strict\" value=\"true\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(transcript_capped_per_test_case) {
    auto run = sample_run();
    run.suites[0].scenarios[0].steps[0].transcript = std::string(200000, 'a');
    writer_options options;
    options.transcript_cap = 1000;
    std::string xml = render_junit(run, options);
    BOOST_TEST(xml.find(std::string(1001, 'a')) == std::string::npos);
    BOOST_TEST(xml.find("more bytes not shown]") != std::string::npos);
}

namespace {

// A smoke run as `smoke` builds it: the suite is named after the target URL.
run_result smoke_run() {
    run_result run;
    run.command = "smoke";
    suite_result suite;
    suite.name = "smoke http://127.0.0.1:28481/index.html";
    suite.file = suite.name;
    suite.seconds = 0.0021234;
    scenario_result s;
    s.name = "GET gives 200";
    s.file = suite.name;
    s.seconds = 0.000123;
    suite.scenarios.push_back(s);
    run.suites.push_back(suite);
    run.seconds = 0.0031;
    return run;
}

}  // namespace

BOOST_AUTO_TEST_CASE(smoke_classnames_and_microsecond_times) {
    std::string xml = render_junit(smoke_run(), writer_options{});
    BOOST_TEST(xml.find("<testcase classname=\"smoke.127.0.0.1:28481.index_html\" name=\"GET gives 200\" "
                        "time=\"0.000123\">") != std::string::npos, xml);
    BOOST_TEST(xml.find("time=\"0.002123\"") != std::string::npos);
    BOOST_TEST(xml.find("http:.") == std::string::npos);
    // Scenario files keep their dotted path.
    BOOST_TEST(render_junit(sample_run(), writer_options{}).find("classname=\"scenarios.ftp.login\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(valid_against_junit_xsd) {
    if (!have_xmllint()) {
        BOOST_TEST_MESSAGE("xmllint not installed: XSD validation skipped");
        return;
    }
    fs::path dir = temp_dir();
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::vector<fs::path> files;
    files.push_back(dir / "sample.xml");
    write_junit(sample_run(), files.back(), options);
    files.push_back(dir / "smoke.xml");
    write_junit(smoke_run(), files.back(), options);
    files.push_back(dir / "empty.xml");
    write_junit(run_result{}, files.back(), options);
    // Random bytes in every text field: whatever a server sends, the document stays valid.
    std::mt19937 rng(20261124);
    auto noise = [&](std::size_t n) {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(rng() & 0xFF));
        return s;
    };
    for (int i = 0; i < 60; ++i) {
        auto run = sample_run();
        run.command = noise(8);
        run.hostname = noise(12);
        for (auto& suite : run.suites) {
            suite.name = noise(20);
            suite.file = noise(20);
            suite.timestamp = noise(10);
            for (auto& s : suite.scenarios) {
                s.name = noise(30);
                s.message = noise(40);
                s.file = noise(16);
                for (auto& st : s.steps) {
                    st.label = noise(20);
                    st.message = noise(30);
                    st.expected = noise(10);
                    st.actual = noise(10);
                    st.transcript = noise(300) + "]]>" + noise(10);
                    for (auto& f : st.findings) {
                        f.rule_id = noise(10);
                        f.section = noise(10);
                        f.message = noise(40);
                    }
                }
            }
        }
        files.push_back(dir / ("noise-" + std::to_string(i) + ".xml"));
        write_junit(run, files.back(), options);
    }
    std::string how;
    int status = xmllint(files, how);
    BOOST_TEST_MESSAGE("xmllint: " << how);
    BOOST_TEST(status == 0, "xmllint rejected a JUnit report (" << how << ")");
    fs::remove_all(dir);
}
