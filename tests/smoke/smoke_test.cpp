// `smoke` in process: URL parsing, and the probes against the in-process mock set — clean on
// its defaults, each scripted defect caught with its rule id, passwords never in the result.
#include "harness/smoke/smoke.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include <boost/asio.hpp>

#include "smoke/smoke_helpers.hpp"

using namespace replycheck;
using namespace replycheck::test::smoke_helpers;


BOOST_AUTO_TEST_CASE(urls_are_taken_apart) {
    std::string error;
    auto t = harness::parse_smoke_url("http://user:p%40ss@example.test:8080/a/b?x=1#frag", error);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->scheme == "http");
    BOOST_TEST(t->host == "example.test");
    BOOST_TEST(t->port == 8080);
    BOOST_TEST(t->path == "/a/b?x=1");
    BOOST_TEST(t->user == "user");
    BOOST_TEST(t->password == "p@ss");
    BOOST_TEST(t->display == "http://user@example.test:8080/a/b?x=1");
    // ftps:// is TLS from the first byte on 990, ftpes:// is AUTH TLS on 21 (as curl and FileZilla).
    t = harness::parse_smoke_url("FTPS://[::1]/dir/", error);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->scheme == "ftps");
    BOOST_TEST((t->tls == protocol::tls_mode::implicit));
    BOOST_TEST(t->host == "::1");
    BOOST_TEST(t->port == 990);
    BOOST_TEST(t->path == "/dir/");
    t = harness::parse_smoke_url("ftpes://h/a%20b.txt", error);
    BOOST_REQUIRE(t);
    BOOST_TEST((t->tls == protocol::tls_mode::explicit_auth));
    BOOST_TEST(t->port == 21);
    BOOST_TEST(t->path == "/a b.txt");
    t = harness::parse_smoke_url("https://h", error);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->port == 443);
    BOOST_TEST(t->path == "/");
    BOOST_TEST(!harness::parse_smoke_url("gopher://h/", error));
    BOOST_TEST(error.find("gopher") != std::string::npos);
    BOOST_TEST(!harness::parse_smoke_url("http://h:99999/", error));
    BOOST_TEST(!harness::parse_smoke_url("http:///x", error));
    BOOST_TEST(!harness::parse_smoke_url("example.com", error));
}

BOOST_AUTO_TEST_CASE(mock_defaults_pass_every_probe) {
    temp_root root;
    auto set = start_mocks(R"(
[mock.http]
root = "www"
[mock.ftp]
root = "ftp"
users = [{ name = "alice", password = "pw-never-shown" }]
)",
                           root.path);
    const auto http = smoke(set->http()->base_url() + "/index.html");
    BOOST_TEST(harness::smoke_exit_code(http) == 0, summary(http));
    BOOST_TEST(reports::count(http).passed == 30, summary(http));

    const auto ftp = smoke("ftp://alice:pw-never-shown@127.0.0.1:" + std::to_string(set->ftp()->port()) + "/file.txt");
    BOOST_TEST(harness::smoke_exit_code(ftp) == 0, summary(ftp));
    // Not anonymous: the wrong-password probe runs and gets 530.
    bool wrong_password_ran = false;
    for (const auto& sc : ftp.suites.at(0).scenarios)
        if (sc.name == "wrong password gives 530") wrong_password_ran = sc.result == reports::outcome::passed;
    BOOST_TEST(wrong_password_ran);
    // The password appears nowhere in the result.
    for (const auto& suite : ftp.suites) {
        BOOST_TEST(suite.name.find("pw-never-shown") == std::string::npos);
        for (const auto& sc : suite.scenarios)
            for (const auto& st : sc.steps) {
                BOOST_TEST(st.transcript.find("pw-never-shown") == std::string::npos, st.transcript);
                BOOST_TEST(st.label.find("pw-never-shown") == std::string::npos);
            }
    }
    set->stop();
}

