#include "mockserver/http/http_mock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <atomic>
#include <charconv>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

#include "mockserver/http/date_field.hpp"
#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_location.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_request.hpp"
#include "mockserver/http/http_rules.hpp"
#include "protocol/base64.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

namespace replycheck::mock {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using namespace std::string_view_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string_view reason_for(int status) {
    auto r = protocol::reason_phrase(status);
    return r.empty() ? std::string_view{"Unknown"} : r;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

void append_number(std::string& out, std::uint64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Methods this origin recognises (RFC 9110 §9 and PATCH, RFC 5789); any other is answered 501.
bool known_method(std::string_view m) {
    static constexpr std::array<std::string_view, 9> methods{"GET",     "HEAD",  "POST", "PUT",  "DELETE",
                                                            "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    for (auto k : methods)
        if (k == m) return true;
    return false;
}

struct listen_address {
    asio::ip::address address;
    std::uint16_t port = 0;
};

listen_address parse_listen(const std::string& listen) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw std::system_error(std::make_error_code(std::errc::invalid_argument), "listen address '" + listen + "' needs HOST:PORT");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty() || host == "localhost") host = "127.0.0.1";
    unsigned port = 0;
    auto ps = std::string_view(listen).substr(colon + 1);
    auto [p, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), port);
    if (ec != std::errc() || p != ps.data() + ps.size() || port > 65535)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument), "bad port in listen address '" + listen + "'");
    boost::system::error_code aec;
    auto addr = asio::ip::make_address(host, aec);
    if (aec) throw std::system_error(std::make_error_code(std::errc::invalid_argument), "bad host in listen address '" + listen + "'");
    return {addr, static_cast<std::uint16_t>(port)};
}

// The size comes from the literal itself: it holds NULs, so strlen cannot tell it.
constexpr auto default_garbage = "\x16\x03\x01\x00\xff garbage \x00\xfe\xff not HTTP\r\n\r\n"sv;

}  // namespace

namespace detail {

/// State shared by every connection of one mock.
struct server_state {
    explicit server_state(http_mock_config c)
        : config(std::move(c)), journal(config.limits.journal_cap), rules(config.rules, config.initial_state) {}
    http_mock_config config;
    fs::path canonical_root;
    bool has_root = false;
    http_journal journal;
    rule_engine rules;
    std::atomic<std::uint64_t> next_connection_id{0};
    std::atomic<std::size_t> live_connections{0};
    std::atomic<bool> stopping{false};
    std::string allow_static;   // "GET, HEAD, OPTIONS[, PUT, DELETE]"
};

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(server_state& state, tcp::socket socket, std::uint64_t id, file_cache* cache)
        : state_(state),
          limits_(state.config.limits),
          socket_(std::move(socket)),
          timer_(socket_.get_executor()),
          sleep_(socket_.get_executor()),
          id_(id),
          cache_(cache),
          buffer_(limits_.max_target + limits_.max_header_section + 64 * 1024) {
        ++state_.live_connections;
    }
    ~connection() { --state_.live_connections; }

    asio::awaitable<void> run();

private:
    enum class next_step { keep_alive, close, abort };

    asio::awaitable<void> watchdog(std::shared_ptr<connection> self);
    asio::awaitable<next_step> serve_one();
    asio::awaitable<next_step> finish_error(int status, int substatus = 0, std::string_view extra = {});
    asio::awaitable<next_step> run_rule(const http_rule& rule, const http_rule_reply* reply);
    asio::awaitable<bool> send_reply();
    asio::awaitable<bool> send_shaped(std::string_view bytes, const http_rule& rule);
    asio::awaitable<void> close_gracefully();
    void reset_socket();

    void capture(const char* data, std::size_t n);
    bool target_too_long() const;
    bool unsupported_version() const;
    void record(int status, std::string_view rule_name);
    void reply_error(int status, int substatus = 0, std::string_view extra_headers = {});
    void default_reply();
    void serve_file(const file_entry& file, std::string_view path);
    void put_file(std::string_view path);
    void delete_file(std::string_view path);
    bool check_auth(std::string_view path);
    bool check_redirect(std::string_view path);
    void build_rule_reply(const http_rule& rule, const http_rule_reply& reply);
    std::string error_body(int status, int substatus, std::string_view extra);

    void begin_head(int status, std::string_view reason = {});
    void header(std::string_view name, std::string_view value) {
        head_.append(name);
        head_.append(": ", 2);
        head_.append(value);
        head_.append("\r\n", 2);
    }
    void end_head(std::optional<std::uint64_t> content_length);
    void set_body_owned() { body_ = owned_body_; }
    // Moves the deadline; the watchdog sleeps until the old one, so wake it when the new one
    // comes sooner (it then sleeps again until the new one).
    void set_deadline(steady::time_point t) {
        deadline_ = t;
        if (t < timer_.expiry()) timer_.cancel();
    }
    bool head_request() const { return req_.verb == http::verb::head; }

    server_state& state_;
    const http_mock_limits& limits_;
    tcp::socket socket_;
    asio::steady_timer timer_;
    asio::steady_timer sleep_;
    std::uint64_t id_;
    file_cache* cache_;
    beast::flat_buffer buffer_;
    http_request req_;
    std::optional<http_request_reader> reader_;
    steady::time_point deadline_{};
    steady::time_point request_deadline_{};   // a started request must be complete by then
    bool timed_out_ = false;
    bool done_ = false;
    bool served_any_ = false;
    bool keep_alive_ = true;
    std::chrono::system_clock::time_point request_time_{};

    // request bookkeeping
    std::string raw_;
    bool raw_truncated_ = false;
    std::string path_;       // normalized request path
    std::string raw_path_;   // percent-decoded, not normalized (for rules)
    std::string_view query_;
    std::string_view target_path_;   // path part of the request-target (into req_.target)

