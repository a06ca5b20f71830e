#pragma once
// Configuration of the mock HTTP server: root, auth prefixes, redirects, limits, flavour and the
// scripts of [[mock.http.script]]. Filled by load_http_mock_config (http_mock.hpp) or in code.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/bounded_regex.hpp"
#include "protocol/config_error.hpp"

namespace replycheck::mock {

/// A protected path prefix: requests under it need HTTP Basic credentials (RFC 7617).
struct auth_prefix {
    std::string prefix;                 ///< "/private" protects "/private" and "/private/..."
    std::string user;                   ///< user allowed under the prefix
    std::string password;               ///< its password (never logged or printed)
    std::string realm = "replycheck";   ///< realm of the WWW-Authenticate challenge
};

/// A configured redirect (RFC 9110 §15.4).
struct http_redirect {
    std::string from;                   ///< request path (exact, or a prefix when `prefix`)
    std::string to;                     ///< Location value; with `prefix`, the rest of the path is appended
    int status = 302;                   ///< 301, 302, 303, 307 or 308
    bool prefix = false;                ///< match every path starting with `from`
};

/// Which server family the error pages imitate.
enum class http_flavour {
    standard,      ///< short text/html error bodies
    iis,           ///< IIS detailed error pages: "HTTP Error 404.3 - Not Found"
};

/// Bounds that keep the mock well behaved under load or abuse.
struct http_mock_limits {
    std::size_t max_target = 8192;                 ///< request-target octets; longer: 414 (RFC 9110 §15.5.15)
    std::size_t max_header_section = 16384;        ///< header section octets after the request line; more: 431
    std::uint64_t max_body = 8 * 1024 * 1024;      ///< request content octets; more: 413
    std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};  ///< a started request must complete: else 408, close
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};     ///< no request on a connection: close (408 if none yet)
    std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};    ///< a reply write must progress within this
    std::size_t max_connections = 4096;            ///< beyond: accepted and closed at once
    std::size_t cache_file_max = 256 * 1024;       ///< files up to this size are cached in memory (mtime-checked)
    std::size_t journal_cap = 100000;              ///< journal entries kept (oldest dropped first)
    std::size_t journal_body_cap = 64 * 1024;      ///< request body octets kept per journal entry
    std::size_t journal_raw_cap = 64 * 1024;       ///< raw request octets kept per journal entry
};

/// How a script's path pattern is compared with the request path (percent-decoded, no query).
enum class http_path_match {
    any,           ///< no path condition
    exact,         ///< equal strings
    prefix,        ///< the path starts with the pattern
    glob,          ///< `*` (any run, also '/') and `?` over the whole path
    regex,         ///< Perl-syntax regular expression over the whole path
};

/// A header or query condition: the value must equal `value`, or match `compiled` when set.
struct http_value_match {
    std::string name;                               ///< header name (case-insensitive) or query key
    std::string value;                              ///< expected value; "*" = present with any value
    std::shared_ptr<const protocol::bounded_regex> compiled;  ///< when written as { regex = "..." }
};

/// The condition of a script; every part that is set must hold.
struct http_script_match {
    std::vector<std::string> methods;               ///< upper-case; empty = any method
    http_path_match path_kind = http_path_match::any;
    std::string path;                               ///< the pattern as written
    std::shared_ptr<const protocol::bounded_regex> path_regex;  ///< set for regex
    std::vector<http_value_match> query;            ///< every listed key must match
    std::vector<http_value_match> headers;          ///< every listed header must match
    std::optional<std::string> body;                ///< exact request content
    std::optional<std::string> body_contains;       ///< substring of the request content
    std::shared_ptr<const protocol::bounded_regex> body_regex;  ///< search in the request content
    std::optional<bool> tls;                        ///< true: only over HTTPS; false: only over plain HTTP
    /// The client certificate's RFC 2253 subject: exact, "*" (any certificate presented) or
    /// { regex = "..." }; never matches over plain HTTP.
    std::optional<http_value_match> client_cert;
};

/// A reply a script sends.
struct http_script_reply {
    int status = 200;                               ///< 100..599 on the wire
    int substatus = -1;                             ///< IIS substatus (403.14 → 14); -1 = none
    std::string reason;                             ///< reason phrase; "" = the registered one
    std::vector<std::pair<std::string, std::string>> headers;  ///< sent in this order
    std::optional<std::string> body;                ///< content
    std::optional<std::filesystem::path> body_file; ///< content read from this file at reply time
    std::optional<std::string> raw;                 ///< bytes sent exactly as written instead of a built reply (`raw`, or read from `raw_file` at load)
};

/// What happens to the connection around a script's reply.
enum class http_fault {
    none,          ///< send the reply normally
    close,         ///< close without replying
    reset,         ///< reset the connection (RST through SO_LINGER 0) without replying
    garbage,       ///< send `garbage` bytes (not HTTP), then close
    hang,          ///< send nothing until the idle timeout, then close
};

/// One script: the first script that matches (in file order, with uses left, in its state) decides.
struct http_script {
    std::string name;                               ///< label for the journal; default "rule N" (as before)
    http_script_match match;
    std::optional<int> times;                       ///< uses before the script is skipped; empty = always
    std::vector<http_script_reply> replies;         ///< one reply, or a sequence for successive matches (last repeats)
    std::string state;                              ///< only matches while the mock is in this state; "" = any
    std::string next_state;                         ///< state entered after a match; "" = unchanged
    std::chrono::milliseconds delay{0};             ///< wait before replying
    std::size_t throttle_bytes = 0;                 ///< send at most this many bytes per interval; 0 = no throttle
    std::chrono::milliseconds throttle_interval{100};
    std::optional<std::size_t> close_after;         ///< send only this many bytes of the reply, then close
    http_fault fault = http_fault::none;
    std::string garbage;                            ///< bytes for fault garbage (a default when empty)
    bool close = false;                             ///< close the connection after the reply (adds Connection: close)
    bool keep_open = false;                         ///< raw replies: keep the connection open (default: close after)
    protocol::source_position where;                ///< where the script was written (for messages)
};

/// Everything the mock HTTP server needs.
struct http_mock_config {
    std::string listen = "127.0.0.1:0";             ///< host:port of the listener
    std::string https_listen;                       ///< host:port of the HTTPS listener; "" = none
    std::filesystem::path root;                     ///< folder served; every path stays inside it
    bool writable = false;                          ///< allow PUT and DELETE under root
    int threads = 1;                                ///< io_context threads
    std::vector<auth_prefix> auth;                  ///< protected prefixes
    std::vector<http_redirect> redirects;           ///< checked before the file system, after scripts
    http_mock_limits limits;
    http_flavour flavour = http_flavour::standard;
    std::string index = "index.html";               ///< file served for a directory path ending in '/'
    std::string server_header = "replycheck-mock";  ///< Server field value; "" = none
    std::string initial_state;                      ///< state the script engine starts in
    std::vector<http_script> scripts;               ///< in file order; first match wins
    /// Path prefixes served only over HTTPS: plain HTTP gets 403 (IIS 403.4 "SSL required").
    std::vector<std::string> require_tls;
    /// Path prefixes that need a valid client certificate over HTTPS: none 403.7, untrusted
    /// 403.16, expired or not yet valid 403.17 (IIS); needs [mock.tls] client_cert = "optional".
    std::vector<std::string> require_client_cert;
};

}  // namespace replycheck::mock
