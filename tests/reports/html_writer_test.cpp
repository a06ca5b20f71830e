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
    // Links only within the page ("#failures", "#s3").
    BOOST_TEST(occurrences(html, " href=") == occurrences(html, " href=\"#"));
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
    // The failed and errors cards link to the failures list.
    BOOST_TEST(html.find("<a class=\"card failed\" data-count=\"4\" href=\"#failures\">") != std::string::npos);
    BOOST_TEST(html.find("<a class=\"card error\" data-count=\"1\" href=\"#failures\">") != std::string::npos);
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

BOOST_AUTO_TEST_CASE(failed_run_leads_with_its_failures) {
    std::string html = render_html(sample_run(), writer_options{});
    std::size_t list = html.find("<section id=\"failures\">");
    BOOST_TEST_REQUIRE(list != std::string::npos);
    // Before the charts and the scenarios, one entry per failed or errored scenario, linked.
    BOOST_TEST(list < html.find("<section class=\"charts\">"));
    BOOST_TEST(list < html.find("<details class=\"scenario"));
    BOOST_TEST(html.find("<h2>5 scenarios did not pass</h2>") != std::string::npos);
    std::string section = html.substr(list, html.find("</section>", list) - list);
    BOOST_TEST(occurrences(section, "<li><a href=\"#s") == 5u);
    // The first entry links to the first failing scenario's element.
    std::size_t first = section.find("href=\"#s");
    std::string id = section.substr(first + 7, section.find('"', first + 7) - first - 7);
    std::size_t details = html.find("id=\"" + id + "\"");
    BOOST_TEST_REQUIRE(details != std::string::npos);
    BOOST_TEST(html.rfind("<details class=\"scenario failed\"", details) == html.rfind("<details class=\"scenario", details));
    BOOST_TEST(html.find("<details class=\"scenario failed\"") == html.rfind("<details", details));

    // A run where everything passed has no failures list and no linked cards.
    run_result passed = sample_run();
    for (auto& suite : passed.suites) {
        for (auto& sc : suite.scenarios) {
            sc.result = outcome::passed;
            for (auto& st : sc.steps) st.result = outcome::passed;
        }
    }
    std::string ok = render_html(passed, writer_options{});
    BOOST_TEST(ok.find("id=\"failures\"") == std::string::npos);
    BOOST_TEST(ok.find("<a class=\"card") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(charts_scale_with_their_card) {
    std::string html = render_html(sample_run(), writer_options{});
    // Every chart and waterfall: a viewBox, 100% wide, no fixed height.
    BOOST_TEST(occurrences(html, "<svg ") == occurrences(html, "width=\"100%\" style=\"max-width:"));
    BOOST_TEST(html.find("<svg id=\"chart-codes\" role=\"img\" aria-label=\"Steps per reply code class\" viewBox=") !=
               std::string::npos);
    for (std::size_t at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) {
        std::string tag = html.substr(at, html.find('>', at) - at);
        BOOST_TEST(tag.find(" height=") == std::string::npos, tag);
    }
    // 5xx has its own colour, not the red used for failures.
    std::size_t bar = html.find("data-class=\"5xx\"");
    BOOST_TEST_REQUIRE(bar != std::string::npos);
    std::string five = html.substr(bar, html.find("</g>", bar) - bar);
    BOOST_TEST(five.find("#cf222e") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(slowest_chart_cuts_one_long_wait) {
    run_result run = sample_run();
    // One exchange that waited 30 s for the server to close a kept-alive connection.
    run.suites[0].scenarios[0].steps[0].seconds = 30.0;
    std::string html = render_html(run, writer_options{});
    std::size_t slowest = html.find("id=\"chart-slowest\"");
    std::string chart = html.substr(slowest, html.find("</svg>", slowest) - slowest);
    BOOST_TEST(occurrences(chart, "(bar cut)") == 1u);
    BOOST_TEST(chart.find("30000 ms (bar cut)") != std::string::npos);
    // The second bar keeps a third of the track instead of a sliver.
    std::size_t second = chart.find("<g>", chart.find("<g>") + 1);
    std::size_t w = chart.find("width=\"", chart.find("<rect", second)) + 7;
    BOOST_TEST(std::stoi(chart.substr(w)) >= 100);
    // Without an outlier nothing is cut.
    std::string plain = render_html(sample_run(), writer_options{});
    BOOST_TEST(plain.find("(bar cut)") == std::string::npos);
}