    // reply being built
    int status_ = 0;
    std::string head_;
    std::string owned_body_;
    std::string_view body_;
    std::shared_ptr<const file_entry> hold_;
    struct segment {
        std::string text;
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
    };
    std::vector<segment> segments_;   // streamed reply from a large file
    std::vector<byte_range> ranges_;
    bool close_after_reply_ = false;
};

void connection::capture(const char* data, std::size_t n) {
    const std::size_t room = limits_.journal_raw_cap > raw_.size() ? limits_.journal_raw_cap - raw_.size() : 0;
    if (n > room) raw_truncated_ = true;
    raw_.append(data, std::min(n, room));
}

bool connection::target_too_long() const {
    std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    auto nl = data.find('\n');
    auto line = data.substr(0, nl);
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return nl == std::string_view::npos && data.size() > limits_.max_target + 32;
    if (nl == std::string_view::npos) return line.size() - sp1 - 1 > limits_.max_target + 16;
    auto sp2 = line.rfind(' ');
    return sp2 > sp1 && sp2 - sp1 - 1 > limits_.max_target;
}

bool connection::unsupported_version() const {
    // RFC 9110 §15.6.6: a well-formed request line naming a major version other than 1 gets 505.
    std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    auto line = data.substr(0, data.find('\r'));
    auto sp = line.rfind(' ');
    if (sp == std::string_view::npos || line.find(' ') == sp) return false;
    auto v = line.substr(sp + 1);
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
           std::isdigit(static_cast<unsigned char>(v[7])) && v[5] != '1';
}

void connection::record(int status, std::string_view rule_name) {
    status_ = status;
    http_journal_entry e;
    e.connection_id = id_;
    e.time = request_time_;
    e.method = req_.method;
    e.target = req_.target;
    if (!req_.method.empty()) e.version = req_.version == 10 ? "HTTP/1.0" : req_.version == 11 ? "HTTP/1.1" : "HTTP/" + std::to_string(req_.version / 10) + "." + std::to_string(req_.version % 10);
    e.headers.reserve(req_.field_count);
    for (std::size_t i = 0; i < req_.field_count; ++i) e.headers.push_back(req_.fields[i]);
    if (req_.body.size() > limits_.journal_body_cap) {
        e.body.assign(req_.body, 0, limits_.journal_body_cap);
        e.body_truncated = true;
    } else {
        e.body = req_.body;
    }
    e.raw = raw_;
    e.raw_truncated = raw_truncated_;
    e.status = status;
    e.rule = rule_name;
    state_.journal.record(std::move(e));
}

void connection::begin_head(int status, std::string_view reason) {
    status_ = status;
    head_.clear();
    head_.append("HTTP/1.1 ", 9);
    append_number(head_, static_cast<std::uint64_t>(status));
    head_.push_back(' ');
    head_.append(reason.empty() ? reason_for(status) : reason);
    head_.append("\r\nDate: ", 8);
    head_.append(current_http_date());
    head_.append("\r\n", 2);
    if (!state_.config.server_header.empty()) header("Server", state_.config.server_header);
}

void connection::end_head(std::optional<std::uint64_t> content_length) {
    if (content_length) {
        head_.append("Content-Length: ", 16);
        append_number(head_, *content_length);
        head_.append("\r\n", 2);
    }
    if (!keep_alive_ || close_after_reply_) {
        close_after_reply_ = true;
        head_.append("Connection: close\r\n", 19);
    } else if (req_.version == 10) {
        head_.append("Connection: keep-alive\r\n", 24);
    }
    head_.append("\r\n", 2);
}

std::string connection::error_body(int status, int substatus, std::string_view extra) {
    const auto reason = reason_for(status);
    if (state_.config.flavour == http_flavour::iis) {
        // IIS detailed error page: the substatus appears only here, never on the status line.
        const auto* sub = protocol::find_iis_substatus(status, substatus < 0 ? 0 : substatus);
        std::string code = std::to_string(status) + "." + std::to_string(substatus < 0 ? 0 : substatus);
        std::string title = "HTTP Error " + code + " - " + std::string(reason);
        std::string out;
        out.reserve(1024);
        out += "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n";
        out += "<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n";
        out += "<title>IIS 10.0 Detailed Error - " + code + " - " + html_escape(reason) + "</title>\r\n</head>\r\n<body>\r\n";
        out += "<div id=\"header\"><h1>Server Error in Application \"Default Web Site\"</h1></div>\r\n<div id=\"content\">\r\n";
        out += "<div class=\"content-container\">\r\n<h3>" + html_escape(title) + "</h3>\r\n<h4>";
        if (sub) out += html_escape(sub->title.empty() ? sub->meaning : sub->title);
        else if (const auto* info = protocol::find_http_status(status)) out += html_escape(info->meaning);
        out += "</h4>\r\n</div>\r\n";
        if (sub && !sub->causes.empty()) {
            out += "<div class=\"content-container\"><fieldset><h4>Most likely causes:</h4><ul>";
            std::string_view causes = sub->causes;
            while (!causes.empty()) {
                auto semi = causes.find("; ");
                out += "<li>" + html_escape(causes.substr(0, semi)) + "</li>";
                causes = semi == std::string_view::npos ? std::string_view{} : causes.substr(semi + 2);
            }
            out += "</ul></fieldset></div>\r\n";
        }
        out += "<div class=\"content-container\"><fieldset><h4>Detailed Error Information:</h4><table>";
        out += "<tr><th>Module</th><td>IIS Web Core</td></tr><tr><th>Requested URL</th><td>" + html_escape(req_.target) + "</td></tr>";
        out += "<tr><th>Error Code</th><td>" + code + "</td></tr>";
        if (!extra.empty()) out += "<tr><th>Details</th><td>" + html_escape(extra) + "</td></tr>";
        out += "</table></fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n";
        return out;
    }
    std::string out = "<!DOCTYPE html>\n<html><head><title>" + std::to_string(status) + " " + html_escape(reason) +
                      "</title></head>\n<body><h1>" + std::to_string(status) + " " + html_escape(reason) + "</h1>\n";
    if (!extra.empty()) out += "<p>" + html_escape(extra) + "</p>\n";
    out += "</body></html>\n";
    return out;
}

