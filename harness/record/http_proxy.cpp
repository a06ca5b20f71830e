// The reverse proxy's connection loop (RFC 9110 §3.7: a gateway acting as the origin for its
// clients). Requests are parsed (Beast, size-capped) and sent again in a normalised form;
// replies are parsed only to find where they end and are forwarded as the bytes received.

#include "harness/record/http_proxy.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <fmt/format.h>

#include "harness/clients/socket_stream.hpp"
#include "harness/record/upstream_location.hpp"
#include "protocol/url/url.hpp"
#include "protocol/utf8.hpp"
#include "protocol/wire/ascii.hpp"
#include "protocol/wire/http_response_parser.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::record {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using harness::detail::read_status;
using harness::detail::socket_stream;
using steady = std::chrono::steady_clock;

constexpr std::size_t max_request_head = 64 * 1024;
// Waits for the next request are cut in slices so that stop() ends an idle connection quickly.
constexpr auto idle_slice = std::chrono::milliseconds(200);

bool has_token(const protocol::header_list& headers, std::string_view name, std::string_view token) {
    const auto all = protocol::list_members(headers, name);
    return std::find(all.begin(), all.end(), token) != all.end();
}

// RFC 9110 §7.6.1: a proxy removes Connection, the fields it names, and the hop-by-hop fields
// of earlier HTTP versions; Proxy-Authorization is meant for this hop (§11.7.2).
// Host is written anew; Content-Length and Transfer-Encoding too, since the content is sent whole.
bool dropped_field(std::string_view name, const std::vector<std::string>& connection_options) {
    static constexpr std::string_view hop[] = {"connection", "keep-alive", "proxy-connection", "te", "transfer-encoding",
                                               "upgrade", "proxy-authorization", "trailer", "host", "content-length"};
    const auto n = protocol::ascii_lower(name);
    return std::find(std::begin(hop), std::end(hop), n) != std::end(hop) ||
           std::find(connection_options.begin(), connection_options.end(), n) != connection_options.end();
}

std::string error_reply(int status, std::string_view reason, std::string_view text) {
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
                       "Connection: close\r\n\r\n{}\n",
                       status, reason, text.size() + 1, text);
}

// Whether a reply leaves its connection open (RFC 9112 §9.3): HTTP/1.1 unless "close",
// HTTP/1.0 only with "keep-alive".
bool reply_keeps_alive(const protocol::http_response_record& reply) {
    if (has_token(reply.headers, "Connection", "close")) return false;
    return reply.version != "HTTP/1.0" || has_token(reply.headers, "Connection", "keep-alive");
}

class connection {
public:
    connection(asio::ip::tcp protocol, asio::ip::tcp::socket::native_handle_type fd, std::size_t id,
               const record_options& options, const http_proxy_sink& sink)
        : client_(io_), upstream_(io_), id_(id), options_(options), sink_(sink) {
        client_.adopt(asio::ip::tcp::socket(io_, protocol, fd));
        const auto& u = options.upstream;
        // An explicit port stays in Host; the scheme's default port is left out (RFC 9110 §7.2).
        authority_ = u.has_port ? u.authority() : protocol::bracket_host(u.host);
        auto origin = u;
        origin.user.reset();
        origin.password.reset();
        origin.target.clear();
        upstream_origin_ = origin.display();
    }

    void run() {
        while (!sink_.stopping() && client_.is_open()) {
            auto next = read_request();
            if (!next) break;
            if (!exchange(*next)) break;
        }
        client_.close();
        upstream_.close();
    }

private:
    struct request {
        std::string method, target;
        unsigned version = 11;
        protocol::header_list headers;
        std::string body;
        bool had_framing = false;   // Content-Length or Transfer-Encoding was sent
        bool keep_alive = true;
    };

    // The recorder as the client reached it: the Host it sent, else the address it connected to.
    std::string recorder_origin(const request& r) {
        if (const auto* host = protocol::find_header(r.headers, "Host"); host && !host->empty()) return "http://" + *host;
        boost::system::error_code ec;
        const auto local = client_.socket().local_endpoint(ec);
        return "http://" + protocol::bracket_host(local.address().to_string()) + ":" + std::to_string(local.port());
    }

    // Every wait ends after the timeout, and none past the recorder's cut-off once it stops.
    steady::time_point deadline() const { return std::min(steady::now() + options_.timeout, sink_.cut_at()); }

