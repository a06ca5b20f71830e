// The mock HTTP server's default origin semantics, checked with libcurl and raw sockets
// against a server on port 0.
#include "mockserver/http/http_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <functional>
#include <set>

#include <boost/json.hpp>
#include <thread>

#include "mock_http/support.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"

using namespace test_support;
using replycheck::mock::http_mock;
using replycheck::mock::http_mock_config;

namespace {

const std::string hello = "hello world\n";   // 12 octets

std::string big_content() {
    std::string s;
    s.reserve(600000);
    for (int i = 0; s.size() < 600000; ++i) s += "line " + std::to_string(i) + "\n";
    return s;
}

struct origin {
    temp_dir outside;   // a sibling folder that must never be served
    temp_dir dir;
    std::unique_ptr<http_mock> mock;
    std::string big = big_content();

    explicit origin(bool writable = false, std::function<void(http_mock_config&)> tweak = {}) {
        dir.write("hello.txt", hello);
        dir.write("index.html", "<h1>home</h1>\n");
        dir.write("sub/a.txt", "a\n");
        dir.write("docs/index.html", "<p>docs</p>\n");
        dir.write("private/secret.txt", "top secret\n");
        dir.write("admin/panel.txt", "admin\n");
        dir.write("big.txt", big);
        outside.write("outside.txt", "OUTSIDE-CONTENT\n");
        fs::create_directory_symlink(outside.path, dir.path / "escape");
        fs::create_symlink(dir.path / "hello.txt", dir.path / "inner-link.txt");
        http_mock_config c;
        c.root = dir.path;
        c.writable = writable;
        c.auth.push_back({"/private", "alice", "wonder", "Private area"});
        c.auth.push_back({"/admin", "root", "toor", "Admin"});
        c.redirects.push_back({"/old", "/hello.txt", 301, false});
        c.redirects.push_back({"/found", "/hello.txt", 302, false});
        c.redirects.push_back({"/other", "/hello.txt", 303, false});
        c.redirects.push_back({"/temp", "/hello.txt", 307, false});
        c.redirects.push_back({"/perm/", "/docs/", 308, true});
        c.limits.max_target = 1024;
        c.limits.max_header_section = 4096;
        c.limits.max_body = 1000;
        c.limits.request_timeout = std::chrono::milliseconds(400);
        c.limits.idle_timeout = std::chrono::milliseconds(600);
        if (tweak) tweak(c);
        mock = std::make_unique<http_mock>(std::move(c));
        mock->start();
    }
    std::string url(const std::string& path) const { return mock->base_url() + path; }
    std::uint16_t port() const { return mock->port(); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(get_serves_file_with_validators) {
    origin o;
    auto r = curl_request(o.url("/hello.txt"));
    BOOST_TEST(r.code == CURLE_OK);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == hello);
    BOOST_TEST(r.header("content-type") == "text/plain");
    BOOST_TEST(r.header("content-length") == "12");
    BOOST_TEST(r.header("accept-ranges") == "bytes");
    BOOST_TEST(r.has("date"));
    BOOST_TEST(r.has("last-modified"));
    auto etag = r.header("etag");
    BOOST_TEST(etag.size() > 2);
    BOOST_TEST(etag.front() == '"');   // strong: no W/ prefix
    auto html = curl_request(o.url("/"));
    BOOST_TEST(html.status == 200);
    BOOST_TEST(html.body == "<h1>home</h1>\n");
    BOOST_TEST(html.header("content-type") == "text/html");
}

BOOST_AUTO_TEST_CASE(head_is_get_without_body) {
    origin o;
    auto get = curl_request(o.url("/hello.txt"));
    curl_options h;
    h.head = true;
    auto head = curl_request(o.url("/hello.txt"), h);
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.header("content-length") == "12");
    BOOST_TEST(head.header("etag") == get.header("etag"));
    BOOST_TEST(head.header("last-modified") == get.header("last-modified"));
    // On the wire: nothing after the header section, the connection stays usable.
    raw_client c(o.port());
    c.send("HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    auto first = c.read_reply(true);
    BOOST_TEST(first.status == 200);
    auto second = c.read_reply();
    BOOST_TEST(second.status == 200);
    BOOST_TEST(second.body == hello);
}

BOOST_AUTO_TEST_CASE(conditional_requests_in_rfc_order) {
    origin o;
    auto base = curl_request(o.url("/hello.txt"));
    const auto etag = base.header("etag");
    const auto lm = base.header("last-modified");
    // If-None-Match with the current ETag → 304 with ETag and Date and no content.
    auto r = raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\nConnection: close\r\n\r\n");
    BOOST_TEST(r.status == 304);
    BOOST_TEST(r.header("etag") == etag);
    BOOST_TEST(r.has("date"));
    BOOST_TEST(!r.has("content-length"));
    raw_client c(o.port());
    c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"zzz\", " + etag + "\r\nConnection: close\r\n\r\n");
    auto all = c.read_until_close();
    BOOST_TEST(all.substr(0, 12) == "HTTP/1.1 304");
    BOOST_TEST(all.size() == all.find("\r\n\r\n") + 4);   // nothing after the header section
    // Weak comparison for If-None-Match.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-None-Match: W/" + etag})).status == 304);
    // If-Modified-Since.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Modified-Since: " + lm})).status == 304);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT"})).status == 200);
    // If-Match / If-Unmodified-Since → 412.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Match: \"nope\""})).status == 412);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Match: " + etag})).status == 200);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Match: *"})).status == 200);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT"})).status == 412);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Unmodified-Since: " + lm})).status == 200);
    // Order (RFC 9110 §13.2.2): If-Match is evaluated before If-None-Match.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Match: \"nope\"", "If-None-Match: " + etag})).status == 412);
    // If-None-Match wins over If-Modified-Since.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-None-Match: \"other\"", "If-Modified-Since: " + lm})).status == 200);
    // A weak tag never matches If-Match (strong comparison).
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Match: W/" + etag})).status == 412);
    // An invalid date is ignored.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"If-Modified-Since: yesterday"})).status == 200);
}

BOOST_AUTO_TEST_CASE(ranges_single_multiple_unsatisfiable_if_range) {
    origin o;
    auto r = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-4"}));
    BOOST_TEST(r.status == 206);
    BOOST_TEST(r.body == "hello");
    BOOST_TEST(r.header("content-range") == "bytes 0-4/12");
    BOOST_TEST(r.header("content-length") == "5");
    auto suffix = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=-6"}));
    BOOST_TEST(suffix.status == 206);
    BOOST_TEST(suffix.body == "world\n");
    BOOST_TEST(suffix.header("content-range") == "bytes 6-11/12");
    auto open = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=6-"}));
    BOOST_TEST(open.body == "world\n");
    auto clipped = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=10-99"}));
    BOOST_TEST(clipped.header("content-range") == "bytes 10-11/12");

    auto multi = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-1, 6-7"}));
    BOOST_TEST(multi.status == 206);
    const auto ct = multi.header("content-type");
    BOOST_TEST(ct.rfind("multipart/byteranges; boundary=", 0) == 0);
    BOOST_TEST(!multi.has("content-range"));
    const auto boundary = ct.substr(ct.find('=') + 1);
    BOOST_TEST(multi.body.find("--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/12\r\n\r\nhe\r\n") != std::string::npos);
    BOOST_TEST(multi.body.find("Content-Range: bytes 6-7/12\r\n\r\nwo\r\n--" + boundary + "--\r\n") != std::string::npos);
    BOOST_TEST(std::to_string(multi.body.size()) == multi.header("content-length"));

    auto bad = curl_request(o.url("/hello.txt"), hdr({"Range: bytes=100-"}));
    BOOST_TEST(bad.status == 416);
    BOOST_TEST(bad.header("content-range") == "bytes */12");
    // Not a bytes range set: ignored, 200.
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: lines=1-2"})).status == 200);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: bytes=5-2"})).status == 200);

    const auto etag = curl_request(o.url("/hello.txt")).header("etag");
    const auto lm = curl_request(o.url("/hello.txt")).header("last-modified");
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-4", "If-Range: " + etag})).status == 206);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-4", "If-Range: \"old\""})).status == 200);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-4", "If-Range: " + lm})).status == 206);
    BOOST_TEST(curl_request(o.url("/hello.txt"), hdr({"Range: bytes=0-4", "If-Range: Sat, 01 Jan 2000 00:00:00 GMT"})).status == 200);

    // A file too large for the memory cache is streamed, also in ranges.
    auto full = curl_request(o.url("/big.txt"));
    BOOST_TEST(full.status == 200);
    BOOST_TEST(full.body == o.big);
    auto part = curl_request(o.url("/big.txt"), hdr({"Range: bytes=300000-300099"}));
    BOOST_TEST(part.status == 206);
    BOOST_TEST(part.body == o.big.substr(300000, 100));
    auto parts = curl_request(o.url("/big.txt"), hdr({"Range: bytes=0-9,500000-500009"}));
    BOOST_TEST(parts.status == 206);
    BOOST_TEST(parts.body.find(o.big.substr(500000, 10)) != std::string::npos);
    BOOST_TEST(std::to_string(parts.body.size()) == parts.header("content-length"));
}

