// The mock's decisions that need no socket: request head checks, target splitting, the reply
// to a GET/HEAD of a file under validators and ranges (RFC 9110 §13.2.2, §14), PUT
// preconditions, Basic auth verdicts and Location values built from request text.
#include "mockserver/http/http_semantics.hpp"

#include <boost/test/unit_test.hpp>

#include "mockserver/http/http_auth.hpp"
#include "mockserver/http/http_location.hpp"

using namespace replycheck::mock;
using namespace replycheck::mock::detail;
namespace http = boost::beast::http;

namespace {

// A parsed request built by hand: method, target, version and fields.
http_request request(std::string method, std::vector<std::pair<std::string, std::string>> fields = {{"Host", "x"}},
                     int version = 11) {
    http_request r;
    r.method = method;
    r.verb = http::string_to_verb(method);
    r.target = "/f.txt";
    r.version = version;
    for (auto& [name, value] : fields) {
        const int index = static_cast<int>(r.field_count++);
        const auto field = http::string_to_field(name);
        if (field == http::field::host) {
            ++r.host_count;
            r.host = index;
        }
        if (field == http::field::if_match) r.if_match = index;
        if (field == http::field::if_none_match) r.if_none_match = index;
        if (field == http::field::if_modified_since) r.if_modified_since = index;
        if (field == http::field::if_unmodified_since) r.if_unmodified_since = index;
        if (field == http::field::if_range) r.if_range = index;
        if (field == http::field::range) r.range = index;
        if (field == http::field::expect) r.expect = index;
        if (field == http::field::transfer_encoding) {
            r.has_transfer_encoding = true;
            r.transfer_encoding = value;
        }
        r.fields.emplace_back(std::move(name), std::move(value));
    }
    return r;
}

file_entry file() {
    file_entry f;
    f.size = 100;
    f.mtime = 784111777;   // Sun, 06 Nov 1994 08:49:37 GMT
    f.etag = "\"64-abc\"";
    f.last_modified = "Sun, 06 Nov 1994 08:49:37 GMT";
    return f;
}

file_reply reply_for(const http_request& r, std::vector<byte_range>& ranges) { return choose_file_reply(r, file(), ranges); }

}  // namespace

BOOST_AUTO_TEST_CASE(head_errors_in_order) {
    BOOST_TEST(head_error(request("GET"), false, std::nullopt, 1000) == 0);
    BOOST_TEST(head_error(request("GET", {}), false, std::nullopt, 1000) == 400);          // HTTP/1.1 without Host
    BOOST_TEST(head_error(request("GET", {}, 10), false, std::nullopt, 1000) == 0);        // HTTP/1.0 needs none
    BOOST_TEST(head_error(request("GET", {}, 20), false, std::nullopt, 1000) == 505);
    BOOST_TEST(head_error(request("BREW"), false, std::nullopt, 1000) == 501);
    BOOST_TEST(head_error(request("POST"), false, std::nullopt, 1000) == 411);
    BOOST_TEST(head_error(request("POST"), false, 1001u, 1000) == 413);
    BOOST_TEST(head_error(request("POST", {{"Host", "x"}, {"Transfer-Encoding", "foo, chunked"}}), true, std::nullopt, 1000) == 501);
    BOOST_TEST(head_error(request("POST", {{"Host", "x"}, {"Transfer-Encoding", "gzip"}}), false, std::nullopt, 1000) == 400);
    BOOST_TEST(head_error(request("GET", {{"Host", "x"}, {"Expect", "teapot"}}), false, std::nullopt, 1000) == 417);
    const auto continues = request("PUT", {{"Host", "x"}, {"Expect", " 100-Continue"}});
    BOOST_TEST(head_error(continues, false, 5u, 1000) == 0);
    BOOST_TEST(expects_continue(continues));
    BOOST_TEST(!expects_continue(request("PUT", {{"Expect", "100-continue"}}, 10)));
}

BOOST_AUTO_TEST_CASE(request_line_checks_before_it_is_complete) {
    BOOST_TEST(target_too_long("GET /" + std::string(100, 'a'), 64));
    BOOST_TEST(!target_too_long("GET /" + std::string(40, 'a'), 64));
    BOOST_TEST(other_major_version("GET / HTTP/2.0\r\n"));
    BOOST_TEST(!other_major_version("GET / HTTP/1.1\r\n"));
    BOOST_TEST(!other_major_version("GARBAGE\r\n"));
}

BOOST_AUTO_TEST_CASE(targets_split_into_path_and_query) {
    auto parts = split_target("/a/b?x=1#frag");
    BOOST_TEST(parts.path == "/a/b");
    BOOST_TEST(parts.query == "x=1");
    parts = split_target("http://host:8080/p?q");
    BOOST_TEST(parts.path == "/p");
    BOOST_TEST(parts.query == "q");
    BOOST_TEST(split_target("HTTPS://host").path == "/");
    BOOST_TEST(split_target("*").path == "*");
}

