#pragma once
// Durations as users write them: "500ms", "3s", "1m", "1.5s", "2m30s".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// The longest duration parse_duration takes: 10^12 ms (about 31 years).
inline constexpr std::chrono::hours max_duration_hours{277777};

/// Parses "250ms", "3s", "1.5s", "1m", "2m30s", "1h"; nullopt when malformed or negative, or
/// longer than 10^12 ms (then `*too_long` is set when given).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, bool* too_long = nullptr);

/// The shortest readable form: "500ms", "3s", "1m30s", "1.25s".
std::string format_duration(std::chrono::milliseconds value);

}  // namespace replycheck::protocol