    void note(std::string text) { sink_.note(fmt::format("connection {}: {}", id_, std::move(text))); }

    void refuse(int status, std::string_view reason, std::string_view text) {
        client_.write(error_reply(status, reason, text), deadline());
        client_.close();
    }

    // Reads one request; nullopt when the client closed, went quiet, or sent something that is
    // not a request (then answered with 400, 408, 413 or 431 and noted).
    std::optional<request> read_request() {
        http::request_parser<http::string_body> parser;
        parser.header_limit(max_request_head);
        parser.body_limit(max_recorded_reply);
        parser.eager(true);
        bool continue_sent = false;
        auto idle_until = deadline();
        steady::time_point busy_until{};
        for (;;) {
            while (!pending_.empty()) {
                boost::beast::error_code ec;
                const auto used = parser.put(asio::buffer(pending_), ec);
                pending_.erase(0, used);
                if (ec == http::error::need_more) break;
                if (ec == http::error::header_limit) {
                    // RFC 6585 §5: the header section is what is too large.
                    note("a request header section larger than the recorder reads; 431 sent");
                    refuse(431, "Request Header Fields Too Large", "replycheck record: request header section too large");
                    return std::nullopt;
                }
                if (ec == http::error::body_limit) {
                    note("a request content larger than the recorder reads; 413 sent");
                    refuse(413, "Content Too Large", "replycheck record: request too large");
                    return std::nullopt;
                }
                if (ec) {
                    note("not an HTTP request (" + ec.message() + "); 400 sent");
                    refuse(400, "Bad Request", "replycheck record: not an HTTP request");
                    return std::nullopt;
                }
                if (parser.is_done()) return to_request(parser.release());
                if (used == 0) break;
            }
            // RFC 9110 §10.1.1: a client waiting for 100 (Continue) gets it here; the upstream
            // then receives the whole request at once, without Expect.
            if (parser.is_header_done() && !continue_sent && !parser.is_done()) {
                const auto& expect = parser.get()[http::field::expect];
                if (protocol::iequals(protocol::trim_ows(std::string_view(expect.data(), expect.size())), "100-continue"))
                    client_.write("HTTP/1.1 100 Continue\r\n\r\n", deadline());
                continue_sent = true;
            }
            const bool started = parser.got_some() || !pending_.empty();
            if (started && busy_until == steady::time_point{}) busy_until = deadline();
            if (sink_.stopping()) {
                // A request begun but not complete when the recorder stops is not waited for.
                if (started) note("a request still arriving was cut at stop");
                return std::nullopt;
            }
            // Sliced while a request arrives too, so that a stop is seen within one slice.
            const auto until = std::min(started ? busy_until : idle_until, steady::now() + idle_slice);
            protocol::transport_fault fault;
            switch (client_.read_some(pending_, until, fault)) {
            case read_status::data:
                break;
            case read_status::eof:
                if (started) note("the client closed in the middle of a request");
                return std::nullopt;
            case read_status::timeout:
                if (steady::now() < (started ? busy_until : idle_until)) continue;
                if (started) {
                    note("a request that did not complete in time; 408 sent");
                    refuse(408, "Request Timeout", "replycheck record: request incomplete");
                }
                return std::nullopt;
            case read_status::error:
                if (started) note("the client connection failed: " + fault.text);
                return std::nullopt;
            }
        }
    }

    static request to_request(http::request<http::string_body> message) {
        request r;
        r.method = std::string(message.method_string());
        r.target = std::string(protocol::origin_form(std::string_view(message.target().data(), message.target().size())));
        r.version = message.version();
        for (const auto& field : message) {
            r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
            if (field.name() == http::field::content_length || field.name() == http::field::transfer_encoding)
                r.had_framing = true;
        }
        r.keep_alive = message.keep_alive();
        r.body = std::move(message.body());
        return r;
    }

