// Data-connection setup: the ftp_data_channel, and the session's PASV, EPSV, PORT and EPRT.

#include "mockserver/ftp/ftp_data_channel.hpp"

#include <boost/asio.hpp>

#include "mockserver/ftp/ftp_control_session.hpp"
#include "mockserver/ftp/ftp_deadline_io.hpp"
#include "protocol/wire/ftp_address.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

// ---- ftp_data_channel ----------------------------------------------------------------------

std::optional<std::uint16_t> ftp_data_channel::listen(const asio::any_io_executor& executor,
                                                      const asio::ip::address& local,
                                                      const ftp_port_range& range) {
    drop();
    tcp::acceptor acceptor(executor);
    error_code ec;
    acceptor.open(tcp::endpoint(local, 0).protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    bool bound = false;
    if (!ec) {
        if (range.min != 0) {
            const std::uint32_t span = range.max - range.min + 1u;
            for (std::uint32_t tries = 0; tries < span && !bound; ++tries) {
                auto port = static_cast<std::uint16_t>(range.min + ((*range.next_offset)++ % span));
                acceptor.bind(tcp::endpoint(local, port), ec);
                bound = !ec;
            }
        } else {
            acceptor.bind(tcp::endpoint(local, 0), ec);
            bound = !ec;
        }
    }
    if (bound) acceptor.listen(4, ec);
    if (!bound || ec) return std::nullopt;
    const auto port = acceptor.local_endpoint(ec).port();
    if (ec) return std::nullopt;
    passive_.emplace(std::move(acceptor));
    return port;
}

void ftp_data_channel::connect_to(const tcp::endpoint& client) {
    drop();
    active_ = client;
}

void ftp_data_channel::drop() {
    error_code ec;
    if (passive_) passive_->close(ec);
    passive_.reset();
    if (accepted_) accepted_->close(ec);
    accepted_.reset();
    active_.reset();
}

asio::awaitable<void> ftp_data_channel::accept_now(const asio::ip::address& peer,
                                                   std::chrono::milliseconds timeout) {
    if (!passive_) co_return;
    auto accepted = co_await open(peer, peer, timeout);   // the listener is used up either way
    if (accepted) accepted_ = std::move(accepted);
}

asio::awaitable<std::optional<tcp::socket>> ftp_data_channel::open(
    const asio::ip::address& peer, const asio::ip::address& local,
    std::chrono::milliseconds timeout) {
    if (accepted_) {
        auto socket = std::move(accepted_);
        accepted_.reset();
        co_return socket;
    }
    if (passive_) {
        auto acceptor = std::move(*passive_);
        passive_.reset();
        auto [ec, socket] = co_await accept_for(acceptor, timeout);
        error_code ignore;
        acceptor.close(ignore);
        if (ec) co_return std::nullopt;
        // Only the client that asked may use the passive port (RFC 2577 §3, port theft).
        auto remote = socket.remote_endpoint(ignore).address();
        if (ignore || remote != peer) co_return std::nullopt;
        socket.set_option(tcp::no_delay(true), ignore);
        co_return std::optional<tcp::socket>(std::move(socket));
    }
    if (active_) {
        auto endpoint = *active_;
        active_.reset();
        tcp::socket socket(co_await asio::this_coro::executor);
        error_code ec;
        socket.open(endpoint.protocol(), ec);
        if (!ec) socket.bind(tcp::endpoint(local, 0), ec);
        if (ec) co_return std::nullopt;
        ec = co_await connect_for(socket, endpoint, timeout);
        if (ec) co_return std::nullopt;
        socket.set_option(tcp::no_delay(true), ec);
        co_return std::optional<tcp::socket>(std::move(socket));
    }
    co_return std::nullopt;
}

void close_data(tcp::socket& data, bool reset) {
    error_code ec;
    if (reset) {
        // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        data.set_option(asio::socket_base::linger(true, 0), ec);
        data.close(ec);
        return;
    }
    data.shutdown(tcp::socket::shutdown_send, ec);
    data.close(ec);
}

// ---- PASV, EPSV, PORT, EPRT ----------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::open_passive(bool extended) {
    const ftp_port_range range{config_.pasv_port_min, config_.pasv_port_max,
                               &state_->next_pasv_offset};
    auto port = data_.listen(co_await asio::this_coro::executor, local_address_, range);
    if (!port) co_return co_await reply(425, "Cannot open passive connection.");
    if (extended) {
        // RFC 2428 §3: "229 <text> (|||port|)".
        co_return co_await reply(229, "Entering Extended Passive Mode (|||" + std::to_string(*port) + "|).");
    }
    std::optional<std::string> address;
    if (script_ && script_->bad_pasv_address)
        address = "999,999,999,999," + std::to_string(*port / 256) + "," + std::to_string(*port % 256);
    else if (local_address_.is_v4())
        address = protocol::format_port_argument(local_address_.to_string(), *port);
    if (!address) {
        data_.drop();
        co_return co_await reply(425, "PASV needs an IPv4 control connection; use EPSV.");
    }
    // RFC 959 §4.1.2 / §5.4: "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)."
    co_return co_await reply(227, "Entering Passive Mode (" + *address + ").");
}