void connection::reply_error(int status, int substatus, std::string_view extra_headers) {
    begin_head(status);
    head_.append(extra_headers);
    const bool no_body = status < 200 || status == 204 || status == 304;
    if (no_body) {
        body_ = {};
        end_head(std::nullopt);
        return;
    }
    owned_body_ = error_body(status, substatus, {});
    header("Content-Type", "text/html");
    end_head(owned_body_.size());
    if (head_request()) body_ = {};
    else set_body_owned();
}

asio::awaitable<void> connection::watchdog(std::shared_ptr<connection> self) {
    (void)self;   // keeps the connection alive while the watchdog waits
    while (!done_) {
        timer_.expires_at(deadline_);
        co_await timer_.async_wait(use_tuple);
        if (done_) co_return;
        if (steady::now() < deadline_) continue;
        boost::system::error_code ec;
        if (!timed_out_) {
            // The peer was too slow or idle: stop the pending operation; the connection
            // answers 408 where it should (RFC 9110 §15.5.9) and closes.
            timed_out_ = true;
            socket_.cancel(ec);
            sleep_.cancel();
            deadline_ = steady::now() + std::chrono::seconds(2);
        } else {
            socket_.close(ec);
            sleep_.cancel();
            co_return;
        }
    }
}

asio::awaitable<void> connection::run() {
    auto self = shared_from_this();
    set_deadline(steady::now() + limits_.idle_timeout);
    asio::co_spawn(socket_.get_executor(), watchdog(self), asio::detached);
    next_step step = next_step::keep_alive;
    while (step == next_step::keep_alive && !state_.stopping.load(std::memory_order_relaxed)) {
        step = co_await serve_one();
        served_any_ = true;
    }
    if (step == next_step::close) co_await close_gracefully();
    done_ = true;
    timer_.cancel();
    boost::system::error_code ec;
    socket_.close(ec);
}

asio::awaitable<void> connection::close_gracefully() {
    // Half-close and drain what the client still sends, so our reply is not destroyed by an
    // RST caused by unread data (RFC 9112 §9.6); bounded in time and bytes.
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    set_deadline(steady::now() + std::chrono::milliseconds(500));
    timed_out_ = true;   // a timeout now just closes
    char sink[4096];
    for (int i = 0; i < 64; ++i) {
        auto [rec, n] = co_await socket_.async_read_some(asio::buffer(sink), use_tuple);
        if (rec) break;
    }
}

void connection::reset_socket() {
    boost::system::error_code ec;
    socket_.set_option(asio::socket_base::linger(true, 0), ec);
    socket_.close(ec);
}

asio::awaitable<connection::next_step> connection::finish_error(int status, int substatus, std::string_view extra) {
    keep_alive_ = false;
    if (req_.method.empty()) {
        // The request line was unusable: record what arrived, then answer.
        std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        if (raw_.empty()) capture(data.data(), data.size());
    }
    reply_error(status, substatus, extra);
    record(status, {});
    co_await send_reply();
    co_return next_step::close;
}

