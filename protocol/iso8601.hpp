#pragma once
// ISO 8601 / RFC 3339 timestamps in UTC, the form JSON and JUnit consumers parse without help.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// "2026-01-01T08:49:37Z": UTC, whole seconds (run and report start times).
std::string iso8601_utc(std::chrono::system_clock::time_point time);

/// "2026-01-01T08:49:37.123Z": UTC with milliseconds (journal entries).
std::string iso8601_utc_millis(std::chrono::system_clock::time_point time);

/// A parsed timestamp; microseconds, so that a far date (year 2999) does not overflow.
using iso8601_time = std::chrono::sys_time<std::chrono::microseconds>;

/// "2026-01-01T08:49:37Z", "…37.123Z", "…37+01:00" or "…37" (UTC); nullopt for anything else.
std::optional<iso8601_time> parse_iso8601(std::string_view text);

}  // namespace replycheck::protocol
