#pragma once
// Internal building block of the Asio clients: one TCP connection, optionally TLS, whose every
// operation ends by a deadline. Operations run the owner's io_context until they complete or
// the deadline passes (then they are cancelled); nothing here throws.

#include "harness/clients/tls_diagnosis.hpp"
#include "harness/clients/tls_options.hpp"
#include "protocol/transport_error.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <boost/system/error_code.hpp>

namespace replycheck::harness::detail {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

/// Runs `io` until `done()` holds or `deadline` passes; returns done().
bool run_until(asio::io_context& io, const std::function<bool()>& done, steady::time_point deadline);

/// "host:port" (IPv6 in brackets) of an endpoint.
std::string format_endpoint(const asio::ip::tcp::endpoint& endpoint);

/// Outcome of one bounded read.
enum class read_status { data, eof, timeout, error };

/// A TCP connection with optional TLS and deadline-bounded operations.
class socket_stream {
public:
    /// A closed stream using `io` (which the owner runs through these operations).
    explicit socket_stream(asio::io_context& io);
    ~socket_stream();
    socket_stream(const socket_stream&) = delete;
    socket_stream& operator=(const socket_stream&) = delete;

    /// Resolves and connects; returns the fault, empty on success.
    protocol::transport_fault connect(const std::string& host, std::uint16_t port, steady::time_point deadline);

    /// Takes over an accepted socket (active-mode data connections).
    void adopt(asio::ip::tcp::socket socket);

    /// TLS client handshake on the open connection; `reuse_from` resumes that stream's session
    /// (FTP data connections, RFC 4217 §10). Returns the fault, empty on success.
    protocol::transport_fault start_tls(const tls_options& tls, const std::string& host, steady::time_point deadline,
                          const socket_stream* reuse_from = nullptr);

    /// Starts the TLS client handshake; `handler(fault, empty on success)` runs from the io_context.
    void async_start_tls(const tls_options& tls, const std::string& host, const socket_stream* reuse_from,
                         std::function<void(protocol::transport_fault)> handler);

    /// Awaitable TLS client handshake, as async_start_tls; returns the fault, empty on success.
    asio::awaitable<protocol::transport_fault> co_start_tls(const tls_options& tls, const std::string& host,
                                                            const socket_stream* reuse_from);

    /// Writes all of `bytes`; returns the fault (timeout when the deadline passed), empty on success.
    protocol::transport_fault write(std::string_view bytes, steady::time_point deadline);

    /// Reads at least one byte and appends what arrived to `out`; a deadline already past gives
    /// read_status::timeout without reading. `error` gets the fault of
    /// read_status::error.
    read_status read_some(std::string& out, steady::time_point deadline, protocol::transport_fault& error);

    /// Starts a read; `handler(ec, bytes)` runs from the io_context. One at a time.
    void async_read_some(std::function<void(boost::system::error_code, std::string_view)> handler);

    /// Starts writing all of `bytes`; `handler(ec)` runs from the io_context.
    void async_write(std::string bytes, std::function<void(boost::system::error_code)> handler);

    /// Awaitable read of at least one byte, appended to `out`; returns the error (eof at the end).
    asio::awaitable<boost::system::error_code> co_read_some(std::string& out);

    /// Awaitable write of all of `bytes`; returns the error.
    asio::awaitable<boost::system::error_code> co_write(std::string_view bytes);

    /// Sends a TCP FIN after the data (TLS: close_notify is skipped, the FIN ends the stream).
    void shutdown_send();

    /// Cancels pending operations (their handlers complete with operation_aborted).
    void cancel();

    /// Closes the connection.
    void close();

    /// True while the socket is open.
    bool is_open() const;

    /// True when the peer has closed the connection and nothing is left to read (cheap peek).
    bool peer_closed();

    /// True after a successful TLS handshake.
    bool is_tls() const noexcept { return tls_ != nullptr; }

    /// The protocol the server chose by ALPN ("h2", "http/1.1"), "" when none or not TLS.
    std::string alpn_selected() const;

    /// The TCP socket (plain, or under TLS).
    asio::ip::tcp::socket& socket();

    /// "host:port" of the peer, "" when unknown.
    std::string remote_address() const;

    /// The peer's IP address in text ("127.0.0.1"), "" when unknown.
    std::string remote_host() const;

    /// The local IP address in text, "" when unknown.
    std::string local_host() const;

private:
    /// Sets up TLS over the open socket (context, SNI, resumed session) before the handshake.
    protocol::transport_fault prepare_tls(const tls_options& tls, const std::string& host,
                                          const socket_stream* reuse_from);

    asio::io_context& io_;
    asio::ip::tcp::socket socket_;
    std::unique_ptr<asio::ssl::context> context_;
    std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
    // Closed TLS layers, kept alive for handlers still queued (destroyed after the stream's own).
    // (context first: a pair destroys its second member first, the stream before its context).
    std::vector<std::pair<std::unique_ptr<asio::ssl::context>,
                          std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>>>> retired_;
    std::string tls_name_;                       // the name the certificate must carry
    std::shared_ptr<certificate_facts> facts_;   // what the verify callback saw
    std::shared_ptr<std::array<char, 16384>> buffer_;
};

}  // namespace replycheck::harness::detail
