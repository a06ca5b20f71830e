#pragma once
// ASCII helpers the wire parsers share: protocol elements (status codes, field names, FTP reply
// codes, MLSD facts) are ASCII whatever the locale (RFC 5234 §B.1).

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// DIGIT (RFC 5234 §B.1).
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// `text` with A-Z lowered; other bytes unchanged.
inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// At most 80 bytes of what a peer sent, for an error message: bytes outside printable ASCII
/// become '?', and "..." says when more was cut.
inline std::string printable_excerpt(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > 80) out += "...";
    return out;
}

}  // namespace replycheck::protocol
