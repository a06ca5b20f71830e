#include "harness/clients/raw_tcp_client.hpp"

#include "harness/clients/ftp_reply_reader.hpp"
#include "harness/clients/socket_stream.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"
#include "protocol/wire/http_request.hpp"
#include "protocol/wire/http_response_parser.hpp"

namespace replycheck::harness {

namespace {

using std::chrono::milliseconds;

std::string ms_text(milliseconds value) { return std::to_string(value.count()) + "ms"; }

void append_capped(std::string& target, std::string_view bytes, std::size_t cap) {
    if (target.size() < cap) target.append(bytes.substr(0, std::min(bytes.size(), cap - target.size())));
}

std::chrono::microseconds elapsed_since(detail::steady::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(detail::steady::now() - start);
}

}  // namespace

struct raw_tcp_client::impl {
    boost::asio::io_context io;
    detail::socket_stream stream{io};
    std::string pending;                 // bytes read past the last HTTP reply
    protocol::ftp_reply_parser ftp;      // FTP replies read past the last final reply stay queued
    bool peer_closed = false;
};

raw_tcp_client::raw_tcp_client() : impl_(std::make_unique<impl>()) {}
raw_tcp_client::~raw_tcp_client() = default;

protocol::transport_fault raw_tcp_client::connect(const raw_target& target) {
    close();
    const auto deadline = detail::steady::now() + target.connect_timeout;
    auto error = impl_->stream.connect(target.host, target.port, deadline);
    if (!error && target.tls) error = impl_->stream.start_tls(target.tls_settings, target.host, deadline);
    return error;
}

bool raw_tcp_client::is_open() const noexcept { return impl_->stream.is_open() && !impl_->peer_closed; }

void raw_tcp_client::close() {
    impl_->stream.close();
    impl_->pending.clear();
    impl_->ftp = protocol::ftp_reply_parser{};
    impl_->peer_closed = false;
}

std::string raw_tcp_client::remote_address() const { return impl_->stream.remote_address(); }

protocol::transport_fault raw_tcp_client::send(std::string_view bytes, milliseconds timeout) {
    auto error = impl_->stream.write(bytes, detail::steady::now() + timeout);
    if (error && error.code != protocol::transport_errc::not_connected) error.text = "send failed: " + error.text;
    return error;
}

protocol::http_exchange raw_tcp_client::exchange_http(const raw_target& target, std::string_view bytes,
                                                      std::string_view method, const raw_read_options& options) {
    const auto start = detail::steady::now();
    protocol::http_exchange exchange;
    exchange.request = protocol::parse_http_request(bytes);
    exchange.sent_raw = std::string(bytes);
    if (method.empty()) method = exchange.request.method;
    // Reuse the connection unless the peer has closed it since the last exchange.
    if (!is_open() || impl_->stream.peer_closed()) {
        if (auto error = connect(target)) {
            exchange.set_transport_error(std::move(error));
            exchange.duration = elapsed_since(start);
            return exchange;
        }
    }
    exchange.remote_address = remote_address();
    if (!bytes.empty()) {
        auto error = send(bytes, options.timeout);
        // RFC 9112 §9.6: a server may answer and close before it has read the whole request;
        // closing with unread bytes resets the connection, and our send fails. The reply that
        // arrived before the reset is still readable: judge it when its framing is complete.
        if (error && error.code == protocol::transport_errc::connection_reset) {
            auto reply = read_http(method, options);
            if (reply.response && !reply.transport_code && reply.response->body_complete && reply.response->status != 0) {
                reply.transport_note = "the peer reset the connection while the request was being sent, "
                                       "after a complete reply (" + error.text + ")";
                reply.request = std::move(exchange.request);
                reply.sent_raw = std::move(exchange.sent_raw);
                reply.duration = elapsed_since(start);
                return reply;
            }
        }
        if (error) {
            exchange.set_transport_error(std::move(error));
            exchange.duration = elapsed_since(start);
            return exchange;
        }
    }
    auto reply = read_http(method, options);
    reply.request = std::move(exchange.request);
    reply.sent_raw = std::move(exchange.sent_raw);
    reply.duration = elapsed_since(start);
    return reply;
}

protocol::http_exchange raw_tcp_client::read_http(std::string_view method, const raw_read_options& options) {
    const auto start = detail::steady::now();
    const auto deadline = start + options.timeout;
    protocol::http_exchange exchange;
    exchange.request.method = std::string(method);
    exchange.remote_address = remote_address();
    protocol::http_parser_limits limits;
    limits.max_body_bytes = options.body_cap;
    protocol::http_response_parser parser(method, limits);
    parser.stop_at_interim(options.stop_at_interim);

