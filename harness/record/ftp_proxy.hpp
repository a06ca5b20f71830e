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

/// What the recorder and a running session share (both on the recorder's io thread). On stop an
/// idle session ends with 421 at once; a busy one finishes its command, or is cut when the grace
/// runs out (cut_now), each with a note.
struct ftp_session_control {
    bool busy = true;                  ///< set by the session: a command (or the greeting) is in progress
    bool stopping = false;             ///< set by the recorder: take no further command
    bool cut = false;                  ///< set by the recorder before cut_now: the stop's grace ran out
    std::function<void()> cut_now;     ///< set by the session: ends its transfer and server connection
};

/// Proxies one client until QUIT, a close on either side, a fault, or `client` being closed
/// from outside (the recorder stopping). `upstream` is the session's server socket, opened here
/// (closing it from outside also ends the session).
boost::asio::awaitable<recorded_ftp_session> proxy_ftp_session(boost::asio::ip::tcp::socket& client,
                                                               boost::asio::ip::tcp::socket& upstream,
                                                               const ftp_proxy_settings& settings, std::size_t id,
                                                               ftp_session_control& control);

}  // namespace replycheck::record::detail
