// The HTTP smoke verdicts that used to be wrong, each against a loopback peer behaving like the
// class of server concerned: a SHOULD missed is a warning (a failure only with --strict), any
// 4xx to an oversized header section passes the MUST, a complete reply before a reset is judged,
// If-Match is evaluated without an ETag, and a reply in HTTP/3.1 is named for what it is.
#include "harness/smoke/smoke.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <chrono>
#include <string>

#include "harness/clients/raw_tcp_client.hpp"
#include "smoke/smoke_helpers.hpp"

using namespace replycheck;
using namespace replycheck::test::smoke_helpers;

namespace {

std::string url_of(const test::canned_server& server, std::string_view path = "/file.txt") {
    return fmt::format("http://127.0.0.1:{}{}", server.port(), path);
}

// The finding `id` of the scenario's last step, nullptr when none.
const protocol::finding* finding(const reports::scenario_result& sc, std::string_view id) {
    if (sc.steps.empty()) return nullptr;
    for (const auto& f : sc.steps.back().findings)
        if (f.rule_id == id) return &f;
    return nullptr;
}

harness::smoke_options strict() {
    harness::smoke_options options;
    options.strict = true;
    return options;
}

// Runs `url` normally and with --strict: a warning first (exit 0, the scenario passed with a
// SHOULD finding `id`), then a failure citing `id`.
void expect_should_warning(const std::string& url, const std::string& name, const std::string& id) {
    const auto run = smoke(url);
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    const auto* sc = scenario(run, name);
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::passed), summary(run));
    const auto* f = finding(*sc, id);
    BOOST_REQUIRE_MESSAGE(f, "no " << id << " finding in " << name);
    BOOST_TEST((f->level == protocol::rule_level::should));

    const auto strict_run = smoke(url, strict());
    BOOST_TEST(harness::smoke_exit_code(strict_run) == 1, summary(strict_run));
    const auto* failed = scenario(strict_run, name);
    BOOST_REQUIRE(failed);
    BOOST_TEST((failed->result == reports::outcome::failed), summary(strict_run));
    BOOST_TEST(failed->message.find(id) != std::string::npos, failed->message);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_plain_origin_peer_passes_every_probe) {
    // The baseline of the peers below: if it failed, their verdicts would prove nothing.
    auto server = origin_server(plain_origin);
    const auto run = smoke(url_of(*server), strict());
    BOOST_TEST(harness::smoke_exit_code(run) == 0, summary(run));
    BOOST_TEST(reports::count(run).failed == 0, summary(run));
}

BOOST_AUTO_TEST_CASE(an_unknown_method_served_or_refused_with_400_is_a_should_warning) {
    // RFC 9110 §9.1: an origin server SHOULD answer an unknown method with 501; serving the
    // file (200, as some static servers do) or 400 misses a SHOULD, not a MUST.
    for (const std::string status : {"200 OK", "400 Bad Request"}) {
        auto server = origin_server([status](const std::string& r) {
            if (r.starts_with("REPLYCHECK "))
                return origin_reply(status, "hello", fmt::format("ETag: {}\r\nLast-Modified: {}\r\n", origin_etag,
                                                                 origin_modified));
            return plain_origin(r);
        });
        expect_should_warning(url_of(*server), "unknown method gives 405 or 501", "smoke.http.unknown-method-405-501");
    }
}

BOOST_AUTO_TEST_CASE(an_oversized_header_section_needs_a_4xx_and_431_is_the_should) {
    // RFC 9110 §5.4: "an appropriate 4xx" is the MUST; 431 (RFC 6585 §5) the SHOULD.
    auto too_large = origin_server([](const std::string& r) {
        if (r.find("\r\nX-Replycheck-Padding") != std::string::npos) return origin_reply("413 Content Too Large", "");
        return plain_origin(r);
    });
    expect_should_warning(url_of(*too_large), "oversized header section gives a 4xx", "smoke.http.large-headers-431");

    auto server_error = origin_server([](const std::string& r) {
        if (r.find("\r\nX-Replycheck-Padding") != std::string::npos)
            return origin_reply("500 Internal Server Error", "");
        return plain_origin(r);
    });
    const auto run = smoke(url_of(*server_error));
    BOOST_TEST(harness::smoke_exit_code(run) == 1, summary(run));
    const auto* sc = scenario(run, "oversized header section gives a 4xx");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::failed), summary(run));
    BOOST_TEST(sc->message.find("smoke.http.large-headers-4xx (RFC 9110 §5.4)") != std::string::npos, sc->message);
}

