#pragma once
// FTP time values (RFC 3659 §2.3): "YYYYMMDDHHMMSS[.sss]" in UTC, used by MDTM and MLSD modify.

#include "protocol/wire/parse_result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Parses a time-val (surrounding whitespace and a leading "213 " are skipped).
parse_result<std::chrono::sys_time<std::chrono::milliseconds>> parse_mdtm(std::string_view text);

/// Formats "YYYYMMDDHHMMSS" (UTC).
std::string format_mdtm(std::chrono::sys_seconds time);

}  // namespace replycheck::protocol
