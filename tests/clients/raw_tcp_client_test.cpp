#include "harness/clients/raw_tcp_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"

#include <chrono>

using namespace std::chrono_literals;
using replycheck::harness::raw_read_options;
using replycheck::harness::raw_target;
using replycheck::harness::raw_tcp_client;
using replycheck::test::canned_connection;
using replycheck::test::canned_server;

namespace {

raw_target target_of(const canned_server& server, const char* host = "127.0.0.1") {
    raw_target target;
    target.host = host;
    target.port = server.port();
    target.connect_timeout = 2s;
    return target;
}

const char* get_request = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";

}  // namespace

BOOST_AUTO_TEST_CASE(reads_one_response_and_keeps_the_connection) {
    canned_server server([](canned_connection& c) {
        for (int i = 0; i < 2; ++i) {
            if (c.read_until("\r\n\r\n").empty()) return;
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        }
        c.wait_close(3s);
    });
    raw_tcp_client client;
    auto target = target_of(server);
    auto first = client.exchange_http(target, get_request);
    BOOST_TEST(first.transport_error == "");
    BOOST_REQUIRE(first.response.has_value());
    BOOST_TEST(first.response->status == 200);
    BOOST_TEST(first.response->body == "hello");
    BOOST_TEST(first.request.method == "GET");
    BOOST_TEST(first.request.target == "/x");
    BOOST_TEST(first.sent_raw == get_request);
    BOOST_TEST(first.received_raw == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    BOOST_TEST(first.remote_address == "127.0.0.1:" + std::to_string(server.port()));
    BOOST_TEST(!first.connection_closed);
    auto second = client.exchange_http(target, get_request);
    BOOST_REQUIRE(second.response.has_value());
    BOOST_TEST(second.response->status == 200);
    BOOST_TEST(server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(body_on_304_is_seen_as_trailing_bytes) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n");
        std::this_thread::sleep_for(10ms);
        c.write("oops");
        c.wait_close(3s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.linger = 200ms;
    auto exchange = client.exchange_http(target_of(server), get_request, {}, options);
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->status == 304);
    BOOST_TEST(exchange.response->body.empty());
    BOOST_TEST(exchange.response->trailing_bytes == "oops");
}

BOOST_AUTO_TEST_CASE(head_response_ends_at_headers) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        c.wait_close(30s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 15s;
    auto exchange = client.exchange_http(target_of(server), "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n", {}, options);
    BOOST_TEST(exchange.transport_error == "");
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->body_complete);
    BOOST_TEST(exchange.duration < 5s);   // not at the 15 s timeout, waiting for the 1000 bytes
}

BOOST_AUTO_TEST_CASE(server_that_never_answers_times_out) {
    canned_server server([](canned_connection& c) { c.wait_close(20s); });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    auto exchange = client.exchange_http(target_of(server), get_request, {}, options);
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(exchange.transport_error.find("timeout after 300ms") != std::string::npos);
    BOOST_TEST(!exchange.response.has_value());
    BOOST_TEST(took >= 290ms);
    BOOST_TEST(took < 5s);   // not at the server's close after 20 s
}

BOOST_AUTO_TEST_CASE(timeout_inside_the_body_keeps_the_partial_response) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart");
        c.wait_close(5s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 300ms;
    auto exchange = client.exchange_http(target_of(server), get_request, {}, options);
    BOOST_TEST(exchange.transport_error == "timeout after 300ms while reading the body");
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->body == "part");
    BOOST_TEST(!exchange.response->body_complete);
}

BOOST_AUTO_TEST_CASE(timeout_inside_the_header_section_says_so) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nServer: slow\r\n");
        c.wait_close(5s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 300ms;
    auto exchange = client.exchange_http(target_of(server), get_request, {}, options);
    BOOST_TEST(exchange.transport_error == "timeout after 300ms while reading the header section");
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->status == 200);
    BOOST_TEST(!exchange.response->body_complete);
}

BOOST_AUTO_TEST_CASE(early_close_marks_incomplete_body) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
    });
    raw_tcp_client client;
    auto exchange = client.exchange_http(target_of(server), get_request);
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(!exchange.response->body_complete);
    BOOST_TEST(exchange.response->body == "only this");
    BOOST_TEST(exchange.connection_closed);
    BOOST_TEST(!client.is_open());
    // The close cut the reply after its status line: that is the exchange's error (RFC 9112 §6.3).
    BOOST_TEST(exchange.transport_error == "connection closed after 9 of 100 body bytes (Content-Length)");
    BOOST_TEST((exchange.transport_code == replycheck::protocol::transport_errc::closed_early));
}

