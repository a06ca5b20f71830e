#pragma once
// FTP data-connection addresses: 227 (PASV, RFC 959 §4.1.2), 229 (EPSV, RFC 2428 §3),
// and the PORT / EPRT arguments for active mode.

#include "protocol/wire/parse_result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// A host and port announced for (or offered to) a data connection.
struct ftp_endpoint {
    std::string host;          ///< dotted IPv4 for 227; empty for 229 (use the control peer)
    std::uint16_t port = 0;
};

/// Parses a 227 reply ("227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).", the code optional);
/// missing parentheses and other tolerated deviations become warnings.
parse_result<ftp_endpoint> parse_pasv_227(std::string_view reply_text);

/// Parses a 229 reply ("229 Entering Extended Passive Mode (|||port|)", any delimiter
/// character from 33 to 126, the code optional). The host is left empty.
parse_result<ftp_endpoint> parse_epsv_229(std::string_view reply_text);

/// The PORT argument "h1,h2,h3,h4,p1,p2" for an IPv4 address (empty for a non-IPv4 host).
std::string format_port_argument(std::string_view ipv4, std::uint16_t port);

/// The EPRT argument "|1|host|port|" (or "|2|…|" when `host` contains ':').
std::string format_eprt_argument(std::string_view host, std::uint16_t port);

/// The 227 reply text "Entering Passive Mode (h1,h2,h3,h4,p1,p2)." (without the code).
std::string format_pasv_227(std::string_view ipv4, std::uint16_t port);

}  // namespace replycheck::protocol
