// The HTTP/1.1 probes of conditionals, negotiation and request hygiene: each passes on the
// mock's defaults (or a scripted mock where the mock has no such feature) and fails, citing its
// expectation id, against a loopback peer behaving like the class of server it catches.
#include "harness/smoke/smoke.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <chrono>
#include <string>

#include "smoke/smoke_helpers.hpp"

using namespace replycheck;
using namespace replycheck::test::smoke_helpers;

namespace {

std::string url_of(const test::canned_server& server) { return fmt::format("http://127.0.0.1:{}/file.txt", server.port()); }

// The scenario `name` of `run` failed, citing `id` in its message or as a failing finding.
void expect_failed(const reports::run_result& run, const std::string& name, const std::string& id) {
    const auto* sc = scenario(run, name);
    BOOST_REQUIRE_MESSAGE(sc, "no scenario " << name);
    BOOST_TEST((sc->result == reports::outcome::failed), name << ": " << summary(run));
    BOOST_TEST((sc->message.find(id) != std::string::npos || failed_with(run, name, id)), name << ": " << sc->message);
}

// The scenario `name` passed; with `info_id`, it carries that info finding.
void expect_passed(const reports::run_result& run, const std::string& name, const std::string& info_id = "") {
    const auto* sc = scenario(run, name);
    BOOST_REQUIRE_MESSAGE(sc, "no scenario " << name);
    BOOST_TEST((sc->result == reports::outcome::passed), name << ": " << summary(run));
    if (info_id.empty() || sc->steps.empty()) return;
    bool noted = false;
    for (const auto& f : sc->steps.back().findings)
        noted = noted || (f.rule_id == info_id && f.level == protocol::rule_level::info);
    BOOST_TEST(noted, name << " lacks the info finding " << info_id);
}

// The mock with `scripts` over a root with index.html; the URL of index.html.
struct scripted_mock {
    temp_root root;
    std::unique_ptr<mock::mock_set> set;
    explicit scripted_mock(const std::string& scripts) {
        set = start_mocks("[mock.http]\nroot = \"www\"\n" + scripts, root.path);
    }
    ~scripted_mock() { set->stop(); }
    std::string url() const { return set->http()->base_url() + "/index.html"; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_mock_defaults_pass_every_new_probe) {
    scripted_mock mock("");
    harness::smoke_options strict;
    strict.strict = true;
    const auto run = smoke(mock.url(), strict);
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    for (const auto* name :
         {"If-None-Match * gives 304", "weak If-None-Match gives 304", "invalid If-Modified-Since is ignored",
          "future If-Modified-Since is ignored", "If-None-Match wins over If-Modified-Since",
          "past If-Unmodified-Since gives 412", "TRACE is disabled", "space before colon gives 400",
          "folded field line gives 400 or is joined", "Content-Length with Transfer-Encoding is refused or closed",
          "two Content-Length values give 400", "Expect: 100-continue gets 100 or a final status",
          "unknown expectation gets 417", "POST without a length is answered"})
        expect_passed(run, name);
    // No finding at all: not even information (the mock ignores a future date, answers 417).
    for (const auto& sc : run.suites.at(0).scenarios)
        for (const auto& st : sc.steps) BOOST_TEST(st.findings.empty(), sc.name << " has findings");
}

BOOST_AUTO_TEST_CASE(conditionals_that_are_ignored_or_misread_fail) {
    // A server that reads If-Modified-Since before If-None-Match and takes any date, compares
    // entity-tags strongly, and ignores If-None-Match: * and If-Unmodified-Since.
    auto server = origin_server([](const std::string& r) {
        const std::string validators = fmt::format("ETag: {}\r\nLast-Modified: {}\r\n", origin_etag, origin_modified);
        if (r.starts_with("GET ") && !malformed_request(r)) {
            if (r.find("\r\nIf-Modified-Since:") != std::string::npos)
                return fmt::format("HTTP/1.1 304 Not Modified\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nETag: {}\r\n"
                                   "Connection: close\r\n\r\n",
                                   origin_etag);
            if (r.find("\r\nIf-None-Match: *\r\n") != std::string::npos ||
                r.find("\r\nIf-None-Match: W/") != std::string::npos ||
                r.find("\r\nIf-Unmodified-Since:") != std::string::npos)
                return origin_reply("200 OK", "hello", validators);
        }
        return plain_origin(r);
    });
    const auto run = smoke(url_of(*server));
    BOOST_TEST(harness::smoke_exit_code(run) == 1);
    expect_failed(run, "If-None-Match * gives 304", "smoke.http.if-none-match-star-304");
    expect_failed(run, "weak If-None-Match gives 304", "smoke.http.if-none-match-weak-304");
    expect_failed(run, "invalid If-Modified-Since is ignored", "smoke.http.ims-invalid-date-200");
    expect_failed(run, "If-None-Match wins over If-Modified-Since", "smoke.http.inm-over-ims-200");
    expect_failed(run, "past If-Unmodified-Since gives 412", "smoke.http.if-unmodified-since-412");
    // RFC 9110 compares a future date like any other: a 304 is news, not a failure.
    expect_passed(run, "future If-Modified-Since is ignored", "smoke.http.ims-future-date-200");
    expect_passed(run, "If-Modified-Since gives 304");
    expect_passed(run, "If-None-Match gives 304");
}

namespace {

// A mock whose index.html varies by Accept-Encoding: a "gzip" 200 (its own ETag), the 304 to
// it and HEAD, shaped by `vary_200`, `vary_304` and the HEAD's content.
std::string negotiation_scripts(bool vary_200, bool vary_304, std::string_view head_body) {
    const std::string vary = "Vary = \"Accept-Encoding\", ";
    return fmt::format(R"(
[[mock.http.script]]
match = {{ method = "GET", headers = {{ Accept-Encoding = "gzip", If-None-Match = "\"gz1\"" }} }}
reply = {{ status = 304, headers = {{ {}ETag = "\"gz1\"" }} }}
[[mock.http.script]]
match = {{ method = "HEAD", headers = {{ Accept-Encoding = "gzip" }} }}
reply = {{ status = 200, headers = {{ {}ETag = "\"gz1\"", Content-Encoding = "gzip", Content-Type = "text/html" }}, body = "{}" }}
[[mock.http.script]]
match = {{ method = "GET", headers = {{ Accept-Encoding = "gzip" }} }}
reply = {{ status = 200, headers = {{ {}ETag = "\"gz1\"", Content-Encoding = "gzip", Content-Type = "text/html" }}, body = "GZIPPED" }}
)",
                       vary_304 ? vary : "", vary_200 ? vary : "", head_body, vary_200 ? vary : "");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_coding_that_varies_is_announced_on_the_200_and_the_304) {
    const std::string probe = "Accept-Encoding varies with Vary on 200 and 304";
    const std::string head = "HEAD with Accept-Encoding matches GET";
    {
        scripted_mock mock(negotiation_scripts(true, true, "GZIPPED"));
        const auto run = smoke(mock.url());
        BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
        expect_passed(run, probe);
        expect_passed(run, head);
        BOOST_TEST(scenario(run, probe)->steps.size() == 2u, "the 304 was not asked for");
    }
    {
        // The stock Apache (and nginx gzip_vary) case: Vary on the 200, not on its 304.
        scripted_mock mock(negotiation_scripts(true, false, "GZIPPED"));
        const auto run = smoke(mock.url());
        BOOST_TEST(harness::smoke_exit_code(run) == 1);
        expect_failed(run, probe, "http.304.cache-fields");
        BOOST_TEST(scenario(run, probe)->message.find("lacks Vary") != std::string::npos, scenario(run, probe)->message);
    }
    {
        // No Vary at all: a SHOULD (RFC 9110 §12.5.5), so a warning unless --strict.
        scripted_mock mock(negotiation_scripts(false, false, "GZIPPED"));
        const auto run = smoke(mock.url());
        BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
        harness::smoke_options strict;
        strict.strict = true;
        expect_failed(smoke(mock.url(), strict), probe, "smoke.http.vary-accept-encoding");
    }
    {
        // HEAD announcing another length than the coded GET sends (RFC 9110 §8.6).
        scripted_mock mock(negotiation_scripts(true, true, "a longer body than GET has"));
        const auto run = smoke(mock.url());
        expect_failed(run, head, "http.head.content-length");
    }
}

BOOST_AUTO_TEST_CASE(requests_a_server_must_refuse_fail_when_accepted) {
    // A lax server: whitespace before the colon, a folded line read as garbage, two
    // Content-Length values and an HTTP/1.1 request are all served.
    auto lax = origin_server([](const std::string& r) {
        const std::string validators = fmt::format("ETag: {}\r\nLast-Modified: {}\r\n", origin_etag, origin_modified);
        if (r.find("X-Replycheck-Space :") != std::string::npos || r.find("\r\n \"") != std::string::npos ||
            r.find("Content-Length: 5") != std::string::npos)
            return r.starts_with("POST ") ? origin_reply("405 Method Not Allowed", "", "Allow: GET, HEAD, OPTIONS\r\n")
                                          : origin_reply("200 OK", "hello", validators);
        return plain_origin(r);
    });
    const auto run = smoke(url_of(*lax));
    BOOST_TEST(harness::smoke_exit_code(run) == 1);
    expect_failed(run, "space before colon gives 400", "smoke.http.space-before-colon-400");
    expect_failed(run, "folded field line gives 400 or is joined", "smoke.http.obs-fold");
    expect_failed(run, "two Content-Length values give 400", "smoke.http.duplicate-content-length-400");
}

namespace {

// A keep-alive server that frames a request by Transfer-Encoding (`by_chunks`) or by
// Content-Length, answers each request on the connection and never closes first.
std::unique_ptr<test::canned_server> keep_alive_server(bool by_chunks) {
    return std::make_unique<test::canned_server>([by_chunks](test::canned_connection& c) {
        for (int i = 0; i < 3; ++i) {
            const auto head = c.read_until("\r\n\r\n", std::chrono::milliseconds(1500));
            if (head.empty()) return;
            if (head.find("Transfer-Encoding: chunked") == std::string::npos) {
                c.write(plain_origin(head));
                c.wait_close(std::chrono::seconds(2));
                return;
            }
            if (by_chunks) c.read_until("0\r\n\r\n");
            else c.read_until("never sent", std::chrono::milliseconds(300));  // the rest, as content
            c.write("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\n"
                    "ETag: \"v1\"\r\nContent-Length: 2\r\n\r\nok");
        }
        c.wait_close(std::chrono::seconds(2));
    });
}

}  // namespace

BOOST_AUTO_TEST_CASE(content_length_with_transfer_encoding_is_refused_or_closed) {
    const std::string name = "Content-Length with Transfer-Encoding is refused or closed";
    auto smuggles = keep_alive_server(true);
    const auto run = smoke(url_of(*smuggles));
    expect_failed(run, name, "smoke.http.cl-te");
    BOOST_TEST(scenario(run, name)->message.find("second request") != std::string::npos, scenario(run, name)->message);

    auto stays_open = keep_alive_server(false);
    const auto open = smoke(url_of(*stays_open));
    expect_failed(open, name, "smoke.http.cl-te");
    BOOST_TEST(scenario(open, name)->message.find("stayed open") != std::string::npos, scenario(open, name)->message);
}

BOOST_AUTO_TEST_CASE(a_server_waiting_for_content_fails_the_probes_that_send_some) {
    // It sends no 100 (Continue) and waits for content: for Expect: 100-continue, for a POST
    // that has no length (RFC 9112 §6.3: no content), which it reads until close, and for one
    // with two lengths.
    auto waits = std::make_unique<test::canned_server>([](test::canned_connection& c) {
        const auto head = c.read_until("\r\n\r\n");
        if (head.starts_with("POST ")) {
            c.wait_close(std::chrono::seconds(20));
            return;
        }
        c.write(plain_origin(head));
        ::shutdown(c.fd(), SHUT_WR);
        c.wait_close(std::chrono::seconds(2));
    });
    const auto start = std::chrono::steady_clock::now();
    const auto run = smoke(url_of(*waits), {}, std::chrono::milliseconds(700));
    // Each probe ends at its 700 ms timeout, not at the server's close after 20 s.
    BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(10)));
    expect_failed(run, "Expect: 100-continue gets 100 or a final status", "smoke.http.expect-continue");
    expect_failed(run, "POST without a length is answered", "smoke.http.post-no-length");
    expect_failed(run, "two Content-Length values give 400", "smoke.http.duplicate-content-length-400");
    // The silence is the probe's verdict, not "the server stopped answering".
    expect_passed(run, "unknown expectation gets 417");

