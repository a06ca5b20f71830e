#pragma once
// A log file as a sequence of lines, read through one large buffer: plain files and gzip files
// alike (zlib tells them apart by their magic bytes). Lines longer than `max_line` are reported
// as too long and skipped to the next newline, so memory stays bounded whatever the input.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace replycheck::logs {

class line_source {
public:
    static constexpr std::size_t buffer_size = 1024 * 1024;
    static constexpr std::size_t max_line = 64 * 1024;

    /// Throws std::runtime_error "FILE: why" when the file cannot be opened.
    explicit line_source(const std::filesystem::path& file);
    ~line_source();
    line_source(const line_source&) = delete;
    line_source& operator=(const line_source&) = delete;

    /// The next line without its "\n" (and "\r"); false at the end. `too_long` is set for a line
    /// over max_line, whose text is then not given. The view is valid until the next call.
    bool next(std::string_view& line, bool& too_long);

    /// The start of the file (up to the buffer size), read without consuming it: for detection.
    std::string_view peek();

    /// Set when reading stopped early (corrupt or truncated gzip data, I/O error).
    const std::string& error() const noexcept { return error_; }

private:
    bool fill();

    std::string path_;
    void* file_ = nullptr;  // gzFile
    std::unique_ptr<char[]> buffer_;
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    bool skipping_ = false;
    std::string error_;
};

}  // namespace replycheck::logs
