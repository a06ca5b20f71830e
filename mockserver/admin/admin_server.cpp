#include "mockserver/admin/admin_server.hpp"

#include <array>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "mockserver/admin/admin_routes.hpp"
#include "mockserver/tls/use_tuple.hpp"
#include "protocol/exchange.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::mock {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t max_body = 1024 * 1024;         // a script with its body: 1 MiB is plenty
constexpr std::uint32_t max_header_section = 16 * 1024;
constexpr auto io_timeout = std::chrono::seconds(10);  // per request read, per reply write
constexpr int max_connections = 32;

using digest = std::array<unsigned char, 32>;

digest sha256(std::string_view text) {
    digest out{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), out.data(), &size, EVP_sha256(), nullptr);
    return out;
}

// The address `listen` names; nullopt with `error` set when it is not IP:PORT or localhost:PORT.
std::optional<tcp::endpoint> admin_endpoint(const std::string& listen, std::string& error) {
    auto host_port = protocol::parse_host_port(listen, error);
    if (!host_port) return std::nullopt;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host_port->host == "localhost" ? "127.0.0.1" : host_port->host, ec);
    if (ec) {
        error = "'" + listen + "': the host must be an IP address or localhost";
        return std::nullopt;
    }
    return tcp::endpoint(address, host_port->port);
}

// "Authorization: Bearer TOKEN" (RFC 6750 §2.1; the scheme is case-insensitive, RFC 9110 §11.1)
// carrying the expected token. Both sides are hashed first, so the comparison takes the same
// time whatever the length or the first differing byte of what was sent.
bool bearer_matches(std::string_view field, const digest& expected) {
    field = protocol::trim_ows(field);
    const auto space = field.find(' ');
    if (space == std::string_view::npos || !protocol::iequals(field.substr(0, space), "Bearer")) return false;
    const auto sent = sha256(protocol::trim_ows(field.substr(space + 1)));
    return CRYPTO_memcmp(sent.data(), expected.data(), expected.size()) == 0;
}

// A Host field value (RFC 9110 §7.2) naming this machine: localhost or a loopback address,
// with any port or none.
bool loopback_host(std::string_view value) {
    std::string error;
    auto host_port = protocol::parse_host_port(protocol::trim_ows(value), error, 80);
    if (!host_port) return false;
    if (protocol::iequals(host_port->host, "localhost")) return true;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host_port->host, ec);
    return !ec && address.is_loopback();
}

// An Origin (RFC 6454 §7) of a page served from this machine over http or https; "null" (a
// sandboxed or file page) is not one.
bool loopback_origin(std::string_view value) {
    std::string error;
    auto origin = protocol::parse_url(protocol::trim_ows(value), error);
    return origin && origin->scheme->protocol == protocol::url_protocol::http && origin->target == "/" &&
           loopback_host(origin->authority());
}

// "application/json", any case, parameters allowed (RFC 9110 §8.3.1).
bool json_media_type(std::string_view value) {
    return protocol::iequals(protocol::trim_ows(value.substr(0, value.find(';'))), "application/json");
}

}  // namespace

// Named, not anonymous: it lives in a coroutine frame of admin_server::impl, which has external
// linkage (GCC's -Wsubobject-linkage).
namespace admin_detail {

// A deadline for reading one request that, unlike the stream's own timeout, leaves the socket
// open: a request that took too long still gets its 408 (RFC 9110 §15.5.9). Expiry cancels the
// pending read, which then completes with operation_aborted.
class read_deadline {
public:
    explicit read_deadline(tcp::socket& socket) : timer_(socket.get_executor()), state_(std::make_shared<state>()) {
        state_->socket = &socket;
    }
    ~read_deadline() {
        disarm();
        state_->socket = nullptr;
    }
    read_deadline(const read_deadline&) = delete;
    read_deadline& operator=(const read_deadline&) = delete;

    void arm(std::chrono::steady_clock::duration timeout) {
        state_->expired = false;
        state_->armed = ++state_->generation;
        timer_.expires_after(timeout);
        // A handler already queued when disarm() ran sees another generation and does nothing.
        timer_.async_wait([s = state_, generation = state_->armed](boost::system::error_code ec) {
            if (ec || s->armed != generation || !s->socket) return;
            s->expired = true;
            boost::system::error_code ignored;
            s->socket->cancel(ignored);
        });
    }
    void disarm() {
        state_->armed = 0;
        timer_.cancel();
    }
    bool expired() const { return state_->expired; }

private:
    struct state {
        tcp::socket* socket = nullptr;
        std::uint64_t generation = 0;
        std::uint64_t armed = 0;   // the generation armed, 0 when none
        bool expired = false;
    };
    asio::steady_timer timer_;
    std::shared_ptr<state> state_;
};

}  // namespace admin_detail

