#pragma once
// What every format's parser looks like to the reader: lines in, entries out, no I/O. Most
// formats give at most one entry per line; the vsftpd parser pairs lines and may hold entries
// back, so the reader also drains `pop` and calls `finish` at the end of the file.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "protocol/logs/log_entry.hpp"

namespace replycheck::logs {

enum class line_result {
    entry,      ///< `out` holds an entry
    none,       ///< a header, blank or informational line: nothing to hand out
    malformed,  ///< `why` says what is wrong with the line
};

class line_parser {
public:
    virtual ~line_parser() = default;
    /// Reads one line (no newline). `out` arrives reset, with `line` set; its views may point
    /// into `line` or into the parser's own buffers, valid until the next call.
    virtual line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                             std::string& why) = 0;
    /// An entry completed by earlier lines, if any (valid until the next call of any member).
    virtual bool pop(log_entry& /*out*/) { return false; }
    /// End of file: whatever is still pending becomes available through pop().
    virtual void finish() {}
};

/// The parser for `format`.
std::unique_ptr<line_parser> make_line_parser(log_format format);

}  // namespace replycheck::logs
