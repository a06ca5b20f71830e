#include "mockserver/tls/tls_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <array>
#include <openssl/x509.h>

#include "mockserver/tls/tls_verify.hpp"
#include "mockserver/tls/use_tuple.hpp"

namespace replycheck::mock::tls {

namespace asio = boost::asio;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;

namespace {

std::string name_text(X509_NAME* name) {
    if (!name) return {};
    BIO* bio = BIO_new(BIO_s_mem());
    if (!bio) return {};
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

peer_verdict verdict_of(long result) {
    switch (result) {
    case X509_V_OK: return peer_verdict::valid;
    case X509_V_ERR_CERT_HAS_EXPIRED: return peer_verdict::expired;
    case X509_V_ERR_CERT_NOT_YET_VALID: return peer_verdict::not_yet_valid;
    default: return peer_verdict::untrusted;
    }
}

// What the handshake established, read off OpenSSL.
tls_session_info read_info(SSL* ssl) {
    tls_session_info info;
    info.version = SSL_get_version(ssl);
    if (const char* cipher = SSL_get_cipher_name(ssl)) info.cipher = cipher;
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpn_size);
    if (alpn) info.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_size);
    if (const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) info.server_name = sni;
    info.resumed = SSL_session_reused(ssl) == 1;
    if (X509* peer = SSL_get1_peer_certificate(ssl)) {
        info.client_subject = name_text(X509_get_subject_name(peer));
        info.client_issuer = name_text(X509_get_issuer_name(peer));
        X509_free(peer);
        // The first failure the verification met (see tls_verify.hpp), else OpenSSL's result.
        const long result = first_verify_error(ssl).value_or(SSL_get_verify_result(ssl));
        info.client_verdict = verdict_of(result);
        if (result != X509_V_OK) info.client_verify_text = X509_verify_cert_error_string(result);
    }
    return info;
}

}  // namespace

std::string_view to_string(peer_verdict verdict) noexcept {
    switch (verdict) {
    case peer_verdict::none: return "none";
    case peer_verdict::valid: return "valid";
    case peer_verdict::untrusted: return "untrusted";
    case peer_verdict::expired: return "expired";
    case peer_verdict::not_yet_valid: return "not_yet_valid";
    }
    return "none";
}

tls_stream::tls_stream(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

tls_stream::~tls_stream() = default;

SSL* tls_stream::native_handle() noexcept { return tls_ ? tls_->native_handle() : nullptr; }

asio::awaitable<error_code> tls_stream::handshake(asio::ssl::context& context, std::chrono::milliseconds timeout) {
    tls_ = std::make_unique<tls_layer>(socket_, context);
    info_ = {};
    asio::steady_timer timer(socket_.get_executor(), timeout);
    auto outcome = co_await (tls_->async_handshake(asio::ssl::stream_base::server, use_tuple) || timer.async_wait(use_tuple));
    error_code ec = outcome.index() == 1 ? error_code(asio::error::timed_out) : std::get<0>(std::get<0>(outcome));
    if (ec) {
        tls_.reset();
        co_return ec;
    }
    info_ = read_info(tls_->native_handle());
    co_return error_code();
}

asio::awaitable<void> tls_stream::close_notify(std::chrono::milliseconds timeout) {
    if (!tls_ || no_close_notify_) co_return;
    // RFC 8446 §6.1: close_notify tells the peer the data ended here and was not cut. Asio's
    // shutdown also waits for the peer's close_notify (or its FIN); the timer bounds that wait.
    asio::steady_timer timer(socket_.get_executor(), timeout);
    co_await (tls_->async_shutdown(use_tuple) || timer.async_wait(use_tuple));
}

asio::awaitable<error_code> tls_stream::end_tls(std::chrono::milliseconds timeout) {
    if (!tls_) co_return error_code();
    // RFC 4217 §6 (CCC): both sides exchange close_notify, then the connection goes on in clear.
    asio::steady_timer timer(socket_.get_executor(), timeout);
    auto outcome = co_await (tls_->async_shutdown(use_tuple) || timer.async_wait(use_tuple));
    error_code ec = outcome.index() == 1 ? error_code(asio::error::timed_out) : std::get<0>(std::get<0>(outcome));
    // What the peer sent after its close_notify is plain text already: keep it for the caller
    // (OpenSSL reads records exactly, so it is still in the BIO pair).
    std::array<char, 4096> rest{};
    for (int i = 0, n = 0; i < 16 && (n = BIO_read(SSL_get_rbio(tls_->native_handle()), rest.data(), static_cast<int>(rest.size()))) > 0; ++i)
        plain_after_tls_.append(rest.data(), static_cast<std::size_t>(n));
    tls_.reset();
    co_return ec;
}

void tls_stream::close() noexcept {
    error_code ignored;
    socket_.close(ignored);
}

}  // namespace replycheck::mock::tls
