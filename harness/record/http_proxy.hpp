#pragma once
// One client connection of the HTTP recorder: requests read with a bounded parser, forwarded
// to the upstream on the connection's own upstream connection, replies relayed byte for byte
// and handed to the sink. Runs on its own thread; every wait is bounded by the timeout.

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "harness/record/http_exchange.hpp"
#include "harness/record/recorder.hpp"

namespace replycheck::record {

/// Where a connection reports to the recorder (called from the connection's thread).
struct http_proxy_sink {
    std::function<void(http_recorded_exchange)> exchange;   ///< a complete exchange
    std::function<void(std::string)> note;                  ///< something that went wrong
    std::function<bool()> stopping;                         ///< true once the recorder stops
    /// No wait lasts past this: time_point::max() until the recorder stops, then one timeout after.
    std::function<std::chrono::steady_clock::time_point()> cut_at;
};

/// Serves the accepted client socket `client` (connection number `id`) until either side
/// closes, a wait runs out, or the recorder stops.
void serve_http_client(boost::asio::ip::tcp protocol, boost::asio::ip::tcp::socket::native_handle_type client, std::size_t id,
                       const record_options& options, const http_proxy_sink& sink);

}  // namespace replycheck::record