BOOST_AUTO_TEST_CASE(scripted_http_defects_are_caught) {
    temp_root root;
    auto set = start_mocks(R"(
[mock.http]
root = "www"
[[mock.http.script]]
match = { headers = { If-None-Match = "*" } }
raw = "HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nbody"
[[mock.http.script]]
match = { headers = { Range = "*" } }
reply = { status = 206, body = "hello" }
[[mock.http.script]]
match = { method = "OPTIONS" }
reply = { status = 405 }
[[mock.http.script]]
match = { path = "/private" }
reply = { status = 401 }
)",
                           root.path);
    const auto run = smoke(set->http()->base_url() + "/index.html");
    BOOST_TEST(harness::smoke_exit_code(run) == 1);
    BOOST_TEST(failed_with(run, "If-None-Match gives 304", "http.304.no-body"), summary(run));
    BOOST_TEST(failed_with(run, "Range gives 206", "http.206.content-range"), summary(run));
    BOOST_TEST(failed_with(run, "OPTIONS", "http.405.allow"), summary(run));
    const auto auth = smoke(set->http()->base_url() + "/private");
    BOOST_TEST(failed_with(auth, "GET gives 200", "http.401.www-authenticate"), summary(auth));

    // Allowed rules no longer fail.
    harness::smoke_options allow;
    allow.allowed = {"http.304.*", "http.206.*", "http.405.allow"};
    const auto allowed = smoke(set->http()->base_url() + "/index.html", allow);
    BOOST_TEST(failed_rules(allowed).empty(), summary(allowed));
    set->stop();
}

BOOST_AUTO_TEST_CASE(scripted_ftp_defects_are_caught) {
    temp_root root;
    auto set = start_mocks(R"(
[mock.ftp]
root = "ftp"
anonymous = true
[[mock.ftp.script]]
match = { command = "PASV" }
reply = ["227 Entering Passive Mode 127,0,0,1"]
[[mock.ftp.script]]
match = { command = "LIST" }
reply = ["226 Transfer complete."]
[[mock.ftp.script]]
match = { command = "FEAT" }
reply = ["211-Features:", " SIZE"]
close = true
)",
                           root.path);
    const auto run = smoke("ftp://127.0.0.1:" + std::to_string(set->ftp()->port()) + "/file.txt");
    BOOST_TEST(harness::smoke_exit_code(run) == 1);
    BOOST_TEST(failed_with(run, "FEAT gives 211", "ftp.reply.multiline"), summary(run));
    set->stop();

    // A fresh mock without the FEAT fault, so the session reaches PASV and LIST.
    auto second = start_mocks(R"(
[mock.ftp]
root = "ftp"
anonymous = true
[[mock.ftp.script]]
match = { command = "PASV" }
reply = ["227 Entering Passive Mode 127,0,0,1"]
[[mock.ftp.script]]
match = { command = "LIST" }
reply = ["226 Transfer complete."]
)",
                              root.path);
    const auto run2 = smoke("ftp://127.0.0.1:" + std::to_string(second->ftp()->port()) + "/file.txt");
    BOOST_TEST(failed_with(run2, "PASV gives 227", "ftp.227.format"), summary(run2));
    BOOST_TEST(failed_with(run2, "LIST transfers a listing", "ftp.transfer.preliminary"), summary(run2));
    second->stop();
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_ends_within_the_timeout) {
    // A listener that never accepts: the TCP handshake completes in the backlog, then silence.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const auto port = std::to_string(acceptor.local_endpoint().port());
    for (const std::string scheme : {"http", "ftp"}) {
        harness::smoke_options options;
        const auto start = std::chrono::steady_clock::now();
        options.timeout = std::chrono::milliseconds(500);
        protocol::redactor redact;
        const auto run = harness::run_smoke({scheme + "://127.0.0.1:" + port + "/"}, options, redact);
        const auto took = std::chrono::steady_clock::now() - start;
        BOOST_TEST(harness::smoke_exit_code(run) == 1);
        BOOST_TEST(reports::count(run).errors == 1, summary(run));
        BOOST_TEST(reports::count(run).skipped >= 10);
        BOOST_TEST(took < std::chrono::seconds(5), scheme << " took too long");
    }
}

