#include "mockserver/http/http_deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace replycheck::mock::detail {

namespace asio = boost::asio;

deadline_watch::deadline_watch(asio::ip::tcp::socket& socket, asio::steady_timer& sleep)
    : socket_(socket), sleep_(sleep), timer_(socket.get_executor()) {}

void deadline_watch::expires_at(clock::time_point t) {
    deadline_ = t;
    // run() sleeps until the old deadline: wake it to sleep until the sooner one.
    if (t < timer_.expiry()) timer_.cancel();
}

asio::awaitable<void> deadline_watch::run(std::shared_ptr<void> owner) {
    (void)owner;
    while (!stopped_) {
        timer_.expires_at(deadline_);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (stopped_) co_return;
        if (clock::now() < deadline_) continue;
        boost::system::error_code ec;
        sleep_.cancel();
        if (expired_) {
            socket_.close(ec);
            co_return;
        }
        // The peer was too slow or idle: stop the pending operation; the connection answers
        // 408 where it should (RFC 9110 §15.5.9) and closes, within two more seconds.
        expired_ = true;
        socket_.cancel(ec);
        deadline_ = clock::now() + std::chrono::seconds(2);
    }
}

void deadline_watch::stop() {
    stopped_ = true;
    timer_.cancel();
}

}  // namespace replycheck::mock::detail
