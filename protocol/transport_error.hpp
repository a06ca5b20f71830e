#pragma once
// Why an exchange ended without (all of) its reply, as a std::error_code of its own category.
// Verdicts test the code; the words beside it (exchange.transport_error) are for people and
// reports, and may change without changing a verdict.

#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <system_error>

namespace replycheck::protocol {

/// A transport fault of an HTTP or FTP exchange. 0 is reserved for "no fault".
enum class transport_errc {
    timeout = 1,          ///< our deadline passed before the reply (or the transfer) ended
    resolve,              ///< the host name could not be resolved
    connection_refused,   ///< the peer refused the TCP connection
    connect_failed,       ///< the TCP connection could not be made otherwise (unreachable, ...)
    tls_handshake,        ///< the TLS handshake or the certificate check failed
    not_connected,        ///< a command needed a connection that is not open
    send_failed,          ///< the request or command could not be written
    connection_reset,     ///< the peer reset the connection
    receive_failed,       ///< reading failed for another reason
    closed_early,         ///< the peer closed before the reply ended (or before any reply)
    reply_too_large,      ///< the reply passed a limit of ours or of libcurl's
    protocol_violation,   ///< bytes the client could not take as a reply of the protocol
    data_connection,      ///< an FTP data connection could not be opened or failed
    negative_reply,       ///< libcurl stopped an FTP transfer at a 4yz/5yz reply
    redirect_refused,     ///< libcurl would not follow a redirect (too many, unknown scheme)
    client_failure,       ///< the client could not run the exchange (libcurl setup, ...)
};

/// The category of transport_errc ("replycheck.transport").
const std::error_category& transport_category() noexcept;

/// A transport_errc as a std::error_code.
std::error_code make_error_code(transport_errc code) noexcept;

/// The enumerator's name ("tls_handshake"), as scenarios write it in `expect.fault`.
std::string_view transport_errc_name(transport_errc code) noexcept;

/// The transport_errc named `name`, nullopt when none is.
std::optional<transport_errc> transport_errc_from_name(std::string_view name) noexcept;

/// Every name, in enum order (for messages and hints).
std::vector<std::string_view> transport_errc_names();

/// A fault as the clients hand it on: the code decides, the text explains. Empty: no fault.
struct transport_fault {
    std::error_code code;   ///< a transport_errc, or empty
    std::string text;       ///< "connection refused", "timeout after 3000ms ..."

    /// True when there is a fault.
    explicit operator bool() const noexcept { return static_cast<bool>(code); }
};

}  // namespace replycheck::protocol

template <>
struct std::is_error_code_enum<replycheck::protocol::transport_errc> : std::true_type {};
