#pragma once
// ISO 8601 / RFC 3339 timestamps in UTC, the form JSON and JUnit consumers parse without help.

#include <chrono>
#include <string>

namespace replycheck::protocol {

/// "2026-01-01T08:49:37Z": UTC, whole seconds (run and report start times).
std::string iso8601_utc(std::chrono::system_clock::time_point time);

/// "2026-01-01T08:49:37.123Z": UTC with milliseconds (journal entries).
std::string iso8601_utc_millis(std::chrono::system_clock::time_point time);

}  // namespace replycheck::protocol
