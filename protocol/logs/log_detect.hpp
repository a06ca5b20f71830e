#pragma once
// Which format a log is in, told from its first lines.

#include <optional>
#include <string_view>

#include "protocol/logs/log_entry.hpp"

namespace replycheck::logs {

/// The format of a file whose beginning is `head` (several lines; a last line cut short is
/// ignored unless `whole_file`). nullopt when no format fits.
std::optional<log_format> detect_log_format(std::string_view head, bool whole_file);

/// What one line looks like. `certain` is false for lines several formats could have written
/// (a CLF line whose request is "-" or garbage, a GET without HTTP version).
struct line_format_guess {
    std::optional<log_format> format;
    bool certain = false;
};
line_format_guess guess_line_format(std::string_view line);

}  // namespace replycheck::logs
