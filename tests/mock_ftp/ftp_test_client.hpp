#pragma once
// A raw FTP control-connection client for the mock's tests: plain POSIX sockets, every
// receive and send bounded by SO_RCVTIMEO / SO_SNDTIMEO, loopback only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace replycheck::test {

/// A TCP socket to 127.0.0.1 (or another loopback address) with timeouts.
class test_socket {
public:
    test_socket() = default;
    explicit test_socket(int fd) : fd_(fd) {}
    test_socket(const test_socket&) = delete;
    test_socket& operator=(const test_socket&) = delete;
    test_socket(test_socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    test_socket& operator=(test_socket&& other) noexcept {
        if (this != &other) {
            close();
            fd_ = other.fd_;
            other.fd_ = -1;
        }
        return *this;
    }
    ~test_socket() { close(); }

    /// Connects to host:port with `timeout` for connect, send and receive.
    static test_socket connect_to(std::uint16_t port, std::chrono::milliseconds timeout =
                                                          std::chrono::seconds(5),
                                  const char* host = "127.0.0.1") {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) throw std::runtime_error("socket failed");
        test_socket socket(fd);
        socket.set_timeout(timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, host, &address.sin_addr);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error(std::string("connect failed: ") + std::strerror(errno));
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return socket;
    }

    void set_timeout(std::chrono::milliseconds timeout) {
        timeval tv{};
        tv.tv_sec = static_cast<long>(timeout.count() / 1000);
        tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }

    void send_all(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send failed");
            sent += static_cast<std::size_t>(n);
        }
    }

    /// One recv(); "" on EOF; throws on timeout or error (errno kept in last_error).
    std::string receive_some(std::size_t max = 65536) {
        std::string buffer(max, '\0');
        auto n = ::recv(fd_, buffer.data(), buffer.size(), 0);
        if (n < 0) {
            last_error = errno;
            throw std::runtime_error(std::string("recv failed: ") + std::strerror(errno));
        }
        buffer.resize(static_cast<std::size_t>(n));
        return buffer;
    }

    /// Everything until EOF (bounded by the socket timeout per recv and `cap` bytes).
    std::string receive_all(std::size_t cap = 64 * 1024 * 1024) {
        std::string all;
        while (all.size() < cap) {
            auto piece = receive_some();
            if (piece.empty()) break;
            all += piece;
        }
        return all;
    }

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    void shutdown_send() { ::shutdown(fd_, SHUT_WR); }
    int fd() const noexcept { return fd_; }
    int last_error = 0;

private:
    int fd_ = -1;
};

/// One reply as read by the test client.
struct test_reply {
    int code = 0;
    std::vector<std::string> lines;   ///< without line endings
    std::string raw;
};

/// The control connection with reply framing (RFC 959 §4.2).
class ftp_test_client {
public:
    explicit ftp_test_client(std::uint16_t port,
                             std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : socket_(test_socket::connect_to(port, timeout)), port_(port) {}

    /// Reads one complete reply (multi-line aware).
    test_reply read_reply() {
        test_reply reply;
        while (true) {
            auto line = read_line(reply.raw);
            reply.lines.push_back(line);
            if (reply.lines.size() == 1) {
                if (line.size() < 3) throw std::runtime_error("short reply line: " + line);
                reply.code = std::stoi(line.substr(0, 3));
                if (line.size() < 4 || line[3] != '-') return reply;
                continue;
            }
            if (line.size() >= 4 && line.compare(0, 3, reply.lines.front(), 0, 3) == 0 && line[3] == ' ')
                return reply;
        }
    }

    /// Sends `line` + CRLF and reads the reply.
    test_reply command(const std::string& line) {
        send_line(line);
        return read_reply();
    }
    void send_line(const std::string& line) { socket_.send_all(line + "\r\n"); }

    /// USER + PASS; returns the PASS (or USER) reply.
    test_reply login(const std::string& user, const std::string& password) {
        auto first = command("USER " + user);
        if (first.code != 331) return first;
        return command("PASS " + password);
    }

    /// PASV (or EPSV) then connects to the announced port on 127.0.0.1.
    test_socket open_passive(bool extended = false) {
        auto reply = command(extended ? "EPSV" : "PASV");
        std::smatch match;
        std::uint16_t port = 0;
        if (extended) {
            static const std::regex pattern(R"(\(\|\|\|(\d+)\|\))");
            if (reply.code != 229 || !std::regex_search(reply.lines[0], match, pattern))
                throw std::runtime_error("bad EPSV reply: " + reply.raw);
            port = static_cast<std::uint16_t>(std::stoi(match[1]));
        } else {
            static const std::regex pattern(R"(\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\))");
            if (reply.code != 227 || !std::regex_search(reply.lines[0], match, pattern))
                throw std::runtime_error("bad PASV reply: " + reply.raw);
            port = static_cast<std::uint16_t>(std::stoi(match[5]) * 256 + std::stoi(match[6]));
        }
        return test_socket::connect_to(port);
    }

    /// Whatever bytes are buffered/arrive next on the control connection ("" on EOF).
    std::string receive_raw() {
        if (!pending_.empty()) {
            auto bytes = std::move(pending_);
            pending_.clear();
            return bytes;
        }
        return socket_.receive_some();
    }

    /// True when the server closed the control connection (EOF within the timeout).
    bool closed_by_server() {
        try {
            if (!pending_.empty()) return false;
            return socket_.receive_some().empty();
        } catch (const std::exception&) {
            return socket_.last_error == ECONNRESET;
        }
    }

    test_socket& socket() { return socket_; }

private:
    std::string read_line(std::string& raw) {
        while (true) {
            auto lf = pending_.find('\n');
            if (lf != std::string::npos) {
                std::string line = pending_.substr(0, lf);
                raw += pending_.substr(0, lf + 1);
                pending_.erase(0, lf + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return line;
            }
            auto piece = socket_.receive_some();
            if (piece.empty()) throw std::runtime_error("connection closed while reading a reply");
            pending_ += piece;
        }
    }

    test_socket socket_;
    std::uint16_t port_;
    std::string pending_;
};

}  // namespace replycheck::test