BOOST_AUTO_TEST_CASE(a_peer_that_never_stops_sending_ends_at_the_deadline) {
    // A close-delimited body without end: bytes are always waiting, yet the read ends on time.
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\n\r\n");
        const std::string filler(16 * 1024, 'x');
        const auto end = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < end && !c.wait_close(10ms)) c.write(filler);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    auto exchange = client.exchange_http(target_of(server), get_request, "GET", options);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // the server sends for 20 s
    BOOST_TEST(exchange.transport_error == "timeout after 300ms while reading the body");
    client.close();
}

BOOST_AUTO_TEST_CASE(close_before_any_byte_is_a_transport_error) {
    canned_server server([](canned_connection& c) { c.read_until("\r\n\r\n"); });
    raw_tcp_client client;
    auto exchange = client.exchange_http(target_of(server), get_request);
    BOOST_TEST(!exchange.response.has_value());
    BOOST_TEST(exchange.transport_error.find("before any response byte") != std::string::npos);
    BOOST_TEST(exchange.connection_closed);
}

BOOST_AUTO_TEST_CASE(read_until_close_body) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.0 200 OK\r\n\r\nfirst ");
        std::this_thread::sleep_for(20ms);
        c.write("second");
    });
    raw_tcp_client client;
    auto exchange = client.exchange_http(target_of(server), "GET / HTTP/1.0\r\n\r\n");
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->body == "first second");
    BOOST_TEST(exchange.response->body_complete);
    BOOST_TEST(exchange.connection_closed);
}

BOOST_AUTO_TEST_CASE(reconnects_after_the_server_closed) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    });
    raw_tcp_client client;
    raw_read_options options;
    options.linger = 0ms;
    auto first = client.exchange_http(target_of(server), get_request, {}, options);
    BOOST_REQUIRE(first.response.has_value());
    std::this_thread::sleep_for(50ms);  // the server's close arrives
    auto second = client.exchange_http(target_of(server), get_request, {}, options);
    BOOST_REQUIRE(second.response.has_value());
    BOOST_TEST(second.response->status == 200);
    BOOST_TEST(server.connections() == 2);
}

BOOST_AUTO_TEST_CASE(pipelined_responses_are_read_one_by_one) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nB");
        c.wait_close(3s);
    });
    raw_tcp_client client;
    std::string two = std::string(get_request) + get_request;
    auto first = client.exchange_http(target_of(server), two);
    BOOST_REQUIRE(first.response.has_value());
    BOOST_TEST(first.response->body == "A");
    auto second = client.read_http("GET");
    BOOST_REQUIRE(second.response.has_value());
    BOOST_TEST(second.response->status == 404);
    BOOST_TEST(second.response->body == "B");
}

BOOST_AUTO_TEST_CASE(connection_refused) {
    raw_tcp_client client;
    raw_target target;
    target.port = replycheck::test::closed_port();
    auto exchange = client.exchange_http(target, get_request);
    BOOST_TEST(exchange.transport_error.find("refused") != std::string::npos);
    BOOST_TEST((exchange.transport_code == replycheck::protocol::transport_errc::connection_refused));
    BOOST_TEST(!exchange.response.has_value());
}

BOOST_AUTO_TEST_CASE(ipv6_loopback) {
    std::unique_ptr<canned_server> server;
    try {
        server = std::make_unique<canned_server>(
            [](canned_connection& c) {
                c.read_until("\r\n\r\n");
                c.write("HTTP/1.1 204 No Content\r\n\r\n");
                c.wait_close(3s);
            },
            true);
    } catch (const std::exception&) {
        BOOST_TEST_MESSAGE("no IPv6 loopback here; skipped");
        return;
    }
    raw_tcp_client client;
    auto exchange = client.exchange_http(target_of(*server, "::1"), get_request);
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->status == 204);
    BOOST_TEST(exchange.remote_address == "[::1]:" + std::to_string(server->port()));
}