BOOST_AUTO_TEST_CASE(http31_answered_as_http11_is_skipped_not_failed) {
    // RFC 9110 §6.2: a server may answer a higher version in its own; 505 is optional.
    auto server = http_server([](const std::string&) { return http_reply("200 OK", "hello"); });
    const auto run = smoke("http://127.0.0.1:" + std::to_string(server->port()) + "/file.txt");
    const auto* sc = scenario(run, "HTTP/3.1 request line gets 505 or an HTTP/1.x reply");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::skipped), summary(run));
    BOOST_TEST(sc->message.find("HTTP/1.1 200") != std::string::npos, sc->message);
}

BOOST_AUTO_TEST_CASE(a_delayed_wrong_password_reply_is_waited_for) {
    // Servers delay a failed login on purpose (pyftpdlib 3 s): longer than the 2 s reply timeout.
    temp_root root;
    auto set = start_mocks(R"(
[mock.ftp]
root = "ftp"
users = [{ name = "alice", password = "secret" }]
[[mock.ftp.script]]
match = { command = "PASS", argument = "wrong-*", pattern = "glob" }
delay = "3s"
reply = ["530 Login incorrect."]
)",
                           root.path);
    const auto run = smoke("ftp://alice:secret@127.0.0.1:" + std::to_string(set->ftp()->port()) + "/file.txt");
    const auto* sc = scenario(run, "wrong password gives 530");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::passed), summary(run));
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    set->stop();
}

namespace {

// A small origin server that is right on every probe but ignores If-Match (as lighttpd does).
std::string ignores_if_match(const std::string& request) {
    const std::string etag = "ETag: \"v1\"\r\n";
    if (request.starts_with("HEAD "))
        return "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\n" + etag +
               "Content-Length: 5\r\nConnection: close\r\n\r\n";
    if (request.find(" HTTP/3.1\r\n") != std::string::npos) return http_reply("505 HTTP Version Not Supported", "");
    if (malformed_request(request)) return http_reply("400 Bad Request", "");
    if (request.find("If-None-Match: *") != std::string::npos || request.find("If-None-Match: W/\"v1\"") != std::string::npos)
        return "HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n" + etag + "Connection: close\r\n\r\n";
    if (request.starts_with("REPLYCHECK ")) return http_reply("501 Not Implemented", "");
    if (request.starts_with("OPTIONS ")) return http_reply("200 OK", "", "Allow: GET, HEAD, OPTIONS\r\n");
    if (request.find("replycheck-missing-") != std::string::npos) return http_reply("404 Not Found", "");
    if (request.find("?replycheck=") != std::string::npos) return http_reply("414 URI Too Long", "");
    if (request.find("X-Replycheck-Padding") != std::string::npos)
        return http_reply("431 Request Header Fields Too Large", "");
    if (request.find("If-None-Match: \"v1\"") != std::string::npos)
        return "HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n" + etag + "Connection: close\r\n\r\n";
    return http_reply("200 OK", "hello", etag);  // also for If-Match and Range (ignored)
}

}  // namespace

BOOST_AUTO_TEST_CASE(probe_expectations_cite_an_id_and_can_be_allowed) {
    auto server = http_server(ignores_if_match);
    const auto url = "http://127.0.0.1:" + std::to_string(server->port()) + "/file.txt";
    const auto run = smoke(url);
    BOOST_TEST(harness::smoke_exit_code(run) == 1, summary(run));
    const auto* sc = scenario(run, "If-Match mismatch gives 412");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::failed), summary(run));
    BOOST_TEST(sc->message.find("smoke.http.if-match-412 (RFC 9110 §13.1.1)") != std::string::npos, sc->message);
    BOOST_TEST(reports::count(run).failed == 1, summary(run));
    BOOST_TEST(harness::find_smoke_expectation("smoke.http.if-match-412") != nullptr);

    for (const std::string allow : {"smoke.http.if-match-412", "smoke.http.*"}) {
        harness::smoke_options options;
        options.allowed = {allow};
        const auto allowed = smoke(url, options);
        BOOST_TEST(harness::smoke_exit_code(allowed) == 0, allow << ": " << summary(allowed));
        const auto* waived = scenario(allowed, "If-Match mismatch gives 412");
        BOOST_REQUIRE(waived);
        BOOST_REQUIRE(!waived->steps.empty());
        bool recorded = false;
        for (const auto& f : waived->steps.back().findings)
            recorded = recorded || (f.rule_id == "smoke.http.if-match-412" && f.level == protocol::rule_level::info);
        BOOST_TEST(recorded, "the waived miss stays in the report as an info finding");
    }
}