std::string admin_token_problem(const std::string& token) {
    // The token travels as the b64token of "Authorization: Bearer" (RFC 6750 §2.1), where a space,
    // a control byte or a non-ASCII byte cannot stand: such a token could never be sent back.
    for (const char c : token)
        if (c <= ' ' || c > '~')
            return "the admin token holds a space, a line break or a byte outside visible ASCII; a client cannot send it "
                   "in an Authorization field (use letters, digits and -._~+/=)";
    return {};
}

std::string admin_options_problem(const admin_options& options) {
    if (auto problem = admin_token_problem(options.token); !problem.empty()) return problem;
    std::string error;
    auto endpoint = admin_endpoint(options.listen, error);
    if (!endpoint) return "admin address " + error;
    // Whoever reaches the admin API rewrites what the mocks answer: beyond this host, only with a token.
    if (!endpoint->address().is_loopback() && options.token.empty())
        return "admin address " + options.listen +
               " is reachable from other hosts: give a token (--admin-token, REPLYCHECK_ADMIN_TOKEN or "
               "[mock.admin] token), or listen on 127.0.0.1 or ::1";
    return {};
}

struct admin_server::impl {
    admin_options options;
    admin_targets targets;
    std::optional<digest> token;
    std::optional<asio::io_context> context;
    std::optional<tcp::acceptor> acceptor;
    std::thread thread;
    std::uint16_t port = 0;
    int live = 0;   // connections being served (only touched on the server's thread)
    bool started = false;
    bool stopped = false;

    using request = http::request<http::string_body>;
    using response = http::response<http::string_body>;

    response make_response(const admin_reply& reply, unsigned version, bool keep_alive) const {
        response res{static_cast<http::status>(reply.status), version};
        res.set(http::field::server, "replycheck-mock-admin");
        res.set(http::field::content_type, "application/json");
        res.set(http::field::cache_control, "no-store");
        if (!reply.location.empty()) res.set(http::field::location, reply.location);
        if (!reply.allow.empty()) res.set(http::field::allow, reply.allow);
        if (reply.status == 401) res.set(http::field::www_authenticate, "Bearer realm=\"replycheck-mock\"");
        if (!reply.body.is_null()) res.body() = boost::json::serialize(reply.body) + "\n";
        res.keep_alive(keep_alive);
        res.prepare_payload();
        return res;
    }

    // What the header section alone refuses, before any content is read or 100 (Continue) sent.
    std::optional<admin_reply> refusal(const http::request_parser<http::string_body>& parser) const {
        const auto& req = parser.get();
        // Not a list field (RFC 9110 §5.3, §11.6.2): two of them leave it open which one counts.
        if (req.count(http::field::authorization) > 1)
            return admin_error(400, "more than one Authorization field: send one");
        if (token) {
            auto it = req.find(http::field::authorization);
            if (it == req.end() || !bearer_matches(it->value(), *token))
                return admin_error(401, "this admin API needs Authorization: Bearer TOKEN");
            return std::nullopt;
        }
        // No token: only local programs are served, not a web page open in a local browser.
        if (auto host = req.find(http::field::host); host != req.end() && !loopback_host(host->value()))
            return admin_error(403, "the Host field does not name a loopback address or localhost (a DNS rebinding "
                                    "guard); without a token only requests to 127.0.0.1, ::1 or localhost are served");
        if (auto origin = req.find(http::field::origin); origin != req.end() && !loopback_origin(origin->value()))
            return admin_error(403, "the Origin field names a web page that is not on a loopback address; without "
                                    "a token the admin API does not serve browsers on other sites");
        const bool content = parser.chunked() || parser.content_length().value_or(0) > 0;
        if ((content || req.count(http::field::content_type) > 0) && !json_media_type(req[http::field::content_type]))
            return admin_error(415, "send the request content as Content-Type: application/json");
        return std::nullopt;
    }

    admin_reply answer(const request& req) const {
        // HEAD is GET without the content (RFC 9110 §9.3.2).
        const bool head = req.method() == http::verb::head;
        auto parsed = make_admin_request(head ? std::string("GET") : std::string(req.method_string()), req.target(),
                                         req.body());
        if (!parsed) return admin_error(400, "the request-target is not an absolute path with an optional query");
        try {
            return route_admin_request(*parsed, targets);
        } catch (const std::exception& e) {
            // A defect of ours: the details go to stderr, not to the client.
            std::cerr << "replycheck mock: admin API: " << e.what() << '\n';
            return admin_error(500, "internal error in the admin API");
        }
    }

    asio::awaitable<bool> send(beast::tcp_stream& stream, const admin_reply& reply, unsigned version, bool keep_alive,
                               bool head = false) {
        auto res = make_response(reply, version, keep_alive);
        if (head) res.body().clear();   // Content-Length stays that of the GET reply (RFC 9110 §8.6)
        stream.expires_after(io_timeout);
        auto [ec, n] = co_await http::async_write(stream, res, use_tuple);
        co_return !ec && keep_alive;
    }

