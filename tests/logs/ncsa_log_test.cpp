// NCSA access logs: nginx combined (\x22 escapes, a trailing request time, a 400's garbage
// request, offsets converted to UTC), Apache common ("-" bytes).

#include <boost/test/unit_test.hpp>

#include <chrono>

#include "logs/log_test_support.hpp"
#include "protocol/logs/ncsa_log.hpp"

namespace l = replycheck::logs;
using logs_test::fixture;
using logs_test::read_all;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(nginx_combined) {
    auto r = read_all(fixture("nginx_combined.log"));
    BOOST_TEST((r.format == l::log_format::ncsa));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 6u);
    const auto& a = r.records[0];
    BOOST_TEST(a.client == "198.51.100.3");
    BOOST_TEST(a.method == "GET");
    BOOST_TEST(a.target == "/img/a.png");
    BOOST_TEST(a.version == "HTTP/1.1");
    BOOST_TEST(a.status == 304);
    BOOST_TEST(a.bytes.value() == 0u);
    BOOST_TEST(a.referer == "https://example.org/");
    BOOST_TEST(a.user_agent == "Mozilla/5.0");
    BOOST_TEST(!a.substatus.has_value());
    BOOST_TEST((a.time == sys_days{2026y / 1 / 5} + 10h + 14min + 7s));

    const auto& b = r.records[1];
    BOOST_TEST(b.user == "ana");
    BOOST_TEST(b.target == "/search?q=\"quoted\"");
    BOOST_TEST(b.referer.empty());
    BOOST_TEST((b.time == sys_days{2026y / 1 / 5} + 10h + 14min + 8s));   // +0200 to UTC

    // A 400 whose request line is not one: no method, the logged text as target.
    BOOST_TEST(r.records[2].method.empty());
    BOOST_TEST(r.records[2].target == R"(\x16\x03\x01\x00\xA5\x01)");
    BOOST_TEST(r.records[2].status == 400);
    BOOST_TEST(r.records[3].method.empty());
    BOOST_TEST(r.records[3].target.empty());

    const auto& probe = r.records[4];
    BOOST_TEST(probe.client == "2001:db8::1");
    BOOST_TEST(probe.method == "HEAD");
    BOOST_TEST(probe.version == "HTTP/2.0");
    BOOST_TEST(probe.user_agent == "kube-probe/1.29");
    BOOST_TEST((probe.time == sys_days{2026y / 1 / 5} + 10h + 14min + 11s));   // -0500 to UTC
    BOOST_TEST(r.records[5].user_agent == "Wget/1.21 \"beta\"");
    BOOST_TEST(r.records[5].bytes.value() == 1048576u);
}

BOOST_AUTO_TEST_CASE(apache_common) {
    auto r = read_all(fixture("apache_common.log"));
    BOOST_TEST((r.format == l::log_format::ncsa));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 5u);
    BOOST_TEST(r.records[1].user == "frank");
    BOOST_TEST(r.records[1].status == 401);
    BOOST_TEST(r.records[2].bytes.value() == 0u);   // "-"
    BOOST_TEST(r.records[3].target == "*");
    BOOST_TEST(r.records[4].target == "/say?\"hi\"");
    BOOST_TEST(r.records[4].user_agent.empty());
    BOOST_TEST((r.records[0].time == sys_days{2026y / 1 / 5} + 9h + 20min));
}

BOOST_AUTO_TEST_CASE(apache_vhost_combined) {
    l::ncsa_parser p;
    l::log_entry e;
    std::string why;
    BOOST_TEST((p.feed(R"(www.example.org:443 192.0.2.7 - - [05/Jan/2026:10:20:00 +0000] "GET /a HTTP/1.1" 404 12 "-" "curl/8")",
                       1, e, why) == l::line_result::entry));
    BOOST_TEST(e.host == "www.example.org");
    BOOST_TEST(e.client == "192.0.2.7");
    BOOST_TEST(e.status == 404);
    BOOST_TEST(e.user_agent == "curl/8");
}

BOOST_AUTO_TEST_CASE(request_line_shapes) {
    l::log_entry e;
    l::split_request_line("GET /a b HTTP/1.1", e);
    BOOST_TEST(e.target == "/a b");
    e = {};
    l::split_request_line("GET /old", e);   // HTTP/0.9
    BOOST_TEST(e.method == "GET");
    BOOST_TEST(e.target == "/old");
    BOOST_TEST(e.version.empty());
    e = {};
    l::split_request_line("hello there friend", e);
    BOOST_TEST(e.method.empty());
    BOOST_TEST(e.target == "hello there friend");
}

BOOST_AUTO_TEST_CASE(malformed_ncsa_lines_never_stop_reading) {
    auto r = read_all(fixture("malformed_ncsa.log"));
    BOOST_REQUIRE_EQUAL(r.records.size(), 2u);
    BOOST_TEST(r.records[0].target == "/ok");
    BOOST_TEST(r.records[1].target == "/last");
    BOOST_TEST(r.records[1].line == 13u);
    BOOST_TEST(r.stats.lines == 13u);
    BOOST_TEST(r.stats.malformed == 10u);   // the blank line is not malformed
    const auto& m = r.stats.first_malformed;
    BOOST_REQUIRE_EQUAL(m.size(), 10u);
    BOOST_TEST(m[0].ends_with("malformed_ncsa.log:2: status 'abc' is not a number"));
    BOOST_TEST(m[1].ends_with(":3: no closing quote in the request"));
    BOOST_TEST(m[2].find(":4: date '32/Foo/2026:10:14:10 +0000'") != std::string::npos);
    BOOST_TEST(m[3].find(":5: expected `host ident user [date]") != std::string::npos);
    BOOST_TEST(m[4].ends_with(":6: byte count 'ten' is not a number"));
    BOOST_TEST(m[5].ends_with(":7: no status after the request"));
    BOOST_TEST(m[6].find(":9: ") != std::string::npos);
    BOOST_TEST(m[7].ends_with(":10: no closing ']' after the date"));
    BOOST_TEST(m[8].ends_with(":11: status '1000' is out of range"));
    BOOST_TEST(m[9].ends_with(":12: byte count '99999999999999999999999' is out of range"));
}
