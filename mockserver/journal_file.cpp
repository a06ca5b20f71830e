#include "mockserver/journal_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>

namespace replycheck::mock {

namespace {

// open_file() results beyond errno: FILE is a FIFO, or a socket (or another special file).
constexpr int a_fifo = -1;
constexpr int a_special = -2;

std::filesystem::path numbered(const std::filesystem::path& path, unsigned n) {
    auto p = path;
    p += "." + std::to_string(n);
    return p;
}

bool same_file(const struct stat& st, int fd) {
    struct stat other {};
    return ::fstat(fd, &other) == 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino;
}

}  // namespace

journal_file::journal_file(std::filesystem::path path, journal_file_options options)
    : path_(std::move(path)), options_(std::move(options)) {
    if (int error = open_file()) {
        if (error == a_fifo || error == a_special)
            throw std::runtime_error("cannot write the journal to " + path_.string() + ": it is a " +
                                     (error == a_fifo ? "FIFO" : "socket or other special file") +
                                     " (give a regular file or a character device such as /dev/stdout)");
        throw std::system_error(error, std::generic_category(), "cannot write journal " + path_.string());
    }
}

journal_file::~journal_file() {
    if (fd_ >= 0) ::close(fd_);
}

int journal_file::open_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    size_ = 0;
    const mode_t mode = options_.private_file ? 0600 : 0644;
    // O_NONBLOCK: a FIFO without a reader fails at once (ENXIO) instead of waiting for one.
    // No O_TRUNC yet: what FILE is decides whether it may be emptied.
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, mode);
    if (fd < 0) {
        const int error = errno;
        struct stat st {};
        // ENXIO: a FIFO without a reader, or a socket (open(2)).
        if (error != ENXIO || ::stat(path_.c_str(), &st) != 0) return error;
        return S_ISFIFO(st.st_mode) ? a_fifo : a_special;
    }
    struct stat st {};
    int error = ::fstat(fd, &st) != 0 ? errno : 0;
    if (!error && S_ISFIFO(st.st_mode)) error = a_fifo;
    else if (!error && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) error = a_special;
    // A device (/dev/stdout on a terminal, /dev/null), or the very file our stdout or stderr
    // goes to (`--journal /dev/stdout > out.txt`), is written as it is: appended to, never
    // emptied, chmod'ed or rotated (its mode is its owner's, and stdout holds the port lines).
    stream_ = !error && (S_ISCHR(st.st_mode) || same_file(st, STDOUT_FILENO) || same_file(st, STDERR_FILENO));
    // The very file our stdout or stderr goes to is written through that descriptor, so the
    // journal's lines and the console's (`-v 2> e.txt`) share one offset and none overwrites
    // another.
    for (const int console : {STDOUT_FILENO, STDERR_FILENO}) {
        if (error || !same_file(st, console)) continue;
        const int shared = ::fcntl(console, F_DUPFD_CLOEXEC, 0);
        if (shared < 0) {
            error = errno;
            break;
        }
        ::close(fd);
        fd = shared;
        break;
    }
    if (!error) {
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, (flags & ~O_NONBLOCK) | (stream_ ? O_APPEND : 0)) != 0) error = errno;
    }
    // An existing file keeps its mode and the umask narrows a new one: set it as asked, so that
    // a journal with credentials is never readable by others.
    if (!error && !stream_ && (::ftruncate(fd, 0) != 0 || ::fchmod(fd, mode) != 0)) error = errno;
    if (error) {
        ::close(fd);
        return error;
    }
    fd_ = fd;
    return 0;
}

void journal_file::rotate() {
    // FILE.(keep-1) -> FILE.keep (replacing the oldest) ... FILE -> FILE.1; none kept: FILE emptied.
    std::error_code ec;
    for (unsigned n = options_.keep; n > 1; --n) std::filesystem::rename(numbered(path_, n - 1), numbered(path_, n), ec);
    if (options_.keep > 0) std::filesystem::rename(path_, numbered(path_, 1), ec);
}

void journal_file::write_line(std::string_view line) {
    std::string bytes;
    bytes.reserve(line.size() + 1);
    bytes.append(line);
    bytes.push_back('\n');
    std::lock_guard lock(mutex_);
    // A file removed under us (or its folder) would swallow every line: write a new one instead.
    struct stat st {};
    if (fd_ >= 0 && !stream_ && ::fstat(fd_, &st) == 0 && st.st_nlink == 0) {
        ::close(fd_);
        fd_ = -1;
    }
    // A line that alone passes the cap still goes whole into an empty file.
    if (fd_ < 0 || (!stream_ && size_ > 0 && size_ + bytes.size() > options_.max_size)) {
        if (fd_ >= 0) rotate();
        // After a failure, retried at each line: writing resumes when the folder is back.
        if (int error = open_file()) {
            fail("cannot open", error == a_fifo || error == a_special ? EINVAL : error);
            return;
        }
    }
    std::string_view rest = bytes;
    while (!rest.empty()) {
        const auto n = ::write(fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            fail("cannot write", n < 0 ? errno : EIO);
            return;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
        size_ += static_cast<std::uint64_t>(n);
    }
}

void journal_file::fail(const std::string& what, int error) {
    if (reported_) return;
    reported_ = true;
    const std::string message = "journal " + path_.string() + ": " + what + ": " +
                                std::generic_category().message(error) + " (entries are being lost; the mock goes on)";
    if (options_.report) options_.report(message);
    else std::fputs(("replycheck mock: " + message + "\n").c_str(), stderr);
}

}  // namespace replycheck::mock