    // A server that sends 100 (Continue), then reads the content and answers.
    auto continues = std::make_unique<test::canned_server>([](test::canned_connection& c) {
        const auto head = c.read_until("\r\n\r\n");
        if (head.find("Expect: 100-continue") != std::string::npos) {
            c.write("HTTP/1.1 100 Continue\r\n\r\n");
            if (c.read_until("hello").find("hello") == std::string::npos) return;
        }
        c.write(plain_origin(head));
        ::shutdown(c.fd(), SHUT_WR);
        c.wait_close(std::chrono::seconds(2));
    });
    const auto good = smoke(url_of(*continues));
    expect_passed(good, "Expect: 100-continue gets 100 or a final status");
    const auto& step = scenario(good, "Expect: 100-continue gets 100 or a final status")->steps.back();
    BOOST_TEST(step.transcript.find("HTTP/1.1 100 Continue") != std::string::npos, step.transcript);
}

BOOST_AUTO_TEST_CASE(trace_echo_and_an_ignored_expectation_are_reported_and_sent_without_credentials) {
    // TRACE echoes the request; an unknown expectation is ignored (allowed: 417 is a MAY).
    auto echoes = origin_server([](const std::string& r) {
        if (r.find("\r\nExpect: replycheck") != std::string::npos)
            return origin_reply("200 OK", "hello", fmt::format("ETag: {}\r\n", origin_etag));
        if (!r.starts_with("TRACE ")) return plain_origin(r);
        auto echo = origin_reply("200 OK", r);
        return echo.replace(echo.find("text/plain"), 10, "message/http");
    });
    harness::smoke_options options;
    options.user = "alice";
    options.password = "secret";
    options.headers = {{"X-Api-Key", "key-never-traced"}};
    const auto run = smoke(url_of(*echoes), options);
    const std::string name = "TRACE is disabled";
    expect_passed(run, name, "smoke.http.trace-enabled");
    expect_passed(run, "unknown expectation gets 417", "smoke.http.unknown-expectation-417");
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    const auto& step = scenario(run, name)->steps.back();
    BOOST_TEST(step.transcript.find("Authorization") == std::string::npos, step.transcript);
    BOOST_TEST(step.transcript.find("key-never-traced") == std::string::npos, step.transcript);

    auto refuses = origin_server(plain_origin);
    expect_passed(smoke(url_of(*refuses)), name);
}
