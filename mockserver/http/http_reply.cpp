#include "mockserver/http/http_reply.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <charconv>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "mockserver/http/date_field.hpp"
#include "protocol/codes/http_codes.hpp"
#include "mockserver/tls/use_tuple.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;

namespace {

void append_number(std::string& out, std::uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

}  // namespace

std::string_view reason_for(int status) {
    auto r = protocol::reason_phrase(status);
    return r.empty() ? std::string_view{"Unknown"} : r;
}

void reply::reset(bool head_only, bool http10, bool close) {
    head.clear();
    owned.clear();
    body = {};
    segments.clear();
    file.reset();
    status_ = 0;
    head_only_ = head_only;
    http10_ = http10;
    close_ = close;
}

void reply::begin_status_line(int status, std::string_view reason) {
    status_ = status;
    head.clear();
    head.append("HTTP/1.1 ", 9);
    append_number(head, static_cast<std::uint64_t>(status));
    head.push_back(' ');
    head.append(reason.empty() ? reason_for(status) : reason);
    head.append("\r\n", 2);
}

void reply::begin(int status, std::string_view reason, std::string_view server) {
    begin_status_line(status, reason);
    header("Date", current_http_date());
    if (!server.empty()) header("Server", server);
}

void reply::header(std::string_view name, std::string_view value) {
    head.append(name);
    head.append(": ", 2);
    head.append(value);
    head.append("\r\n", 2);
}

void reply::end(std::optional<std::uint64_t> content_length) {
    if (content_length) {
        head.append("Content-Length: ", 16);
        append_number(head, *content_length);
        head.append("\r\n", 2);
    }
    // RFC 9112 §9.3: HTTP/1.1 persists unless told otherwise; HTTP/1.0 only when asked.
    if (close_) head.append("Connection: close\r\n", 19);
    else if (http10_) head.append("Connection: keep-alive\r\n", 24);
    head.append("\r\n", 2);
}

void reply::end_with_owned() {
    end(owned.size());
    body = head_only_ ? std::string_view{} : std::string_view{owned};
}

asio::awaitable<bool> write_reply(tls::tls_stream& stream, reply& r, deadline_watch& deadline,
                                  std::chrono::milliseconds write_timeout) {
    deadline.expires_after(write_timeout);
    // Asio's TLS stream encrypts one buffer per write: a gather write would send the head and
    // the content as two records (two syscalls, two packets). A small reply is copied into one
    // buffer (kept from reply to reply) so one record carries it (RFC 8446 §5.1: 16 KiB records).
    constexpr std::size_t one_record = 16 * 1024;
    if (stream.secured() && r.segments.empty() && !r.body.empty() && r.head.size() + r.body.size() <= one_record) {
        r.coalesced.assign(r.head).append(r.body);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(r.coalesced), use_tuple);
        co_return !ec;
    }
    if (r.segments.empty()) {
        // One gather write: header section and content.
        std::array<asio::const_buffer, 2> bufs{asio::buffer(r.head), asio::buffer(r.body.data(), r.body.size())};
        auto [ec, n] = co_await asio::async_write(stream, bufs, use_tuple);
        co_return !ec;
    }
    // A large file: stream it in pieces, each write bounded by the write timeout.
    auto [ec0, n0] = co_await asio::async_write(stream, asio::buffer(r.head), use_tuple);
    if (ec0) co_return false;
    if (r.head_only()) co_return true;
    const int fd = ::open(r.file->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) co_return false;
    struct fd_closer {
        int fd;
        ~fd_closer() { ::close(fd); }
    } closer{fd};
    std::vector<char> chunk(64 * 1024);
    for (const auto& s : r.segments) {
        if (!s.text.empty()) {
            deadline.expires_after(write_timeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(s.text), use_tuple);
            if (ec) co_return false;
        }
        std::uint64_t off = s.offset, left = s.length;
        while (left > 0) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
            const auto got = ::pread(fd, chunk.data(), want, static_cast<off_t>(off));
            if (got <= 0) co_return false;   // the file shrank: the framing cannot be kept
            deadline.expires_after(write_timeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(chunk.data(), static_cast<std::size_t>(got)), use_tuple);
            if (ec) co_return false;
            off += static_cast<std::uint64_t>(got);
            left -= static_cast<std::uint64_t>(got);
        }
    }
    co_return true;
}

asio::awaitable<bool> write_shaped(tls::tls_stream& stream, std::string_view bytes, const http_script& script,
                                   asio::steady_timer& sleep, deadline_watch& deadline,
                                   std::chrono::milliseconds write_timeout) {
    if (script.close_after && *script.close_after < bytes.size()) bytes = bytes.substr(0, *script.close_after);
    const std::size_t step = script.throttle_bytes > 0 ? script.throttle_bytes : bytes.size();
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const std::size_t n = std::min(step, bytes.size() - sent);
        deadline.expires_after(write_timeout + script.throttle_interval);
        auto [ec, written] = co_await asio::async_write(stream, asio::buffer(bytes.data() + sent, n), use_tuple);
        if (ec) co_return false;
        sent += written;
        if (script.throttle_bytes > 0 && sent < bytes.size()) {
            sleep.expires_after(script.throttle_interval);
            co_await sleep.async_wait(use_tuple);
            if (deadline.expired()) co_return false;
        }
    }
    co_return true;
}

}  // namespace replycheck::mock::detail
