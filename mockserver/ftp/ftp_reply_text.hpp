#pragma once
// Text the mock puts into its own replies: whatever part of it came from the client or from
// the file system (names, paths, arguments) must not break the reply framing (RFC 959 §4.2).

#include <string>
#include <string_view>

namespace replycheck::mock {

/// `text` made safe inside one reply line: CR, LF, NUL, the other control bytes and the
/// Telnet IAC byte (0xFF) become visible "\xHH" escapes; everything else (UTF-8 included,
/// RFC 2640) is kept.
std::string ftp_reply_safe(std::string_view text);

/// Appends ftp_reply_safe(text) to `out` (no copy when nothing needs escaping).
void append_ftp_reply_safe(std::string& out, std::string_view text);

/// The code of a reply line ("226 Done." → 226); 0 when it does not start with three digits.
int ftp_reply_code(std::string_view line) noexcept;

/// One inner line of a multi-line reply: made safe, and padded with a space when it starts
/// with a digit, so that "211 End" in a listing cannot end the reply early (RFC 959 §4.2).
std::string ftp_reply_inner_line(std::string_view line);

}  // namespace replycheck::mock
