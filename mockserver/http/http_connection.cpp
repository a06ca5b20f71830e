#include "mockserver/http/http_connection.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

#include "mockserver/http/date_field.hpp"
#include "mockserver/http/http_deadline.hpp"
#include "mockserver/http/http_error_page.hpp"
#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_origin.hpp"
#include "mockserver/http/http_reply.hpp"
#include "mockserver/http/incoming_request.hpp"
#include "mockserver/http/http_semantics.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "mockserver/tls/use_tuple.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using namespace std::string_view_literals;

namespace {

// The size comes from the literal itself: it holds NULs, so strlen cannot tell it.
constexpr auto default_garbage = "\x16\x03\x01\x00\xff garbage \x00\xfe\xff not HTTP\r\n\r\n"sv;

// RFC 9110 §15.2, §15.3.5, §15.4.5: 1xx, 204 and 304 carry no content.
bool without_content(int status) { return status < 200 || status == 204 || status == 304; }

// The reply a script describes. Content-Length is computed unless the script sets Content-Length or
// Transfer-Encoding; Date and Server are added unless the script sets them; in the IIS flavour
// an error status without content gets IIS's detailed error page.
void build_script_reply(reply& r, const server_state& state, std::string_view target, const http_script& script,
                        const http_script_reply& spec) {
    const auto& config = state.config;
    if (script.close) r.close_after();
    // body_file is read again at each reply: one gone, no longer a regular file or leading out of
    // the root since the script was added gives 500 (journaled with the script's name).
    std::string file_body;
    if (spec.body_file && !read_body_file(config.root, state.canonical_root, *spec.body_file, file_body)) {
        error_reply(r, config, target, 500);
        return;
    }
    bool has_length = false, has_type = false, has_te = false, has_date = false, has_server = false;
    for (const auto& [name, value] : spec.headers) {
        has_length = has_length || beast::iequals(name, "Content-Length");
        has_type = has_type || beast::iequals(name, "Content-Type");
        has_te = has_te || beast::iequals(name, "Transfer-Encoding");
        has_date = has_date || beast::iequals(name, "Date");
        has_server = has_server || beast::iequals(name, "Server");
    }
    r.begin_status_line(spec.status, spec.reason);
    if (!has_date) r.header("Date", current_http_date());
    if (!has_server && !config.server_header.empty()) r.header("Server", config.server_header);
    for (const auto& [name, value] : spec.headers) r.header(name, value);

    bool have_body = false;
    if (spec.body) {
        r.owned = *spec.body;
        have_body = true;
    } else if (spec.body_file) {
        r.owned = std::move(file_body);
        have_body = true;
    }
    const bool no_content = without_content(spec.status);
    if (!have_body && !no_content && spec.status >= 400 && config.flavour == http_flavour::iis) {
        r.owned = error_page(config.flavour, spec.status, spec.substatus < 0 ? 0 : spec.substatus, target);
        if (!has_type) r.header("Content-Type", "text/html");
    }
    std::optional<std::uint64_t> length;
    if (!has_length && !has_te && !no_content) length = r.owned.size();
    r.end(length);
    if (!no_content && !r.head_only()) r.body = r.owned;
}

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(server_state& state, tcp::socket socket, std::uint64_t id, file_cache& cache, bool https)
        : state_(state),
          limits_(state.config.limits),
          stream_(std::move(socket)),
          sleep_(stream_.get_executor()),
          deadline_(stream_.socket(), sleep_),
          https_(https),
          id_(id),
          origin_(state, cache, id),
          buffer_(limits_.max_target + limits_.max_header_section + 64 * 1024) {
        ++state_.live_connections;
    }
    ~connection() { --state_.live_connections; }

    asio::awaitable<void> run();

private:
    enum class next_step { keep_alive, close, abort };
    static constexpr int aborted = -1;   // a read result: the connection is gone or timed out

