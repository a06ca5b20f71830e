#pragma once
// UTF-8 (RFC 3629), the encoding of every JSON text (RFC 8259 §8.1) and TOML file replycheck
// writes, for bytes that came from the network in any encoding.

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view text) noexcept;

/// `text` itself when it is UTF-8; otherwise each octet read as a Latin-1 code point (a client
/// in another charset), so that every byte stays visible and the result is UTF-8.
std::string utf8_or_latin1(std::string_view text);

/// `text` safe to show on a console or in a TOML file (comments included): every byte that is
/// not printable ASCII and not part of a well-formed UTF-8 character, and every control character
/// (C0, DEL, C1), written as %XX (upper-case hex). "/caf\xe9" becomes "/caf%E9".
std::string visible_text(std::string_view text);

}  // namespace replycheck::protocol
