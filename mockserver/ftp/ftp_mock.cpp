// ftp_mock: the listener, its io_context threads and the session spawner. Each thread runs its
// own io_context and a session lives on one of them, so a session's handlers never run in
// parallel; what sessions share (ftp_server_state) is atomic or guarded by its own mutex.

#include "mockserver/ftp/ftp_mock.hpp"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/ftp/ftp_session.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::mock {

namespace asio = boost::asio;
using asio::ip::tcp;

struct ftp_mock::impl {
    impl(ftp_mock_config config, std::shared_ptr<tls::tls_server> tls_server)
        : state(std::make_shared<detail::ftp_server_state>(std::move(config))) {
        state->tls = std::move(tls_server);
    }

    std::shared_ptr<detail::ftp_server_state> state;
    std::vector<std::unique_ptr<asio::io_context>> contexts;   // one per thread
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::optional<tcp::acceptor> acceptor;                     // on contexts.front()
    std::optional<tcp::acceptor> ftps_acceptor;                // implicit FTPS, on contexts.front()
    std::vector<std::thread> threads;
    std::uint16_t port = 0;
    std::uint16_t ftps_port = 0;
    std::string host = "127.0.0.1";
    bool started = false;

    // Runs on contexts.front(); hands each connection to the next context, round robin.
    // stop() ends it by stopping the contexts.
    asio::awaitable<void> accept_loop(tcp::acceptor& listener, bool implicit) {
        constexpr auto token = asio::as_tuple(asio::use_awaitable);
        asio::steady_timer backoff(listener.get_executor());
        for (std::size_t next = 0;; ++next) {
            auto& context = *contexts[next % contexts.size()];
            tcp::socket socket(context);
            auto [ec] = co_await listener.async_accept(socket, token);
            if (ec) {
                if (!listener.is_open()) co_return;
                // Out of descriptors or similar: pause instead of spinning.
                backoff.expires_after(std::chrono::milliseconds(20));
                co_await backoff.async_wait(token);
                continue;
            }
            asio::co_spawn(context, detail::run_ftp_session(state, std::move(socket), implicit),
                           asio::detached);
        }
    }
};

ftp_mock::ftp_mock(ftp_mock_config config, std::shared_ptr<tls::tls_server> tls)
    : impl_(std::make_unique<impl>(std::move(config), std::move(tls))) {}

namespace {

// Binds a listener on `listen` ("host:port"); throws std::system_error naming `what`.
tcp::acceptor open_listener(asio::io_context& context, const std::string& listen, const char* what,
                            asio::ip::address& bound_address) {
    std::string error;
    auto host_port = protocol::parse_host_port(listen, error);
    if (!host_port)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                std::string("ftp mock: ") + what + " address " + error);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host_port->host == "localhost" ? "127.0.0.1" : host_port->host, ec);
    if (ec) throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    std::string("ftp mock: ") + what + " address '" + listen +
                                        "': the host must be an IP address or localhost");
    tcp::acceptor acceptor(context);
    tcp::endpoint endpoint(address, host_port->port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::system_error(ec, "ftp mock: cannot listen on " + listen);
    bound_address = address;
    return acceptor;
}

}  // namespace

ftp_mock::~ftp_mock() { stop(); }

void ftp_mock::start() {
    if (impl_->started) return;
    const auto& config = impl_->state->config;
    std::error_code root_error;
    if (!config.root.empty() && !std::filesystem::is_directory(config.root, root_error))
        throw std::system_error(root_error ? root_error : std::make_error_code(std::errc::not_a_directory),
                                "mock FTP root '" + config.root.string() + "'");
    const int threads = std::clamp(config.threads, 1, 64);
    for (int i = 0; i < threads; ++i) {
        // Concurrency hint 1: each context is run by one thread only, so Asio can skip locking.
        impl_->contexts.push_back(std::make_unique<asio::io_context>(1));
        impl_->guards.push_back(asio::make_work_guard(*impl_->contexts.back()));
    }
    asio::ip::address address, ftps_address;
    try {
        impl_->acceptor.emplace(open_listener(*impl_->contexts.front(), config.listen, "listen", address));
        if (!config.ftps_listen.empty())
            impl_->ftps_acceptor.emplace(
                open_listener(*impl_->contexts.front(), config.ftps_listen, "ftps", ftps_address));
        // A mock offering TLS with no TLS server given makes its own (self-signed, default settings).
        if (config.needs_tls() && !impl_->state->tls) {
            std::vector<std::string> hosts{address.to_string()};
            if (!config.ftps_listen.empty()) hosts.push_back(ftps_address.to_string());
            impl_->state->tls = std::make_shared<tls::tls_server>(tls::tls_settings{}, hosts);
        }
    } catch (...) {
        impl_->acceptor.reset();   // before the context it belongs to
        impl_->ftps_acceptor.reset();
        impl_->guards.clear();
        impl_->contexts.clear();
        throw;
    }
    impl_->port = impl_->acceptor->local_endpoint().port();
    impl_->host = protocol::bracket_host(address.to_string());
    asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(*impl_->acceptor, false), asio::detached);
    if (impl_->ftps_acceptor) {
        impl_->ftps_port = impl_->ftps_acceptor->local_endpoint().port();
        asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(*impl_->ftps_acceptor, true),
                       asio::detached);
    }
    for (auto& context : impl_->contexts)
        impl_->threads.emplace_back([io = context.get()] { io->run(); });
    impl_->started = true;
}

void ftp_mock::stop() {
    if (!impl_ || !impl_->started) return;
    impl_->guards.clear();
    for (auto& context : impl_->contexts) context->stop();
    for (auto& thread : impl_->threads)
        if (thread.joinable()) thread.join();
    impl_->threads.clear();
    // Destroying the contexts destroys the suspended sessions, which closes their sockets.
    impl_->acceptor.reset();
    impl_->ftps_acceptor.reset();
    impl_->contexts.clear();
    impl_->started = false;
}

std::uint16_t ftp_mock::port() const { return impl_->port; }

std::string ftp_mock::base_url() const {
    return "ftp://" + impl_->host + ":" + std::to_string(impl_->port);
}

std::uint16_t ftp_mock::ftps_port() const { return impl_->ftps_port; }

std::shared_ptr<tls::tls_server> ftp_mock::tls_server() const { return impl_->state->tls; }

const ftp_journal& ftp_mock::journal() const { return impl_->state->journal; }

ftp_journal& ftp_mock::journal() { return impl_->state->journal; }

std::string ftp_mock::state() const { return impl_->state->scripts.state(); }

void ftp_mock::set_state(std::string name) { impl_->state->scripts.set_state(std::move(name)); }

std::vector<std::string> ftp_mock::known_states() const { return impl_->state->scripts.known_states(); }

std::uint64_t ftp_mock::add_script(ftp_script script, boost::json::value definition) {
    return impl_->state->scripts.add(std::move(script), std::move(definition));
}

bool ftp_mock::remove_script(std::uint64_t id) { return impl_->state->scripts.remove(id); }

void ftp_mock::clear_runtime_scripts() { impl_->state->scripts.clear_runtime(); }

boost::json::array ftp_mock::scripts_json() const { return impl_->state->scripts.to_json(); }

void ftp_mock::reset() {
    impl_->state->scripts.clear_runtime();
    impl_->state->scripts.reset();
    impl_->state->journal.clear();
}

const ftp_mock_config& ftp_mock::config() const { return impl_->state->config; }

}  // namespace replycheck::mock
