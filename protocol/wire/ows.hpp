#pragma once
// Optional whitespace around field values and their parts (RFC 9110 §5.6.3).

#include <string_view>

namespace replycheck::protocol {

/// `text` without leading and trailing OWS: spaces and horizontal tabs.
constexpr std::string_view trim_ows(std::string_view text) noexcept {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace replycheck::protocol