    asio::awaitable<void> serve(tcp::socket socket) {
        ++live;
        struct leave {
            int& live;
            ~leave() { --live; }
        } guard{live};
        beast::tcp_stream stream(std::move(socket));
        admin_detail::read_deadline deadline(stream.socket());
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(max_header_section);
            parser.body_limit(max_body);
            stream.expires_never();   // reads: the deadline; writes: send()
            deadline.arm(io_timeout);
            auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
            std::optional<admin_reply> refused;
            if (!ec) refused = refusal(parser);
            if (!ec && !parser.is_done() && protocol::iequals(parser.get()[http::field::expect], "100-continue")) {
                // Refused before the client uploads anything: a final status instead of 100 (RFC 9110 §10.1.1).
                if (refused) {
                    co_await send(stream, *refused, parser.get().version(), false);
                    break;
                }
                stream.expires_after(io_timeout);
                http::response<http::empty_body> go_on{http::status::continue_, 11};
                std::tie(ec, n) = co_await http::async_write(stream, go_on, use_tuple);
                stream.expires_never();
            }
            if (!ec && !parser.is_done()) std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_tuple);
            deadline.disarm();
            if (ec && deadline.expired()) {
                // Between requests an idle connection just closes; a request begun gets 408.
                if (parser.got_some() || buffer.size() > 0)
                    co_await send(stream, admin_error(408, "the request did not arrive within 10 s"), 11, false);
                break;
            }
            if (ec == http::error::body_limit) {
                co_await send(stream, admin_error(413, "the request content is larger than 1 MiB"), 11, false);
                break;
            }
            if (ec == http::error::header_limit) {
                co_await send(stream, admin_error(431, "the request header section is larger than 16 KiB"), 11, false);
                break;
            }
            if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
                ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
                break;
            if (ec) {
                co_await send(stream, admin_error(400, "malformed HTTP request: " + ec.message()), 11, false);
                break;
            }
            const auto& req = parser.get();
            // Named, not a conditional's temporary: GCC mishandles those across a co_await.
            const admin_reply reply = refused ? std::move(*refused) : answer(req);
            if (!co_await send(stream, reply, req.version(), req.keep_alive(), req.method() == http::verb::head)) break;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    asio::awaitable<void> refuse(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        co_await send(stream, admin_error(503, "too many admin connections at once (the limit is 32); retry"), 11, false);
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            tcp::socket socket(*context);
            auto [ec] = co_await acceptor->async_accept(socket, use_tuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
                continue;
            }
            // Over the cap: one 503 that says why, then the close (the cap bounds memory and work).
            asio::co_spawn(*context, live >= max_connections ? refuse(std::move(socket)) : serve(std::move(socket)),
                           asio::detached);
        }
    }
};

admin_server::admin_server(admin_options options, admin_targets targets) : impl_(std::make_unique<impl>()) {
    if (!options.token.empty()) impl_->token = sha256(options.token);
    impl_->options = std::move(options);
    impl_->targets = std::move(targets);
}

admin_server::~admin_server() { stop(); }

void admin_server::start() {
    if (impl_->started) return;
    if (auto problem = admin_options_problem(impl_->options); !problem.empty()) {
        if (!impl_->options.listen_at.file.empty() && admin_token_problem(impl_->options.token).empty())
            throw protocol::config_error(impl_->options.listen_at, problem);
        throw std::system_error(std::make_error_code(std::errc::invalid_argument), problem);
    }
    std::string error;
    auto endpoint = admin_endpoint(impl_->options.listen, error);
    impl_->context.emplace(1);
    auto& acceptor = impl_->acceptor.emplace(*impl_->context);
    boost::system::error_code ec;
    acceptor.open(endpoint->protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(*endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        impl_->acceptor.reset();
        impl_->context.reset();
        throw std::system_error(ec, "cannot listen on " + impl_->options.listen + " (admin)");
    }
    impl_->port = acceptor.local_endpoint().port();
    asio::co_spawn(*impl_->context, impl_->accept_loop(), asio::detached);
    impl_->thread = std::thread([this] { impl_->context->run(); });
    impl_->started = true;
}

void admin_server::stop() {
    if (!impl_ || !impl_->started || impl_->stopped) return;
    impl_->stopped = true;
    asio::post(*impl_->context, [this] {
        boost::system::error_code ec;
        impl_->acceptor->close(ec);
    });
    impl_->context->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->acceptor.reset();
    // Destroying the context destroys the suspended connection coroutines and their sockets.
    impl_->context.reset();
}

std::uint16_t admin_server::port() const { return impl_->port; }

std::string admin_server::address() const { return protocol::dial_address(impl_->options.listen, impl_->port); }

}  // namespace replycheck::mock