asio::awaitable<connection::next_step> connection::serve_one() {
    req_.reset();
    raw_.clear();
    raw_truncated_ = false;
    head_.clear();
    owned_body_.clear();
    body_ = {};
    hold_.reset();
    segments_.clear();
    close_after_reply_ = false;
    keep_alive_ = true;
    status_ = 0;

    reader_.emplace(req_);
    auto& p = *reader_;
    const auto header_limit = limits_.max_target + limits_.max_header_section + 64;
    p.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(header_limit, 0xFFFFFFF0u)));
    p.body_limit(limits_.max_body);
    p.eager(false);

    bool started = false;
    std::size_t head_octets = 0;  // request line + header section, as parsed
    beast::error_code ec;
    if (buffer_.size() == 0) set_deadline(steady::now() + limits_.idle_timeout);
    // Phase 1: the request line and header section.
    for (;;) {
        if (buffer_.size() > 0) {
            // RFC 9112 §2.2: ignore at least one empty line received before the request-line.
            const char* d = static_cast<const char*>(buffer_.data().data());
            std::size_t skip = 0;
            while (skip < buffer_.size() && skip < 64 && (d[skip] == '\r' || d[skip] == '\n')) ++skip;
            buffer_.consume(skip);
        }
        if (buffer_.size() > 0) {
            if (!started) {
                started = true;
                timed_out_ = false;
                // RFC 9110 §15.5.9: the request timer runs from the request's first byte and
                // bounds its whole head and content.
                request_deadline_ = steady::now() + limits_.request_timeout;
                set_deadline(request_deadline_);
                request_time_ = std::chrono::system_clock::now();
            }
            // Beast consumes the request line as soon as it is complete; until then, watch its length.
            if (head_octets == 0 && target_too_long()) co_return co_await finish_error(414);
            const char* d = static_cast<const char*>(buffer_.data().data());
            std::size_t n = p.put(buffer_.data(), ec);
            capture(d, n);
            buffer_.consume(n);
            head_octets += n;
            if (ec == http::error::need_more) {
                ec = {};
            } else if (ec == http::error::header_limit) {
                co_return co_await finish_error(431);
            } else if (ec == http::error::body_limit) {
                co_return co_await finish_error(413);
            } else if (ec) {
                co_return co_await finish_error(unsupported_version() ? 505 : 400);
            }
            if (p.is_header_done()) break;
        }
        if (buffer_.size() >= buffer_.max_size()) co_return co_await finish_error(431);
        const std::size_t want = std::min<std::size_t>(16384, buffer_.max_size() - buffer_.size());
        auto [rec, n] = co_await socket_.async_read_some(buffer_.prepare(want), use_tuple);
        if (rec) {
            // RFC 9110 §15.5.9: a request that does not arrive in time gets 408 and the close.
            // After a completed exchange an idle keep-alive connection just closes.
            if (timed_out_ && (started || !served_any_)) co_return co_await finish_error(408);
            co_return next_step::abort;
        }
        buffer_.commit(n);
    }

    // Beast's header limit covers the request line too, so it is set loosely above; the
    // header section alone is held to its own limit here (RFC 6585 §5: 431).
    {
        const std::size_t request_line = req_.method.size() + req_.target.size() + 12;  // SP SP HTTP/x.y CRLF
        if (head_octets > request_line && head_octets - request_line > limits_.max_header_section)
            co_return co_await finish_error(431);
    }
    keep_alive_ = p.keep_alive();
    // RFC 9110 §6.2 / §15.6.6: only HTTP/1.x is spoken here.
    if (req_.version / 10 != 1) co_return co_await finish_error(505);
    // RFC 9112 §3.2: an HTTP/1.1 request without Host, or with more than one, gets 400.
    if ((req_.version >= 11 && req_.host_count == 0) || req_.host_count > 1) co_return co_await finish_error(400);
    if (req_.has_transfer_encoding) {
        // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty; unknown codings get 501;
        // a final coding other than chunked cannot delimit a request (§6.3) → 400.
        if (req_.version == 10) co_return co_await finish_error(400);
        std::string_view list = req_.transfer_encoding;
        while (!list.empty()) {
            auto comma = list.find(',');
            auto tok = trim(list.substr(0, comma));
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            if (tok.empty()) continue;
            if (!beast::iequals(tok, "chunked") && !beast::iequals(tok, "gzip") && !beast::iequals(tok, "deflate") &&
                !beast::iequals(tok, "compress") && !beast::iequals(tok, "x-gzip"))
                co_return co_await finish_error(501);
        }
        if (!p.chunked()) co_return co_await finish_error(400);
    }
    if (!known_method(req_.method)) co_return co_await finish_error(501);
    bool expect_continue = false;
    if (req_.expect >= 0 && req_.version >= 11) {
        // RFC 9110 §10.1.1: 100-continue is the only expectation defined; others get 417.
        if (beast::iequals(trim(req_.value(req_.expect)), "100-continue")) expect_continue = true;
        else co_return co_await finish_error(417);
    }
    const auto content_length = p.content_length();
    const bool has_body = p.chunked() || (content_length && *content_length > 0);
    if (!content_length && !p.chunked() &&
        (req_.verb == http::verb::post || req_.verb == http::verb::put || req_.verb == http::verb::patch)) {
        // RFC 9110 §15.5.12: this origin requires a defined length for content-bearing methods.
        co_return co_await finish_error(411);
    }
    if (content_length && *content_length > limits_.max_body) co_return co_await finish_error(413);

    // Phase 2: the content.
    if (has_body && !p.is_done()) {
        if (expect_continue && buffer_.size() == 0) {
            static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
            set_deadline(steady::now() + limits_.write_timeout);
            auto [wec, wn] = co_await asio::async_write(socket_, asio::buffer(interim.data(), interim.size()), use_tuple);
            if (wec) co_return next_step::abort;
            set_deadline(request_deadline_);
        }
        p.eager(true);
        while (!p.is_done()) {
            if (buffer_.size() > 0) {
                const char* d = static_cast<const char*>(buffer_.data().data());
                std::size_t n = p.put(buffer_.data(), ec);
                capture(d, n);
                buffer_.consume(n);
                if (ec == http::error::need_more) ec = {};
                else if (ec == http::error::body_limit) co_return co_await finish_error(413);
                else if (ec) co_return co_await finish_error(400);
                if (p.is_done()) break;
                if (n > 0) continue;
            }
            if (buffer_.size() >= buffer_.max_size()) co_return co_await finish_error(400);
            const std::size_t want = std::min<std::size_t>(65536, buffer_.max_size() - buffer_.size());
            auto [rec, n] = co_await socket_.async_read_some(buffer_.prepare(want), use_tuple);
            if (rec) {
                if (timed_out_) co_return co_await finish_error(408);
                co_return next_step::abort;
            }
            buffer_.commit(n);
        }
    }

    // The request is complete: split the target (RFC 9112 §3.2: origin-form, absolute-form, asterisk-form).
    std::string_view target = req_.target;
    if (target.size() > 7 && (beast::iequals(target.substr(0, 7), "http://") || (target.size() > 8 && beast::iequals(target.substr(0, 8), "https://")))) {
        auto start = target.find("//") + 2;
        auto slash = target.find_first_of("/?", start);
        target = slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
    }
    auto qmark = target.find('?');
    std::string_view raw_path = target.substr(0, qmark);
    target_path_ = raw_path;
    query_ = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
    if (auto hash = query_.find('#'); hash != std::string_view::npos) query_ = query_.substr(0, hash);
    if (!percent_decode(raw_path, raw_path_)) raw_path_.assign(raw_path);

    rule_request rr{req_.method, raw_path_, query_, &req_};
    auto choice = state_.rules.choose(rr);
    next_step step = keep_alive_ ? next_step::keep_alive : next_step::close;
    if (choice.rule) {
        step = co_await run_rule(*choice.rule, choice.reply);
    } else {
        if (raw_path == "*" || target == "*") {
            if (req_.verb == http::verb::options) {
                begin_head(204);
                header("Allow", state_.allow_static);
                end_head(std::nullopt);
            } else {
                reply_error(400);
            }
        } else if (raw_path.empty() || raw_path.front() != '/' || !normalize_path(raw_path, path_)) {
            // Malformed escapes, NUL, backslashes or ".." above the root: never resolved.
            reply_error(400);
        } else {
            default_reply();
        }
        record(status_, {});
        if (!co_await send_reply()) co_return next_step::abort;
        if (close_after_reply_) step = next_step::close;
    }
    co_return step;
}

