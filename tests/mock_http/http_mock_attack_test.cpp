// The mock HTTP server under attack: request text reflected into header fields, the default
// garbage fault's exact bytes, a client that trickles its header section, and credentials in
// the journal. Raw sockets against a real mock on port 0.
#include "mockserver/http/http_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

#include <boost/json.hpp>

#include "mock_http/support.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"

using namespace test_support;
using replycheck::mock::http_mock;
using replycheck::mock::http_mock_config;

namespace {

struct origin {
    temp_dir dir;
    std::unique_ptr<http_mock> mock;

    explicit origin(std::function<void(http_mock_config&)> tweak = {}) {
        dir.write("hello.txt", "hello\n");
        dir.write("sub/a.txt", "a\n");
        http_mock_config c;
        c.root = dir.path;
        c.writable = true;
        c.redirects.push_back({"/old", "/new", 301, true});
        c.redirects.push_back({"/exact", "/hello.txt", 302, false});
        if (tweak) tweak(c);
        mock = std::make_unique<http_mock>(std::move(c));
        mock->start();
    }
    std::uint16_t port() const { return mock->port(); }
};

std::size_t count_of(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string_view::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

// Sends one request and reads one reply; then checks that nothing else follows on the
// connection, so an injected second header section or reply would show.
wire_reply only_reply(std::uint16_t port, const std::string& request) {
    raw_client c(port);
    c.send(request);
    auto r = c.read_reply();
    BOOST_TEST(r.complete, request);
    BOOST_TEST(c.read_some(300ms).empty(), request);
    return r;
}

// A Location value must be a URI reference: printable ASCII without spaces (RFC 3986 §2).
bool uri_characters_only(std::string_view value) {
    for (char c : value)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
    return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(prefix_redirect_never_injects_header_fields) {
    origin o;
    const std::string crlf_target = "/old/%0d%0aSet-Cookie:%20session=evil%0d%0a%0d%0a<script>alert(1)</script>";
    auto r = only_reply(o.port(), "GET " + crlf_target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(r.status == 301);
    BOOST_TEST(!r.has("set-cookie"));
    BOOST_TEST(count_of(r.raw, "\r\n\r\n") == 1u);
    BOOST_TEST(r.header("location") == "/new/%0D%0ASet-Cookie:%20session=evil%0D%0A%0D%0A%3Cscript%3Ealert(1)%3C/script%3E");
    BOOST_TEST(r.body.find("<script>") == std::string::npos);

    // A bare LF, a NUL-free control byte and a percent sign: all encoded.
    auto lf = only_reply(o.port(), "GET /old/a%0aSet-Cookie:%20b=c%09%25 HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(lf.status == 301);
    BOOST_TEST(!lf.has("set-cookie"));
    BOOST_TEST(lf.header("location") == "/new/a%0ASet-Cookie:%20b=c%09%25");
    BOOST_TEST(uri_characters_only(lf.header("location")));

    // The prefix is a path segment: "/old%0d%0a..." and "/oldx" are not under "/old".
    auto glued = only_reply(o.port(), "GET /old%0d%0aSet-Cookie:%20session=evil HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(glued.status == 404);
    BOOST_TEST(!glued.has("set-cookie"));
    BOOST_TEST(!glued.has("location"));
    BOOST_TEST(only_reply(o.port(), "GET /oldx HTTP/1.1\r\nHost: x\r\n\r\n").status == 404);
    auto exact = only_reply(o.port(), "GET /old HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(exact.status == 301);
    BOOST_TEST(exact.header("location") == "/new");
    auto below = only_reply(o.port(), "GET /old/x/y.txt?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(below.header("location") == "/new/x/y.txt");
}

BOOST_AUTO_TEST_CASE(folder_and_upload_locations_are_encoded) {
    origin o;
    // A folder whose name holds CR LF: the slash redirect names it encoded.
    fs::create_directories(o.dir.path / "d\r\nSet-Cookie: x=y");
    o.dir.write("d\r\nSet-Cookie: x=y/index.html", "in\n");
    auto folder = only_reply(o.port(), "GET /d%0D%0ASet-Cookie:%20x=y?a=%0d%0a HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(folder.status == 301);
    BOOST_TEST(!folder.has("set-cookie"));
    BOOST_TEST(folder.header("location") == "/d%0D%0ASet-Cookie:%20x=y/?a=%0d%0a");
    // A query that is not a well-formed URI component is encoded, never copied.
    auto odd = only_reply(o.port(), "GET /sub?a=\"<%zz> HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(odd.status == 301);
    BOOST_TEST(uri_characters_only(odd.header("location")));
    BOOST_TEST(odd.header("location").find('"') == std::string::npos);
    BOOST_TEST(odd.header("location").find('<') == std::string::npos);

    auto put = only_reply(o.port(), "PUT /n%0d%0aSet-Cookie:%20x=y.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
    BOOST_TEST(put.status == 201);
    BOOST_TEST(!put.has("set-cookie"));
    BOOST_TEST(put.header("location") == "/n%0D%0ASet-Cookie:%20x=y.txt");
}

BOOST_AUTO_TEST_CASE(default_garbage_is_exactly_its_bytes) {
    origin o([](http_mock_config& c) {
        replycheck::mock::http_script script;
        script.match.path_kind = replycheck::mock::http_path_match::exact;
        script.match.path = "/garbage";
        script.fault = replycheck::mock::http_fault::garbage;
        c.scripts.push_back(script);
    });
    raw_client c(o.port());
    c.send("GET /garbage HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto got = c.read_until_close(3000ms);
    using namespace std::string_view_literals;
    BOOST_TEST(got == "\x16\x03\x01\x00\xff garbage \x00\xfe\xff not HTTP\r\n\r\n"sv);
    BOOST_TEST(got.size() == 30u);
}

BOOST_AUTO_TEST_CASE(trickled_request_gets_408_at_the_request_timeout) {
    // A request that keeps sending one header line at a time still has to complete within
    // request_timeout; the longer idle_timeout only bounds the wait for a request to start.
    origin o([](http_mock_config& c) {
        c.limits.request_timeout = std::chrono::milliseconds(800);
        c.limits.idle_timeout = std::chrono::seconds(20);
    });
    raw_client c(o.port());
    const auto start = std::chrono::steady_clock::now();
    c.send("GET /hello.txt HTTP/1.1\r\n");
    std::string got;
    for (int i = 0; i < 80 && got.empty() && !c.closed(); ++i) {   // at most 12 s of lines
        got = c.read_some(150ms);
        if (got.empty() && !c.closed()) c.send("X-Line-" + std::to_string(i) + ": a\r\n");
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(got.rfind("HTTP/1.1 408 ", 0) == 0u, got);
    BOOST_TEST((elapsed >= 700ms), std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    BOOST_TEST((elapsed < 5000ms), std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());

    // A second request on a kept-alive connection: its own request_timeout, from its first byte.
    raw_client k(o.port());
    k.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(k.read_reply().status == 200);
    std::this_thread::sleep_for(1000ms);   // idle, longer than request_timeout: still open
    const auto second = std::chrono::steady_clock::now();
    k.send("GET /hello.txt HTTP/1.1\r\n");
    auto r = k.read_reply(false, 15000ms);
    const auto waited = std::chrono::steady_clock::now() - second;
    BOOST_TEST(r.status == 408);
    BOOST_TEST((waited >= 700ms), std::chrono::duration_cast<std::chrono::milliseconds>(waited).count());
    BOOST_TEST((waited < 5000ms), std::chrono::duration_cast<std::chrono::milliseconds>(waited).count());
}

BOOST_AUTO_TEST_CASE(journal_masks_credentials_unless_asked) {
    origin o([](http_mock_config& c) { c.auth.push_back({"/sub", "alice", "wonder", "r"}); });
    // alice:wonder and bob:hunter2 in Base64.
    raw_client c(o.port());
    c.send("GET http://carol:s3cr3t@x/sub/a.txt HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YWxpY2U6d29uZGVy\r\n"
           "Proxy-Authorization: Basic Ym9iOmh1bnRlcjI=\r\nReferer: http://dave:pa55@y/\r\n\r\n");
    BOOST_TEST(c.read_reply().status == 200);
    const auto entries = o.mock->journal().snapshot();
    BOOST_REQUIRE_EQUAL(entries.size(), 1u);
    const auto& e = entries.front();
    for (const std::string_view secret : {"YWxpY2U6d29uZGVy", "Ym9iOmh1bnRlcjI=", "s3cr3t", "pa55"}) {
        BOOST_TEST(e.target.find(secret) == std::string::npos, secret);
        BOOST_TEST(e.raw.find(secret) == std::string::npos, secret);
        for (const auto& [name, value] : e.headers) BOOST_TEST(value.find(secret) == std::string::npos, name);
    }
    BOOST_TEST(e.header("Authorization") == "Basic ***");
    BOOST_TEST(e.header("Host") == "x");
    BOOST_TEST(e.target == "http://carol:***@x/sub/a.txt");
    const auto masked = boost::json::serialize(o.mock->journal().to_json());
    BOOST_TEST(masked.find("YWxpY2U6d29uZGVy") == std::string::npos);
    BOOST_TEST(masked.find("s3cr3t") == std::string::npos);
    // Asked for: the credentials as they were received.
    const auto raw = boost::json::serialize(o.mock->journal().to_json(true));
    BOOST_TEST(raw.find("Basic YWxpY2U6d29uZGVy") != std::string::npos);
    BOOST_TEST(raw.find("Basic Ym9iOmh1bnRlcjI=") != std::string::npos);
    BOOST_TEST(raw.find("carol:s3cr3t@x") != std::string::npos);
}