BOOST_AUTO_TEST_CASE(a_redirect_or_a_challenge_skips_the_resource_probes) {
    // Like Apache's mod_dir: /dir redirects to /dir/ whatever the method or the header fields.
    std::uint16_t port = 0;
    auto redirecting = http_server([&port](const std::string& request) {
        if (malformed_request(request)) return http_reply("400 Bad Request", "");
        if (request.find(" /dir") == std::string::npos) return http_reply("404 Not Found", "");
        return http_reply("301 Moved Permanently", "",
                          "Location: http://127.0.0.1:" + std::to_string(port) + "/dir/\r\n");
    });
    port = redirecting->port();
    const auto run = smoke("http://127.0.0.1:" + std::to_string(port) + "/dir");
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    const auto* get = scenario(run, "GET gives 200");
    BOOST_REQUIRE(get);
    BOOST_TEST((get->result == reports::outcome::skipped), summary(run));
    BOOST_TEST(get->message == "GET /dir answered 301 to http://127.0.0.1:" + std::to_string(port) +
                                   "/dir/: smoke the final URL");
    for (const auto* name : {"HEAD matches GET", "If-Match mismatch gives 412", "unknown method gives 405 or 501",
                             "oversized header section gives a 4xx", "HTTP/3.1 request line gets 505 or an HTTP/1.x reply"}) {
        const auto* sc = scenario(run, name);
        BOOST_REQUIRE(sc);
        BOOST_TEST((sc->result == reports::outcome::skipped), name);
        BOOST_TEST(sc->message == get->message, name);
    }

    // Behind authentication: 401 with a challenge (RFC 9110 §15.5.2) to every request with Host.
    auto protected_server = http_server([](const std::string& request) {
        if (malformed_request(request)) return http_reply("400 Bad Request", "");
        return http_reply("401 Unauthorized", "", "WWW-Authenticate: Basic realm=\"test\"\r\n");
    });
    const auto auth = smoke("http://127.0.0.1:" + std::to_string(protected_server->port()) + "/file.txt");
    BOOST_TEST(harness::smoke_exit_code(auth) == 0, summary(auth));
    const auto* missing = scenario(auth, "missing path gives 404");
    BOOST_REQUIRE(missing);
    BOOST_TEST((missing->result == reports::outcome::skipped), summary(auth));
    BOOST_TEST(missing->message.find("needs credentials") != std::string::npos, missing->message);
}

BOOST_AUTO_TEST_CASE(a_login_that_times_out_is_not_called_a_failed_login) {
    temp_root root;
    auto set = start_mocks(R"(
[mock.ftp]
root = "ftp"
anonymous = true
[[mock.ftp.script]]
match = { command = "USER" }
delay = "4s"
reply = ["331 Password required."]
)",
                           root.path);
    const auto run = smoke("ftp://127.0.0.1:" + std::to_string(set->ftp()->port()) + "/file.txt");
    BOOST_TEST(harness::smoke_exit_code(run) == 1, summary(run));
    const auto* pwd = scenario(run, "PWD gives 257");
    BOOST_REQUIRE(pwd);
    BOOST_TEST((pwd->result == reports::outcome::skipped), summary(run));
    BOOST_TEST(pwd->message.find("timed out") != std::string::npos, pwd->message);
    set->stop();
}
