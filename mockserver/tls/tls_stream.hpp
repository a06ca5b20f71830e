#pragma once
// The stream every mock connection reads and writes through: a TCP socket, with TLS on top once
// it started (at accept for HTTPS and implicit FTPS, after 234 for AUTH TLS, RFC 4217 §4), and
// plain again after CCC (RFC 4217 §6). It models Asio's AsyncReadStream and AsyncWriteStream for
// the completion tokens the mocks use (as_tuple(use_awaitable) and the handlers of
// asio::async_write), so asio::async_write(stream, ...) works in both states.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

namespace replycheck::mock::tls {

/// How the peer's certificate verified (client certificates, RFC 5280 §6).
enum class peer_verdict {
    none,           ///< no certificate was presented (or none was asked for)
    valid,          ///< it chains to the client CA and is within its validity
    untrusted,      ///< it does not chain to the client CA, or is otherwise invalid (IIS 403.16)
    expired,        ///< notAfter has passed (IIS 403.17)
    not_yet_valid,  ///< notBefore is still to come (IIS 403.17)
};

/// The verdict as journals write it: "none", "valid", "untrusted", "expired", "not_yet_valid".
std::string_view to_string(peer_verdict verdict) noexcept;

/// What the handshake established, for journals, scripts and policies.
struct tls_session_info {
    std::string version;        ///< "TLSv1.3"
    std::string cipher;         ///< "TLS_AES_256_GCM_SHA384"
    std::string alpn;           ///< the protocol chosen by ALPN (RFC 7301), "" when none
    std::string server_name;    ///< SNI the client sent (RFC 6066 §3), "" when none
    bool resumed = false;       ///< the session was resumed (FTP data connections, RFC 4217 §10)
    peer_verdict client_verdict = peer_verdict::none;
    std::string client_subject; ///< RFC 2253 subject of the client certificate, "" when none
    std::string client_issuer;  ///< its issuer, "" when none
    std::string client_verify_text;  ///< OpenSSL's words for a failed verification, "" when none
};

/// A mock connection: plain TCP or TLS.
class tls_stream {
public:
    using executor_type = boost::asio::ip::tcp::socket::executor_type;
    using tls_layer = boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>;

    explicit tls_stream(boost::asio::ip::tcp::socket socket);
    ~tls_stream();
    // The TLS layer refers to the socket member: the stream stays where it was made.
    tls_stream(const tls_stream&) = delete;
    tls_stream& operator=(const tls_stream&) = delete;

    executor_type get_executor() noexcept { return socket_.get_executor(); }

    /// The TCP connection under any TLS (options, shutdown, linger, close, endpoints).
    boost::asio::ip::tcp::socket& socket() noexcept { return socket_; }
    /// True while TLS protects the connection.
    bool secured() const noexcept { return tls_ != nullptr; }
    /// What the last handshake established (empty before one).
    const tls_session_info& info() const noexcept { return info_; }
    /// OpenSSL's handle while secured, else nullptr.
    SSL* native_handle() noexcept;

    /// Server handshake with `context` over the open connection, bounded by `timeout`; fills
    /// info(). On failure the error says why (an OpenSSL error or asio::error::timed_out) and
    /// the stream is no longer secured.
    boost::asio::awaitable<boost::system::error_code> handshake(boost::asio::ssl::context& context,
                                                                std::chrono::milliseconds timeout);

    /// Sends close_notify (RFC 8446 §6.1) without waiting for the peer's, bounded by `timeout`;
    /// does nothing when not secured or when close_notify is suppressed.
    boost::asio::awaitable<void> close_notify(std::chrono::milliseconds timeout);
    /// From now on the connection ends without close_notify (the no_close_notify fault).
    void suppress_close_notify() noexcept { no_close_notify_ = true; }
    /// CCC (RFC 4217 §6): after the close_notify exchange, continue in plain text.
    boost::asio::awaitable<boost::system::error_code> end_tls(std::chrono::milliseconds timeout);
    /// Plain bytes end_tls read past the peer's close_notify (a client that sent its next
    /// command at once); the caller treats them as received.
    std::string take_plain_after_tls() { return std::exchange(plain_after_tls_, {}); }

    /// Closes the TCP connection (after close_notify when the caller wants one).
    void close() noexcept;

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        if (tls_) return tls_->async_read_some(buffers, std::forward<Token>(token));
        return socket_.async_read_some(buffers, std::forward<Token>(token));
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        if (tls_) return tls_->async_write_some(buffers, std::forward<Token>(token));
        return socket_.async_write_some(buffers, std::forward<Token>(token));
    }

private:
    boost::asio::ip::tcp::socket socket_;
    std::unique_ptr<tls_layer> tls_;
    tls_session_info info_;
    bool no_close_notify_ = false;
    std::string plain_after_tls_;
};

}  // namespace replycheck::mock::tls
