#pragma once
// One HTTP/2 request on a connection of its own, its reply read with no check beyond HPACK
// (RFC 7541): what the server sent, even a header block a client library refuses as malformed
// (RFC 9113 §8.1.1). Used to name the field behind a stream libcurl reset with PROTOCOL_ERROR.
// TLS with ALPN "h2" (RFC 9113 §3.2) or cleartext with prior knowledge (§3.3). Every wait ends
// by the timeout; nothing throws.

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace replycheck::harness {

/// The request to send.
struct h2_peek_request {
    std::string host;
    std::uint16_t port = 0;
    bool tls = true;                 ///< TLS with ALPN h2; false: cleartext prior knowledge
    tls_options tls_settings;        ///< verification, CA, client certificate
    std::string method = "GET";
    std::string authority;           ///< ":authority" ("host:port")
    std::string path = "/";          ///< ":path"
    protocol::header_list fields;    ///< regular fields (names are sent in lower case)
    std::string body;                ///< request content, none when empty
    std::chrono::milliseconds timeout{3000};  ///< the whole exchange
    std::size_t body_cap = 64 * 1024;         ///< response content read at most
};

/// Sends the request and reads the reply: response.version "HTTP/2", status from ":status",
/// the regular fields as received (connection-specific ones included), the content up to
/// END_STREAM or the cap (body_complete says which), trailers. A reset stream, GOAWAY, a
/// header block that is not HPACK or the timeout become the transport error. `h2_spoken`, when
/// given, is set to whether the server began with its connection preface, a SETTINGS frame
/// (RFC 9113 §3.4): false for a server that does not speak HTTP/2 at all.
protocol::http_exchange h2_peek(const h2_peek_request& request, bool* h2_spoken = nullptr);

}  // namespace replycheck::harness