bool connection::check_redirect(std::string_view path) {
    for (const auto& r : state_.config.redirects) {
        if (r.prefix ? !path_in_prefix(r.from, path) : path != r.from) continue;
        const std::string location =
            r.prefix ? location_value(r.to, path.substr(r.from.size())) : r.to;
        begin_head(r.status);
        header("Location", location);
        owned_body_ = error_body(r.status, 0, "Moved to " + location);
        header("Content-Type", "text/html");
        end_head(owned_body_.size());
        if (head_request()) body_ = {};
        else set_body_owned();
        return true;
    }
    return false;
}

bool connection::check_auth(std::string_view path) {
    const auth_prefix* first = nullptr;
    bool covered = false;
    std::string user, password;
    bool have_credentials = false;
    if (req_.authorization >= 0) {
        auto v = trim(req_.value(req_.authorization));
        if (v.size() > 6 && beast::iequals(v.substr(0, 6), "basic ")) {
            std::string decoded;
            if (protocol::base64_decode(trim(v.substr(6)), decoded)) {
                auto colon = decoded.find(':');
                if (colon != std::string::npos) {
                    user = decoded.substr(0, colon);
                    password = decoded.substr(colon + 1);
                    have_credentials = true;
                }
            }
        }
    }
    for (const auto& a : state_.config.auth) {
        if (!path_in_prefix(a.prefix, path)) continue;
        covered = true;
        if (!first) first = &a;
        if (have_credentials && a.user == user && a.password == password) return true;
    }
    if (!covered) return true;
    bool known_elsewhere = false;
    if (have_credentials)
        for (const auto& a : state_.config.auth) known_elsewhere = known_elsewhere || (a.user == user && a.password == password);
    if (known_elsewhere) {
        // Authenticated, but this user may not access the prefix: 403 (RFC 9110 §15.5.4).
        reply_error(403, 0);
        return false;
    }
    // RFC 9110 §11.6.1: 401 carries at least one challenge.
    std::string challenge = "WWW-Authenticate: Basic realm=\"" + first->realm + "\", charset=\"UTF-8\"\r\n";
    reply_error(401, have_credentials ? 1 : 2, challenge);
    return false;
}

void connection::default_reply() {
    const std::string& path = path_;
    if (check_redirect(path)) return;
    if (!check_auth(path)) return;
    const auto verb = req_.verb;
    if (verb == http::verb::options) {
        begin_head(204);
        header("Allow", state_.allow_static);
        end_head(std::nullopt);
        return;
    }
    if (verb == http::verb::put || verb == http::verb::delete_) {
        if (!state_.config.writable || !state_.has_root) {
            reply_error(405, 0, "Allow: " + state_.allow_static + "\r\n");
            return;
        }
        if (verb == http::verb::put) put_file(path);
        else delete_file(path);
        return;
    }
    if (verb != http::verb::get && verb != http::verb::head) {
        // RFC 9110 §15.5.6: 405 lists the methods the resource supports.
        reply_error(405, 0, "Allow: " + state_.allow_static + "\r\n");
        return;
    }
    if (!state_.has_root) {
        reply_error(404);
        return;
    }
    std::shared_ptr<const file_entry> entry;
    auto status = cache_->lookup(path, entry);
    if (status == lookup_status::outside_root) {
        reply_error(403);
        return;
    }
    if (status == lookup_status::not_found) {
        reply_error(404);
        return;
    }
    if (entry->is_directory) {
        if (path.back() != '/') {
            begin_head(301);
            header("Location", location_value({}, path + "/", query_));
            owned_body_ = error_body(301, 0, {});
            header("Content-Type", "text/html");
            end_head(owned_body_.size());
            if (!head_request()) set_body_owned();
            return;
        }
        std::string index_path = path + state_.config.index;
        std::shared_ptr<const file_entry> index;
        if (state_.config.index.empty() || cache_->lookup(index_path, index) != lookup_status::found ||
            index->is_directory) {
            // A folder without an index file: listing is refused (IIS 403.14).
            reply_error(403, 14);
            return;
        }
        entry = std::move(index);
    }
    hold_ = entry;
    serve_file(*hold_, path);
}

