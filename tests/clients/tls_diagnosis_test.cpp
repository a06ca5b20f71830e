// Handshake failures are named: the certificate problem with its facts, the peer's alert,
// plain text where TLS was expected. Certificates come from the openssl command.

#include "harness/clients/tls_diagnosis.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/tls_support.hpp"
#include "harness/clients/curl_http_client.hpp"
#include "harness/clients/raw_tcp_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <chrono>

using namespace std::chrono_literals;
using replycheck::harness::curl_http_client;
using replycheck::harness::http_request_spec;
using replycheck::harness::raw_target;
using replycheck::harness::raw_tcp_client;
using replycheck::harness::detail::certificate_facts;
using replycheck::harness::detail::describe_tls_failure;
using replycheck::harness::detail::openssl_error_in;
using replycheck::harness::detail::tls_problem_name;
using replycheck::test::test_certificate;
using replycheck::test::tls_server;

namespace {

const char* request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
const char* canned_reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(openssl_errors_are_read_from_library_messages) {
    BOOST_TEST(openssl_error_in("OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number") == 0x0A00010BUL);
    BOOST_TEST(openssl_error_in("SSL certificate problem: certificate has expired") == 0UL);
    BOOST_TEST(openssl_error_in("error:0A00zz0B:x") == 0UL);
    BOOST_TEST(openssl_error_in("error:") == 0UL);
}

BOOST_AUTO_TEST_CASE(each_problem_has_its_words) {
    certificate_facts facts;
    facts.subject = "CN=localhost";
    facts.names = "DNS:localhost, IP:127.0.0.1";
    facts.not_before = "2026-01-01 00:00:00 UTC";
    facts.not_after = "2026-01-02 00:00:00 UTC";

    facts.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
    auto expired = describe_tls_failure(0, facts, "localhost", "x");
    BOOST_TEST(std::string(tls_problem_name(expired.problem)) == "expired");
    BOOST_TEST(has(expired.text, "certificate expired"));
    BOOST_TEST(has(expired.text, "2026-01-02 00:00:00 UTC"));

    facts.verify_error = X509_V_ERR_CERT_NOT_YET_VALID;
    auto future = describe_tls_failure(0, facts, "localhost", "x");
    BOOST_TEST(std::string(tls_problem_name(future.problem)) == "not_yet_valid");
    BOOST_TEST(has(future.text, "valid from 2026-01-01"));

    facts.verify_error = X509_V_ERR_HOSTNAME_MISMATCH;
    auto name = describe_tls_failure(0, facts, "other.example", "x");
    BOOST_TEST(std::string(tls_problem_name(name.problem)) == "wrong_name");
    BOOST_TEST(has(name.text, "is for DNS:localhost, IP:127.0.0.1, not 'other.example'"));

    facts.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
    BOOST_TEST(std::string(tls_problem_name(describe_tls_failure(0, facts, "localhost", "x").problem)) == "untrusted");
    facts.verify_error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    BOOST_TEST(has(describe_tls_failure(0, facts, "localhost", "x").text, "no trusted authority"));

    const certificate_facts none;
    const auto alert = describe_tls_failure(ERR_PACK(ERR_LIB_SSL, 0, SSL_AD_REASON_OFFSET + SSL_AD_HANDSHAKE_FAILURE),
                                            none, "localhost", "x");
    BOOST_TEST(std::string(tls_problem_name(alert.problem)) == "alert");
    BOOST_TEST(has(alert.text, "alert 'handshake failure'"));
    const auto wanted = describe_tls_failure(
        ERR_PACK(ERR_LIB_SSL, 0, SSL_AD_REASON_OFFSET + SSL_AD_CERTIFICATE_REQUIRED), none, "localhost", "x");
    BOOST_TEST(std::string(tls_problem_name(wanted.problem)) == "certificate_wanted");
    BOOST_TEST(has(wanted.text, "--cert"));
    const auto plain = describe_tls_failure(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_WRONG_VERSION_NUMBER), none, "localhost", "x");
    BOOST_TEST(std::string(tls_problem_name(plain.problem)) == "plain_text");
    const auto other = describe_tls_failure(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NO_SHARED_CIPHER), none, "localhost", "lib words");
    BOOST_TEST(std::string(tls_problem_name(other.problem)) == "other");
    BOOST_TEST(has(other.text, "lib words"));
}

BOOST_AUTO_TEST_CASE(asio_client_names_wrong_name_and_untrusted_certificates) {
    test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    tls_server server(certificate, canned_reply);
    raw_target target;
    target.port = server.port();
    target.tls = true;
    target.connect_timeout = 3s;

    raw_tcp_client untrusted;
    auto a = untrusted.exchange_http(target, request);
    BOOST_TEST(a.transport_code == replycheck::protocol::transport_errc::tls_handshake);
    BOOST_TEST(has(a.transport_error, "untrusted certificate"));
    BOOST_TEST(has(a.transport_error, "self-signed"));
    BOOST_TEST(has(a.transport_error, "CN=localhost"));

    raw_tcp_client wrong;
    target.tls_settings.ca_file = certificate.cert.string();
    target.tls_settings.server_name = "other.example";
    auto b = wrong.exchange_http(target, request);
    BOOST_TEST(b.transport_code == replycheck::protocol::transport_errc::tls_handshake);
    BOOST_TEST(has(b.transport_error, "wrong name: the certificate is for DNS:localhost, IP:127.0.0.1, not 'other.example'"));

    raw_tcp_client right;
    target.tls_settings.server_name = "localhost";
    auto c = right.exchange_http(target, request);
    BOOST_TEST(c.transport_error == "");
}

BOOST_AUTO_TEST_CASE(libcurl_names_untrusted_certificates) {
    test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    tls_server server(certificate, canned_reply);
    curl_http_client client;
    http_request_spec spec;
    spec.timeout = 3s;
    spec.url = "https://localhost:" + std::to_string(server.port()) + "/";
    auto a = client.perform(spec);
    BOOST_TEST(a.transport_code == replycheck::protocol::transport_errc::tls_handshake);
    BOOST_TEST(has(a.transport_error, "untrusted certificate"));

    // The wrong name through libcurl is in tests/integration/tls_real.sh (nginx, a host name
    // the certificate does not carry); here the trusted case passes.
    spec.tls.ca_file = certificate.cert.string();
    auto c = client.perform(spec);
    BOOST_TEST(c.transport_error == "");
}
