#pragma once
// How long a 503 (Service Unavailable) or 429 (Too Many Requests) asks a client to wait before
// it tries again: Retry-After = HTTP-date / delay-seconds (RFC 9110 §10.2.3, RFC 6585 §4).

#include <chrono>
#include <optional>
#include <string_view>

namespace replycheck::harness {

/// The wait that the Retry-After value `field` asks for, counted from `now`: delay-seconds, or
/// the time until an HTTP-date (zero for a date in the past). Nothing for a malformed value.
std::optional<std::chrono::milliseconds> retry_after_delay(std::string_view field,
                                                           std::chrono::system_clock::time_point now);

}  // namespace replycheck::harness