void connection::serve_file(const file_entry& file, std::string_view) {
    // RFC 9110 §13.2.2: If-Match, then If-Unmodified-Since, then If-None-Match, then
    // If-Modified-Since, then Range with If-Range.
    if (req_.if_match >= 0) {
        if (!etag_list_matches(req_.value(req_.if_match), file.etag, false)) {
            reply_error(412);
            return;
        }
    } else if (req_.if_unmodified_since >= 0) {
        auto t = parse_http_date(req_.value(req_.if_unmodified_since));
        if (t && file.mtime > *t) {
            reply_error(412);
            return;
        }
    }
    bool not_modified = false;
    if (req_.if_none_match >= 0) {
        not_modified = etag_list_matches(req_.value(req_.if_none_match), file.etag, true);
    } else if (req_.if_modified_since >= 0) {
        auto t = parse_http_date(req_.value(req_.if_modified_since));
        not_modified = t && file.mtime <= *t;
    }
    if (not_modified) {
        // RFC 9110 §15.4.5: 304 carries Date and ETag (and no content).
        begin_head(304);
        header("ETag", file.etag);
        end_head(std::nullopt);
        return;
    }

    const bool head = head_request();
    if (req_.range >= 0 && req_.verb == http::verb::get) {
        bool use_range = true;
        if (req_.if_range >= 0) {
            // RFC 9110 §13.1.5: If-Range holds a strong entity-tag or an exact Last-Modified date.
            auto v = trim(req_.value(req_.if_range));
            if (!v.empty() && (v.front() == '"' || v.substr(0, 2) == "W/")) use_range = v == file.etag;
            else use_range = v == file.last_modified;
        }
        if (use_range) {
            auto outcome = parse_range(req_.value(req_.range), file.size, ranges_);
            if (outcome == range_outcome::unsatisfiable) {
                std::string cr = "Content-Range: bytes */" + std::to_string(file.size) + "\r\n";
                reply_error(416, 0, cr);
                return;
            }
            if (outcome == range_outcome::satisfiable) {
                begin_head(206);
                header("ETag", file.etag);
                header("Last-Modified", file.last_modified);
                header("Accept-Ranges", "bytes");
                if (ranges_.size() == 1) {
                    const auto& r = ranges_.front();
                    std::string cr = "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
                                     std::to_string(file.size);
                    header("Content-Type", file.media_type);
                    header("Content-Range", cr);
                    const auto len = r.last - r.first + 1;
                    end_head(len);
                    if (file.content) body_ = std::string_view(*file.content).substr(r.first, len);
                    else segments_.push_back({{}, r.first, len});
                    return;
                }
                // RFC 9110 §14.6: several ranges → multipart/byteranges, one Content-Range per part.
                const std::string boundary = "replycheck" + std::to_string(file.mtime_ns % 1000000007) + "b";
                header("Content-Type", "multipart/byteranges; boundary=" + boundary);
                std::uint64_t total = 0;
                std::vector<segment> parts;
                for (const auto& r : ranges_) {
                    segment s;
                    s.text = "\r\n--" + boundary + "\r\nContent-Type: " + std::string(file.media_type) +
                             "\r\nContent-Range: bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) +
                             "/" + std::to_string(file.size) + "\r\n\r\n";
                    s.offset = r.first;
                    s.length = r.last - r.first + 1;
                    total += s.text.size() + s.length;
                    parts.push_back(std::move(s));
                }
                segment end;
                end.text = "\r\n--" + boundary + "--\r\n";
                total += end.text.size();
                parts.push_back(std::move(end));
                end_head(total);
                if (file.content) {
                    owned_body_.clear();
                    owned_body_.reserve(static_cast<std::size_t>(total));
                    for (const auto& s : parts) {
                        owned_body_ += s.text;
                        if (s.length) owned_body_.append(*file.content, static_cast<std::size_t>(s.offset), static_cast<std::size_t>(s.length));
                    }
                    set_body_owned();
                } else {
                    segments_ = std::move(parts);
                }
                return;
            }
        }
    }
    begin_head(200);
    header("Content-Type", file.media_type);
    header("ETag", file.etag);
    header("Last-Modified", file.last_modified);
    header("Accept-Ranges", "bytes");
    end_head(file.size);
    if (head) return;
    if (file.content) body_ = *file.content;
    else if (file.size) segments_.push_back({{}, 0, file.size});
}

void connection::put_file(std::string_view path) {
    fs::path target;
    if (path.back() == '/' || !cache_->resolve(std::string(path), target)) {
        reply_error(path.back() == '/' ? 405 : 403, 0, path.back() == '/' ? "Allow: " + state_.allow_static + "\r\n" : std::string{});
        return;
    }
    std::error_code ec;
    const bool exists = fs::exists(target, ec);
    if (exists && fs::is_directory(target, ec)) {
        reply_error(409);
        return;
    }
    if (!fs::is_directory(target.parent_path(), ec)) {
        reply_error(409);
        return;
    }
    // RFC 9110 §13.1.1 / §13.1.2 for a state-changing method.
    if (req_.if_match >= 0 && (!exists || req_.value(req_.if_match) != "*")) {
        std::shared_ptr<const file_entry> entry;
        if (!exists || cache_->lookup(std::string(path), entry) != lookup_status::found ||
            !etag_list_matches(req_.value(req_.if_match), entry->etag, false)) {
            reply_error(412);
            return;
        }
    }
    if (req_.if_none_match >= 0 && exists && trim(req_.value(req_.if_none_match)) == "*") {
        reply_error(412);
        return;
    }
    fs::path temp = target;
    temp += ".replycheck-upload-" + std::to_string(id_);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(req_.body.data(), static_cast<std::streamsize>(req_.body.size()));
        if (!out) {
            fs::remove(temp, ec);
            reply_error(500);
            return;
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        reply_error(500);
        return;
    }
    cache_->clear();
    if (exists) {
        begin_head(204);
        end_head(std::nullopt);
    } else {
        begin_head(201);
        header("Location", location_value({}, path));
        end_head(0);
    }
}

void connection::delete_file(std::string_view path) {
    fs::path target;
    if (!cache_->resolve(std::string(path), target)) {
        reply_error(403);
        return;
    }
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        reply_error(404);
        return;
    }
    if (fs::is_directory(target, ec) || target == cache_->root()) {
        reply_error(403);
        return;
    }
    if (!fs::remove(target, ec) || ec) {
        reply_error(500);
        return;
    }
    cache_->clear();
    begin_head(204);
    end_head(std::nullopt);
}

