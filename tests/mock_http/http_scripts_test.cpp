// Scripts of the mock HTTP server, loaded from TOML and exercised with libcurl and raw
// sockets: replies, raw bytes, faults, times, sequences, states, IIS flavour, config errors.
#include "mockserver/http/http_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

#include <toml++/toml.h>

#include "mock_http/support.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_scripts.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
using replycheck::mock::http_mock;
using replycheck::mock::http_mock_config;
using replycheck::mock::load_http_mock_config;

namespace {

http_mock_config load(const std::string& text, const fs::path& base = fs::temp_directory_path()) {
    auto doc = toml::parse(std::string_view(text), std::string_view("mock.toml"));
    return load_http_mock_config(*doc["mock"]["http"].as_table(), base, "mock.toml");
}

struct scripted {
    temp_dir dir;
    std::unique_ptr<http_mock> mock;
    explicit scripted(const std::string& scripts, const std::string& extra = {}) {
        dir.write("hello.txt", "hello world\n");
        dir.write("payload.bin", "from a file");
        std::string text = "[mock.http]\nroot = \"" + dir.path.string() + "\"\n" + extra +
                           "[mock.http.limits]\nidle_timeout = \"600ms\"\nrequest_timeout = \"600ms\"\n" + scripts;
        mock = std::make_unique<http_mock>(load(text, dir.path));
        mock->start();
    }
    std::string url(const std::string& p) const { return mock->base_url() + p; }
    std::uint16_t port() const { return mock->port(); }
};

std::string config_error_of(const std::string& text) {
    try {
        load(text);
    } catch (const replycheck::protocol::config_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reply_with_status_headers_body) {
    scripted s(R"(
[[mock.http.script]]
match = { method = "GET", path = "/flaky" }
reply = { status = 503, headers = { Retry-After = "1", X-Mock = "yes" }, body = "try later" }

[[mock.http.script]]
match = { path = "/file" }
reply = { status = 200, headers = [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]], body_file = "payload.bin" }

[[mock.http.script]]
match = { path = "/fixed-length" }
reply = { status = 200, headers = { Content-Length = "3" }, body = "abc" }

[[mock.http.script]]
match = { path = "/nc" }
reply = { status = 204 }
)");
    auto r = curl_request(s.url("/flaky"));
    BOOST_TEST(r.status == 503);
    BOOST_TEST(r.header("retry-after") == "1");
    BOOST_TEST(r.header("x-mock") == "yes");
    BOOST_TEST(r.header("content-length") == "9");
    BOOST_TEST(r.has("date"));
    BOOST_TEST(r.body == "try later");
    auto w = raw_request(s.port(), "GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(w.body == "from a file");
    BOOST_TEST(w.headers.count("set-cookie") == 2u);
    BOOST_TEST(w.raw.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n") != std::string::npos);
    auto f = raw_request(s.port(), "GET /fixed-length HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(f.headers.count("content-length") == 1u);
    auto nc = raw_request(s.port(), "GET /nc HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(nc.status == 204);
    BOOST_TEST(!nc.has("content-length"));
    // HEAD gets the same header section without the content.
    curl_options h;
    h.head = true;
    auto head = curl_request(s.url("/flaky"), h);
    BOOST_TEST(head.header("content-length") == "9");
    // The journal names the script.
    auto entries = s.mock->journal().snapshot();
    BOOST_TEST(entries.front().script == "rule 1");
    BOOST_TEST(entries.front().status == 503);
    // The JSON journal keeps its documented key "rule" for the script's name (docs/mock.md).
    const auto json = s.mock->journal().to_json();
    BOOST_TEST(json.as_array().front().as_object().at("rule").as_string() == "rule 1");
    // Anything else falls through to the default origin.
    BOOST_TEST(curl_request(s.url("/hello.txt")).body == "hello world\n");
}

BOOST_AUTO_TEST_CASE(raw_bytes_exactly_as_written) {
    scripted s(R"(
[[mock.http.script]]
match = { path = "/broken-304" }
raw = "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello"

[[mock.http.script]]
match = { path = "/cl-te" }
reply = { raw = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" }
)");
    raw_client c(s.port());
    c.send("GET /broken-304 HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(c.read_until_close() == "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello");
    raw_client d(s.port());
    d.send("GET /cl-te HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(d.read_until_close() == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    BOOST_TEST(s.mock->journal().snapshot().front().status == 0);
}

BOOST_AUTO_TEST_CASE(delay_throttle_close_after) {
    scripted s(R"(
[[mock.http.script]]
match = { path = "/slow" }
delay = "300ms"
reply = { status = 200, body = "late" }

[[mock.http.script]]
match = { path = "/drip" }
throttle = { bytes = 20, interval = "50ms" }
reply = { status = 200, body = "0123456789012345678901234567890123456789" }

[[mock.http.script]]
match = { path = "/cut" }
close_after = 20
reply = { status = 200, body = "0123456789012345678901234567890123456789" }

[[mock.http.script]]
match = { path = "/cut-body" }
close_after = 110
reply = { status = 200, body = "0123456789012345678901234567890123456789" }

[[mock.http.script]]
match = { path = "/slow-default" }
delay = "200ms"
)");
    auto t0 = std::chrono::steady_clock::now();
    auto r = curl_request(s.url("/slow"));
    BOOST_TEST(r.body == "late");
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 300ms));
    t0 = std::chrono::steady_clock::now();
    auto d = curl_request(s.url("/drip"));
    BOOST_TEST(d.status == 200);
    BOOST_TEST(d.body == "0123456789012345678901234567890123456789");
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 200ms));   // > 100 octets in 20-octet steps
    raw_client c(s.port());
    c.send("GET /cut HTTP/1.1\r\nHost: x\r\n\r\n");
    auto got = c.read_until_close();
    BOOST_TEST(got.size() == 20u);
    BOOST_TEST(got == "HTTP/1.1 200 OK\r\nDat");
    BOOST_TEST(c.closed());
    // Cut inside the content: the client sees a short transfer.
    auto cut = curl_request(s.url("/cut-body"));
    BOOST_TEST(cut.code == CURLE_PARTIAL_FILE);
    BOOST_TEST(cut.body.size() < 40u);
    // A script without a reply delays the default answer.
    t0 = std::chrono::steady_clock::now();
    BOOST_TEST(curl_request(s.url("/slow-default")).status == 404);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= 200ms));
}

BOOST_AUTO_TEST_CASE(faults_reset_garbage_close_hang) {
    scripted s(R"(
[[mock.http.script]]
match = { path = "/reset" }
fault = "reset"

[[mock.http.script]]
match = { path = "/garbage" }
fault = "garbage"
garbage = "\u0001\u0002NOT HTTP"

[[mock.http.script]]
match = { path = "/close" }
fault = "close"

[[mock.http.script]]
match = { path = "/hang" }
fault = "hang"
)");
    raw_client r(s.port());
    r.send("GET /reset HTTP/1.1\r\nHost: x\r\n\r\n");
    r.read_until_close();
    BOOST_TEST(r.reset());
    auto rc = curl_request(s.url("/reset"));
    BOOST_TEST((rc.code == CURLE_RECV_ERROR || rc.code == CURLE_GOT_NOTHING));

    raw_client g(s.port());
    g.send("GET /garbage HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(g.read_until_close() == std::string("\x01\x02NOT HTTP"));
    BOOST_TEST(g.closed());

    raw_client c(s.port());
    c.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(c.read_until_close().empty());
    BOOST_TEST(c.closed());
    BOOST_TEST(curl_request(s.url("/close")).code == CURLE_GOT_NOTHING);

    raw_client h(s.port());
    h.send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
    auto t0 = std::chrono::steady_clock::now();
    BOOST_TEST(h.read_some(400ms).empty());   // nothing while hanging
    BOOST_TEST(h.read_until_close(10000ms).empty());
    BOOST_TEST(h.closed());                    // bounded by the idle timeout
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5000ms));   // 600 ms, not an endless hang
    BOOST_TEST(s.mock->journal().size() == 6u);
}

BOOST_AUTO_TEST_CASE(times_sequences_and_states) {
    scripted s(R"(
[[mock.http.script]]
match = { path = "/hello.txt" }
times = 2
reply = { status = 503, headers = { Retry-After = "1" } }

[[mock.http.script]]
match = { path = "/seq" }
replies = [ { status = 500 }, { status = 502 }, { status = 200, body = "finally" } ]

[[mock.http.script]]
name = "login"
match = { method = "POST", path = "/login", body_contains = "user=alice" }
next_state = "logged-in"
reply = { status = 200, body = "welcome" }

[[mock.http.script]]
match = { path = "/data" }
state = "logged-in"
reply = { status = 200, body = "data" }

[[mock.http.script]]
match = { path = "/logout" }
state = "logged-in"
next_state = "out"
reply = { status = 204 }

[[mock.http.script]]
match = { path = "/data" }
reply = { status = 401, headers = { WWW-Authenticate = "Basic realm=\"x\"" } }
)");
    BOOST_TEST(curl_request(s.url("/hello.txt")).status == 503);
    BOOST_TEST(curl_request(s.url("/hello.txt")).status == 503);
    BOOST_TEST(curl_request(s.url("/hello.txt")).status == 200);   // times used up: falls through
    BOOST_TEST(curl_request(s.url("/seq")).status == 500);
    BOOST_TEST(curl_request(s.url("/seq")).status == 502);
    BOOST_TEST(curl_request(s.url("/seq")).body == "finally");
    BOOST_TEST(curl_request(s.url("/seq")).body == "finally");   // the last reply repeats
    BOOST_TEST(curl_request(s.url("/data")).status == 401);
    BOOST_TEST(curl_request(s.url("/login"), upload("POST", "user=bob")).status == 405);   // no match: default
    BOOST_TEST(curl_request(s.url("/login"), upload("POST", "user=alice")).body == "welcome");
    BOOST_TEST(s.mock->state() == "logged-in");
    BOOST_TEST(curl_request(s.url("/data")).body == "data");
    BOOST_TEST(curl_request(s.url("/logout")).status == 204);
    BOOST_TEST(curl_request(s.url("/data")).status == 401);
    BOOST_TEST(s.mock->state() == "out");
    s.mock->reset_scripts();
    BOOST_TEST(curl_request(s.url("/hello.txt")).status == 503);
    BOOST_TEST(s.mock->state() == "");
}

BOOST_AUTO_TEST_CASE(match_conditions) {
    scripted s(R"(
[[mock.http.script]]
match = { path_prefix = "/api/", method = ["PUT", "PATCH"] }
reply = { status = 202, body = "prefix+method" }

[[mock.http.script]]
match = { path_glob = "/img/*.png" }
reply = { status = 200, body = "glob" }

[[mock.http.script]]
match = { path_regex = "/items/[0-9]+" }
reply = { status = 200, body = "regex" }

[[mock.http.script]]
match = { path = "/search", query = { q = "cats", page = "*" } }
reply = { status = 200, body = "query" }

[[mock.http.script]]
match = { path = "/h", headers = { X-Token = "abc", Accept = { regex = "json" } } }
reply = { status = 200, body = "headers" }

[[mock.http.script]]
match = { path = "/b", body = "exact" }
reply = { status = 200, body = "body" }

[[mock.http.script]]
match = { path = "/b", body_regex = "^[0-9]+$" }
reply = { status = 200, body = "digits" }
)");
    BOOST_TEST(curl_request(s.url("/api/x"), upload("PUT", "1")).body == "prefix+method");
    BOOST_TEST(curl_request(s.url("/api/x")).status == 404);
    BOOST_TEST(curl_request(s.url("/img/a/b.png")).body == "glob");
    BOOST_TEST(curl_request(s.url("/img/a.jpg")).status == 404);
    BOOST_TEST(curl_request(s.url("/items/42")).body == "regex");
    BOOST_TEST(curl_request(s.url("/items/42x")).status == 404);
    BOOST_TEST(curl_request(s.url("/search?page=2&q=cats")).body == "query");
    BOOST_TEST(curl_request(s.url("/search?q=c%61ts&page=")).body == "query");
    BOOST_TEST(curl_request(s.url("/search?q=dogs&page=1")).status == 404);
    BOOST_TEST(curl_request(s.url("/search?q=cats")).status == 404);
    BOOST_TEST(curl_request(s.url("/h"), hdr({"X-Token: abc", "Accept: application/json"})).body == "headers");
    BOOST_TEST(curl_request(s.url("/h"), hdr({"X-Token: abc", "Accept: text/html"})).status == 404);
    BOOST_TEST(curl_request(s.url("/b"), upload("POST", "exact")).body == "body");
    BOOST_TEST(curl_request(s.url("/b"), upload("POST", "12345")).body == "digits");
    BOOST_TEST(curl_request(s.url("/b"), upload("POST", "other")).status == 405);   // default: no POST on files
}

BOOST_AUTO_TEST_CASE(catastrophic_body_regex_on_a_large_body_is_no_match) {
    // (a|aa)*b backtracks exponentially over a run of a's without a b. The script regex runs
    // bounded: the mock answers from the next script within seconds (a recursive matcher
    // overflowed its stack on a body this size, a backtracking one ran for hours).
    scripted s(R"(
[[mock.http.script]]
name = "catastrophic"
match = { path = "/upload", body_regex = "(a|aa)*b" }
reply = { status = 200, body = "matched" }

[[mock.http.script]]
match = { path = "/upload" }
reply = { status = 202, body = "fallback" }
)");
    auto options = upload("POST", std::string(1024 * 1024, 'a'));
    options.timeout_ms = 30000;
    const auto start = std::chrono::steady_clock::now();
    const auto reply = curl_request(s.url("/upload"), options);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(reply.code == CURLE_OK);
    BOOST_TEST(reply.status == 202);
    BOOST_TEST(reply.body == "fallback");
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 10);
    // The same pattern still matches where it can.
    BOOST_TEST(curl_request(s.url("/upload"), upload("POST", "aab")).body == "matched");
}