    asio::awaitable<next_step> serve_one();
    // The readers return 0 when their part is complete, else the error status to answer, or
    // `aborted` when nothing can be answered any more.
    asio::awaitable<int> read_head(http_request_reader& parser);
    asio::awaitable<int> read_content(http_request_reader& parser, bool expect_continue);
    asio::awaitable<next_step> answer();
    asio::awaitable<next_step> finish_error(int status);
    asio::awaitable<next_step> run_script(const http_script& script, const http_script_reply* spec);
    asio::awaitable<bool> start_tls();
    bool refused_by_policy(std::string_view path);
    asio::awaitable<void> close_gracefully();
    void reset_socket();
    void prepare_reply() { reply_.reset(req_.verb == http::verb::head, req_.version == 10, !keep_alive_); }

    std::string_view buffered() const {
        return {static_cast<const char*>(buffer_.data().data()), buffer_.size()};
    }
    void capture(std::string_view bytes);
    void record(int status, std::string_view script_name);

    server_state& state_;
    const http_mock_limits& limits_;
    tls::tls_stream stream_;       // plain TCP, or TLS on the HTTPS listener (started by run())
    asio::steady_timer sleep_;     // a script's delay, a throttle's pause, a hang
    deadline_watch deadline_;
    bool https_;
    std::shared_ptr<const tls::tls_session_info> tls_;   // what the handshake established, for the journal
    std::uint64_t id_;
    std::string client_;           // the client's address, for the journal
    origin origin_;
    beast::flat_buffer buffer_;
    http_request req_;
    std::optional<http_request_reader> reader_;
    steady::time_point request_deadline_{};   // a started request must be complete by then
    bool started_ = false;                    // the current request's first byte arrived
    bool served_any_ = false;
    bool keep_alive_ = true;
    std::chrono::system_clock::time_point request_time_{};
    std::string raw_;                         // the request's bytes, capped, for the journal
    bool raw_truncated_ = false;
    std::string decoded_path_;                // percent-decoded, not normalized (for scripts)
    reply reply_;
};

void connection::capture(std::string_view bytes) {
    const std::size_t room = limits_.journal_raw_cap > raw_.size() ? limits_.journal_raw_cap - raw_.size() : 0;
    if (bytes.size() > room) raw_truncated_ = true;
    raw_.append(bytes.substr(0, room));
}

void connection::record(int status, std::string_view script_name) {
    http_journal_entry e;
    e.connection_id = id_;
    e.client = client_;
    e.time = request_time_;
    e.method = req_.method;
    e.target = req_.target;
    if (!req_.method.empty())
        e.version = req_.version == 10   ? "HTTP/1.0"
                    : req_.version == 11 ? "HTTP/1.1"
                                         : "HTTP/" + std::to_string(req_.version / 10) + "." + std::to_string(req_.version % 10);
    e.headers.reserve(req_.field_count);
    for (std::size_t i = 0; i < req_.field_count; ++i) e.headers.push_back(req_.fields[i]);
    e.body_truncated = req_.body.size() > limits_.journal_body_cap;
    e.body.assign(req_.body, 0, limits_.journal_body_cap);
    e.raw = raw_;
    e.raw_truncated = raw_truncated_;
    e.status = status;
    e.script = script_name;
    e.tls = tls_;
    state_.journal.record(std::move(e));
}

asio::awaitable<void> connection::run() {
    boost::system::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) client_ = peer.address().to_string();
    deadline_.expires_after(limits_.idle_timeout);
    asio::co_spawn(stream_.get_executor(), deadline_.run(shared_from_this()), asio::detached);
    next_step step = https_ && !co_await start_tls() ? next_step::abort : next_step::keep_alive;
    while (step == next_step::keep_alive && !state_.stopping.load(std::memory_order_relaxed)) {
        step = co_await serve_one();
        served_any_ = true;
    }
    if (step == next_step::close) co_await close_gracefully();
    else if (stream_.secured() && stream_.socket().is_open()) co_await stream_.close_notify(std::chrono::milliseconds(500));
    deadline_.stop();
    stream_.close();
}