BOOST_AUTO_TEST_CASE(ftp_lines_greeting_then_150_and_226_in_one_write) {
    canned_server server([](canned_connection& c) {
        c.write("220-Welcome\r\n220 ready\r\n");
        c.read_until("\r\n");
        c.write("150 Opening\r\n226 Done\r\n");
        c.read_until("\r\n");
        c.write("421 bye\r\n");
    });
    raw_tcp_client client;
    auto target = target_of(server);
    auto greeting = client.exchange_ftp(target, "");
    BOOST_TEST(greeting.transport_error == "");
    BOOST_REQUIRE(greeting.replies.size() == 1u);
    BOOST_TEST(greeting.replies[0].code == 220);
    BOOST_TEST(greeting.replies[0].multiline);
    auto list = client.exchange_ftp(target, "LIST\r\n");
    BOOST_TEST(list.command == "LIST");
    BOOST_REQUIRE(list.replies.size() == 2u);
    BOOST_TEST(list.replies[0].code == 150);
    BOOST_TEST(list.replies[1].code == 226);
    auto pass = client.exchange_ftp(target, "PASS secret\r\n");
    BOOST_TEST(pass.command == "PASS ***");
    BOOST_REQUIRE(pass.replies.size() == 1u);
    BOOST_TEST(pass.replies[0].code == 421);
    std::this_thread::sleep_for(50ms);
    auto after = client.read_ftp({300ms, 0ms});
    BOOST_TEST(after.connection_closed);
    BOOST_TEST(!after.transport_error.empty());
}

BOOST_AUTO_TEST_CASE(ftp_reply_timeout) {
    canned_server server([](canned_connection& c) {
        c.write("220 ready\r\n");
        c.wait_close(5s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 200ms;
    auto greeting = client.exchange_ftp(target_of(server), "", options);
    BOOST_REQUIRE(greeting.replies.size() == 1u);
    auto noop = client.exchange_ftp(target_of(server), "NOOP\r\n", options);
    BOOST_TEST(noop.replies.empty());
    BOOST_TEST(noop.transport_error.find("timeout") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ftp_timeout_inside_a_multiline_reply_hands_over_the_lines) {
    // The server starts a multi-line reply and never closes it, keeping the connection open.
    canned_server server([](canned_connection& c) {
        c.write("220 ready\r\n");
        c.read_until("\r\n");
        c.write("211-start of a reply that never ends\r\n more\r\n 211 half a li");
        c.wait_close(5s);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 300ms;
    auto greeting = client.exchange_ftp(target_of(server), "", options);
    BOOST_REQUIRE(greeting.replies.size() == 1u);
    auto user = client.exchange_ftp(target_of(server), "USER anonymous\r\n", options);
    BOOST_TEST(user.transport_error == "timeout after 300ms waiting for the reply");
    BOOST_TEST((user.transport_code == replycheck::protocol::transport_errc::timeout));
    BOOST_REQUIRE(user.replies.size() == 1u);
    const auto& partial = user.replies[0];
    BOOST_TEST(partial.code == 0);  // no reply was completed
    BOOST_TEST(partial.multiline);
    BOOST_TEST(partial.crlf);
    // Lines received in full only: " 211 half a li" has no line end yet.
    BOOST_TEST((partial.lines == std::vector<std::string>{"211-start of a reply that never ends", " more"}));
    BOOST_TEST(partial.raw == "211-start of a reply that never ends\r\n more\r\n");
    BOOST_TEST(partial.format_errors.empty());
    BOOST_REQUIRE(partial.multiline_errors.size() == 1u);
    BOOST_TEST(partial.multiline_errors[0] == "multi-line reply not closed by \"211 \" when the read timed out");
    BOOST_TEST(!user.connection_closed);
}

BOOST_AUTO_TEST_CASE(ftp_reply_past_the_byte_limit_ends_the_exchange) {
    // "220-" lines without end, as fast as the connection takes them.
    canned_server server([](canned_connection& c) {
        const auto end = std::chrono::steady_clock::now() + 30s;
        std::string lines;
        for (int i = 0; i < 1000; ++i) lines += "220-endless greeting line\r\n";
        while (std::chrono::steady_clock::now() < end && !c.wait_close(10ms)) c.write(lines);
    });
    raw_tcp_client client;
    raw_read_options options;
    options.timeout = 15s;
    const auto start = std::chrono::steady_clock::now();
    auto greeting = client.exchange_ftp(target_of(server), "", options);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // at the limit, not at the 15 s timeout
    BOOST_TEST(greeting.transport_error == "reply larger than the limit of 1048576 bytes; the control connection was closed");
    BOOST_TEST((greeting.transport_code == replycheck::protocol::transport_errc::reply_too_large));
    BOOST_REQUIRE(greeting.replies.size() == 1u);
    BOOST_TEST(greeting.replies[0].code == 0);
    BOOST_TEST(greeting.replies[0].raw.size() <= 1024u * 1024u);
    BOOST_TEST(!client.is_open());
}
