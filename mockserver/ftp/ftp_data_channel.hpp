#pragma once
// The data connection of one control session (internal): PASV/EPSV prepare a listener,
// PORT/EPRT an address to connect to (RFC 959 §3.2, RFC 2428); the next transfer command
// opens the connection from it, once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace replycheck::mock::detail {

/// A passive port range; min == 0 means any free port.
struct ftp_port_range {
    std::uint16_t min = 0;
    std::uint16_t max = 0;
    std::atomic<std::uint32_t>* next_offset = nullptr;  ///< rotation shared by all sessions
};

/// What PASV/EPSV/PORT/EPRT prepared for the next transfer.
class ftp_data_channel {
public:
    /// Listens on `local` (a port of `range`, or any); the port, or nullopt when none is free.
    std::optional<std::uint16_t> listen(const boost::asio::any_io_executor& executor,
                                        const boost::asio::ip::address& local,
                                        const ftp_port_range& range);
    /// Active mode: the next transfer connects to `client`.
    void connect_to(const boost::asio::ip::tcp::endpoint& client);
    /// Forgets a listener or address that was not used.
    void drop();
    /// Waits up to `timeout` for the client to connect to the passive port now (a server that
    /// waits in accept() right after PASV); the connection is kept for the next transfer. When
    /// none comes, the listener is closed, as such a server's accept() times out.
    boost::asio::awaitable<void> accept_now(const boost::asio::ip::address& peer, std::chrono::milliseconds timeout);
    /// Opens the prepared connection: accepts it (only from `peer`, RFC 2577 §3 port theft)
    /// or connects to the client from `local`. nullopt when nothing was prepared, on failure
    /// or after `timeout`.
    boost::asio::awaitable<std::optional<boost::asio::ip::tcp::socket>> open(
        const boost::asio::ip::address& peer, const boost::asio::ip::address& local,
        std::chrono::milliseconds timeout);

private:
    std::optional<boost::asio::ip::tcp::acceptor> passive_;
    std::optional<boost::asio::ip::tcp::endpoint> active_;
    std::optional<boost::asio::ip::tcp::socket> accepted_;   // from accept_now()
};

/// Closes a data connection: FIN, or RST when `reset` (SO_LINGER 0).
void close_data(boost::asio::ip::tcp::socket& data, bool reset);

}  // namespace replycheck::mock::detail
