#pragma once
// Base64 (RFC 4648 §4), as HTTP Basic credentials carry user:password (RFC 7617 §2).

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// `bytes` in base64 with '=' padding.
std::string base64_encode(std::string_view bytes);

/// Decodes base64 into `out`, up to the first '=' (missing padding is accepted). False when a
/// character outside the alphabet comes first; `out` then holds what was decoded before it.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace replycheck::protocol
