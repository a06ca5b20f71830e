#pragma once
// Which application protocol a TLS server picks by ALPN (RFC 7301) when offered h2 and
// http/1.1: one bounded TLS handshake, no request. HTTP/2 over TLS is chosen this way only
// (RFC 9113 §3.2).

#include "harness/clients/tls_options.hpp"
#include "protocol/transport_error.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace replycheck::harness {

/// What the handshake gave.
struct alpn_result {
    std::string protocol;             ///< "h2", "http/1.1", or "" when the server chose none
    protocol::transport_fault fault;  ///< set when no handshake completed (refused, timeout, TLS)
};

/// Connects to host:port, offers "h2" and "http/1.1" and returns the server's choice. The
/// certificate is checked as `tls` says; connect and handshake end by `timeout`.
alpn_result probe_alpn(const std::string& host, std::uint16_t port, const tls_options& tls,
                       std::chrono::milliseconds timeout);

}  // namespace replycheck::harness
