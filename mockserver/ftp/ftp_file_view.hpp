#pragma once
// The served folder as the mock FTP server's clients see it (internal): virtual paths such
// as "/sub/a.txt" map to files under the canonical root, and nothing outside the root is
// reachable, not even through a symlink.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/ftp/ftp_command_line.hpp"
#include "mockserver/ftp/ftp_listing.hpp"

namespace replycheck::mock::detail {

/// A path argument resolved against the root.
struct ftp_target {
    ftp_path_status status = ftp_path_status::ok;
    std::string virtual_path;        ///< absolute, normalized ("/sub/a.txt")
    std::filesystem::path real;      ///< where it is on disk
    bool inside = false;             ///< the real path (after symlinks) stays inside the root
    bool exists = false;
    bool directory = false;
    bool regular = false;            ///< a plain file (not a FIFO, device or socket): may be opened
};

/// The root folder and what may be done with it. Immutable, so sessions share it freely.
class ftp_file_view {
public:
    /// Serves `root` (made canonical); `writable` is shown in listings' permissions.
    ftp_file_view(const std::filesystem::path& root, bool writable);

    /// Resolves `argument` against the virtual folder `cwd`. With `for_write`, a name that does
    /// not exist yet counts as inside when its folder is.
    ftp_target resolve(std::string_view cwd, std::string_view argument, bool for_write = false) const;
    /// The listing facts of `real`, shown as `name`.
    ftp_entry_info info_of(const std::filesystem::path& real, std::string name) const;
    /// The entries of folder `real` that lead somewhere inside the root, sorted by name.
    std::vector<ftp_entry_info> list_dir(const std::filesystem::path& real) const;
    /// Bytes held by the regular files under the root (for the upload quota).
    std::uint64_t used_bytes() const;
    /// True when `real` is a plain file now: checked right before it is opened, since opening a
    /// FIFO would block the session's thread and a device is nothing to transfer.
    static bool is_plain_file(const std::filesystem::path& real);
    /// When `real` was last modified (now when that cannot be read).
    static std::chrono::system_clock::time_point modified(const std::filesystem::path& real);

private:
    std::filesystem::path root_;
    bool writable_;
};

}  // namespace replycheck::mock::detail
