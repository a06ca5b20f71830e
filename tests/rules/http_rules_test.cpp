// Every HTTP rule fails on a crafted reply that breaks it and passes on one that keeps it.
// Replies are parsed from raw bytes (protocol/wire) so the rules see what a client would record;
// a few records are built directly where the bytes cannot say it (interim bodies, HTTP/2).
#include "protocol/rules/rules.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "protocol/wire/http_request.hpp"
#include "protocol/wire/http_response_parser.hpp"

using namespace replycheck::protocol;

namespace {

#define DATE "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"

const std::string get_request = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string ok_200 = "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Type: text/plain\r\n"
                           "Content-Length: 11\r\n\r\nhello world";

http_exchange make_exchange(const std::string& request, const std::string& response) {
    http_exchange ex;
    ex.sent_raw = request;
    ex.request = parse_http_request(request);
    http_response_parser parser(ex.request.method);
    parser.feed(response);
    parser.finish();
    ex.response = parser.take();
    return ex;
}

std::set<std::string> ids(const std::vector<finding>& findings) {
    std::set<std::string> out;
    for (const auto& f : findings) out.insert(f.rule_id);
    return out;
}

std::string show(const std::vector<finding>& findings) {
    std::string out;
    for (const auto& f : findings) out += f.rule_id + " (" + f.message + "); ";
    return out.empty() ? "none" : out;
}

struct http_case {
    std::string rule;
    std::string bad_request, bad_response;
    std::string good_request, good_response;
};

std::string range_req(const std::string& range) {
    return "GET /a HTTP/1.1\r\nHost: x\r\nRange: " + range + "\r\n\r\n";
}

std::string with_length(std::string head, const std::string& body) {
    return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string multipart(const std::string& extra_head, const std::string& type, const std::string& body) {
    return with_length("HTTP/1.1 206 Partial Content\r\n" DATE + extra_head + "Content-Type: " + type + "\r\n", body);
}

const std::string multipart_ok = with_length(
    "HTTP/1.1 206 Partial Content\r\n" DATE "Content-Type: multipart/byteranges; boundary=XyZ\r\n",
    "--XyZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/11\r\n\r\nhe\r\n"
    "--XyZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 4-5/11\r\n\r\no \r\n--XyZ--\r\n");

const std::string parts_ok =
    "--XyZ\r\nContent-Range: bytes 0-1/11\r\n\r\nhe\r\n--XyZ\r\nContent-Range: bytes 4-5/11\r\n\r\no \r\n--XyZ--\r\n";

std::vector<http_case> cases() {
    const std::string inm = "GET /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n";
    const std::string not_modified = "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\n\r\n";
    const std::string del = "DELETE /a HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string head = "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string http10 = "GET /a HTTP/1.0\r\n\r\n";
    const std::string chunked_ok = "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   "5\r\nhello\r\n0\r\n\r\n";
    const std::string cl_ok = "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 5\r\n\r\nhello";
    const std::string one_range = range_req("bytes=0-4");
    const std::string two_ranges = range_req("bytes=0-1,4-5");
    const std::string partial_ok = "HTTP/1.1 206 Partial Content\r\n" DATE
                                   "Content-Range: bytes 0-4/11\r\nContent-Length: 5\r\n\r\nhello";
    return {
        {"http.status-line.syntax", get_request, "HTTP/1.1 200\r\n" DATE "ETag: \"v\"\r\nContent-Length: 0\r\n\r\n",
         get_request, ok_200},
        {"http.status.range", get_request, "HTTP/1.1 600 Odd\r\n" DATE "Content-Length: 0\r\n\r\n", get_request,
         ok_200},
        {"http.framing.valid", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
         get_request, chunked_ok},
        {"http.head.no-body", head, cl_ok, head,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 5\r\n\r\n"},
        {"http.204.no-body", del, "HTTP/1.1 204 No Content\r\n" DATE "\r\nhello", del,
         "HTTP/1.1 204 No Content\r\n" DATE "\r\n"},
        {"http.205.no-body", del, "HTTP/1.1 205 Reset Content\r\n" DATE "Content-Length: 5\r\n\r\nhello", del,
         "HTTP/1.1 205 Reset Content\r\n" DATE "Content-Length: 0\r\n\r\n"},
        {"http.304.no-body", inm, not_modified + "hello", inm, not_modified},
        {"http.content-length.syntax", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
         get_request, "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 5, 5\r\n\r\nhello"},
        {"http.content-length.matches", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 10\r\n\r\nhello", get_request, cl_ok},
        {"http.content-length.with-transfer-encoding", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n",
         get_request, chunked_ok},
        {"http.content-length.forbidden", del, "HTTP/1.1 204 No Content\r\n" DATE "Content-Length: 0\r\n\r\n", del,
         "HTTP/1.1 204 No Content\r\n" DATE "\r\n"},
        {"http.transfer-encoding.forbidden", del,
         "HTTP/1.1 204 No Content\r\n" DATE "Transfer-Encoding: chunked\r\n\r\n", del,
         "HTTP/1.1 204 No Content\r\n" DATE "\r\n"},
        {"http.transfer-encoding.http10", http10, chunked_ok, http10, cl_ok},
        {"http.1xx.http10", http10, "HTTP/1.1 100 Continue\r\n\r\n" + cl_ok, http10, cl_ok},
        {"http.101.upgrade", "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
         "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n",
         "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
         "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n"},
        {"http.date.present", get_request, "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: 5\r\n\r\nhello",
         get_request, cl_ok},
        {"http.date.syntax", get_request,
         "HTTP/1.1 200 OK\r\nDate: Sunday, 06-Nov-94 08:49:37 GMT\r\nETag: \"v1\"\r\nContent-Length: 0\r\n\r\n",
         get_request, cl_ok},
        {"http.last-modified.syntax", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "Last-Modified: 2024-01-01 10:00\r\nContent-Length: 0\r\n\r\n", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "Last-Modified: Mon, 01 Jan 2024 10:00:00 GMT\r\nContent-Length: 0\r\n\r\n"},
        {"http.etag.syntax", get_request, "HTTP/1.1 200 OK\r\n" DATE "ETag: v1\r\nContent-Length: 0\r\n\r\n",
         get_request, "HTTP/1.1 200 OK\r\n" DATE "ETag: W/\"v1\"\r\nContent-Length: 0\r\n\r\n"},
        {"http.200.validators", get_request, "HTTP/1.1 200 OK\r\n" DATE "Content-Length: 0\r\n\r\n", get_request,
         cl_ok},
        {"http.206.without-range", get_request, partial_ok, one_range, partial_ok},
        {"http.206.content-range", one_range,
         "HTTP/1.1 206 Partial Content\r\n" DATE "Content-Length: 5\r\n\r\nhello", one_range, partial_ok},
        {"http.206.content-range-valid", one_range,
         "HTTP/1.1 206 Partial Content\r\n" DATE "Content-Range: bytes 4-0/11\r\nContent-Length: 5\r\n\r\nhello",
         one_range, partial_ok},
        {"http.206.content-range-body", one_range,
         "HTTP/1.1 206 Partial Content\r\n" DATE "Content-Range: bytes 0-9/11\r\nContent-Length: 5\r\n\r\nhello",
         one_range, partial_ok},
        {"http.206.multipart-boundary", two_ranges, multipart("", "multipart/byteranges", parts_ok), two_ranges,
         multipart("", "multipart/byteranges; boundary=XyZ", parts_ok)},
        {"http.206.multipart-parts", two_ranges,
         multipart("", "multipart/byteranges; boundary=XyZ",
                   "--XyZ\r\n\r\nhe\r\n--XyZ\r\nContent-Range: bytes 4-5/11\r\n\r\no \r\n--XyZ--\r\n"),
         two_ranges, multipart_ok},
        {"http.206.multipart-top-content-range", two_ranges,
         multipart("Content-Range: bytes 0-5/11\r\n", "multipart/byteranges; boundary=\"XyZ\"", parts_ok),
         two_ranges, multipart("", "multipart/byteranges; boundary=\"XyZ\"", parts_ok)},
        {"http.206.multipart-single-range", range_req("bytes=0-1"),
         multipart("", "multipart/byteranges; boundary=XyZ", "--XyZ\r\nContent-Range: bytes 0-1/11\r\n\r\nhe\r\n--XyZ--\r\n"),
         two_ranges, multipart_ok},
        {"http.3xx.location", get_request, "HTTP/1.1 301 Moved Permanently\r\n" DATE "Content-Length: 0\r\n\r\n",
         get_request, "HTTP/1.1 301 Moved Permanently\r\n" DATE "Location: /b\r\nContent-Length: 0\r\n\r\n"},
        {"http.3xx.deprecated", get_request,
         "HTTP/1.1 305 Use Proxy\r\n" DATE "Location: http://proxy/\r\nContent-Length: 0\r\n\r\n", get_request,
         "HTTP/1.1 307 Temporary Redirect\r\n" DATE "Location: /b\r\nContent-Length: 0\r\n\r\n"},
        {"http.304.method", "POST /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\nContent-Length: 0\r\n\r\n",
         not_modified, inm, not_modified},
        {"http.304.without-condition", get_request, not_modified,
         "GET /a HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n", not_modified},
        {"http.304.representation-metadata", inm,
         "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\nContent-Type: text/html\r\n\r\n", inm, not_modified},
        {"http.401.www-authenticate", get_request, "HTTP/1.1 401 Unauthorized\r\n" DATE "Content-Length: 0\r\n\r\n",
         get_request,
         "HTTP/1.1 401 Unauthorized\r\n" DATE "WWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n"},
        {"http.405.allow", del, "HTTP/1.1 405 Not Allowed\r\n" DATE "Content-Length: 0\r\n\r\n", del,
         "HTTP/1.1 405 Method Not Allowed\r\n" DATE "Allow: GET, HEAD\r\nContent-Length: 0\r\n\r\n"},
        {"http.405.method-in-allow", del,
         "HTTP/1.1 405 Method Not Allowed\r\n" DATE "Allow: GET, HEAD, DELETE\r\nContent-Length: 0\r\n\r\n", del,
         "HTTP/1.1 405 Method Not Allowed\r\n" DATE "Allow: GET, HEAD\r\nContent-Length: 0\r\n\r\n"},
        {"http.407.proxy-authenticate", get_request,
         "HTTP/1.1 407 Proxy Authentication Required\r\n" DATE "Content-Length: 0\r\n\r\n", get_request,
         "HTTP/1.1 407 Proxy Authentication Required\r\n" DATE
         "Proxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n"},
        {"http.412.without-precondition", get_request,
         "HTTP/1.1 412 Precondition Failed\r\n" DATE "Content-Length: 0\r\n\r\n",
         "GET /a HTTP/1.1\r\nHost: x\r\nIf-Match: \"nope\"\r\n\r\n",
         "HTTP/1.1 412 Precondition Failed\r\n" DATE "Content-Length: 0\r\n\r\n"},
        {"http.416.content-range", range_req("bytes=100-"),
         "HTTP/1.1 416 Range Not Satisfiable\r\n" DATE "Content-Length: 0\r\n\r\n", range_req("bytes=100-"),
         "HTTP/1.1 416 Range Not Satisfiable\r\n" DATE "Content-Range: bytes */11\r\nContent-Length: 0\r\n\r\n"},
        {"http.416.without-range", get_request,
         "HTTP/1.1 416 Range Not Satisfiable\r\n" DATE "Content-Range: bytes */11\r\nContent-Length: 0\r\n\r\n",
         range_req("bytes=100-"),
         "HTTP/1.1 416 Range Not Satisfiable\r\n" DATE "Content-Range: bytes */11\r\nContent-Length: 0\r\n\r\n"},
        {"http.417.without-expect", get_request,
         "HTTP/1.1 417 Expectation Failed\r\n" DATE "Content-Length: 0\r\n\r\n",
         "GET /a HTTP/1.1\r\nHost: x\r\nExpect: marvels\r\n\r\n",
         "HTTP/1.1 417 Expectation Failed\r\n" DATE "Content-Length: 0\r\n\r\n"},
        {"http.426.upgrade", get_request, "HTTP/1.1 426 Upgrade Required\r\n" DATE "Content-Length: 0\r\n\r\n",
         get_request,
         "HTTP/1.1 426 Upgrade Required\r\n" DATE "Upgrade: h2c\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"},
        {"http.retry-after.syntax", get_request,
         "HTTP/1.1 503 Service Unavailable\r\n" DATE "Retry-After: soon\r\nContent-Length: 0\r\n\r\n", get_request,
         "HTTP/1.1 503 Service Unavailable\r\n" DATE
         "Retry-After: Fri, 31 Dec 1999 23:59:59 GMT\r\nContent-Length: 0\r\n\r\n"},
        {"http.request.missing-host", "GET / HTTP/1.1\r\n\r\n", cl_ok, "GET / HTTP/1.1\r\n\r\n",
         "HTTP/1.1 400 Bad Request\r\n" DATE "Content-Length: 0\r\n\r\n"},
        {"http.content-range.meaningless", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Range: bytes 0-4/5\r\nContent-Length: 5\r\n\r\nhello",
         get_request, cl_ok},
        {"http.location.meaningless", get_request,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nLocation: /b\r\nContent-Length: 5\r\n\r\nhello",
         "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
         "HTTP/1.1 201 Created\r\n" DATE "Location: /b\r\nContent-Length: 0\r\n\r\n"},
    };
}

// Cases for the rules that compare a reply with the 200 GET of the same resource.
struct pair_case {
    std::string rule;
    std::string request;
    std::string bad_response, good_response;
};

std::vector<pair_case> pair_cases() {
    const std::string full = "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Type: text/plain\r\n";
    const std::string inm = "GET /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n";
    const std::string head = "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n";
    return {
        {"http.304.cache-fields", inm, "HTTP/1.1 304 Not Modified\r\n" DATE "\r\n",
         "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\n\r\n"},
        {"http.304.content-length", inm, "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 0\r\n\r\n",
         "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 11\r\n\r\n"},
        {"http.head.content-length", head, full + "Content-Length: 12\r\n\r\n", full + "Content-Length: 11\r\n\r\n"},
        {"http.head.same-headers", head,
         "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v2\"\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n",
         full + "Content-Length: 11\r\n\r\n"},
        {"http.206.cache-fields", range_req("bytes=0-4"),
         "HTTP/1.1 206 Partial Content\r\n" DATE "Content-Range: bytes 0-4/11\r\nContent-Length: 5\r\n\r\nhello",
         "HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"v1\"\r\nContent-Range: bytes 0-4/11\r\nContent-Length: 5\r\n\r\nhello"},
        {"http.206.bytes", range_req("bytes=6-10"),
         "HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"v1\"\r\nContent-Range: bytes 6-10/11\r\nContent-Length: 5\r\n\r\nhello",
         "HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"v1\"\r\nContent-Range: bytes 6-10/11\r\nContent-Length: 5\r\n\r\nworld"},
    };
}

bool has(const std::vector<finding>& findings, const std::string& id) { return ids(findings).contains(id); }

}  // namespace

BOOST_AUTO_TEST_CASE(every_http_rule_fails_and_passes_on_crafted_replies) {
    for (const auto& c : cases()) {
        BOOST_TEST_CONTEXT("rule " << c.rule) {
            const auto bad = check_http(make_exchange(c.bad_request, c.bad_response), {});
            BOOST_TEST(has(bad, c.rule), "bad reply not caught; findings: " << show(bad));
            const auto good = check_http(make_exchange(c.good_request, c.good_response), {});
            BOOST_TEST(!has(good, c.rule), "good reply flagged: " << show(good));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_comparison_rule_fails_and_passes) {
    const auto full = make_exchange(get_request, ok_200);
    for (const auto& c : pair_cases()) {
        BOOST_TEST_CONTEXT("rule " << c.rule) {
            const auto bad = check_http_against_full(make_exchange(c.request, c.bad_response), full, {});
            BOOST_TEST(has(bad, c.rule), "bad reply not caught; findings: " << show(bad));
            const auto good = check_http_against_full(make_exchange(c.request, c.good_response), full, {});
            BOOST_TEST(good.empty(), "good reply flagged: " << show(good));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_http_rule_has_a_case) {
    std::set<std::string> covered;
    for (const auto& c : cases()) covered.insert(c.rule);
    for (const auto& c : pair_cases()) covered.insert(c.rule);
    covered.insert("http.1xx.no-body");  // built directly below: an interim body cannot come from bytes
    covered.insert("http.h2.connection-specific-field");  // HTTP/2 replies: http2_rules_test.cpp
    for (const auto& rule : all_rules()) {
        if (rule.protocol != "http") continue;
        BOOST_TEST(covered.contains(std::string(rule.id)), "no test case for " << rule.id);
    }
    for (const auto& id : covered) BOOST_TEST(find_rule(id) != nullptr, id << " is not in the rule table");
}

BOOST_AUTO_TEST_CASE(interim_body_and_1xx_final) {
    auto ex = make_exchange(get_request, ok_200);
    http_response_record interim;
    interim.status = 103;
    interim.status_line = "HTTP/1.1 103 Early Hints";
    interim.body = "x";
    ex.response->interim.push_back(interim);
    BOOST_TEST(has(check_http(ex, {}), "http.1xx.no-body"));
    ex.response->interim.front().body.clear();
    BOOST_TEST(check_http(ex, {}).empty());
}

BOOST_AUTO_TEST_CASE(clean_replies_give_no_findings) {
    const std::string inm = "GET /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n";
    for (const auto& [request, response] : std::vector<std::pair<std::string, std::string>>{
             {get_request, ok_200},
             {"HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n",
              "HTTP/1.1 200 OK\r\n" DATE "ETag: \"v1\"\r\nContent-Length: 11\r\n\r\n"},
             {inm, "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\n\r\n"},
             {range_req("bytes=0-1,4-5"), multipart_ok},
             {"GET /missing HTTP/1.1\r\nHost: x\r\n\r\n",
              "HTTP/1.1 404 Not Found\r\n" DATE "Content-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found"},
             {"GET / HTTP/3.1\r\nHost: x\r\n\r\n",
              "HTTP/1.1 505 HTTP Version Not Supported\r\n" DATE "Connection: close\r\n\r\nbye"},
         }) {
        const auto findings = check_http(make_exchange(request, response), {});
        BOOST_TEST(findings.empty(), request.substr(0, request.find('\r')) << ": " << show(findings));
    }
}

BOOST_AUTO_TEST_CASE(findings_carry_level_and_section) {
    const auto findings = check_http(
        make_exchange("DELETE /a HTTP/1.1\r\nHost: x\r\n\r\n",
                 "HTTP/1.1 405 Not Allowed\r\nServer: nginx/1.22.1\r\n" DATE "Content-Type: text/html\r\n"
                 "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n"),
        {});
    BOOST_REQUIRE_EQUAL(findings.size(), 1u);
    BOOST_TEST(findings[0].rule_id == "http.405.allow");
    BOOST_TEST(findings[0].section == "RFC 9110 §15.5.6");
    BOOST_TEST((findings[0].level == rule_level::must));
    BOOST_TEST(is_failure(findings[0], false));
}

BOOST_AUTO_TEST_CASE(allowed_rules_are_dropped) {
    const auto ex = make_exchange("DELETE /a HTTP/1.1\r\nHost: x\r\n\r\n",
                             "HTTP/1.1 405 Not Allowed\r\n" DATE "Content-Length: 0\r\n\r\n");
    BOOST_TEST(check_http(ex, {false, {"http.405.allow"}}).empty());
    BOOST_TEST(check_http(ex, {false, {"http.405.*"}}).empty());
    BOOST_TEST(check_http(ex, {false, {"http.40.*"}}).size() == 1u);
    BOOST_TEST(check_http(ex, {false, {"http.404.allow"}}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(records_built_directly) {
    http_exchange ex;
    ex.request.method = "GET";
    ex.request.target = "/";
    http_response_record r;
    r.version = "HTTP/2";
    r.status = 200;
    r.status_line = "HTTP/2 200";  // libcurl's view of an HTTP/2 reply: no status-line rule
    r.headers = {{"date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"etag", "\"a\""}, {"content-length", "3"}};
    r.body = "abc";
    r.body_length = 3;
    ex.response = r;
    BOOST_TEST(check_http(ex, {}).empty(), show(check_http(ex, {})));
    // A body longer than the client kept: body_length counts what came.
    ex.response->body_length = 4;
    BOOST_TEST(has(check_http(ex, {}), "http.content-length.matches"));
    // No response: a transport fault, not a rule.
    ex.response.reset();
    ex.set_transport_error({transport_errc::timeout, "timeout after 3s"});
    BOOST_TEST(check_http(ex, {}).empty());
}

BOOST_AUTO_TEST_CASE(a_reply_without_status_line) {
    // What Python's http.server sends to "GET / HTTP/3.1": an error page with no status line.
    const auto findings = check_http(make_exchange("GET / HTTP/3.1\r\nHost: x\r\n\r\n", "<!DOCTYPE HTML>\n<html>505</html>\n"), {});
    BOOST_TEST(has(findings, "http.status-line.syntax"), show(findings));
    BOOST_TEST(!has(findings, "http.status.range"));
}

BOOST_AUTO_TEST_CASE(a_pipelined_next_response_is_not_content) {
    const std::string inm = "GET /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n";
    const std::string not_modified = "HTTP/1.1 304 Not Modified\r\n" DATE "ETag: \"v1\"\r\n\r\n";
    BOOST_TEST(check_http(make_exchange(inm, not_modified + ok_200), {}).empty());
    BOOST_TEST(has(check_http(make_exchange(inm, not_modified + "<html>"), {}), "http.304.no-body"));
    const auto two = check_http(make_exchange(get_request, ok_200 + ok_200), {});
    BOOST_TEST(two.empty(), show(two));
}

BOOST_AUTO_TEST_CASE(retry_after_seconds_and_bad_dates) {
    const auto ok = check_http(make_exchange(get_request, "HTTP/1.1 429 Too Many Requests\r\n" DATE
                                                     "Retry-After: 120\r\nContent-Length: 0\r\n\r\n"),
                               {});
    BOOST_TEST(!has(ok, "http.retry-after.syntax"));
    // The day name must agree with the date: 06 Nov 1994 was a Sunday.
    const auto bad = check_http(
        make_exchange(get_request,
                 "HTTP/1.1 200 OK\r\nDate: Mon, 06 Nov 1994 08:49:37 GMT\r\nETag: \"a\"\r\nContent-Length: 0\r\n\r\n"),
        {});
    BOOST_TEST(has(bad, "http.date.syntax"));
}

BOOST_AUTO_TEST_CASE(dates_and_content_ranges_are_read_by_the_wire_parsers) {
    auto findings_for = [](const std::string& request, const std::string& response) {
        return check_http(make_exchange(request, response), {});
    };
    // Obsolete date forms parse, but senders must generate IMF-fixdate (RFC 9110 §5.6.7).
    const auto obsolete = findings_for(get_request, "HTTP/1.1 200 OK\r\nDate: Sunday, 06-Nov-94 08:49:37 GMT\r\n"
                                                    "Last-Modified: Sun Nov  6 08:49:37 1994\r\nETag: \"a\"\r\n"
                                                    "Content-Length: 0\r\n\r\n");
    BOOST_TEST(has(obsolete, "http.date.syntax"), show(obsolete));
    BOOST_TEST(has(obsolete, "http.last-modified.syntax"), show(obsolete));
    // A range unit compares case-insensitively (RFC 9110 §14.1); other units are not bytes.
    const std::string head = "HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"a\"\r\nContent-Range: ";
    const auto upper_unit = findings_for(range_req("bytes=0-1"), with_length(head + "BYTES 0-1/10\r\n", "ab"));
    BOOST_TEST(!has(upper_unit, "http.206.content-range-valid"), show(upper_unit));
    const auto other_unit = findings_for(range_req("bytes=0-1"), with_length(head + "bytez 0-1/10\r\n", "ab"));
    BOOST_TEST(has(other_unit, "http.206.content-range-valid"), show(other_unit));
    // Each part of a multipart/byteranges body has its own header section (RFC 9110 §14.6).
    const std::string body = "\r\n--XY\r\nContent-Type: text/plain\r\nContent-Range:  bytes 0-1/10 \r\n\r\nab"
                             "\r\n--XY\r\nContent-Range: bytes 5-7/10\r\n\r\nfgh\r\n--XY--\r\n";
    const auto multipart = findings_for(
        range_req("bytes=0-1,5-7"),
        with_length("HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"a\"\r\n"
                    "Content-Type: multipart/byteranges; boundary=XY\r\n",
                    body));
    BOOST_TEST(!has(multipart, "http.206.multipart-parts"), show(multipart));
    BOOST_TEST(!has(multipart, "http.206.multipart-boundary"), show(multipart));
    std::string short_part = body;
    short_part.replace(short_part.find("fgh"), 3, "fg");
    const auto wrong = findings_for(
        range_req("bytes=0-1,5-7"),
        with_length("HTTP/1.1 206 Partial Content\r\n" DATE "ETag: \"a\"\r\n"
                    "Content-Type: multipart/byteranges; boundary=XY\r\n",
                    short_part));
    BOOST_TEST(has(wrong, "http.206.multipart-parts"), show(wrong));
}

namespace {

// What a client records when its own timeout ends the read: the bytes so far, not finished.
http_exchange cut_by_timeout(const std::string& request, const std::string& partial) {
    http_exchange ex;
    ex.sent_raw = request;
    ex.received_raw = partial;
    ex.request = parse_http_request(request);
    http_response_parser parser(ex.request.method);
    parser.feed(partial);
    const bool done = parser.done();
    ex.response = parser.take();
    if (!done) ex.response->body_complete = false;
    ex.set_transport_error({transport_errc::timeout, "timeout after 2000ms while reading the header section"});
    return ex;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_reply_cut_by_our_timeout_is_not_judged_as_complete) {
    // The status line came, the header section never ended: no "200 without Date".
    const auto head_cut = cut_by_timeout(get_request, "HTTP/1.1 200 OK\r\n");
    BOOST_TEST(response_cut_short(head_cut));
    BOOST_TEST(check_http(head_cut, {}).empty(), show(check_http(head_cut, {})));
    // A status line dripped in and cut halfway: no "no status line".
    const auto line_cut = cut_by_timeout(get_request, "HTTP/1.1 2");
    BOOST_TEST(check_http(line_cut, {}).empty(), show(check_http(line_cut, {})));
    // A body cut short by the timeout: the connection did not end, the length may still be right.
    const auto body_cut = cut_by_timeout(get_request, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart");
    BOOST_TEST(check_http(body_cut, {}).empty(), show(check_http(body_cut, {})));
    const auto full = make_exchange(get_request, ok_200);
    const auto not_modified = cut_by_timeout("GET /a HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"v1\"\r\n\r\n",
                                             "HTTP/1.1 304 Not Modified\r\n");
    BOOST_TEST(check_http_against_full(not_modified, full, {}).empty());
    // What the received bytes prove is still reported: a malformed status line, a bare LF.
    const auto bad_line = cut_by_timeout(get_request, "HTTP/1.1 200\r\nDate: x");
    BOOST_TEST(has(check_http(bad_line, {}), "http.status-line.syntax"), show(check_http(bad_line, {})));
    BOOST_TEST(!has(check_http(bad_line, {}), "http.date.present"));
    const auto bare_lf = cut_by_timeout(get_request, "HTTP/1.1 200 OK\nServer: x\n");
    BOOST_TEST(ids(check_http(bare_lf, {})) == std::set<std::string>{"http.framing.valid"},
               show(check_http(bare_lf, {})));
    // Garbage received in full before the timeout is still not a status line.
    const auto garbage = cut_by_timeout(get_request, "garbage\r\nmore");
    BOOST_TEST(ids(check_http(garbage, {})) == std::set<std::string>{"http.status-line.syntax"});
    // A complete reply with a transport error afterwards is judged as usual.
    auto complete = make_exchange(get_request, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    complete.set_transport_error({transport_errc::timeout, "timeout after 2000ms"});
    BOOST_TEST(!response_cut_short(complete));
    BOOST_TEST(has(check_http(complete, {}), "http.date.present"));
}

BOOST_AUTO_TEST_CASE(a_garbage_reply_is_one_finding) {
    // No status line: nothing about content, fields or framing follows from the bytes.
    const std::string garbage = "\x01\x02 not http at all\nline two\n<html>775 bytes of noise</html>\n";
    for (const auto* request : {"HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
                                "GET /a HTTP/1.1\r\n\r\n"}) {
        const auto findings = check_http(make_exchange(request, garbage), {});
        BOOST_TEST(ids(findings) == std::set<std::string>{"http.status-line.syntax"}, request << ": " << show(findings));
        BOOST_TEST(findings.size() == 1u);
    }
    // "HTTP/1.1 abc": an HTTP version but no status code.
    const auto no_code = check_http(make_exchange(get_request, "HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n"), {});
    BOOST_TEST(ids(no_code) == std::set<std::string>{"http.status-line.syntax"}, show(no_code));
}
