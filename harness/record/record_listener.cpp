#include "harness/record/record_listener.hpp"

#include <system_error>

#include "protocol/url/url.hpp"

namespace replycheck::record {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint listen_endpoint(const std::string& listen) {
    std::string error;
    const auto where = protocol::parse_host_port(listen, error);
    if (!where) throw std::system_error(std::make_error_code(std::errc::invalid_argument), "--listen: " + error);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(where->host == "localhost" ? "127.0.0.1" : where->host, ec);
    if (ec)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                "--listen: " + where->host + " is not an IP address or localhost");
    return {address, where->port};
}

void open_listener(tcp::acceptor& acceptor, const tcp::endpoint& at, const std::string& listen) {
    boost::system::error_code ec;
    acceptor.open(at.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(at, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::system_error(std::error_code(ec.value(), std::generic_category()), "cannot listen on " + listen);
}

}  // namespace replycheck::record
