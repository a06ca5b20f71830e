#pragma once
// One URL model for every address replycheck reads: scenario URLs, smoke targets, targets in
// replycheck.toml and the mocks' listen addresses. Boost.URL parses (RFC 3986); this adds what
// each scheme means to us (protocol, default port, how TLS starts) and keeps the password
// apart so that nothing prints it by accident.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace replycheck::protocol {

/// The protocol spoken after connecting.
enum class url_protocol { http, ftp };

/// How TLS starts on a connection.
enum class tls_mode {
    none,      ///< plain text throughout
    implicit,  ///< TLS from the first byte (https; ftps on port 990, as curl and FileZilla do)
    explicit_auth,  ///< plain connect, then AUTH TLS secures the control connection (RFC 4217 §4)
};

/// What a scheme means: http, https, ftp, ftps (implicit TLS) and ftpes (explicit AUTH TLS).
struct scheme_info {
    std::string_view name;
    url_protocol protocol;
    std::uint16_t default_port;
    tls_mode tls;
};

/// Every scheme replycheck speaks, in the order they are listed to users.
std::span<const scheme_info> known_schemes() noexcept;

/// The scheme named `name` (any case), or nullptr.
const scheme_info* find_scheme(std::string_view name) noexcept;

/// "http, https, ftp, ftps, ftpes": for error messages.
std::string known_scheme_names();

/// An absolute URL with a known scheme, its parts decoded where a client needs them decoded.
struct url {
    const scheme_info* scheme = nullptr;
    std::string host;                     ///< name or address; an IPv6 address without brackets
    std::uint16_t port = 0;               ///< the explicit port, else the scheme's default
    bool has_port = false;                ///< true when the URL names the port
    std::optional<std::string> user;      ///< percent-decoded; absent without userinfo
    std::optional<std::string> password;  ///< percent-decoded; never part of display()
    std::string target;                   ///< path and query as written (still encoded), at least "/"

    /// The path without the query, percent-decoded (FTP paths, file names).
    std::string decoded_path() const;
    /// "host:port", with brackets around an IPv6 address.
    std::string authority() const;
    /// "scheme://user@host:port/target": the password is never shown.
    std::string display() const;
};

/// Parses an absolute URL whose scheme is one of known_schemes(); on failure returns nullopt
/// and sets `error` to a sentence for the user.
std::optional<url> parse_url(std::string_view text, std::string& error);

/// A host and a port, as in a listen address ("127.0.0.1:0", "[::1]:2121", "localhost:8080").
struct host_port {
    std::string host;  ///< without brackets
    std::uint16_t port = 0;

    /// "host:port", with brackets around an IPv6 address.
    std::string to_string() const;
};

/// Parses "HOST:PORT" or "[V6]:PORT". Port 0 is allowed (any free port) when `allow_port_zero`;
/// without a port, `default_port` is used when given, else it is an error.
std::optional<host_port> parse_host_port(std::string_view text, std::string& error,
                                         std::optional<std::uint16_t> default_port = std::nullopt,
                                         bool allow_port_zero = true);

/// Where a client connects: from a URL, or from "HOST:PORT" with no TLS.
struct endpoint {
    std::string host;  ///< without brackets
    std::uint16_t port = 0;
    tls_mode tls = tls_mode::none;  ///< the URL scheme's; none for HOST:PORT
};

/// A URL with one of known_schemes(), or "HOST:PORT" (`default_port` when the port is left out);
/// nullopt with `error` set when it is neither.
std::optional<endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port, std::string& error);

/// The scheme of a text that starts "scheme://" with one of known_schemes(), or nullptr.
const scheme_info* url_scheme(std::string_view text) noexcept;

/// The origin-form part (path and query) of an absolute-form request target such as
/// "http://h/a?b" (RFC 9112 §3.2.2); any other target as it is. Allocates nothing.
std::string_view origin_form(std::string_view target) noexcept;

/// An origin-form request target taken apart as a server reads it: the path percent-decoded,
/// and the query's parameters decoded ('+' is a space) in order; a key without '=' has "".
struct target_parts {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
};
target_parts split_target(std::string_view target);

/// A query or application/x-www-form-urlencoded component decoded: '+' is a space, then %XX
/// (WHATWG URL §5.1); text with a broken escape stays as it is.
std::string form_decoded(std::string_view component);

/// "[addr]" for an IPv6 address, the host itself otherwise.
std::string bracket_host(std::string_view host);

/// "HOST:PORT" a client on this machine dials to reach a listener configured as `listen` and
/// bound to `port`: localhost and the wildcard addresses (0.0.0.0, ::) become loopback ones.
std::string dial_address(std::string_view listen, std::uint16_t port);

}  // namespace replycheck::protocol