    auto& stream = impl_->stream;
    if (!impl_->pending.empty()) {
        append_capped(exchange.received_raw, impl_->pending, options.raw_cap);
        parser.feed(impl_->pending);
        impl_->pending.clear();
    }
    std::string chunk;
    while (!parser.done()) {
        if (impl_->peer_closed || !stream.is_open()) {
            parser.finish();
            break;
        }
        chunk.clear();
        protocol::transport_fault error;
        auto status = stream.read_some(chunk, deadline, error);
        if (!chunk.empty()) {
            append_capped(exchange.received_raw, chunk, options.raw_cap);
            parser.feed(chunk);
        }
        if (status == detail::read_status::eof) {
            impl_->peer_closed = true;
            parser.finish();
        } else if (status == detail::read_status::timeout) {
            // Say where the reply stopped: a cut status line or header section is not a reply
            // at all, a cut body is a reply that never ended (RFC 9112 §6.3).
            const auto& partial = parser.record();
            const char* where = parser.empty()                ? " waiting for the response"
                                : parser.headers_done()       ? (partial.status == 0 ? " inside the response"
                                                                                     : " while reading the body")
                                : partial.status_line.empty() ? " while reading the status line"
                                                              : " while reading the header section";
            exchange.set_transport_error({protocol::transport_errc::timeout,
                                          "timeout after " + ms_text(options.timeout) + where});
            break;
        } else if (status == detail::read_status::error) {
            exchange.set_transport_error(std::move(error));
            impl_->peer_closed = true;
            parser.finish();
        }
    }

    // Linger: bytes after the end of the message (a body on 304/HEAD, a second response) and
    // the peer's close are only visible if we keep reading a little (RFC 9112 §6.3).
    if (parser.done() && !exchange.transport_code && !impl_->peer_closed && options.linger.count() > 0) {
        const auto linger_end = detail::steady::now() + options.linger;
        while (detail::steady::now() < linger_end) {
            chunk.clear();
            protocol::transport_fault error;
            auto status = stream.read_some(chunk, linger_end, error);
            if (!chunk.empty()) {
                append_capped(exchange.received_raw, chunk, options.raw_cap);
                parser.feed(chunk);
            }
            if (status == detail::read_status::error && error.code == protocol::transport_errc::connection_reset)
                exchange.transport_note = "the peer reset the connection after a complete reply";
            if (status == detail::read_status::eof || status == detail::read_status::error) {
                impl_->peer_closed = true;
                break;
            }
            if (status == detail::read_status::timeout) break;
        }
    }

    exchange.connection_closed = impl_->peer_closed;
    if (!parser.empty()) {
        const bool complete = parser.done();
        auto record = parser.take();
        if (!complete) record.body_complete = false;  // cut by the timeout
        // A reply cut after its status line (the peer closed, or the header section passed the
        // parser's limit) is the exchange's fault; the framing error says where (RFC 9112 §6.3).
        if (!exchange.transport_code && !record.body_complete && record.status != 0)
            exchange.set_transport_error({impl_->peer_closed ? protocol::transport_errc::closed_early
                                                             : protocol::transport_errc::reply_too_large,
                                          record.framing_errors.empty() ? "the reply ended before its framing said"
                                                                        : record.framing_errors.back()});
        impl_->pending = record.trailing_bytes;  // may be the next pipelined response
        exchange.response = std::move(record);
    } else if (!exchange.transport_code) {
        exchange.set_transport_error({protocol::transport_errc::closed_early,
                                      "connection closed by peer before any response byte"});
    }
    exchange.duration = elapsed_since(start);
    return exchange;
}

protocol::ftp_exchange raw_tcp_client::exchange_ftp(const raw_target& target, std::string_view bytes,
                                                    const raw_read_options& options) {
    const auto start = detail::steady::now();
    protocol::ftp_exchange exchange;
    exchange.command = detail::recorded_ftp_command(bytes);
    if (!is_open() || (!impl_->ftp.has_reply() && impl_->stream.peer_closed())) {
        if (auto error = connect(target)) {
            exchange.set_transport_error(std::move(error));
            exchange.duration = elapsed_since(start);
            return exchange;
        }
    }
    if (!bytes.empty()) {
        if (auto error = send(bytes, options.timeout)) {
            exchange.set_transport_error(std::move(error));
            exchange.duration = elapsed_since(start);
            return exchange;
        }
    }
    auto reply = read_ftp(options);
    reply.command = std::move(exchange.command);
    reply.duration = elapsed_since(start);
    return reply;
}

protocol::ftp_exchange raw_tcp_client::read_ftp(const raw_read_options& options) {
    const auto start = detail::steady::now();
    const auto deadline = start + options.timeout;
    protocol::ftp_exchange exchange;
    exchange.server_address = impl_->stream.remote_host();
    detail::read_ftp_replies(impl_->stream, impl_->ftp, impl_->peer_closed, deadline, options.timeout, exchange);
    exchange.duration = elapsed_since(start);
    return exchange;
}

}  // namespace replycheck::harness
