#pragma once
// Durations as users write them: "500ms", "3s", "1m", "1.5s", "2m30s".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Parses "250ms", "3s", "1.5s", "1m", "2m30s", "1h"; nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// The shortest readable form: "500ms", "3s", "1m30s", "1.25s".
std::string format_duration(std::chrono::milliseconds value);

}  // namespace replycheck::protocol
