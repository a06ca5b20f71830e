#pragma once
// One connection of the mock HTTP server: reads requests (Beast's request parser through
// http_request_reader), bounds every wait, lets a script or the origin answer, journals each
// request before its reply leaves, and keeps the connection alive or closes it.

#include <cstdint>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_server_state.hpp"

namespace replycheck::mock::detail {

/// Serves `socket` until the peer leaves, a fault or limit ends it, or the mock stops.
/// `cache` belongs to the thread that runs the connection. With `https`, TLS starts first
/// (state.tls) and every request is read and answered through it.
boost::asio::awaitable<void> serve_connection(server_state& state, boost::asio::ip::tcp::socket socket,
                                              std::uint64_t id, file_cache& cache, bool https = false);

}  // namespace replycheck::mock::detail
