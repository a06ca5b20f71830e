#pragma once
// Raw TCP (optionally TLS) client: sends bytes exactly as given and reads one reply, framed as
// HTTP/1.x (http_response_parser) or as FTP reply lines (ftp_reply_parser). The connection
// stays open for the next exchange (pipelining-friendly); bytes read past one reply are kept
// for the next read. Every wait is bounded; faults become the exchange's transport_code and words.

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace replycheck::harness {

/// Where and how to connect.
struct raw_target {
    std::string host = "127.0.0.1";   ///< IPv4/IPv6 literal or name
    std::uint16_t port = 0;           ///< TCP port
    bool tls = false;                 ///< TLS handshake after connecting
    tls_options tls_settings;         ///< verification, CA, client certificate, SNI
    std::chrono::milliseconds connect_timeout{3000};  ///< TCP connect + TLS handshake
};

/// How to read a reply.
struct raw_read_options {
    std::chrono::milliseconds timeout{5000};   ///< whole read; the reply so far is kept on timeout
    std::chrono::milliseconds linger{50};      ///< after an HTTP message ends, wait this long for
                                               ///< extra bytes (trailing_bytes) or the peer's close; 0 = off
    std::size_t body_cap = 16 * 1024 * 1024;   ///< HTTP body bytes kept
    std::size_t raw_cap = 256 * 1024;          ///< bytes kept in received_raw
    bool stop_at_interim = false;              ///< an interim (1xx) response ends the read
};

/// A raw connection; one per scenario/thread.
class raw_tcp_client {
public:
    raw_tcp_client();
    ~raw_tcp_client();
    raw_tcp_client(const raw_tcp_client&) = delete;
    raw_tcp_client& operator=(const raw_tcp_client&) = delete;

    /// Connects (closing any previous connection); returns the fault, empty on success.
    protocol::transport_fault connect(const raw_target& target);

    /// True while connected and the peer has not been seen closing.
    bool is_open() const noexcept;

    /// Closes the connection (kept bytes are dropped).
    void close();

    /// Sends `bytes` (connecting first when not open), then reads one HTTP response to a
    /// request with `method` ("" = the first token of `bytes`). Fills request (parsed best-effort
    /// from `bytes`), response, sent_raw, received_raw, remote_address, connection_closed.
    protocol::http_exchange exchange_http(const raw_target& target, std::string_view bytes,
                                          std::string_view method = {},
                                          const raw_read_options& options = {});

    /// Sends `bytes` (may be empty: only read; connects first when not open), then reads FTP
    /// replies until a final (non-1xx) reply. `command` is `bytes` without its line ending.
    protocol::ftp_exchange exchange_ftp(const raw_target& target, std::string_view bytes,
                                        const raw_read_options& options = {});

    /// Sends bytes on the open connection; returns the fault, empty on success.
    protocol::transport_fault send(std::string_view bytes, std::chrono::milliseconds timeout);

    /// Reads one HTTP response on the open connection (see exchange_http).
    protocol::http_exchange read_http(std::string_view method, const raw_read_options& options = {});

    /// Reads FTP replies up to a final one on the open connection (see exchange_ftp).
    protocol::ftp_exchange read_ftp(const raw_read_options& options = {});

    /// "address:port" of the peer ("[::1]:80" for IPv6), "" when not connected.
    std::string remote_address() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::harness
