#include "protocol/utf8.hpp"

#include <cstdint>

namespace replycheck::protocol {

namespace {

// The length of the well-formed UTF-8 character at text[i] (its code point in `c`), 0 when the
// bytes there are none: no overlong forms, no surrogates, nothing past U+10FFFF.
std::size_t character_at(std::string_view text, std::size_t i, std::uint32_t& c) noexcept {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    c = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        const auto t = static_cast<unsigned char>(text[i + k]);
        if ((t & 0xC0) != 0x80) return 0;
        c = (c << 6) | (t & 0x3F);
    }
    static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

bool valid_utf8(std::string_view text) noexcept {
    std::uint32_t c = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto n = character_at(text, i, c);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string visible_text(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    std::uint32_t c = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto n = character_at(text, i, c);
        // C0 controls, DEL and the C1 controls (U+0080..U+009F) move a terminal's cursor or
        // change its state; TOML allows none but tab in a comment (TOML 1.0 "Comment").
        const bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
        if (n > 0 && !control) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        // A control character is escaped whole; a byte that begins no character, alone.
        for (const auto end = i + (n == 0 ? 1 : n); i < end; ++i) {
            const auto b = static_cast<unsigned char>(text[i]);
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

std::string utf8_or_latin1(std::string_view text) {
    if (valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        if (u < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (u >> 6)));
            out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
        }
    }
    return out;
}

}  // namespace replycheck::protocol
