#pragma once
// Reads a step's transcript back into lines with their role, whichever way the step wrote it:
// HTTP steps keep the bytes as sent and received (request head, body, then the response),
// FTP steps and some tests mark lines with "> " (sent) and "< " (received).

#include <string_view>
#include <vector>

namespace replycheck::reports::detail {

/// What a transcript line is.
enum class line_role {
    sent_head,      ///< a request line or header field, an FTP command
    received_head,  ///< a status line or header field, an FTP reply line
    body,           ///< message body bytes (either direction)
    note,           ///< "! transport error", "[timeout after 2000ms ...]", "[data: N bytes]"
};

/// One line, without its marker and line ending. `text` points into the transcript.
struct transcript_line {
    line_role role;
    std::string_view text;
    bool ends_head = false;  ///< the blank line that ends a header section (RFC 9112 §2.1)
};

/// The lines of `transcript` in order.
std::vector<transcript_line> read_transcript(std::string_view transcript);

}  // namespace replycheck::reports::detail
