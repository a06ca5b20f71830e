#pragma once
// Internal: reading FTP replies from a socket_stream, shared by the raw and FTP clients.

#include "harness/clients/socket_stream.hpp"
#include "protocol/exchange.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace replycheck::harness::detail {

/// True for 1yz codes (RFC 959 §4.2: positive preliminary, a final reply follows).
constexpr bool is_preliminary(int code) noexcept { return code >= 100 && code < 200; }

/// Moves queued replies into `exchange` up to and including a final one; true when a final
/// reply was taken.
bool take_replies(protocol::ftp_reply_parser& parser, protocol::ftp_exchange& exchange);

/// Reads replies into `exchange.replies` until a final (non-1xx) reply. A timeout or a close
/// is recorded in `exchange` (transport_error, connection_closed); `peer_closed` is updated.
/// When the timeout ends the read inside a multi-line reply, the lines received in full are
/// appended as a reply with code 0, `multiline` set and a format error (the parser keeps them too).
/// A reply that passes the parser's limits ends the read at once: it is appended with code 0,
/// the transport error names the limits and the stream is closed (the rest cannot be framed).
void read_ftp_replies(socket_stream& stream, protocol::ftp_reply_parser& parser, bool& peer_closed,
                      steady::time_point deadline, std::chrono::milliseconds timeout,
                      protocol::ftp_exchange& exchange);

/// The transport error of an exchange whose reply passed the parser's limits.
protocol::transport_fault too_large_error(const protocol::ftp_reply_parser& parser);

/// The command line as recorded: line ending removed, PASS and ACCT arguments masked ("PASS ***").
std::string recorded_ftp_command(std::string_view line);

}  // namespace replycheck::harness::detail
