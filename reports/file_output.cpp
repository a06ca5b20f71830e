// Writing reports safely: a temporary file in the target directory, renamed into place, so a
// crash or a full disk never leaves half a report where CI expects a whole one.
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

std::atomic<unsigned> temp_counter{0};

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
    int fd = -1;
    std::filesystem::path temp;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        temp = dir / fmt::format(".{}.{}.{}.tmp", path.filename().string(), ::getpid(), temp_counter++);
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