asio::awaitable<bool> ftp_control_session::cmd_pasv(const ftp_command& command) {
    if (!command.argument.empty()) co_return co_await reply(501, "PASV takes no argument.");
    if (epsv_all_) co_return co_await reply(503, "PASV not allowed after EPSV ALL.");
    co_return co_await open_passive(false);
}

asio::awaitable<bool> ftp_control_session::cmd_epsv(const ftp_command& command) {
    auto option = ftp_upper(command.argument);
    if (option == "ALL") {
        // RFC 2428 §4: after EPSV ALL the server refuses PORT, EPRT and PASV.
        epsv_all_ = true;
        co_return co_await reply(200, "EPSV ALL ok.");
    }
    const std::string own = local_address_.is_v4() ? "1" : "2";
    if (!option.empty() && option != own) {
        if (option == "1" || option == "2")
            co_return co_await reply(522, "Network protocol not supported, use (" + own + ").");
        co_return co_await reply(501, "Bad EPSV argument.");
    }
    co_return co_await open_passive(true);
}

asio::awaitable<bool> ftp_control_session::cmd_port(const ftp_command& command) {
    const auto& verb = command.verb;
    if (epsv_all_) co_return co_await reply(503, verb + " not allowed after EPSV ALL.");
    ftp_host_port endpoint;
    if (verb == "PORT") {
        auto parsed = parse_port_argument(command.argument);
        if (!parsed) co_return co_await reply(501, "Illegal PORT command.");
        endpoint = *parsed;
    } else {
        auto parsed = parse_eprt_argument(command.argument);
        const std::string own = peer_address_.is_v4() ? "1" : "2";
        if (parsed.unknown_family)
            co_return co_await reply(522, "Network protocol not supported, use (" + own + ").");
        if (!parsed.endpoint) co_return co_await reply(501, "Illegal EPRT command.");
        endpoint = *parsed.endpoint;
        if ((endpoint.family == 1) != peer_address_.is_v4())
            co_return co_await reply(522, "Network protocol not supported, use (" + own + ").");
    }
    error_code ec;
    auto address = asio::ip::make_address(endpoint.address, ec);
    // RFC 2577 §3 (FTP bounce): only connect back to the client's own address, and never to
    // a privileged port; the suggested refusal is 504.
    auto peer = peer_address_;
    if (peer.is_v6() && peer.to_v6().is_v4_mapped()) peer = peer.to_v6().to_v4();
    if (ec || address != peer)
        co_return co_await reply(504, "Data connections only to the client's own address.");
    if (endpoint.port < 1024)
        co_return co_await reply(504, "Data connections to privileged ports are refused.");
    data_.connect_to(tcp::endpoint(address, endpoint.port));
    co_return co_await reply(200, verb + " command successful. Consider using PASV.");
}

}  // namespace replycheck::mock::detail