BOOST_AUTO_TEST_CASE(too_complex_script_regex_leaves_a_note_once) {
    auto config = load(R"(
[mock.http]
[[mock.http.script]]
name = "greedy"
match = { body_regex = "(a|aa)*b" }
reply = { status = 200 }
)");
    replycheck::mock::detail::script_engine engine(config.scripts, "");
    replycheck::mock::detail::http_request request;
    request.body = std::string(1024 * 1024, 'a');
    replycheck::mock::detail::script_request r{"POST", "/", "", &request};
    BOOST_TEST(!engine.choose(r).script);
    BOOST_TEST(!engine.choose(r).script);
    const auto notes = engine.notes();
    BOOST_REQUIRE(notes.size() == 1u);
    BOOST_TEST(notes[0].starts_with("mock HTTP script 'greedy' (mock.toml:"), notes[0]);  // not a conformance rule
    BOOST_TEST(notes[0].find("regex /(a|aa)*b/ too complex to match against 1.0 MB of request content; taken as no match") !=
                   std::string::npos,
               notes[0]);
}

BOOST_AUTO_TEST_CASE(iis_flavour_pages_and_substatus) {
    scripted s(R"(
[[mock.http.script]]
match = { path = "/denied" }
reply = { status = "403.14" }

[[mock.http.script]]
match = { path = "/handler" }
reply = { status = "404.3" }
)", "flavour = \"iis\"\n");
    auto denied = curl_request(s.url("/denied"));
    BOOST_TEST(denied.status == 403);
    BOOST_TEST(denied.body.find("HTTP Error 403.14 - Forbidden") != std::string::npos);
    BOOST_TEST(denied.header("content-type") == "text/html");
    auto handler = raw_request(s.port(), "GET /handler HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(handler.status_line == "HTTP/1.1 404 Not Found");   // the substatus never reaches the status line
    BOOST_TEST(handler.body.find("HTTP Error 404.3 - Not Found") != std::string::npos);
    auto missing = curl_request(s.url("/missing"));
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(missing.body.find("HTTP Error 404.0 - Not Found") != std::string::npos);
    BOOST_TEST(curl_request(s.url("/hello.txt")).body == "hello world\n");
}