    std::string upstream_bytes(const request& r) const {
        std::string out = fmt::format("{} {} HTTP/{}.{}\r\n", r.method, r.target, r.version / 10, r.version % 10);
        // The upstream may serve several virtual hosts: it must see its own name, not the
        // recorder's address, to choose the one that was asked for (RFC 9110 §7.2).
        out += "Host: " + authority_ + "\r\n";
        const auto options = protocol::list_members(r.headers, "Connection");
        for (const auto& h : r.headers) {
            if (dropped_field(h.name, options)) continue;
            if (protocol::iequals(h.name, "Expect") && protocol::iequals(h.value, "100-continue")) continue;
            out += h.name + ": " + h.value + "\r\n";
        }
        if (!r.body.empty() || r.had_framing) out += fmt::format("Content-Length: {}\r\n", r.body.size());
        // The client's wish to close is passed on, so the reply says so as well.
        if (!r.keep_alive) out += "Connection: close\r\n";
        return out + "\r\n" + r.body;
    }

    // Opens the upstream connection (TLS for https); the fault, empty on success.
    protocol::transport_fault connect_upstream() {
        upstream_.close();
        const auto& u = options_.upstream;
        auto fault = upstream_.connect(u.host, u.port, deadline());
        if (fault || u.scheme->tls == protocol::tls_mode::none) return fault;
        harness::tls_options tls;
        tls.insecure = options_.insecure;   // otherwise the chain and the name are verified, SNI set
        tls.ca_file = options_.ca_file.string();
        tls.alpn = {"http/1.1"};            // the recorder speaks HTTP/1.1 only (RFC 7301)
        return upstream_.start_tls(tls, u.host, deadline());
    }

    // One request: forwarded, its reply relayed and recorded. False when the client connection ends.
    bool exchange(const request& r) {
        // Notes reach the console and both files: a secret query value never stands in them.
        // A target that is not UTF-8 text is shown percent-encoded.
        const auto label = fmt::format("{} {}", r.method,
                                       protocol::visible_text(mask_query_secrets(r.target, [](std::string_view) { return "***"; })));
        const auto bytes = upstream_bytes(r);
        for (int attempt = 0;; ++attempt) {
            // A kept-alive upstream connection may have been closed meanwhile: one fresh try.
            const bool reused = upstream_.is_open() && !upstream_.peer_closed();
            if (!reused) {
                if (auto fault = connect_upstream()) {
                    const bool slow = fault.code == protocol::transport_errc::timeout;
                    note(fmt::format("{}: cannot reach the upstream ({}); {} sent", label, fault.text, slow ? 504 : 502));
                    refuse(slow ? 504 : 502, slow ? "Gateway Timeout" : "Bad Gateway",
                           "replycheck record: cannot reach the upstream");
                    return false;
                }
            }
            if (auto fault = upstream_.write(bytes, deadline())) {
                upstream_.close();
                if (reused && attempt == 0) continue;
                note(fmt::format("{}: sending to the upstream failed ({}); 502 sent", label, fault.text));
                refuse(502, "Bad Gateway", "replycheck record: the upstream connection failed");
                return false;
            }
            const auto outcome = relay(r, label, reused && attempt == 0);
            if (outcome == relay_outcome::retry) continue;
            return outcome == relay_outcome::keep;
        }
    }

    enum class relay_outcome { keep, close, retry };

