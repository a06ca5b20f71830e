#pragma once
// Reads a server log file entry by entry in bounded memory: detects the format from the first
// lines (or takes the one forced), reads .gz files transparently, never stops at a malformed
// line (it is counted, and the first ones kept as "file:line: why").

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/logs/log_entry.hpp"

namespace replycheck::logs {

/// What reading one file found besides its entries.
struct read_stats {
    std::uint64_t lines = 0;        ///< every line, headers and blank ones included
    std::uint64_t entries = 0;      ///< entries handed out
    std::uint64_t malformed = 0;    ///< lines that could not be read
    std::vector<std::string> first_malformed;   ///< up to 10: "file:line: why"
};

/// A log file opened for reading. Throws std::runtime_error (with the file name and the
/// reason) when it cannot be opened or its format cannot be recognised.
class log_reader {
public:
    explicit log_reader(const std::filesystem::path& file, std::optional<log_format> format = {});
    ~log_reader();
    log_reader(const log_reader&) = delete;
    log_reader& operator=(const log_reader&) = delete;

    /// The next entry; false at the end of the file. `out` views stay valid until the next call.
    bool next(log_entry& out);

    log_format format() const noexcept;
    const read_stats& stats() const noexcept;
    const std::string& file() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Parses one pasted line (explain --log): W3C lines need their #Fields:, so a bare W3C line
/// is read with the IIS default HTTP fields, or the FTP ones when its method is an FTP command.
/// nullopt with `why` set when no format reads it.
std::optional<log_record> parse_single_line(std::string_view line, std::string& why);

}  // namespace replycheck::logs
