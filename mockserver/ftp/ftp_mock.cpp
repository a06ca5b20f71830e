// ftp_mock: the listener, its io_context threads and the session spawner.

#include "mockserver/ftp/ftp_mock.hpp"

#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/ftp/ftp_session.hpp"

namespace replycheck::mock {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

struct ftp_mock::impl {
    explicit impl(ftp_mock_config config)
        : state(std::make_shared<detail::ftp_server_state>(std::move(config))) {}

    std::shared_ptr<detail::ftp_server_state> state;
    std::unique_ptr<asio::io_context> io;
    std::optional<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;
    std::uint16_t port = 0;
    std::string host = "127.0.0.1";
    std::atomic<bool> stopping{false};
    bool started = false;

    asio::awaitable<void> accept_loop() {
        constexpr auto token = asio::as_tuple(asio::use_awaitable);
        auto executor = co_await asio::this_coro::executor;
        while (!stopping) {
            // Bounded like every other wait: the loop re-checks `stopping` each second.
            asio::steady_timer timer(executor, std::chrono::seconds(1));
            tcp::socket socket(asio::make_strand(*io));
            auto result = co_await (acceptor->async_accept(socket, token) || timer.async_wait(token));
            if (result.index() == 1) continue;
            auto [ec] = std::get<0>(result);
            if (ec) {
                if (!acceptor->is_open()) break;
                continue;
            }
            auto strand = socket.get_executor();
            asio::co_spawn(strand, detail::run_ftp_session(state, std::move(socket)), asio::detached);
        }
    }
};

ftp_mock::ftp_mock(ftp_mock_config config) : impl_(std::make_unique<impl>(std::move(config))) {}

ftp_mock::~ftp_mock() { stop(); }

void ftp_mock::start() {
    if (impl_->started) return;
    const auto& listen = impl_->state->config.listen;
    auto colon = listen.rfind(':');
    std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
    std::string port_text = colon == std::string::npos ? "0" : listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "ftp mock: bad listen address '" + listen + "'");
    unsigned long port = 0;
    try {
        port = std::stoul(port_text);
    } catch (const std::exception&) {
        port = 70000;
    }
    if (port > 65535)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                "ftp mock: bad listen port '" + listen + "'");

    impl_->io = std::make_unique<asio::io_context>();
    tcp::acceptor acceptor(*impl_->io);
    tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::system_error(ec, "ftp mock: cannot listen on " + listen);
    impl_->port = acceptor.local_endpoint().port();
    impl_->host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    impl_->acceptor.emplace(std::move(acceptor));
    impl_->stopping = false;
    asio::co_spawn(*impl_->io, impl_->accept_loop(), asio::detached);
    const int threads = std::max(1, impl_->state->config.threads);
    for (int i = 0; i < threads; ++i) impl_->threads.emplace_back([io = impl_->io.get()] { io->run(); });
    impl_->started = true;
}

void ftp_mock::stop() {
    if (!impl_ || !impl_->started) return;
    impl_->stopping = true;
    asio::post(*impl_->io, [this] {
        boost::system::error_code ec;
        impl_->acceptor->close(ec);
    });
    impl_->io->stop();
    for (auto& thread : impl_->threads)
        if (thread.joinable()) thread.join();
    impl_->threads.clear();
    // Destroying the context destroys the suspended sessions, which closes their sockets.
    impl_->acceptor.reset();
    impl_->io.reset();
    impl_->started = false;
}

std::uint16_t ftp_mock::port() const { return impl_->port; }

std::string ftp_mock::base_url() const {
    return "ftp://" + impl_->host + ":" + std::to_string(impl_->port);
}

const ftp_journal& ftp_mock::journal() const { return impl_->state->journal; }

}  // namespace replycheck::mock
