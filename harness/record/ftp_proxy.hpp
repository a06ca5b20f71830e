#pragma once
// One client session of the FTP recorder (internal): its own control connection to the server,
// lines relayed both ways, passive data connections bridged through the proxy, and what passed
// kept as a recorded_ftp_session. Every wait is bounded by `timeout`.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "harness/record/ftp_recording.hpp"

namespace replycheck::record::detail {

struct ftp_proxy_settings {
    boost::asio::ip::tcp::endpoint upstream;    ///< the server's control port
    std::chrono::milliseconds timeout{30000};   ///< every wait, either side
    std::size_t data_cap = 1024 * 1024;         ///< bytes of one transfer kept
    std::size_t max_line = 4096;                ///< a longer command line ends the session
    /// -v: gets one line per command ("ftp 1: RETR a.txt -> 150 226, 42 bytes"); PASS masked.
    std::function<void(const std::string&)> log;
};

/// Proxies one client until QUIT, a close on either side, a fault, or `client` being closed
/// from outside (the recorder stopping). `upstream` is the session's server socket, opened here
/// (closing it from outside also ends the session).
boost::asio::awaitable<recorded_ftp_session> proxy_ftp_session(boost::asio::ip::tcp::socket& client,
                                                               boost::asio::ip::tcp::socket& upstream,
                                                               const ftp_proxy_settings& settings, std::size_t id);

}  // namespace replycheck::record::detail