void connection::build_rule_reply(const http_rule& rule, const http_rule_reply& reply) {
    if (rule.close) close_after_reply_ = true;
    begin_head(reply.status, reply.reason);
    bool has_length = false, has_type = false, has_te = false, has_date = false, has_server = false;
    for (const auto& [name, value] : reply.headers) {
        has_length = has_length || beast::iequals(name, "Content-Length");
        has_type = has_type || beast::iequals(name, "Content-Type");
        has_te = has_te || beast::iequals(name, "Transfer-Encoding");
        has_date = has_date || beast::iequals(name, "Date");
        has_server = has_server || beast::iequals(name, "Server");
    }
    if (has_date || has_server) {
        // The rule's own Date/Server replace the defaults.
        head_.clear();
        head_.append("HTTP/1.1 ");
        append_number(head_, static_cast<std::uint64_t>(reply.status));
        head_.push_back(' ');
        head_.append(reply.reason.empty() ? reason_for(reply.status) : std::string_view(reply.reason));
        head_.append("\r\n");
        if (!has_date) header("Date", current_http_date());
        if (!has_server && !state_.config.server_header.empty()) header("Server", state_.config.server_header);
    }
    for (const auto& [name, value] : reply.headers) header(name, value);

    owned_body_.clear();
    bool have_body = false;
    if (reply.body) {
        owned_body_ = *reply.body;
        have_body = true;
    } else if (reply.body_file) {
        std::ifstream in(*reply.body_file, std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            owned_body_ = ss.str();
            have_body = true;
        }
    }
    const bool no_body_status = reply.status < 200 || reply.status == 204 || reply.status == 304;
    if (!have_body && !no_body_status && reply.status >= 400 && state_.config.flavour == http_flavour::iis) {
        owned_body_ = error_body(reply.status, reply.substatus < 0 ? 0 : reply.substatus, {});
        if (!has_type) header("Content-Type", "text/html");
        have_body = true;
    }
    std::optional<std::uint64_t> length;
    if (!has_length && !has_te && !no_body_status) length = owned_body_.size();
    end_head(length);
    if (no_body_status || head_request()) body_ = {};
    else set_body_owned();
}

asio::awaitable<connection::next_step> connection::run_rule(const http_rule& rule, const http_rule_reply* reply) {
    const std::string rule_name = rule.name;
    if (rule.fault == http_fault::none && reply) {
        if (reply->raw) {
            head_ = *reply->raw;
            body_ = {};
            status_ = 0;
        } else {
            build_rule_reply(rule, *reply);
        }
    } else if (rule.fault == http_fault::none) {
        // A rule without a reply only shapes the default answer (delay, throttle, close_after).
        if (!normalize_path(target_path_, path_)) reply_error(400);
        else default_reply();
    }
    record(rule.fault == http_fault::none ? status_ : 0, rule_name);

    if (rule.delay.count() > 0) {
        set_deadline(steady::now() + rule.delay + limits_.write_timeout);
        sleep_.expires_after(rule.delay);
        co_await sleep_.async_wait(use_tuple);
        if (timed_out_) co_return next_step::abort;
    }
    switch (rule.fault) {
    case http_fault::close: co_return next_step::close;
    case http_fault::reset: reset_socket(); co_return next_step::abort;
    case http_fault::garbage: {
        std::string_view g = rule.garbage.empty() ? default_garbage : std::string_view(rule.garbage);
        co_await send_shaped(g, rule);
        co_return next_step::close;
    }
    case http_fault::hang: {
        // Send nothing; the wait is bounded by the idle timeout, then the connection closes.
        set_deadline(steady::now() + limits_.idle_timeout + std::chrono::seconds(1));
        sleep_.expires_after(limits_.idle_timeout);
        co_await sleep_.async_wait(use_tuple);
        co_return next_step::abort;
    }
    case http_fault::none: break;
    }
    const bool raw = reply && reply->raw;
    const bool shaped = rule.throttle_bytes > 0 || rule.close_after.has_value() || raw;
    if (shaped && segments_.empty()) {
        std::string wire;
        std::string_view bytes;
        if (raw) {
            bytes = head_;
        } else {
            wire.reserve(head_.size() + body_.size());
            wire.append(head_);
            wire.append(body_);
            bytes = wire;
        }
        if (!co_await send_shaped(bytes, rule)) co_return next_step::abort;
        if (rule.close_after) co_return next_step::close;
        if (raw) co_return rule.keep_open && keep_alive_ && !rule.close ? next_step::keep_alive : next_step::close;
    } else {
        if (!co_await send_reply()) co_return next_step::abort;
    }
    co_return close_after_reply_ || !keep_alive_ ? next_step::close : next_step::keep_alive;
}

asio::awaitable<bool> connection::send_shaped(std::string_view bytes, const http_rule& rule) {
    if (rule.close_after && *rule.close_after < bytes.size()) bytes = bytes.substr(0, *rule.close_after);
    const std::size_t step = rule.throttle_bytes > 0 ? rule.throttle_bytes : bytes.size();
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const std::size_t n = std::min(step, bytes.size() - sent);
        set_deadline(steady::now() + limits_.write_timeout + rule.throttle_interval);
        auto [ec, written] = co_await asio::async_write(socket_, asio::buffer(bytes.data() + sent, n), use_tuple);
        if (ec) co_return false;
        sent += written;
        if (rule.throttle_bytes > 0 && sent < bytes.size()) {
            sleep_.expires_after(rule.throttle_interval);
            co_await sleep_.async_wait(use_tuple);
            if (timed_out_) co_return false;
        }
    }
    co_return true;
}