// HTTPS (RFC 9110 §4.2.2): TLS from the first byte. A handshake that fails (or a TLS script that
// answers it with a fault) is journaled as an entry without a status, with the reason.
asio::awaitable<bool> connection::start_tls() {
    const auto result = co_await state_.tls->start(stream_, tls::tls_entry::https);
    if (result.secured) {
        tls_ = std::make_shared<const tls::tls_session_info>(stream_.info());
        co_return true;
    }
    ++state_.tls_failures;
    http_journal_entry e;
    e.connection_id = id_;
    e.client = client_;
    e.time = std::chrono::system_clock::now();
    e.tls_error = !result.error_text.empty() ? result.error_text
                  : result.fault != tls::tls_fault::none ? "tls script " + std::string(tls::to_string(result.fault))
                                                         : "TLS handshake failed";
    state_.journal.record(std::move(e));
    co_return false;
}

asio::awaitable<void> connection::close_gracefully() {
    // TLS: close_notify first (RFC 8446 §6.1), so the client can tell the end from a truncation.
    if (stream_.secured()) co_await stream_.close_notify(limits_.write_timeout < std::chrono::seconds(2) ? limits_.write_timeout
                                                                                                : std::chrono::seconds(2));
    // Half-close and drain what the client still sends, so our reply is not destroyed by an
    // RST caused by unread data (RFC 9112 §9.6); bounded in time and bytes. Over TLS the
    // records left are read as raw bytes: only their arrival matters.
    auto& socket = stream_.socket();
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    deadline_.expires_after(std::chrono::milliseconds(500));
    deadline_.close_on_expiry();
    char sink[4096];
    for (int i = 0; i < 64; ++i) {
        auto [rec, n] = co_await socket.async_read_some(asio::buffer(sink), use_tuple);
        if (rec) break;
    }
}

void connection::reset_socket() {
    boost::system::error_code ec;
    stream_.socket().set_option(asio::socket_base::linger(true, 0), ec);
    stream_.socket().close(ec);
}

// The TLS policies of [mock.http] (IIS "Require SSL" and "Require client certificates"): true
// when the reply to a request for `path` is a 403, built into reply_.
bool connection::refused_by_policy(std::string_view path) {
    const auto& config = state_.config;
    auto under = [&](const std::vector<std::string>& prefixes) {
        for (const auto& p : prefixes)
            if (path_in_prefix(p, path)) return true;
        return false;
    };
    int substatus = 0;
    std::string_view detail;
    if (!stream_.secured()) {
        if (config.require_tls.empty() || !under(config.require_tls)) return false;
        substatus = 4;
        detail = "SSL required: this resource is served over HTTPS only.";
    } else {
        if (config.require_client_cert.empty() || !under(config.require_client_cert)) return false;
        switch (stream_.info().client_verdict) {
        case tls::peer_verdict::valid: return false;
        case tls::peer_verdict::none:
            substatus = 7;
            detail = "Client certificate required.";
            break;
        case tls::peer_verdict::untrusted:
            substatus = 16;
            detail = "Client certificate untrusted or invalid.";
            break;
        case tls::peer_verdict::expired:
        case tls::peer_verdict::not_yet_valid:
            substatus = 17;
            detail = "Client certificate expired or not yet valid.";
            break;
        }
    }
    prepare_reply();
    forbidden_reply(reply_, config, req_.target, substatus, detail);
    return true;
}

asio::awaitable<connection::next_step> connection::finish_error(int status) {
    keep_alive_ = false;
    // The request line was unusable: record what arrived, then answer.
    if (req_.method.empty() && raw_.empty()) capture(buffered());
    prepare_reply();
    error_reply(reply_, state_.config, req_.target, status);
    record(status, {});
    co_await write_reply(stream_, reply_, deadline_, limits_.write_timeout);
    co_return next_step::close;
}

