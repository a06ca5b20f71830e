// gzread handles both cases: on a file without the gzip magic bytes it copies the bytes
// through unchanged ("transparent" mode), so one code path reads .gz and plain logs.

#include "protocol/logs/line_source.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <zlib.h>

namespace replycheck::logs {

namespace {

gzFile gz(void* f) { return static_cast<gzFile>(f); }

// gzerror's text starts with the path ("access.log.gz: unexpected end of file"); the reader
// names the file itself.
std::string without_path(const char* text, const std::string& path) {
    std::string_view t = text != nullptr ? text : "read error";
    if (t.starts_with(path) && t.substr(path.size()).starts_with(": ")) t.remove_prefix(path.size() + 2);
    return std::string(t);
}

}  // namespace

line_source::line_source(const std::filesystem::path& file)
    : path_(file.string()), buffer_(new char[buffer_size]) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw std::runtime_error(file.string() + ": is a directory, not a log file");
    errno = 0;
    gzFile f = gzopen(file.c_str(), "rb");
    if (f == nullptr) {
        int err = errno;
        throw std::runtime_error(file.string() + ": cannot open: " +
                                 (err != 0 ? std::strerror(err) : "out of memory"));
    }
    gzbuffer(f, 256 * 1024);
    file_ = f;
}

line_source::~line_source() {
    if (file_ != nullptr) gzclose(gz(file_));
}

bool line_source::fill() {
    if (eof_) return false;
    if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_size) return true;
    int n = gzread(gz(file_), buffer_.get() + end_, static_cast<unsigned>(buffer_size - end_));
    if (n < 0) {
        int code = 0;
        const char* text = gzerror(gz(file_), &code);
        error_ = code == Z_ERRNO ? std::string(std::strerror(errno)) : without_path(text, path_);
        eof_ = true;
        return false;
    }
    if (n == 0) {
        // gzread reports a truncated gzip stream as an error only through gzerror.
        int code = Z_OK;
        const char* text = gzerror(gz(file_), &code);
        if (code != Z_OK && code != Z_STREAM_END && error_.empty())
            error_ = without_path(text, path_);
        eof_ = true;
        return false;
    }
    end_ += static_cast<std::size_t>(n);
    return true;
}

std::string_view line_source::peek() {
    while (!eof_ && end_ < buffer_size) {
        if (!fill()) break;
    }
    return {buffer_.get() + begin_, end_ - begin_};
}

bool line_source::next(std::string_view& line, bool& too_long) {
    too_long = false;
    for (;;) {
        const char* start = buffer_.get() + begin_;
        std::size_t avail = end_ - begin_;
        if (const void* nl = std::memchr(start, '\n', avail)) {
            std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
            begin_ += len + 1;
            if (skipping_) {
                skipping_ = false;
                too_long = true;
                line = {};
                return true;
            }
            if (len > max_line) {
                too_long = true;
                line = {};
                return true;
            }
            if (len > 0 && start[len - 1] == '\r') --len;
            line = {start, len};
            return true;
        }
        if (avail > max_line) {
            // Still no newline: drop what we have and keep skipping to the next one.
            skipping_ = true;
            begin_ = end_ = 0;
        }
        if (!fill()) {
            avail = end_ - begin_;
            if (skipping_) {
                skipping_ = false;
                begin_ = end_;
                too_long = true;
                line = {};
                return true;
            }
            if (avail == 0) return false;
            start = buffer_.get() + begin_;
            begin_ = end_;
            if (start[avail - 1] == '\r') --avail;
            line = {start, avail};
            return true;
        }
    }
}

}  // namespace replycheck::logs
