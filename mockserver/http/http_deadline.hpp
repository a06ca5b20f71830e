#pragma once
// One deadline per connection, kept by one timer: whatever the connection waits for (a request,
// its content, a write, a script's delay) must happen by then. The first expiry cancels the pending
// operation so the connection can still answer 408; a second one, two seconds later, closes the
// socket. (Beast's tcp_stream closes the socket at the first expiry, which would lose the 408;
// racing a timer per operation with awaitable operators allocates per operation.)

#include <chrono>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace replycheck::mock::detail {

/// The deadline of one connection.
class deadline_watch {
public:
    using clock = std::chrono::steady_clock;   ///< deadlines are steady time points

    /// Watches `socket`; an expiry also cancels `sleep` (a script's delay or throttle pause).
    deadline_watch(boost::asio::ip::tcp::socket& socket, boost::asio::steady_timer& sleep);

    /// Moves the deadline to `t`, waking the watch when `t` comes sooner than the one it waits for.
    void expires_at(clock::time_point t);
    /// Moves the deadline to now + `d`.
    void expires_after(clock::duration d) { expires_at(clock::now() + d); }
    /// True once the deadline passed: the pending operation was cancelled.
    bool expired() const noexcept { return expired_; }
    /// Forgets an expiry (a new request starts).
    void clear_expired() noexcept { expired_ = false; }
    /// From now on an expiry closes the socket at once: no reply is owed any more.
    void close_on_expiry() noexcept { expired_ = true; }
    /// Waits for deadlines until stop(); `owner` keeps the connection alive meanwhile.
    boost::asio::awaitable<void> run(std::shared_ptr<void> owner);
    /// Ends run().
    void stop();

private:
    boost::asio::ip::tcp::socket& socket_;
    boost::asio::steady_timer& sleep_;
    boost::asio::steady_timer timer_;
    clock::time_point deadline_{};
    bool expired_ = false;
    bool stopped_ = false;
};

}  // namespace replycheck::mock::detail
