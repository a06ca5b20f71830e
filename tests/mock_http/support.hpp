#pragma once
// Test clients for the mock HTTP server: a raw TCP client (exact bytes, bounded waits) and a
// small libcurl wrapper. Both talk to 127.0.0.1 only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

namespace test_support {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// A parsed reply as read off the wire.
struct wire_reply {
    int status = 0;
    std::string status_line;
    std::multimap<std::string, std::string> headers;   ///< lower-case names
    std::string body;
    std::string raw;
    bool complete = false;
    std::string header(const std::string& name) const {
        auto it = headers.find(lower(name));
        return it == headers.end() ? std::string{} : it->second;
    }
    bool has(const std::string& name) const { return headers.count(lower(name)) > 0; }
};

/// One TCP connection to 127.0.0.1:port; every read waits at most `timeout`.
class raw_client {
public:
    explicit raw_client(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect failed");
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~raw_client() {
        if (fd_ >= 0) ::close(fd_);
    }
    raw_client(const raw_client&) = delete;
    raw_client& operator=(const raw_client&) = delete;

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send failed");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    /// Reads what arrives within `timeout`; "" on timeout. Sets closed()/reset() on EOF/RST.
    std::string read_some(std::chrono::milliseconds timeout = 2000ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
        char buf[65536];
        auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n == 0) closed_ = true;
        if (n < 0) {
            if (errno == ECONNRESET) reset_ = true;
            closed_ = true;
            return {};
        }
        return std::string(buf, static_cast<std::size_t>(n));
    }
    /// Reads until the peer closes or `timeout` passes in total.
    std::string read_until_close(std::chrono::milliseconds timeout = 3000ms) {
        std::string out;
        auto end = std::chrono::steady_clock::now() + timeout;
        while (!closed_ && std::chrono::steady_clock::now() < end) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            out += read_some(std::max(left, 1ms));
        }
        return out;
    }
    /// Reads one reply with HTTP/1.1 framing (no body for HEAD, 1xx, 204, 304; Content-Length; else until close).
    wire_reply read_reply(bool head_request = false, std::chrono::milliseconds timeout = 3000ms) {
        wire_reply r;
        auto end = std::chrono::steady_clock::now() + timeout;
        auto left = [&] {
            return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()), 1ms);
        };
        std::size_t head_end;
        while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
            if (closed_ || std::chrono::steady_clock::now() >= end) return r;
            pending_ += read_some(left());
        }
        std::string head = pending_.substr(0, head_end + 4);
        pending_.erase(0, head_end + 4);
        r.raw = head;
        auto line_end = head.find("\r\n");
        r.status_line = head.substr(0, line_end);
        if (r.status_line.size() >= 12) r.status = std::stoi(r.status_line.substr(9, 3));
        std::size_t pos = line_end + 2;
        while (pos < head_end) {
            auto e = head.find("\r\n", pos);
            auto line = head.substr(pos, e - pos);
            auto colon = line.find(':');
            if (colon != std::string::npos) {
                auto v = line.substr(colon + 1);
                while (!v.empty() && v.front() == ' ') v.erase(0, 1);
                r.headers.emplace(lower(line.substr(0, colon)), v);
            }
            pos = e + 2;
        }
        if (head_request || r.status < 200 || r.status == 204 || r.status == 304) {
            r.complete = true;
            return r;
        }
        if (r.has("content-length")) {
            auto len = static_cast<std::size_t>(std::stoull(r.header("content-length")));
            while (pending_.size() < len && !closed_ && std::chrono::steady_clock::now() < end) pending_ += read_some(left());
            if (pending_.size() < len) return r;
            r.body = pending_.substr(0, len);
            pending_.erase(0, len);
        } else {
            while (!closed_ && std::chrono::steady_clock::now() < end) pending_ += read_some(left());
            r.body = std::move(pending_);
            pending_.clear();
        }
        r.raw += r.body;
        r.complete = true;
        return r;
    }
    /// True when the peer closes within `timeout` (reading and discarding).
    bool wait_closed(std::chrono::milliseconds timeout = 3000ms) {
        read_until_close(timeout);
        return closed_;
    }
    bool closed() const { return closed_; }
    bool reset() const { return reset_; }
    int fd() const { return fd_; }

private:
    int fd_ = -1;
    bool closed_ = false;
    bool reset_ = false;
    std::string pending_;
};

/// Sends `request` on a fresh connection and reads one reply.
inline wire_reply raw_request(std::uint16_t port, std::string_view request, bool head = false) {
    raw_client c(port);
    c.send(request);
    return c.read_reply(head);
}

/// What libcurl saw.
struct curl_reply {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::multimap<std::string, std::string> headers;   ///< lower-case names, last reply's
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(lower(name));
        return it == headers.end() ? std::string{} : it->second;
    }
    bool has(const std::string& name) const { return headers.count(lower(name)) > 0; }
};

struct curl_options {
    std::string method;                      ///< "" = GET
    std::vector<std::string> headers;        ///< "Name: value"
    std::string body;                        ///< sent when set (upload for PUT)
    bool send_body = false;
    bool head = false;
    std::string userpwd;                     ///< "user:pass" for Basic
    bool path_as_is = false;
    long http_version = CURL_HTTP_VERSION_1_1;
    long timeout_ms = 5000;
};

inline size_t append_body(char* p, size_t s, size_t n, void* u) {
    static_cast<std::string*>(u)->append(p, s * n);
    return s * n;
}

inline size_t collect_header(char* p, size_t s, size_t n, void* u) {
    auto* m = static_cast<std::multimap<std::string, std::string>*>(u);
    std::string line(p, s * n);
    if (line.rfind("HTTP/", 0) == 0) m->clear();   // a new reply (after 100 or a redirect)
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        auto v = line.substr(colon + 1);
        while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
        while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
        m->emplace(lower(line.substr(0, colon)), v);
    }
    return s * n;
}

inline curl_options hdr(std::vector<std::string> h) {
    curl_options o;
    o.headers = std::move(h);
    return o;
}
inline curl_options method(std::string m) {
    curl_options o;
    o.method = std::move(m);
    return o;
}
inline curl_options upload(std::string m, std::string body, std::vector<std::string> h = {}) {
    curl_options o;
    o.method = std::move(m);
    o.body = std::move(body);
    o.send_body = true;
    o.headers = std::move(h);
    return o;
}
inline curl_options user(std::string userpwd) {
    curl_options o;
    o.userpwd = std::move(userpwd);
    return o;
}
inline curl_options as_is() {
    curl_options o;
    o.path_as_is = true;
    return o;
}

inline curl_reply curl_request(const std::string& url, const curl_options& o = {}) {
    curl_reply r;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o.timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, o.http_version);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &collect_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.headers);
    curl_slist* list = nullptr;
    for (const auto& x : o.headers) list = curl_slist_append(list, x.c_str());
    if (list) curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    if (o.head) curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (!o.method.empty()) curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, o.method.c_str());
    if (o.send_body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, o.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(o.body.size()));
    }
    if (!o.userpwd.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERPWD, o.userpwd.c_str());
    }
    if (o.path_as_is) curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    r.code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    if (list) curl_slist_free_all(list);
    curl_easy_cleanup(h);
    return r;
}

/// A temporary folder, removed at the end of the test.
struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / ("replycheck-mockhttp-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    void write(const std::string& rel, const std::string& content) const {
        auto p = path / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
    }
};

}  // namespace test_support