BOOST_AUTO_TEST_CASE(config_errors_are_located) {
    auto e = config_error_of("[mock.http]\nroot = \"/\"\nbogus = 1\n");
    BOOST_TEST(e.find("mock.toml:3:1") == 0u);
    BOOST_TEST(e.find("unknown key 'bogus'") != std::string::npos);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nmatch = { path = \"/x\" }\nreply = { status = 700 }\n");
    BOOST_TEST(e.find("mock.toml:4:") == 0u);
    BOOST_TEST(e.find("status") != std::string::npos);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nreply = { status = 403.14 }\n");
    BOOST_TEST(e.find("as a string") != std::string::npos);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nmatch = { path_regex = \"([\" }\n");
    BOOST_TEST(e.find("mock.toml:3:") == 0u);
    BOOST_TEST(e.find("regular expression") != std::string::npos);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nfault = \"explode\"\n");
    BOOST_TEST(e.find("unknown fault") != std::string::npos);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nmatch = { paht = \"/x\" }\n");
    BOOST_TEST(e.find("unknown key 'paht'") != std::string::npos);
    e = config_error_of("[mock.http]\nroot = \"/definitely/not/here\"\n");
    BOOST_TEST(e.find("mock.toml:2:") == 0u);
    e = config_error_of("[mock.http]\n[[mock.http.redirect]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 304\n");
    BOOST_TEST(e.find("redirect status") != std::string::npos);
    e = config_error_of("[mock.http]\n[mock.http.limits]\nidle_timeout = \"soon\"\n");
    BOOST_TEST(e.find("mock.toml:3:") == 0u);
    e = config_error_of("[mock.http]\n[[mock.http.script]]\nreply = { status = 200, headers = { \"X\" = \"a\\r\\nb\" } }\n");
    BOOST_TEST(e.find("CR or LF") != std::string::npos);
    // A good file loads every part.
    auto c = load("[mock.http]\nlisten = \"127.0.0.1:0\"\nthreads = 2\nwritable = true\nflavour = \"iis\"\n"
                  "[[mock.http.auth]]\nprefix = \"/p\"\nuser = \"u\"\npassword = \"pw\"\n"
                  "[[mock.http.redirect]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 308\n"
                  "[mock.http.limits]\nmax_body = 10\n"
                  "[[mock.http.script]]\nmatch = { path = \"/x\" }\ntimes = 1\nreply = { status = \"403.14\" }\n");
    BOOST_TEST(c.threads == 2);
    BOOST_TEST(c.writable);
    BOOST_TEST(c.auth.size() == 1u);
    BOOST_TEST(c.redirects.front().status == 308);
    BOOST_TEST(c.limits.max_body == 10u);
    BOOST_TEST(c.scripts.front().replies.front().substatus == 14);
    BOOST_TEST(c.scripts.front().where.line == 16);
}
