#include "harness/clients/raw_tcp_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/tls_support.hpp"
#include "harness/clients/curl_http_client.hpp"

#include <chrono>

using namespace std::chrono_literals;
using replycheck::harness::curl_http_client;
using replycheck::harness::http_request_spec;
using replycheck::harness::raw_target;
using replycheck::harness::raw_tcp_client;
using replycheck::test::test_certificate;
using replycheck::test::tls_server;

namespace {

const char* canned_reply = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure";

raw_target tls_target(const tls_server& server) {
    raw_target target;
    target.port = server.port();
    target.tls = true;
    target.connect_timeout = 3s;
    return target;
}

}  // namespace

BOOST_AUTO_TEST_CASE(raw_tls_insecure_verified_and_rejected) {
    test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    tls_server server(certificate, canned_reply);
    const char* request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

    raw_tcp_client insecure;
    auto target = tls_target(server);
    target.tls_settings.insecure = true;
    auto a = insecure.exchange_http(target, request);
    BOOST_TEST(a.transport_error == "");
    BOOST_REQUIRE(a.response.has_value());
    BOOST_TEST(a.response->body == "secure");

    raw_tcp_client verified;
    target = tls_target(server);
    target.tls_settings.ca_file = certificate.cert.string();
    auto b = verified.exchange_http(target, request);
    BOOST_TEST(b.transport_error == "");
    BOOST_REQUIRE(b.response.has_value());
    BOOST_TEST(b.response->status == 200);

    raw_tcp_client by_name;
    target.tls_settings.server_name = "localhost";
    auto c = by_name.exchange_http(target, request);
    BOOST_TEST(c.transport_error == "");

    raw_tcp_client wrong_name;
    target.tls_settings.server_name = "other.example";
    auto d = wrong_name.exchange_http(target, request);
    BOOST_TEST(d.transport_error.find("TLS handshake failed") != std::string::npos);
    BOOST_TEST(!d.response.has_value());

    raw_tcp_client untrusted;
    target = tls_target(server);
    auto e = untrusted.exchange_http(target, request);
    BOOST_TEST(e.transport_error.find("TLS handshake failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(curl_https_insecure_and_ca_file) {
    test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    tls_server server(certificate, canned_reply);
    curl_http_client client;
    http_request_spec spec;
    spec.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
    spec.timeout = 3s;
    auto rejected = client.perform(spec);
    BOOST_TEST(!rejected.transport_error.empty());
    BOOST_TEST(!rejected.response.has_value());

    spec.tls.insecure = true;
    auto insecure = client.perform(spec);
    BOOST_TEST(insecure.transport_error == "");
    BOOST_REQUIRE(insecure.response.has_value());
    BOOST_TEST(insecure.response->body == "secure");

    spec.tls.insecure = false;
    spec.tls.ca_file = certificate.cert.string();
    auto verified = client.perform(spec);
    BOOST_TEST(verified.transport_error == "");
    BOOST_REQUIRE(verified.response.has_value());
    BOOST_TEST(verified.response->status == 200);
    // The transcript holds the decrypted HTTP bytes, not TLS records.
    BOOST_TEST(verified.sent_raw.find("GET / HTTP/1.1") == 0u);
}

BOOST_AUTO_TEST_CASE(tls_handshake_timeout_against_a_plain_silent_server) {
    // A listener that accepts but never speaks TLS: the handshake must end by the connect timeout.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    raw_tcp_client client;
    raw_target target;
    target.port = acceptor.local_endpoint().port();
    target.tls = true;
    target.tls_settings.insecure = true;
    target.connect_timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    auto error = client.connect(target);
    BOOST_TEST((error.code == replycheck::protocol::transport_errc::timeout), error.text);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // the listener never answers
}