BOOST_AUTO_TEST_CASE(file_replies_follow_rfc_9110_precondition_order) {
    std::vector<byte_range> ranges;
    BOOST_TEST((reply_for(request("GET"), ranges) == file_reply::whole));
    // If-Match fails first, even when If-None-Match would give 304.
    BOOST_TEST((reply_for(request("GET", {{"If-Match", "\"other\""}, {"If-None-Match", "\"64-abc\""}}), ranges) ==
                file_reply::precondition_failed));
    // If-Unmodified-Since counts only without If-Match.
    BOOST_TEST((reply_for(request("GET", {{"If-Unmodified-Since", "Sat, 05 Nov 1994 08:49:37 GMT"}}), ranges) ==
                file_reply::precondition_failed));
    BOOST_TEST((reply_for(request("GET", {{"If-Match", "*"}, {"If-Unmodified-Since", "Sat, 05 Nov 1994 08:49:37 GMT"}}),
                          ranges) == file_reply::whole));
    BOOST_TEST((reply_for(request("GET", {{"If-None-Match", "W/\"64-abc\""}}), ranges) == file_reply::not_modified));
    // If-Modified-Since counts only without If-None-Match.
    BOOST_TEST((reply_for(request("GET", {{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}), ranges) ==
                file_reply::not_modified));
    BOOST_TEST((reply_for(request("GET", {{"If-None-Match", "\"x\""}, {"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}),
                          ranges) == file_reply::whole));
}

BOOST_AUTO_TEST_CASE(ranges_with_if_range) {
    std::vector<byte_range> ranges;
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=0-9,50-"}}), ranges) == file_reply::ranges));
    BOOST_REQUIRE_EQUAL(ranges.size(), 2u);
    BOOST_TEST(ranges[1].first == 50u);
    BOOST_TEST(ranges[1].last == 99u);
    BOOST_TEST((reply_for(request("HEAD", {{"Range", "bytes=0-9"}}), ranges) == file_reply::whole));
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=200-"}}), ranges) == file_reply::unsatisfiable));
    BOOST_TEST((reply_for(request("GET", {{"Range", "items=1-2"}}), ranges) == file_reply::whole));
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=0-9"}, {"If-Range", "\"64-abc\""}}), ranges) == file_reply::ranges));
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=0-9"}, {"If-Range", "W/\"64-abc\""}}), ranges) == file_reply::whole));
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=0-9"}, {"If-Range", "Sun, 06 Nov 1994 08:49:37 GMT"}}), ranges) ==
                file_reply::ranges));
    BOOST_TEST((reply_for(request("GET", {{"Range", "bytes=0-9"}, {"If-Range", "Sun, 06 Nov 1994 08:49:38 GMT"}}), ranges) ==
                file_reply::whole));
}

BOOST_AUTO_TEST_CASE(put_preconditions) {
    const auto current = file();
    BOOST_TEST(put_preconditions_hold(request("PUT"), false, nullptr));
    BOOST_TEST(!put_preconditions_hold(request("PUT", {{"If-Match", "*"}}), false, nullptr));
    BOOST_TEST(put_preconditions_hold(request("PUT", {{"If-Match", "*"}}), true, &current));
    BOOST_TEST(put_preconditions_hold(request("PUT", {{"If-Match", "\"64-abc\""}}), true, &current));
    BOOST_TEST(!put_preconditions_hold(request("PUT", {{"If-Match", "W/\"64-abc\""}}), true, &current));
    BOOST_TEST(!put_preconditions_hold(request("PUT", {{"If-None-Match", "*"}}), true, &current));
    BOOST_TEST(put_preconditions_hold(request("PUT", {{"If-None-Match", "*"}}), false, nullptr));
}

BOOST_AUTO_TEST_CASE(basic_auth_verdicts) {
    const std::vector<auth_prefix> prefixes{{"/private", "alice", "wonder", "Private"}, {"/admin", "root", "toor", "Admin"}};
    using kind = auth_verdict::kind;
    BOOST_TEST((check_basic_auth(prefixes, "/public", "").outcome == kind::allowed));
    BOOST_TEST((check_basic_auth(prefixes, "/privateer", "").outcome == kind::allowed));
    const auto none = check_basic_auth(prefixes, "/private/x", "");
    BOOST_TEST((none.outcome == kind::challenge));
    BOOST_TEST(!none.had_credentials);
    BOOST_TEST(none.realm_of->realm == "Private");
    BOOST_TEST((check_basic_auth(prefixes, "/private/x", "Basic YWxpY2U6d29uZGVy").outcome == kind::allowed));   // alice:wonder
    const auto wrong = check_basic_auth(prefixes, "/private", "basic  YWxpY2U6d3Jvbmc=");   // alice:wrong
    BOOST_TEST((wrong.outcome == kind::challenge));
    BOOST_TEST(wrong.had_credentials);
    BOOST_TEST((check_basic_auth(prefixes, "/admin", "Basic YWxpY2U6d29uZGVy").outcome == kind::forbidden));
    BOOST_TEST((check_basic_auth(prefixes, "/admin", "Basic !!!").outcome == kind::challenge));
    BOOST_TEST(basic_challenge(prefixes[0]) == "WWW-Authenticate: Basic realm=\"Private\", charset=\"UTF-8\"\r\n");
}

BOOST_AUTO_TEST_CASE(locations_from_request_text_are_encoded) {
    BOOST_TEST(location_value("/new", "/a b/\r\nSet-Cookie: x") == "/new/a%20b/%0D%0ASet-Cookie:%20x");
    BOOST_TEST(location_value({}, "/100%/\x01\x7f\xc3\xa9") == "/100%25/%01%7F%C3%A9");
    BOOST_TEST(location_value({}, "/dir/", "a=1&b=%2F") == "/dir/?a=1&b=%2F");
    BOOST_TEST(location_value({}, "/dir/", "a=\"<\r\n>%zz") == "/dir/?a=%22%3C%0D%0A%3E%25zz");
    BOOST_TEST(path_in_prefix("/old", "/old"));
    BOOST_TEST(path_in_prefix("/old", "/old/x"));
    BOOST_TEST(!path_in_prefix("/old", "/oldx"));
    BOOST_TEST(!path_in_prefix("/old", "/old\r\nx"));
    BOOST_TEST(path_in_prefix("/old/", "/old/x"));
    BOOST_TEST(path_in_prefix("/", "/anything"));
}
