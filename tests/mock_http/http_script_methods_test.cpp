// Scripts for methods the mock's origin does not know (WebDAV's MKCOL, extensions): a script that
// names the method answers it, the built-in 501 (RFC 9110 §15.6.2) stays for the others, and the
// head errors of a broken request still come first. Replies read from a raw_file are sent byte
// for byte.
#include "mockserver/http/http_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <toml++/toml.h>

#include "mock_http/support.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_semantics.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
using replycheck::mock::http_mock;
using replycheck::mock::load_http_mock_config;

namespace {

std::unique_ptr<http_mock> start(const temp_dir& dir, const std::string& scripts) {
    const std::string text = "[mock.http]\nroot = \"" + dir.path.string() + "\"\n" + scripts;
    auto doc = toml::parse(std::string_view(text), std::string_view("mock.toml"));
    auto mock = std::make_unique<http_mock>(load_http_mock_config(*doc["mock"]["http"].as_table(), dir.path, "mock.toml"));
    mock->start();
    return mock;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_script_naming_an_unknown_method_answers_it) {
    temp_dir dir;
    dir.write("hello.txt", "hello\n");
    auto mock = start(dir, R"(
[[mock.http.script]]
match = { method = "MKCOL", path = "/dav/new/" }
reply = { status = 201, body = "made" }

[[mock.http.script]]
match = { method = "PROPFIND", path = "/dav/" }
reply = { status = 207, headers = { Content-Type = "application/xml" }, body = "<multistatus/>" }
)");
    const auto port = mock->port();
    auto made = raw_request(port, "MKCOL /dav/new/ HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(made.status == 201);
    BOOST_TEST(made.body == "made");
    // With content (Content-Length read as for any method), another scripted method.
    auto found = raw_request(port, "PROPFIND /dav/ HTTP/1.1\r\nHost: x\r\nDepth: 1\r\nContent-Length: 3\r\n\r\nabc");
    BOOST_TEST(found.status == 207);
    BOOST_TEST(found.body == "<multistatus/>");
    // The method is known to the mock now; another resource does not support it (RFC 9110 §15.5.6).
    BOOST_TEST(raw_request(port, "MKCOL /elsewhere/ HTTP/1.1\r\nHost: x\r\n\r\n").status == 405);
    // No script names it: the built-in 501.
    BOOST_TEST(raw_request(port, "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").status == 501);
    // A broken head is refused before any script: HTTP/1.1 without Host, a major version 2.
    BOOST_TEST(raw_request(port, "MKCOL /dav/new/ HTTP/1.1\r\n\r\n").status == 400);
    BOOST_TEST(raw_request(port, "MKCOL /dav/new/ HTTP/2.0\r\nHost: x\r\n\r\n").status == 505);
    // Known methods are untouched.
    BOOST_TEST(raw_request(port, "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").body == "hello\n");
    mock->stop();
}

BOOST_AUTO_TEST_CASE(a_script_past_its_uses_no_longer_names_its_method) {
    temp_dir dir;
    auto mock = start(dir, R"(
[[mock.http.script]]
match = { method = "LOCK" }
times = 1
reply = { status = 200, body = "locked" }
)");
    BOOST_TEST(raw_request(mock->port(), "LOCK /a HTTP/1.1\r\nHost: x\r\n\r\n").status == 200);
    BOOST_TEST(raw_request(mock->port(), "LOCK /a HTTP/1.1\r\nHost: x\r\n\r\n").status == 501);
    mock->stop();
}

BOOST_AUTO_TEST_CASE(head_error_lets_a_scripted_method_through_and_keeps_the_others) {
    using replycheck::mock::detail::head_error;
    replycheck::mock::detail::http_request r;
    r.method = "MKCOL";
    r.version = 11;
    r.host_count = 1;
    BOOST_TEST(head_error(r, false, std::nullopt, 1000) == 501);
    BOOST_TEST(head_error(r, false, std::nullopt, 1000, true) == 0);
    BOOST_TEST(head_error(r, false, 1001u, 1000, true) == 413);   // the limits still hold
    r.host_count = 0;
    BOOST_TEST(head_error(r, false, std::nullopt, 1000, true) == 400);
}

BOOST_AUTO_TEST_CASE(raw_file_is_sent_byte_for_byte) {
    temp_dir dir;
    const std::string reply = std::string("HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 4\r\n\r\n") +
                              std::string("\xff\xfe\x00\x01", 4);
    dir.write("r.bin", reply);
    auto mock = start(dir, R"(
[[mock.http.script]]
match = { path = "/bin" }
reply = { raw_file = "r.bin" }
)");
    raw_client c(mock->port());
    c.send("GET /bin HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(c.read_until_close() == reply);
    mock->stop();
}

BOOST_AUTO_TEST_CASE(raw_file_errors_are_located) {
    temp_dir dir;
    dir.write("r.bin", "HTTP/1.1 204 No Content\r\n\r\n");
    auto error_of = [&](const std::string& reply) {
        try {
            start(dir, "[[mock.http.script]]\nreply = " + reply + "\n");
        } catch (const replycheck::protocol::config_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(error_of("{ raw_file = \"missing.bin\" }").find("is not a readable file") != std::string::npos);
    BOOST_TEST(error_of("{ raw_file = \"r.bin\", status = 200 }").find("no other reply keys") != std::string::npos);
    BOOST_TEST(error_of("{ raw_file = \"r.bin\" }") == "no error");
}