    relay_outcome relay(const request& r, const std::string& label, bool may_retry) {
        protocol::http_parser_limits limits;
        limits.max_body_bytes = 0;       // the bytes are kept raw; only the framing matters here
        limits.max_trailing_bytes = 64 * 1024;   // more than one read brings
        protocol::http_response_parser parser(r.method, limits);
        std::string raw, held;
        bool forwarding = false, too_big = false, upstream_closed = false;
        std::size_t extra = 0;   // bytes past the end of the reply (none from a server that waits for a request)
        while (!parser.done()) {
            std::string chunk;
            protocol::transport_fault fault;
            const auto status = upstream_.read_some(chunk, deadline(), fault);
            if (status == read_status::eof) {
                if (parser.empty() && may_retry) {
                    upstream_.close();
                    return relay_outcome::retry;
                }
                parser.finish();
                upstream_closed = true;
                break;
            }
            if (status != read_status::data) {
                const bool slow = status == read_status::timeout;
                upstream_.close();
                if (slow && sink_.stopping()) {
                    note(fmt::format("{}: cut at stop (still waiting for the upstream); not recorded", label));
                    return relay_outcome::close;
                }
                if (forwarding) {
                    note(fmt::format("{}: the upstream {} in the middle of the reply; client connection closed", label,
                                     slow ? "went quiet" : "failed"));
                    return relay_outcome::close;
                }
                note(fmt::format("{}: {}; {} sent", label, slow ? "no reply from the upstream in time" : fault.text,
                                 slow ? 504 : 502));
                refuse(slow ? 504 : 502, slow ? "Gateway Timeout" : "Bad Gateway",
                       "replycheck record: no reply from the upstream");
                return relay_outcome::close;
            }
            parser.feed(chunk);
            if (parser.done()) {
                // Only the reply goes to the client: anything after it would be read as the
                // reply to its next request.
                extra = parser.record().trailing_bytes.size();
                chunk.resize(chunk.size() - std::min(extra, chunk.size()));
            }
            if (!too_big) {
                if (raw.size() + chunk.size() > max_recorded_reply) {
                    too_big = true;
                    raw.clear();
                    raw.shrink_to_fit();
                } else {
                    raw += chunk;
                }
            }
            if (!forwarding) {
                // Held until the status line proves it is HTTP, so that garbage can still get a 502.
                held += chunk;
                if (!parser.headers_done()) continue;
                if (parser.record().status == 0) break;
                forwarding = true;
                // A redirect back at the upstream is sent pointing at the recorder, as reverse
                // proxies do (nginx's proxy_redirect, Apache's ProxyPassReverse), so that a client
                // following it (RFC 9110 §15.4) stays recorded; the recording keeps the upstream's value.
                chunk = rewrite_location(held, upstream_origin_, recorder_origin(r));
            }
            if (auto gone = client_.write(chunk, deadline())) {
                // A wait that ran out while the recorder stops: the exchange is cut at stop.
                if (sink_.stopping() && gone.code == protocol::transport_errc::timeout)
                    note(fmt::format("{}: cut at stop (the reply was still being sent); not recorded", label));
                else
                    note(fmt::format("{}: the client went away during the reply ({})", label, gone.text));
                upstream_.close();
                return relay_outcome::close;
            }
        }
        const auto& reply = parser.record();
        if (!forwarding) {
            upstream_.close();
            note(fmt::format("{}: the upstream sent no HTTP reply{}; 502 sent", label,
                             reply.framing_errors.empty() ? std::string() : " (" + reply.framing_errors.front() + ")"));
            refuse(502, "Bad Gateway", "replycheck record: no valid reply from the upstream");
            return relay_outcome::close;
        }
        if (upstream_closed && !reply.body_complete) {
            // RFC 9112 §8: a reply closed before its framing says it ends is incomplete. The
            // client got what came and now sees the close; nothing of it is recorded.
            note(fmt::format("{}: the upstream closed in the middle of the reply ({}); forwarded as received, not "
                             "recorded, client connection closed",
                             label, reply.framing_errors.empty() ? "incomplete" : reply.framing_errors.back()));
            return relay_outcome::close;
        }
        http_recorded_exchange x;
        x.connection = id_;
        x.method = r.method;
        x.target = r.target;
        x.request_headers = r.headers;
        x.request_body = r.body;
        x.status = reply.status;
        x.reason = reply.reason;
        x.reply_headers = reply.headers;
        x.raw_reply = std::move(raw);
        x.reply_too_big = too_big;
        x.body_size = reply.body_length;
        x.keep_alive = !upstream_closed && !parser.reads_until_close() && reply_keeps_alive(reply);
        if (too_big) note(fmt::format("{}: a reply over {} bytes, forwarded but not kept", label, max_recorded_reply));
        if (extra > 0) {
            note(fmt::format("{}: the upstream sent {} byte(s) past the end of its reply; dropped, connection closed", label, extra));
            x.keep_alive = false;
        }
        const bool keep = x.keep_alive && r.keep_alive;
        if (!x.keep_alive) upstream_.close();
        sink_.exchange(std::move(x));
        return keep ? relay_outcome::keep : relay_outcome::close;
    }

    asio::io_context io_;
    socket_stream client_;
    socket_stream upstream_;
    std::size_t id_;
    const record_options& options_;
    const http_proxy_sink& sink_;
    std::string authority_;
    std::string upstream_origin_;   // "http://127.0.0.1:8080", as the recording names it
    std::string pending_;   // client bytes read but not parsed yet (a pipelined next request)
};

}  // namespace

void serve_http_client(asio::ip::tcp protocol, asio::ip::tcp::socket::native_handle_type client, std::size_t id,
                       const record_options& options, const http_proxy_sink& sink) {
    connection(protocol, client, id, options, sink).run();
}

}  // namespace replycheck::record
