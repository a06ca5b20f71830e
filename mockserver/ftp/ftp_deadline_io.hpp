#pragma once
// Socket waits of the mock FTP server (internal), each bounded by a timer: a peer that stops
// reading, writing or connecting costs a timeout, never a stuck session.

#include <chrono>
#include <cstddef>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock::detail {

/// One read_some; asio::error::timed_out when nothing came within `timeout`.
boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some_for(
    tls::tls_stream& stream, boost::asio::mutable_buffer buffer,
    std::chrono::milliseconds timeout);

/// Writes all of `buffer`; timed_out when the peer does not take it within `timeout`.
/// (Plain text or TLS records, as the stream is.)
boost::asio::awaitable<boost::system::error_code> write_for(tls::tls_stream& stream,
                                                            boost::asio::const_buffer buffer,
                                                            std::chrono::milliseconds timeout);

/// Accepts one connection; timed_out when none came within `timeout`.
boost::asio::awaitable<std::pair<boost::system::error_code, boost::asio::ip::tcp::socket>>
accept_for(boost::asio::ip::tcp::acceptor& acceptor, std::chrono::milliseconds timeout);

/// Connects `socket` to `endpoint`; timed_out when that took longer than `timeout`.
boost::asio::awaitable<boost::system::error_code> connect_for(
    boost::asio::ip::tcp::socket& socket, const boost::asio::ip::tcp::endpoint& endpoint,
    std::chrono::milliseconds timeout);

/// Waits for `duration` (scripted delays).
boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration);

}  // namespace replycheck::mock::detail