asio::awaitable<int> connection::read_head(http_request_reader& p) {
    std::size_t head_octets = 0;   // request line + header section, as parsed
    beast::error_code ec;
    for (;;) {
        // RFC 9112 §2.2: ignore at least one empty line received before the request-line.
        std::size_t skip = 0;
        while (skip < buffer_.size() && skip < 64 && (buffered()[skip] == '\r' || buffered()[skip] == '\n')) ++skip;
        buffer_.consume(skip);
        if (buffer_.size() > 0) {
            if (!started_) {
                // RFC 9110 §15.5.9: the request timer runs from the request's first byte and
                // bounds its whole head and content.
                started_ = true;
                deadline_.clear_expired();
                request_deadline_ = steady::now() + limits_.request_timeout;
                deadline_.expires_at(request_deadline_);
                request_time_ = std::chrono::system_clock::now();
            }
            // Beast consumes the request line as soon as it is complete; until then, watch its length.
            if (head_octets == 0 && target_too_long(buffered(), limits_.max_target)) co_return 414;
            const auto data = buffered();
            const std::size_t n = p.put(buffer_.data(), ec);
            capture(data.substr(0, n));
            buffer_.consume(n);
            head_octets += n;
            if (ec == http::error::header_limit) co_return 431;
            if (ec == http::error::body_limit) co_return 413;
            if (ec && ec != http::error::need_more) co_return other_major_version(data) ? 505 : 400;
            if (p.is_header_done()) break;
        }
        if (buffer_.size() >= buffer_.max_size()) co_return 431;
        const std::size_t want = std::min<std::size_t>(16384, buffer_.max_size() - buffer_.size());
        auto [rec, n] = co_await stream_.async_read_some(buffer_.prepare(want), use_tuple);
        if (rec) {
            // RFC 9110 §15.5.9: a request that does not arrive in time gets 408 and the close.
            // After a completed exchange an idle keep-alive connection just closes.
            co_return deadline_.expired() && (started_ || !served_any_) ? 408 : aborted;
        }
        buffer_.commit(n);
    }
    // Beast's header limit covers the request line too, so it is set loosely above; the
    // header section alone is held to its own limit here (RFC 6585 §5: 431).
    const std::size_t request_line = req_.method.size() + req_.target.size() + 12;   // SP SP HTTP/x.y CRLF
    if (head_octets > request_line && head_octets - request_line > limits_.max_header_section) co_return 431;
    co_return 0;
}

asio::awaitable<int> connection::read_content(http_request_reader& p, bool expect_continue) {
    if (expect_continue && buffer_.size() == 0) {
        static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
        deadline_.expires_after(limits_.write_timeout);
        auto [wec, wn] = co_await asio::async_write(stream_, asio::buffer(interim.data(), interim.size()), use_tuple);
        if (wec) co_return aborted;
        deadline_.expires_at(request_deadline_);
    }
    p.eager(true);
    beast::error_code ec;
    while (!p.is_done()) {
        if (buffer_.size() > 0) {
            const auto data = buffered();
            const std::size_t n = p.put(buffer_.data(), ec);
            capture(data.substr(0, n));
            buffer_.consume(n);
            if (ec == http::error::body_limit) co_return 413;
            if (ec && ec != http::error::need_more) co_return 400;
            if (p.is_done()) break;
            if (n > 0) continue;
        }
        if (buffer_.size() >= buffer_.max_size()) co_return 400;
        const std::size_t want = std::min<std::size_t>(65536, buffer_.max_size() - buffer_.size());
        auto [rec, n] = co_await stream_.async_read_some(buffer_.prepare(want), use_tuple);
        if (rec) co_return deadline_.expired() ? 408 : aborted;
        buffer_.commit(n);
    }
    co_return 0;
}

asio::awaitable<connection::next_step> connection::serve_one() {
    req_.reset();
    raw_.clear();
    raw_truncated_ = false;
    started_ = false;
    keep_alive_ = true;
    auto& p = reader_.emplace(req_);
    const auto header_limit = limits_.max_target + limits_.max_header_section + 64;
    p.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(header_limit, 0xFFFFFFF0u)));
    p.body_limit(limits_.max_body);
    p.eager(false);
    if (buffer_.size() == 0) deadline_.expires_after(limits_.idle_timeout);

    int status = co_await read_head(p);
    std::optional<std::uint64_t> content_length;
    if (status == 0) {
        keep_alive_ = p.keep_alive();
        if (p.content_length()) content_length = *p.content_length();
        const bool scripted_method = !known_method(req_.method) && state_.scripts.names_method(req_.method);
        status = head_error(req_, p.chunked(), content_length, limits_.max_body, scripted_method);
    }
    if (status == 0 && (p.chunked() || (content_length && *content_length > 0)) && !p.is_done())
        status = co_await read_content(p, expects_continue(req_));
    if (status == aborted) co_return next_step::abort;
    if (status != 0) co_return co_await finish_error(status);
    co_return co_await answer();
}

