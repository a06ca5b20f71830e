#include "mockserver/http/http_mock.hpp"

#include <charconv>
#include <chrono>
#include <optional>
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
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "mockserver/http/http_connection.hpp"
#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_server_state.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/url/url.hpp"
#include "mockserver/tls/use_tuple.hpp"

namespace replycheck::mock {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

namespace {

// The endpoint of a listen address (protocol/url's HOST:PORT; "localhost" is 127.0.0.1).
tcp::endpoint listen_endpoint(const std::string& listen) {
    std::string error;
    auto host_port = protocol::parse_host_port(listen, error);
    if (!host_port) throw std::system_error(std::make_error_code(std::errc::invalid_argument), "listen address " + error);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host_port->host == "localhost" ? "127.0.0.1" : host_port->host, ec);
    if (ec) throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "listen address '" + listen + "': the host must be an IP address or localhost");
    return {address, host_port->port};
}

// The hosts a generated certificate must name besides the defaults.
std::vector<std::string> listen_hosts(const http_mock_config& config) {
    std::vector<std::string> hosts;
    for (const auto* listen : {&config.listen, &config.https_listen}) {
        std::string error;
        if (auto hp = protocol::parse_host_port(*listen, error, 0)) hosts.push_back(hp->host);
    }
    return hosts;
}

}  // namespace

struct http_mock::impl {
    explicit impl(http_mock_config c) : state(std::move(c)) {}

    /// One listening socket: the HTTP one, or the HTTPS one.
    struct listener {
        std::optional<tcp::acceptor> acceptor;
        std::uint16_t port = 0;
        std::string host;
        bool https = false;
    };

    detail::server_state state;
    std::vector<std::unique_ptr<detail::file_cache>> caches;
    // Declared after the state they use: destroyed first.
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    listener plain;
    listener secure;
    std::vector<std::thread> threads;
    bool started = false;
    bool stopped = false;

    // Binds `l` to `listen` on the first context; throws std::system_error when it cannot.
    void open(listener& l, const std::string& listen) {
        const auto endpoint = listen_endpoint(listen);
        auto& acceptor = l.acceptor.emplace(*contexts.front());
        boost::system::error_code ec;
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            l.acceptor.reset();
            throw std::system_error(ec, "cannot listen on " + listen);
        }
        l.port = acceptor.local_endpoint().port();
        l.host = protocol::bracket_host(endpoint.address().to_string());
    }

    asio::awaitable<void> accept_loop(listener& l) {
        auto& acceptor = l.acceptor;
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
            asio::co_spawn(*contexts[index], detail::serve_connection(state, std::move(socket), id, *caches[index], l.https),
                           asio::detached);
        }
    }
};

http_mock::http_mock(http_mock_config config, std::shared_ptr<tls::tls_server> tls)
    : impl_(std::make_unique<impl>(std::move(config))) {
    impl_->state.tls = std::move(tls);
}

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
    const int threads = std::max(1, std::min(cfg.threads, 64));
    for (int i = 0; i < threads; ++i) {
        impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
        impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
        impl_->caches.push_back(std::make_unique<detail::file_cache>(s.canonical_root, cfg.limits.cache_file_max));
    }
    try {
        impl_->open(impl_->plain, cfg.listen);
        if (!cfg.https_listen.empty()) {
            impl_->open(impl_->secure, cfg.https_listen);
            impl_->secure.https = true;
            // No mock set gave one: a certificate for this run, for the hosts listened on.
            if (!s.tls) s.tls = std::make_shared<tls::tls_server>(tls::tls_settings{}, listen_hosts(cfg));
        }
    } catch (...) {
        impl_->plain.acceptor.reset();
        impl_->secure.acceptor.reset();
        impl_->guards.clear();
        impl_->contexts.clear();
        throw;
    }
    asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(impl_->plain), asio::detached);
    if (impl_->secure.acceptor)
        asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(impl_->secure), asio::detached);
    for (auto& ctx : impl_->contexts) impl_->threads.emplace_back([c = ctx.get()] { c->run(); });
    impl_->started = true;
}

void http_mock::stop() {
    if (!impl_ || !impl_->started || impl_->stopped) return;
    impl_->stopped = true;
    impl_->state.stopping = true;
    asio::post(*impl_->contexts.front(), [this] {
        boost::system::error_code ec;
        for (auto* l : {&impl_->plain, &impl_->secure})
            if (l->acceptor) l->acceptor->close(ec);
    });
    impl_->guards.clear();
    for (auto& ctx : impl_->contexts) ctx->stop();
    for (auto& t : impl_->threads)
        if (t.joinable()) t.join();
    impl_->threads.clear();
    impl_->plain.acceptor.reset();
    impl_->secure.acceptor.reset();
    // Destroying the contexts destroys the suspended connection coroutines and their sockets.
    impl_->contexts.clear();
}

std::uint16_t http_mock::port() const { return impl_->plain.port; }

std::string http_mock::base_url() const {
    return "http://" + impl_->plain.host + ":" + std::to_string(impl_->plain.port);
}

std::uint16_t http_mock::https_port() const { return impl_->secure.port; }

std::string http_mock::https_base_url() const {
    if (!impl_->secure.acceptor && impl_->secure.port == 0) return {};
    return "https://" + impl_->secure.host + ":" + std::to_string(impl_->secure.port);
}

std::uint64_t http_mock::tls_failures() const { return impl_->state.tls_failures.load(); }

const http_journal& http_mock::journal() const { return impl_->state.journal; }

http_journal& http_mock::journal() { return impl_->state.journal; }

std::string http_mock::state() const { return impl_->state.scripts.state(); }

void http_mock::set_state(std::string name) { impl_->state.scripts.set_state(std::move(name)); }

std::vector<std::string> http_mock::known_states() const { return impl_->state.scripts.known_states(); }

void http_mock::reset_scripts() { impl_->state.scripts.reset(); }

std::uint64_t http_mock::add_script(http_script script, boost::json::value definition) {
    return impl_->state.scripts.add(std::move(script), std::move(definition));
}

bool http_mock::remove_script(std::uint64_t id) { return impl_->state.scripts.remove(id); }

void http_mock::clear_runtime_scripts() { impl_->state.scripts.clear_runtime(); }

boost::json::array http_mock::scripts_json() const { return impl_->state.scripts.to_json(); }

void http_mock::reset() {
    impl_->state.scripts.clear_runtime();
    impl_->state.scripts.reset();
    impl_->state.journal.clear();
}

const http_mock_config& http_mock::config() const { return impl_->state.config; }

}  // namespace replycheck::mock
