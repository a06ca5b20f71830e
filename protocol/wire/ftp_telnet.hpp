#pragma once
// The Telnet commands an FTP control connection may carry between command bytes (RFC 959 §4.1.3:
// a client interrupts a transfer with IAC IP, then the Synch, IAC DM, before ABOR).

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// `line` without Telnet IAC command sequences (RFC 854): IAC IAC stays as one 255 byte, WILL,
/// WONT, DO and DONT lose their option byte too, a lone IAC at the end is dropped.
std::string strip_telnet(std::string_view line);

}  // namespace replycheck::protocol