BOOST_AUTO_TEST_CASE(a_complete_reply_before_a_reset_is_judged_and_the_reset_noted) {
    // Like servers that answer 400 to a long request line and close with the rest unread: the
    // kernel resets the connection. The 400 is a reply (here the wrong one: 414 is required).
    auto server = std::make_unique<test::canned_server>([](test::canned_connection& c) {
        const auto request = c.read_until("\r\n\r\n");
        if (request.find("?replycheck=") != std::string::npos) {
            c.write(origin_reply("400 Bad Request", "bad"));
            const ::linger abortive{1, 0};
            ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
            return;  // closing now sends RST
        }
        c.write(plain_origin(request));
        ::shutdown(c.fd(), SHUT_WR);
        c.wait_close(std::chrono::seconds(2));
    });
    const auto run = smoke(url_of(*server));
    const auto* sc = scenario(run, "long URI gives 414");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::failed), summary(run));
    BOOST_TEST(sc->message.find("smoke.http.long-uri-414") != std::string::npos, sc->message);
    const auto* note = finding(*sc, "smoke.http.reset-after-reply");
    BOOST_REQUIRE_MESSAGE(note, "the reset after the reply is not noted");
    BOOST_TEST((note->level == protocol::rule_level::info));
}

BOOST_AUTO_TEST_CASE(a_reset_while_sending_keeps_the_reply_when_it_is_complete) {
    // A request larger than the socket buffers: the peer answers after its first bytes and
    // resets, so the send fails. The reply that came first is still read and judged; a reply
    // cut short by the reset stays a transport error.
    for (const bool complete : {true, false}) {
        test::canned_server server([complete](test::canned_connection& c) {
            c.read_until("\r\n");
            c.write(complete ? "HTTP/1.1 400 Bad Request\r\nContent-Length: 3\r\n\r\nbad"
                             : "HTTP/1.1 400 Bad Request\r\nContent-Length: 300\r\n\r\nbad");
            const ::linger abortive{1, 0};
            ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        });
        harness::raw_target target;
        target.port = server.port();
        harness::raw_read_options read;
        read.timeout = std::chrono::milliseconds(2000);
        const std::string request = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 33554432\r\n\r\n" +
                                    std::string(32 * 1024 * 1024, 'a');
        harness::raw_tcp_client client;
        const auto e = client.exchange_http(target, request, "POST", read);
        if (complete) {
            BOOST_REQUIRE_MESSAGE(e.response, e.transport_error);
            BOOST_TEST(e.response->status == 400);
            BOOST_TEST(!e.transport_code, e.transport_error);
            BOOST_TEST(e.transport_note.find("reset") != std::string::npos, e.transport_note);
        } else {
            BOOST_TEST(static_cast<bool>(e.transport_code), "a reply cut by the reset must stay an error");
        }
    }
}

BOOST_AUTO_TEST_CASE(if_match_without_an_etag_is_evaluated) {
    // RFC 9110 §13.1.1: no listed tag can match a resource without one, so the condition is
    // false: 412, not the 200 a server that ignores If-Match sends.
    // The plain origin without its ETag; `honours` false: If-Match is ignored (as lighttpd does).
    auto without_etag = [](bool honours) {
        return origin_server([honours](const std::string& request) {
            std::string r = request;
            if (const auto at = r.find("\r\nIf-Match:"); !honours && at != std::string::npos)
                r.erase(at, r.find("\r\n", at + 2) - at);
            auto reply = plain_origin(r);
            if (const auto at = reply.find("ETag: "); at != std::string::npos) reply.erase(at, reply.find("\r\n", at) + 2 - at);
            return reply;
        });
    };
    auto ignores = without_etag(false);
    const auto run = smoke(url_of(*ignores));
    const auto* sc = scenario(run, "If-Match mismatch gives 412");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::failed), summary(run));
    BOOST_TEST(sc->message.find("smoke.http.if-match-412") != std::string::npos, sc->message);
    BOOST_TEST(sc->message.find("no entity-tag") != std::string::npos, sc->message);

    auto refuses = without_etag(true);
    const auto good = smoke(url_of(*refuses));
    const auto* passed = scenario(good, "If-Match mismatch gives 412");
    BOOST_REQUIRE(passed);
    BOOST_TEST((passed->result == reports::outcome::passed), summary(good));
}

BOOST_AUTO_TEST_CASE(an_http31_status_line_is_a_version_violation_not_a_missing_505) {
    // RFC 9110 §6.2: a server MUST NOT send a version to which it is not conformant; echoing
    // HTTP/3.1 over an HTTP/1.1 connection is that. 505 itself stays optional.
    auto echo = origin_server([](const std::string& r) {
        if (r.find(" HTTP/3.1\r\n") != std::string::npos)
            return "HTTP/3.1" + origin_reply("200 OK", "hello").substr(8);
        return plain_origin(r);
    });
    const auto run = smoke(url_of(*echo));
    const auto* sc = scenario(run, "HTTP/3.1 request line gets 505 or an HTTP/1.x reply");
    BOOST_REQUIRE(sc);
    BOOST_TEST((sc->result == reports::outcome::failed), summary(run));
    BOOST_TEST(sc->message.find("HTTP/3.1 200") != std::string::npos, sc->message);
    bool named = sc->message.find("smoke.http.version-echo") != std::string::npos;
    for (const auto& f : sc->steps.back().findings) named = named || f.rule_id == "smoke.http.version-echo";
    BOOST_TEST(named, "the violation is not named smoke.http.version-echo: " << sc->message);
    BOOST_TEST(sc->message.find("expected 505") == std::string::npos, sc->message);
}
