#pragma once
// A tiny loopback TCP server for client tests: listens on 127.0.0.1 (or ::1) port 0 and runs a
// handler for each accepted connection on its own thread. Every wait is bounded.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace replycheck::test {

/// One accepted connection, with bounded helpers.
class canned_connection {
public:
    explicit canned_connection(int fd) : fd_(fd) {}

    /// Reads until `marker` has arrived (or timeout / close); returns everything read so far.
    std::string read_until(std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (buffer_.find(marker) == std::string::npos) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
            char chunk[4096];
            auto n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) break;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
        auto pos = buffer_.find(marker);
        std::string out;
        if (pos == std::string::npos) {
            out = std::move(buffer_);
            buffer_.clear();
        } else {
            out = buffer_.substr(0, pos + marker.size());
            buffer_.erase(0, pos + marker.size());
        }
        return out;
    }

    /// Writes all bytes (ignores errors: the client may have gone).
    void write(std::string_view bytes) {
        while (!bytes.empty()) {
            auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    /// Waits until the client closes or `timeout` passes; true when it closed.
    bool wait_close(std::chrono::milliseconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
            char chunk[4096];
            auto n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return true;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    int fd() const { return fd_; }

private:
    int fd_;
    std::string buffer_;
};

/// The server: `handler` runs once per connection (connections are served concurrently).
class canned_server {
public:
    using handler = std::function<void(canned_connection&)>;

    explicit canned_server(handler h, bool ipv6 = false) : handler_(std::move(h)) {
        listen_fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
        if (listen_fd_ < 0) throw std::runtime_error("socket");
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ipv6) {
            sockaddr_in6 a{};
            a.sin6_family = AF_INET6;
            a.sin6_addr = in6addr_loopback;
            if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind6");
            socklen_t len = sizeof a;
            ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
            port_ = ntohs(a.sin6_port);
        } else {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
            socklen_t len = sizeof a;
            ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
            port_ = ntohs(a.sin_port);
        }
        ::listen(listen_fd_, 16);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~canned_server() {
        stop_ = true;
        acceptor_.join();
        for (auto& t : workers_) t.join();
        ::close(listen_fd_);
    }

    std::uint16_t port() const { return port_; }

    /// Connections accepted so far.
    int connections() const { return connections_.load(); }

private:
    void accept_loop() {
        // Bounded: stops when asked, polling every 20 ms.
        while (!stop_) {
            pollfd p{listen_fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            int fd = ::accept(listen_fd_, nullptr, nullptr);
            if (fd < 0) continue;
            ++connections_;
            std::lock_guard lock(mutex_);
            workers_.emplace_back([this, fd] {
                canned_connection connection(fd);
                handler_(connection);
                ::close(fd);
            });
        }
    }

    handler handler_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread acceptor_;
    std::mutex mutex_;
    std::vector<std::thread> workers_;
};

/// A port on which nothing listens (bound then closed).
inline std::uint16_t closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

}  // namespace replycheck::test
