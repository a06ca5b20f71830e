#pragma once
// HTTP through libcurl: a request spec in, an http_exchange out, with the transcript taken
// from libcurl's debug callback. One client keeps one easy handle, so consecutive requests
// reuse the connection (keep-alive). Use one client per thread; never throws on I/O faults.

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace replycheck::harness {

/// HTTP version to ask libcurl for.
enum class http_version {
    any,        ///< libcurl's default
    http1_0,    ///< HTTP/1.0
    http1_1,    ///< HTTP/1.1
    http2,      ///< HTTP/2 (ALPN over TLS, Upgrade: h2c over cleartext)
    http2_prior_knowledge,  ///< HTTP/2 over cleartext without Upgrade
};

/// Authentication scheme for the request's user and password.
enum class http_auth { none, basic, digest, any };

/// One request to perform.
struct http_request_spec {
    std::string method = "GET";            ///< any token; HEAD is sent without reading a body
    std::string url;                       ///< absolute http:// or https:// URL (path sent as is)
    protocol::header_list headers;         ///< added/overriding fields; an empty value sends "Name:" empty
    std::string body;                      ///< request content (sent when non-empty or method is POST/PUT/PATCH)
    http_version version = http_version::http1_1;  ///< protocol version
    http_auth auth = http_auth::none;      ///< scheme used with user/password
    std::string user;                      ///< user name for auth
    std::string password;                  ///< password for auth (never recorded)
    tls_options tls;                       ///< TLS settings for https://
    bool follow_redirects = false;         ///< follow Location (the exchange holds the last response)
    int max_redirects = 10;                ///< bound on followed redirects
    std::chrono::milliseconds timeout{5000};          ///< whole transfer
    std::chrono::milliseconds connect_timeout{3000};  ///< TCP + TLS connect
    std::size_t body_cap = 16 * 1024 * 1024;          ///< response body bytes kept (rest counted)
    std::size_t transcript_cap = 256 * 1024;          ///< bytes kept in sent_raw / received_raw each
};

/// An HTTP client over one reusable libcurl easy handle.
class curl_http_client {
public:
    /// Initializes libcurl once per process (thread-safe) and creates the handle.
    curl_http_client();
    ~curl_http_client();
    curl_http_client(const curl_http_client&) = delete;
    curl_http_client& operator=(const curl_http_client&) = delete;

    /// Performs the request; faults (refused, timeout, TLS) land in `transport_error`.
    protocol::http_exchange perform(const http_request_spec& spec);

    /// Closes any kept-alive connection (the next request connects anew).
    void reset_connection();

private:
    void* handle_ = nullptr;   // CURL*
};

/// Makes sure curl_global_init ran (once, thread-safe). Called by every curl-based client.
void ensure_curl_initialized();

}  // namespace replycheck::harness
