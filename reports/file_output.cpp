// Writing reports safely: a temporary file in the target directory, renamed into place, so a
// crash or a full disk never leaves half a report where CI expects a whole one. A process
// killed between the write and the rename leaves its temporary behind; the next write of the
// same report removes it.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <charconv>
#include <csignal>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

std::atomic<unsigned> temp_counter{0};

/// A temporary older than this is stale even if its pid is alive again (pids are reused).
constexpr auto temporary_lifetime = std::chrono::hours(1);

std::string temporary_name(const std::string& report, pid_t pid, unsigned n) {
    return fmt::format(".{}.{}.{}.tmp", report, pid, n);
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// The pid in `entry` when it is a temporary_name() of `report`, else 0.
pid_t temporary_owner(std::string_view entry, std::string_view report) {
    if (entry.size() < report.size() + 6 || entry[0] != '.' || entry.substr(1, report.size()) != report ||
        entry[report.size() + 1] != '.' || !entry.ends_with(".tmp"))
        return 0;
    std::string_view numbers = entry.substr(report.size() + 2, entry.size() - report.size() - 6);
    auto dot = numbers.find('.');
    if (dot == std::string_view::npos || !all_digits(numbers.substr(0, dot)) || !all_digits(numbers.substr(dot + 1)))
        return 0;
    pid_t pid = 0;
    auto [end, error] = std::from_chars(numbers.data(), numbers.data() + dot, pid);
    return error == std::errc{} && pid > 0 ? pid : 0;
}

/// Removes the temporaries of `path` that processes killed before their rename left behind:
/// regular files named as temporary_name() makes them, whose process is gone or that are older
/// than temporary_lifetime. Best effort: what cannot be removed stays.
void remove_stale_temporaries(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    const std::string report = path.filename().string();
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code walk;
    for (fs::directory_iterator it(dir, walk), end; !walk && it != end; it.increment(walk)) {
        pid_t pid = temporary_owner(it->path().filename().string(), report);
        std::error_code ec;
        if (pid == 0 || it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
        bool owner_gone = ::kill(pid, 0) != 0 && errno == ESRCH;
        auto modified = fs::last_write_time(it->path(), ec);
        bool expired = !ec && fs::file_time_type::clock::now() - modified > temporary_lifetime;
        if (owner_gone || expired) fs::remove(it->path(), ec);
    }
}

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what, int err) {
    throw report_error(fmt::format("cannot write report '{}': {}: {}", path.string(), what, std::strerror(err)));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
    if (path.empty()) throw report_error("cannot write report: empty path");
    if (path.filename().empty()) throw report_error(fmt::format("cannot write report '{}': not a file name", path.string()));
    std::filesystem::path dir = path.parent_path();
    if (!dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) {
            throw report_error(fmt::format("cannot write report '{}': cannot create directory '{}': {}", path.string(),
                                           dir.string(), ec.message()));
        }
    }
    remove_stale_temporaries(path);
    int fd = -1;
    std::filesystem::path temp;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temp = dir / temporary_name(path.filename().string(), ::getpid(), temp_counter++);
        // 0666 so the umask decides, as for any file the user creates.
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) fail(path, "cannot create temporary file", errno);
    }
    if (fd < 0) fail(path, "cannot create temporary file", EEXIST);
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            fail(path, "write failed", err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        fail(path, "fsync failed", err);
    }
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        fail(path, "close failed", err);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        fail(path, "rename failed", err);
    }
}

void write_junit(const run_result& run, const std::filesystem::path& path, const writer_options& options) {
    write_file_atomically(path, render_junit(run, options));
}

void write_json(const run_result& run, const std::filesystem::path& path, const writer_options& options) {
    write_file_atomically(path, render_json(run, options));
}

void write_html(const run_result& run, const std::filesystem::path& path, const writer_options& options) {
    write_file_atomically(path, render_html(run, options));
}

void write_tap(const run_result& run, const std::filesystem::path& path, const writer_options& options) {
    write_file_atomically(path, render_tap(run, options));
}

}  // namespace replycheck::reports
