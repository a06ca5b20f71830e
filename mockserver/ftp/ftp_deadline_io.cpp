#include "mockserver/ftp/ftp_deadline_io.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

namespace replycheck::mock::detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

namespace {
constexpr auto token = asio::as_tuple(asio::use_awaitable);
}  // namespace

// Every wait races a steady_timer; the loser is cancelled.

asio::awaitable<std::pair<error_code, std::size_t>> read_some_for(tls::tls_stream& stream,
                                                                  asio::mutable_buffer buffer,
                                                                  milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (stream.async_read_some(buffer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return std::pair{error_code(asio::error::timed_out), std::size_t{0}};
    auto [ec, n] = std::get<0>(result);
    co_return std::pair{ec, n};
}

asio::awaitable<error_code> write_for(tls::tls_stream& stream, asio::const_buffer buffer,
                                      milliseconds timeout) {
    // Fast path (plain text only: under TLS the bytes must become records): replies and small
    // payloads usually fit the socket buffer at once, and then no timer is needed. Only what
    // would block waits, bounded by the timer.
    if (!stream.secured()) {
        auto& socket = stream.socket();
        error_code ec;
        if (!socket.non_blocking()) socket.non_blocking(true, ec);
        while (!ec && buffer.size() > 0) {
            auto n = socket.write_some(buffer, ec);
            buffer += n;
        }
        if (buffer.size() == 0) co_return error_code();
        if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (asio::async_write(stream, buffer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<std::pair<error_code, tcp::socket>> accept_for(tcp::acceptor& acceptor,
                                                               milliseconds timeout) {
    auto executor = co_await asio::this_coro::executor;
    tcp::socket peer(executor);
    // Fast path: a passive-mode client has usually connected before it sends the command.
    error_code ec;
    if (!acceptor.non_blocking()) acceptor.non_blocking(true, ec);
    if (!ec) acceptor.accept(peer, ec);
    if (!ec) co_return std::pair{ec, std::move(peer)};
    if (ec != asio::error::would_block && ec != asio::error::try_again)
        co_return std::pair{ec, std::move(peer)};
    asio::steady_timer timer(executor, timeout);
    auto result = co_await (acceptor.async_accept(peer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return std::pair{error_code(asio::error::timed_out), std::move(peer)};
    co_return std::pair{std::get<0>(std::get<0>(result)), std::move(peer)};
}

asio::awaitable<error_code> connect_for(tcp::socket& socket, const tcp::endpoint& endpoint,
                                        milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (socket.async_connect(endpoint, token) || timer.async_wait(token));
    if (result.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<void> sleep_for(milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(token);
}

}  // namespace replycheck::mock::detail
