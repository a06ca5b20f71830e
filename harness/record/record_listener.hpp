#pragma once
// The recorder's listening socket, the same for HTTP and FTP: the address `--listen` names
// (an IP address or localhost, with a port) and the bound acceptor, with the errors a person
// reads (`--listen: …`, `cannot listen on ADDR: …`).

#include <string>

#include <boost/asio/ip/tcp.hpp>

namespace replycheck::record {

/// The endpoint `listen` names: IP:PORT, [IPv6]:PORT or localhost:PORT (127.0.0.1). Throws
/// std::system_error (invalid_argument) with a `--listen: …` message otherwise.
boost::asio::ip::tcp::endpoint listen_endpoint(const std::string& listen);

/// Opens, binds and listens `acceptor` on `at`; throws std::system_error "cannot listen on
/// LISTEN" with the system's reason (a port in use) when it cannot.
void open_listener(boost::asio::ip::tcp::acceptor& acceptor, const boost::asio::ip::tcp::endpoint& at,
                   const std::string& listen);

}  // namespace replycheck::record
