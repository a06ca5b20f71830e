#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>

#include "reports/sample_run.hpp"

using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(golden_file) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string html = mask_volatile(render_html(sample_run(), options));
    std::string diff = compare_golden("sample.html", html);
    BOOST_TEST(diff.empty(), diff);
}

BOOST_AUTO_TEST_CASE(self_contained_and_escaped) {
    std::string html = render_html(sample_run(), writer_options{});
    // One script (ours), no external resources of any kind.
    BOOST_TEST(occurrences(html, "<script") == 1u);
    BOOST_TEST(html.find(" src=") == std::string::npos);
    BOOST_TEST(html.find(" href=") == std::string::npos);
    BOOST_TEST(html.find("@import") == std::string::npos);
    BOOST_TEST(occurrences(html, "url(") == occurrences(html, "url(#"));  // only in-document references
    BOOST_TEST(html.find("default-src 'none'") != std::string::npos);
    // Server bytes are text: markup escaped, controls and invalid UTF-8 made visible.
    BOOST_TEST(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(html.find("\\x1b[31m") != std::string::npos);
    for (unsigned char c : html) BOOST_TEST_REQUIRE((c >= 0x20 || c == '\n' || c == '\r' || c == '\t'));
}

BOOST_AUTO_TEST_CASE(summary_charts_waterfall_and_filter) {
    std::string html = render_html(sample_run(), writer_options{});
    BOOST_TEST(html.find("<div class=\"card passed\" data-count=\"3\">") != std::string::npos);
    BOOST_TEST(html.find("<div class=\"card failed\" data-count=\"4\">") != std::string::npos);
    BOOST_TEST(html.find("<div class=\"card error\" data-count=\"1\">") != std::string::npos);
    BOOST_TEST(html.find("<div class=\"card skipped\" data-count=\"1\">") != std::string::npos);
    BOOST_TEST(html.find("id=\"chart-codes\"") != std::string::npos);
    BOOST_TEST(html.find("id=\"chart-suites\"") != std::string::npos);
    // The slowest exchanges, longest first: RETR readme.txt (150 ms) leads, ten at most.
    std::size_t slowest = html.find("id=\"chart-slowest\"");
    BOOST_TEST_REQUIRE(slowest != std::string::npos);
    std::string chart = html.substr(slowest, html.find("</svg>", slowest) - slowest);
    BOOST_TEST(chart.find("<title>RETR sends 150 then 226 / step 2: RETR readme.txt (150 ms)</title>") <
               chart.find("<title>wrong password gives 530 / step 2"));
    BOOST_TEST(occurrences(chart, "<rect ") == 10u);
    // HTTP and FTP classes both appear: the sample has both protocols.
    BOOST_TEST(html.find("data-class=\"3xx\"><title>3xx: 2 steps, 1 not passed</title>") != std::string::npos);
    BOOST_TEST(html.find("data-class=\"2yz\"><title>2yz: 3 steps, 0 not passed</title>") != std::string::npos);
    BOOST_TEST(html.find("data-class=\"no reply\"") != std::string::npos);
    BOOST_TEST(occurrences(html, "<svg class=\"waterfall\"") == 8u);  // every scenario with steps
    BOOST_TEST(occurrences(html, "<details class=\"scenario") == 9u);
    BOOST_TEST(html.find("id=\"only-failures\"") != std::string::npos);
    BOOST_TEST(html.find("id=\"report-ready\" data-ready=\"no\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_run_renders) {
    std::string html = render_html(run_result{}, writer_options{});
    BOOST_TEST(html.find("No suites were run.") != std::string::npos);
    BOOST_TEST(html.find("EMPTY") != std::string::npos);
}