BOOST_AUTO_TEST_CASE(directories_missing_and_methods) {
    origin o;
    BOOST_TEST(curl_request(o.url("/sub/")).status == 403);
    auto slash = curl_request(o.url("/sub"));
    BOOST_TEST(slash.status == 301);
    BOOST_TEST(slash.header("location") == "/sub/");
    auto docs = curl_request(o.url("/docs/"));
    BOOST_TEST(docs.status == 200);
    BOOST_TEST(docs.body == "<p>docs</p>\n");
    BOOST_TEST(curl_request(o.url("/nope.txt")).status == 404);
    BOOST_TEST(curl_request(o.url("/inner-link.txt")).body == hello);

    auto post = curl_request(o.url("/hello.txt"), upload("POST", "x=1"));
    BOOST_TEST(post.status == 405);
    BOOST_TEST(post.header("allow") == "GET, HEAD, OPTIONS");
    auto put = curl_request(o.url("/hello.txt"), upload("PUT", "new"));
    BOOST_TEST(put.status == 405);
    BOOST_TEST(put.header("allow").find("PUT") == std::string::npos);
    BOOST_TEST(curl_request(o.url("/hello.txt"), method("DELETE")).status == 405);
    BOOST_TEST(curl_request(o.url("/hello.txt")).body == hello);

    auto options = curl_request(o.url("/hello.txt"), method("OPTIONS"));
    BOOST_TEST(options.status == 204);
    BOOST_TEST(options.header("allow") == "GET, HEAD, OPTIONS");
    auto star = raw_request(o.port(), "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(star.status == 204);
    BOOST_TEST(star.header("allow") == "GET, HEAD, OPTIONS");

    auto unknown = raw_request(o.port(), "FOO /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(unknown.status == 501);
    BOOST_TEST(raw_request(o.port(), "TRACE /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").status == 405);
}

BOOST_AUTO_TEST_CASE(put_and_delete_when_writable) {
    origin o(true);
    auto created = curl_request(o.url("/new.txt"), upload("PUT", "fresh"));
    BOOST_TEST(created.status == 201);
    BOOST_TEST(curl_request(o.url("/new.txt")).body == "fresh");
    auto replaced = curl_request(o.url("/new.txt"), upload("PUT", "again"));
    BOOST_TEST(replaced.status == 204);
    BOOST_TEST(curl_request(o.url("/new.txt")).body == "again");
    BOOST_TEST(curl_request(o.url("/nodir/x.txt"), upload("PUT", "x")).status == 409);
    BOOST_TEST(curl_request(o.url("/new.txt"), upload("PUT", "x", {"If-None-Match: *"})).status == 412);
    BOOST_TEST(curl_request(o.url("/new.txt"), method("DELETE")).status == 204);
    BOOST_TEST(curl_request(o.url("/new.txt")).status == 404);
    BOOST_TEST(curl_request(o.url("/new.txt"), method("DELETE")).status == 404);
    BOOST_TEST(curl_request(o.url("/hello.txt"), method("OPTIONS")).header("allow") == "GET, HEAD, OPTIONS, PUT, DELETE");
    // Uploads never land outside root.
    BOOST_TEST(curl_request(o.url("/escape/evil.txt"), upload("PUT", "x")).status == 403);
    BOOST_TEST(!fs::exists(o.outside.path / "evil.txt"));
    // Expect: 100-continue → 100, then the final reply.
    raw_client c(o.port());
    c.send("PUT /cont.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    auto interim = c.read_some();
    BOOST_TEST(interim == "HTTP/1.1 100 Continue\r\n\r\n");
    c.send("12345");
    auto final_reply = c.read_reply();
    BOOST_TEST(final_reply.status == 201);
    BOOST_TEST(curl_request(o.url("/cont.txt")).body == "12345");
}

BOOST_AUTO_TEST_CASE(basic_auth_prefixes) {
    origin o;
    auto none = curl_request(o.url("/private/secret.txt"));
    BOOST_TEST(none.status == 401);
    BOOST_TEST(none.header("www-authenticate").rfind("Basic realm=\"Private area\"", 0) == 0);
    BOOST_TEST(none.body.find("top secret") == std::string::npos);
    BOOST_TEST(curl_request(o.url("/private/secret.txt"), user("alice:wrong")).status == 401);
    BOOST_TEST(curl_request(o.url("/private/secret.txt"), user("mallory:x")).status == 401);
    auto ok = curl_request(o.url("/private/secret.txt"), user("alice:wonder"));
    BOOST_TEST(ok.status == 200);
    BOOST_TEST(ok.body == "top secret\n");
    // A known user without access to this prefix → 403.
    BOOST_TEST(curl_request(o.url("/private/secret.txt"), user("root:toor")).status == 403);
    BOOST_TEST(curl_request(o.url("/admin/panel.txt"), user("root:toor")).status == 200);
    // The prefix is a path segment: /privateer is not protected (and does not exist).
    BOOST_TEST(curl_request(o.url("/privateer")).status == 404);
}

BOOST_AUTO_TEST_CASE(redirects) {
    origin o;
    const std::pair<const char*, long> cases[] = {{"/old", 301}, {"/found", 302}, {"/other", 303}, {"/temp", 307}};
    for (auto [path, status] : cases) {
        auto r = curl_request(o.url(path));
        BOOST_TEST(r.status == status);
        BOOST_TEST(r.header("location") == "/hello.txt");
    }
    auto prefix = curl_request(o.url("/perm/index.html"));
    BOOST_TEST(prefix.status == 308);
    BOOST_TEST(prefix.header("location") == "/docs/index.html");
}

BOOST_AUTO_TEST_CASE(limits_and_expectations) {
    origin o;
    auto uri = raw_request(o.port(), "GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(uri.status == 414);
    auto fields = raw_request(o.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(6000, 'b') + "\r\n\r\n");
    BOOST_TEST(fields.status == 431);
    // A header section just over its own limit, with a short target: the target's unused
    // allowance must not be lent to the header section.
    auto just_over = raw_request(o.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4200, 'b') + "\r\n\r\n");
    BOOST_TEST(just_over.status == 431);
    auto just_under = raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(3900, 'b') + "\r\n\r\n");
    BOOST_TEST(just_under.status == 200);
    // One header field longer than the target limit is still a header problem, not a URI one.
    auto long_field = raw_request(o.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(12000, 'b') + "\r\n\r\n");
    BOOST_TEST(long_field.status == 431);
    auto body = raw_request(o.port(), "POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
    BOOST_TEST(body.status == 413);
    auto chunked = raw_request(o.port(), "POST /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7d0\r\n" + std::string(2000, 'c') + "\r\n0\r\n\r\n");
    BOOST_TEST(chunked.status == 413);
    auto length = raw_request(o.port(), "POST /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(length.status == 411);
    auto expect = raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n");
    BOOST_TEST(expect.status == 417);
    // With curl: a 413 arrives (curl sends Expect: 100-continue for a large body).
    auto big = curl_request(o.url("/hello.txt"), upload("POST", std::string(5000, 'x')));
    BOOST_TEST(big.status == 413);
}

BOOST_AUTO_TEST_CASE(malformed_and_versions) {
    origin o;
    BOOST_TEST(raw_request(o.port(), "GARBAGE\r\n\r\n").status == 400);
    BOOST_TEST(raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\n\r\n").status == 400);   // no Host
    BOOST_TEST(raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status == 400);
    BOOST_TEST(raw_request(o.port(), "GET /hello.txt HTTP/3.1\r\nHost: x\r\n\r\n").status == 505);
    BOOST_TEST(raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status == 400);
    BOOST_TEST(raw_request(o.port(), "POST /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo, chunked\r\n\r\n0\r\n\r\n").status == 501);
    BOOST_TEST(raw_request(o.port(), "GET /hello.txt HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n").status == 400);
    BOOST_TEST(raw_request(o.port(), "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n").status == 400);
    // HTTP/1.0 without Host is fine, and the connection closes after the reply.
    raw_client c(o.port());
    c.send("GET /hello.txt HTTP/1.0\r\n\r\n");
    auto r = c.read_reply();
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("connection") == "close");
    BOOST_TEST(c.wait_closed());
    // Empty lines before the request line are ignored (RFC 9112 §2.2).
    BOOST_TEST(raw_request(o.port(), "\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").status == 200);
    // Binary noise never crashes it; the server still answers afterwards.
    std::string noise;
    for (int i = 0; i < 4000; ++i) noise.push_back(static_cast<char>((i * 131 + 7) % 256));
    raw_client n(o.port());
    n.send(noise);
    n.read_until_close(1500ms);
    BOOST_TEST(curl_request(o.url("/hello.txt")).status == 200);
}

BOOST_AUTO_TEST_CASE(slow_and_idle_requests_get_408) {
    origin o;
    raw_client slow(o.port());
    slow.send("GET /hello.txt HTTP/1.1\r\nHo");
    auto t0 = std::chrono::steady_clock::now();
    auto r = slow.read_reply(false, 10000ms);
    BOOST_TEST(r.status == 408);
    BOOST_TEST(r.header("connection") == "close");
    BOOST_TEST(slow.wait_closed());
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5000ms));   // at the 400 ms request timeout
    raw_client idle(o.port());
    auto i = idle.read_reply(false, 3000ms);
    BOOST_TEST(i.status == 408);
    BOOST_TEST(idle.wait_closed());
    // After a completed exchange an idle keep-alive connection closes without a reply.
    raw_client kept(o.port());
    kept.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(kept.read_reply().status == 200);
    BOOST_TEST(kept.read_until_close(3000ms).empty());
    BOOST_TEST(kept.closed());
}

BOOST_AUTO_TEST_CASE(keep_alive_and_pipelining) {
    origin o;
    raw_client c(o.port());
    c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(c.read_reply().body == hello);
    c.send("GET /sub/a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto a = c.read_reply();
    auto b = c.read_reply();
    auto h = c.read_reply(true);
    auto d = c.read_reply();
    BOOST_TEST(a.body == "a\n");
    BOOST_TEST(b.status == 404);
    BOOST_TEST(h.status == 200);
    BOOST_TEST(d.body == hello);
    BOOST_TEST(d.header("connection") == "close");
    BOOST_TEST(c.wait_closed());
    // HTTP/1.0 keep-alive on request.
    raw_client k(o.port());
    k.send("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto k1 = k.read_reply();
    BOOST_TEST(k1.header("connection") == "keep-alive");
    k.send("GET /hello.txt HTTP/1.0\r\n\r\n");
    BOOST_TEST(k.read_reply().body == hello);
    BOOST_TEST(k.wait_closed());
    // The journal saw every request of the first connection in order.
    auto entries = o.mock->journal().snapshot();
    std::vector<std::string> targets;
    for (const auto& e : entries)
        if (e.connection_id == entries.front().connection_id) targets.push_back(e.target);
    BOOST_TEST(targets.size() == 5u);
}

BOOST_AUTO_TEST_CASE(never_serves_outside_root) {
    origin o;
    const char* attacks[] = {
        "/../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/sub/..%2f..%2foutside.txt",
        "/sub/../../outside.txt",
        "/..\\..\\outside.txt",
        "/sub/%5c..%5c..%5coutside.txt",
        "/hello.txt%00.html",
        "/./.././outside.txt",
    };
    for (const char* a : attacks) {
        auto r = raw_request(o.port(), std::string("GET ") + a + " HTTP/1.1\r\nHost: x\r\n\r\n");
        BOOST_TEST_INFO(a);
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.body.find("OUTSIDE") == std::string::npos);
        auto c = curl_request(o.url(a), as_is());
        BOOST_TEST(c.body.find("OUTSIDE") == std::string::npos);
        BOOST_TEST(c.status >= 400);
    }
    // A symlink pointing out of root is refused.
    auto link = curl_request(o.url("/escape/outside.txt"));
    BOOST_TEST(link.status == 403);
    BOOST_TEST(link.body.find("OUTSIDE") == std::string::npos);
    // Dot segments that stay inside are fine.
    BOOST_TEST(raw_request(o.port(), "GET /sub/../hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").body == hello);
    // Absolute-form target.
    BOOST_TEST(raw_request(o.port(), "GET http://example.test/hello.txt HTTP/1.1\r\nHost: example.test\r\n\r\n").body == hello);
}

BOOST_AUTO_TEST_CASE(two_hundred_parallel_connections) {
    origin o({}, [](http_mock_config& c) { c.threads = 2; });
    CURLM* multi = curl_multi_init();
    std::vector<CURL*> handles;
    std::vector<std::string> bodies(200);
    for (int i = 0; i < 200; ++i) {
        CURL* h = curl_easy_init();
        curl_easy_setopt(h, CURLOPT_URL, o.url(i % 2 ? "/hello.txt" : "/sub/a.txt").c_str());
        curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &bodies[static_cast<std::size_t>(i)]);
        curl_multi_add_handle(multi, h);
        handles.push_back(h);
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    int running = 0;
    auto deadline = std::chrono::steady_clock::now() + 30s;
    do {
        curl_multi_perform(multi, &running);
        if (running) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    } while (running && std::chrono::steady_clock::now() < deadline);
    int ok = 0;
    for (int i = 0; i < 200; ++i) {
        long status = 0;
        curl_easy_getinfo(handles[static_cast<std::size_t>(i)], CURLINFO_RESPONSE_CODE, &status);
        if (status == 200 && bodies[static_cast<std::size_t>(i)] == (i % 2 ? hello : std::string("a\n"))) ++ok;
        curl_multi_remove_handle(multi, handles[static_cast<std::size_t>(i)]);
        curl_easy_cleanup(handles[static_cast<std::size_t>(i)]);
    }
    curl_multi_cleanup(multi);
    BOOST_TEST(ok == 200);
    auto entries = o.mock->journal().snapshot();
    std::set<std::uint64_t> ids;
    for (const auto& e : entries) ids.insert(e.connection_id);
    BOOST_TEST(ids.size() == 200u);
}

BOOST_AUTO_TEST_CASE(journal_records_requests) {
    origin o;
    curl_request(o.url("/hello.txt?x=1"), hdr({"X-Test: yes"}));
    raw_request(o.port(), "POST /hello.txt HTTP/1.1\r\nHost: j\r\nContent-Length: 4\r\n\r\nabcd");
    raw_request(o.port(), "BROKEN\r\n\r\n");
    auto entries = o.mock->journal().snapshot();
    BOOST_REQUIRE(entries.size() == 3u);
    BOOST_TEST(entries[0].method == "GET");
    BOOST_TEST(entries[0].target == "/hello.txt?x=1");
    BOOST_TEST(entries[0].version == "HTTP/1.1");
    BOOST_TEST(entries[0].header("x-test") == "yes");
    BOOST_TEST(entries[0].status == 200);
    BOOST_TEST(entries[0].raw.rfind("GET /hello.txt?x=1 HTTP/1.1\r\n", 0) == 0);
    BOOST_TEST(entries[1].body == "abcd");
    BOOST_TEST(entries[1].status == 405);
    BOOST_TEST(entries[1].raw == "POST /hello.txt HTTP/1.1\r\nHost: j\r\nContent-Length: 4\r\n\r\nabcd");
    BOOST_TEST(entries[2].status == 400);
    BOOST_TEST(entries[2].raw.find("BROKEN") != std::string::npos);
    BOOST_TEST(entries[0].connection_id != entries[1].connection_id);
    auto json = boost::json::serialize(o.mock->journal().to_json());
    BOOST_TEST(json.find("\"target\":\"/hello.txt?x=1\"") != std::string::npos);
    BOOST_TEST(json.find("\"status\":405") != std::string::npos);
    o.mock->journal().clear();
    BOOST_TEST(o.mock->journal().size() == 0u);
}

BOOST_AUTO_TEST_CASE(port_in_use_throws_and_stop_is_clean) {
    // Long limits: stop must close the hanging connection itself, not wait for its timeout.
    origin o(false, [](http_mock_config& c) {
        c.limits.request_timeout = std::chrono::seconds(30);
        c.limits.idle_timeout = std::chrono::seconds(30);
    });
    http_mock_config c;
    c.listen = "127.0.0.1:" + std::to_string(o.port());
    http_mock second(c);
    BOOST_CHECK_THROW(second.start(), std::system_error);
    raw_client hanging(o.port());
    hanging.send("GET /hello.txt HTTP/1.1\r\nHo");
    auto t0 = std::chrono::steady_clock::now();
    o.mock->stop();
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5s));
    BOOST_TEST(hanging.wait_closed(5000ms));
}

BOOST_AUTO_TEST_CASE(mutated_requests_never_crash_it) {
    origin o;
    const std::string base =
        "GET /hello.txt?a=1 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3,5-\r\nIf-None-Match: \"a\"\r\n"
        "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    std::uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int i = 0; i < 300; ++i) {
        std::string req = base;
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits; ++e) {
            const auto pos = next() % req.size();
            switch (next() % 3) {
            case 0: req[pos] = static_cast<char>(next() & 0xFF); break;
            case 1: req.erase(pos, 1 + next() % 8); break;
            default: req.insert(pos, std::string(1 + next() % 4, static_cast<char>(next() & 0xFF))); break;
            }
            if (req.empty()) req = "x";
        }
        raw_client c(o.port());
        c.send(req);
        auto reply = c.read_reply(false, 1500ms);
        if (reply.status != 0) {
            BOOST_TEST(reply.status >= 100);
            BOOST_TEST(reply.status < 600);
        }
    }
    BOOST_TEST(curl_request(o.url("/hello.txt")).body == hello);
}