asio::awaitable<bool> connection::send_reply() {
    set_deadline(steady::now() + limits_.write_timeout);
    if (segments_.empty()) {
        // One gather write: header section and content.
        std::array<asio::const_buffer, 2> bufs{asio::buffer(head_), asio::buffer(body_.data(), body_.size())};
        auto [ec, n] = co_await asio::async_write(socket_, bufs, use_tuple);
        co_return !ec;
    }
    // A large file: stream it in pieces, each write bounded by the write timeout.
    auto [ec0, n0] = co_await asio::async_write(socket_, asio::buffer(head_), use_tuple);
    if (ec0) co_return false;
    if (head_request()) co_return true;
    const int fd = ::open(hold_->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) co_return false;
    struct fd_closer {
        int fd;
        ~fd_closer() { ::close(fd); }
    } closer{fd};
    std::vector<char> chunk(64 * 1024);
    for (const auto& s : segments_) {
        if (!s.text.empty()) {
            set_deadline(steady::now() + limits_.write_timeout);
            auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(s.text), use_tuple);
            if (ec) co_return false;
        }
        std::uint64_t off = s.offset, left = s.length;
        while (left > 0) {
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
            const auto got = ::pread(fd, chunk.data(), want, static_cast<off_t>(off));
            if (got <= 0) co_return false;   // the file shrank: the framing cannot be kept
            set_deadline(steady::now() + limits_.write_timeout);
            auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(chunk.data(), static_cast<std::size_t>(got)), use_tuple);
            if (ec) co_return false;
            off += static_cast<std::uint64_t>(got);
            left -= static_cast<std::uint64_t>(got);
        }
    }
    co_return true;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------

namespace {

// The coroutine frame owns the connection: the parameter is copied into it.
asio::awaitable<void> run_connection(std::shared_ptr<detail::connection> conn) { co_await conn->run(); }

}  // namespace

struct http_mock::impl {
    explicit impl(http_mock_config c) : state(std::move(c)) {}

    detail::server_state state;
    std::vector<std::unique_ptr<detail::file_cache>> caches;
    // Declared after the state they use: destroyed first.
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    std::uint16_t port = 0;
    std::string host;
    bool started = false;
    bool stopped = false;

    asio::awaitable<void> accept_loop() {
        std::size_t next = 0;
        asio::steady_timer backoff(acceptor->get_executor());
        for (;;) {
            const std::size_t index = next++ % contexts.size();
            tcp::socket socket(*contexts[index]);
            auto [ec] = co_await acceptor->async_accept(socket, use_tuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor->is_open() || state.stopping) co_return;
                // Out of descriptors or similar: pause briefly instead of spinning.
                backoff.expires_after(std::chrono::milliseconds(20));
                co_await backoff.async_wait(use_tuple);
                continue;
            }
            if (state.live_connections.load() >= state.config.limits.max_connections) {
                boost::system::error_code ig;
                socket.close(ig);
                continue;
            }
            boost::system::error_code ig;
            socket.set_option(tcp::no_delay(true), ig);
            const auto id = ++state.next_connection_id;
            auto conn = std::make_shared<detail::connection>(state, std::move(socket), id, caches[index].get());
            asio::co_spawn(*contexts[index], run_connection(std::move(conn)), asio::detached);
        }
    }
};

http_mock::http_mock(http_mock_config config) : impl_(std::make_unique<impl>(std::move(config))) {}

http_mock::~http_mock() { stop(); }

void http_mock::start() {
    if (impl_->started) return;
    auto& s = impl_->state;
    auto& cfg = s.config;
    if (!cfg.root.empty()) {
        std::error_code ec;
        s.canonical_root = fs::canonical(cfg.root, ec);
        if (ec || !fs::is_directory(s.canonical_root))
            throw std::system_error(ec ? ec : std::make_error_code(std::errc::not_a_directory),
                                    "mock HTTP root '" + cfg.root.string() + "'");
        s.has_root = true;
    }
    s.allow_static = cfg.writable ? "GET, HEAD, OPTIONS, PUT, DELETE" : "GET, HEAD, OPTIONS";
    s.journal.set_cap(cfg.limits.journal_cap);
    const auto addr = parse_listen(cfg.listen);
    const int threads = std::max(1, std::min(cfg.threads, 64));
    for (int i = 0; i < threads; ++i) {
        impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
        impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
        impl_->caches.push_back(std::make_unique<detail::file_cache>(s.canonical_root, cfg.limits.cache_file_max));
    }
    tcp::endpoint endpoint(addr.address, addr.port);
    auto& acceptor = impl_->acceptor.emplace(*impl_->contexts.front());
    boost::system::error_code ec;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        impl_->acceptor.reset();
        impl_->guards.clear();
        impl_->contexts.clear();
        throw std::system_error(ec, "cannot listen on " + cfg.listen);
    }
    impl_->port = acceptor.local_endpoint().port();
    impl_->host = addr.address.is_v6() ? "[" + addr.address.to_string() + "]" : addr.address.to_string();
    asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(), asio::detached);
    for (auto& ctx : impl_->contexts) impl_->threads.emplace_back([c = ctx.get()] { c->run(); });
    impl_->started = true;
}

void http_mock::stop() {
    if (!impl_ || !impl_->started || impl_->stopped) return;
    impl_->stopped = true;
    impl_->state.stopping = true;
    asio::post(*impl_->contexts.front(), [this] {
        boost::system::error_code ec;
        impl_->acceptor->close(ec);
    });
    impl_->guards.clear();
    for (auto& ctx : impl_->contexts) ctx->stop();
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->threads.clear();
    impl_->acceptor.reset();
    // Destroying the contexts destroys the suspended connection coroutines and their sockets.
    impl_->contexts.clear();
}

std::uint16_t http_mock::port() const { return impl_->port; }

std::string http_mock::base_url() const { return "http://" + impl_->host + ":" + std::to_string(impl_->port); }

const http_journal& http_mock::journal() const { return impl_->state.journal; }

http_journal& http_mock::journal() { return impl_->state.journal; }

std::string http_mock::state() const { return impl_->state.rules.state(); }

void http_mock::reset_rules() { impl_->state.rules.reset(); }

const http_mock_config& http_mock::config() const { return impl_->state.config; }

}  // namespace replycheck::mock