asio::awaitable<connection::next_step> connection::answer() {
    const auto target = split_target(req_.target);
    if (!percent_decode(target.path, decoded_path_)) decoded_path_.assign(target.path);
    // `choice` owns its script: a runtime script removed meanwhile still finishes this reply.
    const auto choice = state_.scripts.choose({req_.method, decoded_path_, target.query, &req_, tls_.get()});
    if (choice.script) co_return co_await run_script(*choice.script, choice.reply);
    if (!refused_by_policy(decoded_path_)) {
        prepare_reply();
        origin_.answer(req_, target.path, target.query, reply_);
    }
    record(reply_.status(), {});
    if (!co_await write_reply(stream_, reply_, deadline_, limits_.write_timeout)) co_return next_step::abort;
    co_return reply_.closes() ? next_step::close : next_step::keep_alive;
}

asio::awaitable<connection::next_step> connection::run_script(const http_script& script,
                                                              const http_script_reply* spec) {
    prepare_reply();
    if (script.fault == http_fault::none && spec && spec->raw) {
        reply_.head = *spec->raw;
    } else if (script.fault == http_fault::none && spec) {
        build_script_reply(reply_, state_, req_.target, script, *spec);
    } else if (script.fault == http_fault::none) {
        // A script without a reply only shapes the default answer (delay, throttle, close_after),
        // the TLS policies included.
        const auto target = split_target(req_.target);
        if (!refused_by_policy(decoded_path_)) origin_.answer(req_, target.path, target.query, reply_);
    }
    record(script.fault == http_fault::none ? reply_.status() : 0, script.name);

    if (script.delay.count() > 0) {
        deadline_.expires_after(script.delay + limits_.write_timeout);
        sleep_.expires_after(script.delay);
        co_await sleep_.async_wait(use_tuple);
        if (deadline_.expired()) co_return next_step::abort;
    }
    switch (script.fault) {
    case http_fault::close: co_return next_step::close;
    case http_fault::reset: reset_socket(); co_return next_step::abort;
    case http_fault::garbage: {
        const std::string_view bytes = script.garbage.empty() ? default_garbage : std::string_view(script.garbage);
        co_await write_shaped(stream_, bytes, script, sleep_, deadline_, limits_.write_timeout);
        co_return next_step::close;
    }
    case http_fault::hang:
        // Send nothing; the wait is bounded by the idle timeout, then the connection closes.
        deadline_.expires_after(limits_.idle_timeout + std::chrono::seconds(1));
        sleep_.expires_after(limits_.idle_timeout);
        co_await sleep_.async_wait(use_tuple);
        co_return next_step::abort;
    case http_fault::none: break;
    }
    const bool raw = spec && spec->raw;
    const bool shaped = script.throttle_bytes > 0 || script.close_after.has_value() || raw;
    if (!shaped || !reply_.segments.empty()) {
        if (!co_await write_reply(stream_, reply_, deadline_, limits_.write_timeout)) co_return next_step::abort;
        co_return reply_.closes() ? next_step::close : next_step::keep_alive;
    }
    std::string wire;
    std::string_view bytes = reply_.head;
    if (!raw) {
        wire.reserve(reply_.head.size() + reply_.body.size());
        wire.append(reply_.head).append(reply_.body);
        bytes = wire;
    }
    if (!co_await write_shaped(stream_, bytes, script, sleep_, deadline_, limits_.write_timeout)) co_return next_step::abort;
    if (script.close_after) co_return next_step::close;
    if (raw) co_return script.keep_open && keep_alive_ && !script.close ? next_step::keep_alive : next_step::close;
    co_return reply_.closes() ? next_step::close : next_step::keep_alive;
}

}  // namespace

asio::awaitable<void> serve_connection(server_state& state, tcp::socket socket, std::uint64_t id, file_cache& cache,
                                       bool https) {
    // Shared: the deadline watch keeps the connection alive until it has stopped.
    auto conn = std::make_shared<connection>(state, std::move(socket), id, cache, https);
    co_await conn->run();
}

}  // namespace replycheck::mock::detail
