#pragma once
// The live journal file: JSON Lines written as entries arrive, one line per write(2) so that a
// reader tailing the file sees each entry at once and never half of one; rotated at a size cap
// (FILE -> FILE.1 -> FILE.2 ..., the oldest dropped); a FILE removed meanwhile is made again.
// Thread-safe (one mutex). A failure to write is reported once and the mock keeps serving: the
// journal is a record, not a duty.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace replycheck::mock {

struct journal_file_options {
    std::uint64_t max_size = 64ull << 20;   ///< bytes; a line that would pass it goes to a new FILE
    unsigned keep = 3;                      ///< rotated files kept: FILE.1 ... FILE.keep
    bool private_file = false;              ///< 0600 (it holds credentials: --journal-raw), else 0644
    /// Told the first failure (a full disk, a removed folder); default: a line on stderr.
    std::function<void(const std::string& message)> report;
};

class journal_file {
public:
    /// Creates (or empties) `path`; throws std::system_error when it cannot be opened,
    /// std::runtime_error when it is a FIFO, a socket or another special file. A character device, or the file the process's
    /// stdout or stderr writes to, is appended to as it is: never emptied, chmod'ed or rotated.
    journal_file(std::filesystem::path path, journal_file_options options);
    ~journal_file();
    journal_file(const journal_file&) = delete;
    journal_file& operator=(const journal_file&) = delete;

    /// Appends `line` and a newline, rotating first when the file would pass the cap.
    void write_line(std::string_view line);

private:
    int open_file();   // a new, empty FILE with its mode (a stream as it is); 0, an errno, or <0 for a FIFO or socket
    void rotate();
    void fail(const std::string& what, int error);

    const std::filesystem::path path_;
    const journal_file_options options_;
    std::mutex mutex_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    bool stream_ = false;   // a device or our own stdout/stderr: appended to as it is
    bool reported_ = false;
};

}  // namespace replycheck::mock
