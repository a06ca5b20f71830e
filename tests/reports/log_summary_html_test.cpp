// The `replycheck logs` HTML page: log text is hostile input and must come out as inert text;
// the page is self-contained; the chart's bucket follows the span.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include <boost/json/parse.hpp>

#include "reports/log_summary_html.hpp"
#include "reports/log_summary_json.hpp"

using namespace replycheck;

namespace {

logs::log_entry entry(int status, std::string_view target, long long seconds) {
    logs::log_entry e;
    e.status = status;
    e.target = target;
    e.method = "GET";
    e.time = std::chrono::sys_seconds{std::chrono::seconds{seconds}};
    return e;
}

logs::log_summary hostile_summary() {
    logs::log_summary s;
    s.add(entry(500, "/<script>alert(1)</script>", 1'700'000'000));
    s.add(entry(404, "/\"><img src=x onerror=alert(2)>", 1'700'000'060));
    s.add(entry(200, "/a&b'c", 1'700'003'600));
    s.add(entry(200, "/bad\xff\x01utf8", 1'700'003'660));
    logs::log_entry ftp;
    ftp.protocol = logs::log_protocol::ftp;
    ftp.method = "<B>";
    ftp.target = "</td><script>";
    ftp.status = 550;
    s.add(ftp);
    s.add_file({"<i>evil</i>.log", "ncsa", 6, 5, 1}, {"<i>evil</i>.log:6: <script>x</script>"});
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(log_text_is_escaped) {
    std::string page = reports::render_log_summary_html(hostile_summary(), 5);
    BOOST_TEST(page.find("<script") == std::string::npos);
    BOOST_TEST(page.find("<img") == std::string::npos);
    BOOST_TEST(page.find("<i>evil") == std::string::npos);
    BOOST_TEST(page.find("<B>") == std::string::npos);
    BOOST_TEST(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(page.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    BOOST_TEST(page.find("/a&amp;b&#39;c") != std::string::npos);
    BOOST_TEST(page.find("\xff") == std::string::npos);   // invalid UTF-8 repaired
    BOOST_TEST(page.find('\x01') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(page_is_self_contained) {
    std::string page = reports::render_log_summary_html(hostile_summary(), 5);
    BOOST_TEST(page.find("Content-Security-Policy") != std::string::npos);
    BOOST_TEST(page.find("default-src 'none'") != std::string::npos);
    BOOST_TEST(page.find("src=\"http") == std::string::npos);
    BOOST_TEST(page.find("href=") == std::string::npos);
    BOOST_TEST(page.find("<svg") != std::string::npos);
    BOOST_TEST(page.find("<rect") != std::string::npos);
    BOOST_TEST(page.find("one bar per minute") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_is_valid_and_clean) {
    std::string text = reports::render_log_summary_json(hostile_summary(), 5);
    auto doc = boost::json::parse(text);
    BOOST_TEST(doc.at("totals").at("entries").as_int64() == 5);
    BOOST_TEST(doc.at("codes").as_array().size() == 4u);
    BOOST_TEST(text.find('\xff') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(chart_bucket_follows_the_span) {
    BOOST_TEST(reports::chart_bucket_width(60, 3600, 120) == 60);
    BOOST_TEST(reports::chart_bucket_width(60, 3 * 3600, 120) == 300);
    BOOST_TEST(reports::chart_bucket_width(60, 86400, 120) == 900);
    BOOST_TEST(reports::chart_bucket_width(60, 5 * 86400, 120) == 3600);
    BOOST_TEST(reports::chart_bucket_width(60, 30 * 86400, 120) == 86400);
    BOOST_TEST(reports::chart_bucket_width(3600, 600, 120) == 3600);
    BOOST_TEST(reports::chart_bucket_width(60, 1000LL * 86400 * 365, 120) >= 1000LL * 86400 * 365 / 120);
}
