#include "harness/clients/ftp_control_client.hpp"

#include "harness/clients/ftp_reply_reader.hpp"
#include "harness/clients/socket_stream.hpp"
#include "protocol/wire/ftp_address.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace replycheck::harness {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::steady;
using protocol::transport_errc;
using protocol::transport_fault;

/// A fault of the data connection's setup (no PASV port, refused PORT, ...).
transport_fault data_fault(std::string text) { return {transport_errc::data_connection, std::move(text)}; }

/// The fault of an exchange, as it was recorded.
transport_fault fault_of(const protocol::ftp_exchange& exchange) {
    return {exchange.transport_code, exchange.transport_error};
}

std::chrono::microseconds since(steady::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - start);
}

int final_code(const protocol::ftp_exchange& exchange) {
    if (exchange.replies.empty()) return 0;
    const int code = exchange.replies.back().code;
    return detail::is_preliminary(code) ? 0 : code;
}

std::string upper_verb(std::string_view line) {
    auto sp = line.find(' ');
    std::string verb(line.substr(0, sp));
    for (auto& c : verb)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    return verb;
}

/// Bookkeeping of one transfer's concurrent control reads and data moves.
struct transfer_state {
    bool control_done = false;    // a final reply arrived, or the control connection failed
    bool preliminary = false;     // a 1yz reply arrived (the data connection is in use)
    bool data_ready = false;      // data connection established (and TLS done, if any)
    std::string data;
    std::size_t data_cap = 0;
    transport_fault data_error;   // a fault on the data connection (judged only if data was expected)
};

/// True when the data connection was to carry the transfer: a 1yz reply came and the final
/// reply is not negative. After a 4yz/5yz with no 1yz (RFC 959 §5.4: 550 to RETR) no transfer
/// takes place, and servers close their passive listener, which resets a data connection the
/// client had already opened (proftpd does): that reset is not a fault of the exchange.
bool data_expected(const protocol::ftp_exchange& exchange, const transfer_state& state) {
    const int code = final_code(exchange);
    return state.preliminary && code > 0 && code < 400;
}

}  // namespace

struct ftp_control_client::impl {
    ftp_client_options options;
    asio::io_context io;
    detail::socket_stream control{io};
    protocol::ftp_reply_parser parser;
    bool peer_closed = false;
    char current_type = 0;
    bool epsv_refused = false;    // EPSV was refused: PASV from now on (RFC 2428 §3)
    bool eprt_refused = false;    // EPRT was refused: PORT from now on (RFC 2428 §2)
    bool data_tls = false;        // PROT P in effect
    std::string host;
    std::vector<protocol::ftp_exchange> setup;

    explicit impl(ftp_client_options o) : options(std::move(o)) {}

    // RFC 4217 §4: after 234 to AUTH TLS the handshake starts at once on the control
    // connection; bytes the server sent in plain text after the 234 are not taken as replies.
    void start_control_tls(protocol::ftp_exchange& auth) {
        if (auto tls_error = control.start_tls(options.tls, host, steady::now() + options.connect_timeout)) {
            auth.set_transport_error(std::move(tls_error));
            return;
        }
        parser = protocol::ftp_reply_parser{};
    }

    protocol::ftp_exchange command(std::string_view line) { return command(line, options.timeout); }

    protocol::ftp_exchange command(std::string_view line, std::chrono::milliseconds timeout) {
        const auto start = steady::now();
        protocol::ftp_exchange exchange;
        exchange.command = detail::recorded_ftp_command(line);
        exchange.server_address = control.remote_host();
        if (!control.is_open() || peer_closed) {
            exchange.set_transport_error({transport_errc::not_connected, "not connected"});
            exchange.connection_closed = peer_closed;
            return exchange;
        }
        const auto deadline = start + timeout;
        if (auto error = control.write(std::string(line) + "\r\n", deadline)) {
            error.text = "send failed: " + error.text;
            exchange.set_transport_error(std::move(error));
            exchange.duration = since(start);
            return exchange;
        }
        detail::read_ftp_replies(control, parser, peer_closed, deadline, timeout, exchange);
        exchange.duration = since(start);
        return exchange;
    }

    // Reads exactly one reply (a 1yz or a final one) into `exchange`, so that the caller can
    // act between the preliminary and the final reply (ABOR during a transfer).
    void read_one_reply(protocol::ftp_exchange& exchange, steady::time_point deadline) {
        while (true) {
            if (auto reply = parser.next()) {
                exchange.replies.push_back(std::move(*reply));
                return;
            }
            if (peer_closed || !control.is_open()) {
                exchange.set_transport_error({transport_errc::closed_early, "connection closed by peer before a reply"});
                exchange.connection_closed = true;
                return;
            }
            std::string chunk;
            transport_fault error;
            const auto status = control.read_some(chunk, deadline, error);
            if (!chunk.empty()) parser.feed(chunk);
            if (status == detail::read_status::eof) {
                peer_closed = true;
                parser.finish();
            } else if (status == detail::read_status::timeout) {
                if (parser.has_reply()) continue;
                exchange.set_transport_error({transport_errc::timeout, "timeout after " +
                                                  std::to_string(options.timeout.count()) + "ms waiting for the reply"});
                return;
            } else if (status == detail::read_status::error) {
                exchange.set_transport_error(std::move(error));
                peer_closed = true;
                exchange.connection_closed = true;
                return;
            }
        }
    }

    // Opens the data connection for a transfer: passive (connected socket) or active (listening
    // acceptor). Appends the EPSV/PASV/EPRT/PORT exchanges; returns the fault, empty on success.
    transport_fault open_data(std::vector<protocol::ftp_exchange>& exchanges, detail::socket_stream& data,
                          std::optional<tcp::acceptor>& acceptor) {
        const auto mode = options.data_mode;
        if (mode == ftp_data_mode::active || mode == ftp_data_mode::port) {
            // Active mode: listen on the address the control connection uses (RFC 959 §3.2).
            boost::system::error_code ec;
            auto local = asio::ip::make_address(control.local_host(), ec);
            if (ec) return data_fault("cannot determine the local address of the control connection");
            acceptor.emplace(io);
            acceptor->open(local.is_v6() ? tcp::v6() : tcp::v4(), ec);
            if (!ec) acceptor->bind(tcp::endpoint(local, 0), ec);
            if (!ec) acceptor->listen(1, ec);
            if (ec) return data_fault("cannot listen for the data connection: " + ec.message());
            const auto port = acceptor->local_endpoint(ec).port();
            if (mode == ftp_data_mode::active && !eprt_refused) {
                exchanges.push_back(command("EPRT " + protocol::format_eprt_argument(local.to_string(), port)));
                if (final_code(exchanges.back()) == 200) return {};
                if (exchanges.back().transport_code) return fault_of(exchanges.back());
                eprt_refused = true;
            }
            if (!local.is_v4()) return data_fault("PORT needs an IPv4 control connection");
            exchanges.push_back(command("PORT " + protocol::format_port_argument(local.to_string(), port)));
            if (final_code(exchanges.back()) == 200) return {};
            if (exchanges.back().transport_code) return fault_of(exchanges.back());
            return data_fault("active data connection refused (" + std::to_string(final_code(exchanges.back())) + ")");
        }

        std::string data_host;
        std::uint16_t data_port = 0;
        bool have = false;
        if ((mode == ftp_data_mode::passive && !epsv_refused) || mode == ftp_data_mode::epsv) {
            // RFC 2428 §3: EPSV announces only a port; the host is the control connection's peer.
            exchanges.push_back(command("EPSV"));
            const auto& reply = exchanges.back();
            if (final_code(reply) == 229) {
                auto parsed = protocol::parse_epsv_229(reply.replies.back().lines.front());
                if (parsed) {
                    data_host = control.remote_host();
                    data_port = parsed->port;
                    have = true;
                } else if (mode == ftp_data_mode::epsv) {
                    return data_fault("cannot parse 229 reply: " + parsed.error);
                }
            } else if (reply.transport_code) {
                return fault_of(reply);
            } else {
                epsv_refused = true;
                if (mode == ftp_data_mode::epsv)
                    return data_fault("EPSV refused (" + std::to_string(final_code(reply)) + ")");
            }
        }
        if (!have) {
            exchanges.push_back(command("PASV"));
            const auto& reply = exchanges.back();
            if (reply.transport_code) return fault_of(reply);
            if (final_code(reply) != 227) return data_fault("PASV refused (" + std::to_string(final_code(reply)) + ")");
            std::string text;
            for (const auto& line : reply.replies.back().lines) text += line + " ";
            auto parsed = protocol::parse_pasv_227(text);
            if (!parsed) return data_fault("cannot parse 227 reply: " + parsed.error);
            // Servers behind NAT announce private addresses; the control peer is reachable.
            data_host = options.pasv_use_control_host ? control.remote_host() : parsed->host;
            data_port = parsed->port;
        }
        if (auto error = data.connect(data_host, data_port, steady::now() + options.connect_timeout))
            return data_fault("data connection: " + error.text);
        return {};
    }
};

ftp_control_client::ftp_control_client(ftp_client_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {}

ftp_control_client::~ftp_control_client() = default;

protocol::ftp_exchange ftp_control_client::connect(const std::string& host, std::uint16_t port) {
    close();
    auto& d = *impl_;
    d.host = host;
    d.setup.clear();
    const auto start = steady::now();
    protocol::ftp_exchange greeting;
    if (auto error = d.control.connect(host, port, start + d.options.connect_timeout)) {
        greeting.set_transport_error(std::move(error));
        greeting.duration = since(start);
        return greeting;
    }
    greeting.server_address = d.control.remote_host();
    // Implicit FTPS (ftps://, port 990): the handshake comes before the greeting.
    if (d.options.implicit_tls) {
        if (auto tls_error = d.control.start_tls(d.options.tls, host, start + d.options.connect_timeout)) {
            greeting.set_transport_error(std::move(tls_error));
            greeting.duration = since(start);
            return greeting;
        }
    }
    // RFC 959 §5.4: the greeting is 220, possibly after 120 ("ready in nnn minutes").
    detail::read_ftp_replies(d.control, d.parser, d.peer_closed, steady::now() + d.options.timeout,
                             d.options.timeout, greeting);
    greeting.duration = since(start);
    if (final_code(greeting) != 220) return greeting;
    if (d.options.explicit_tls && !d.options.implicit_tls) {
        // RFC 4217 §4-§9: AUTH TLS (234), handshake, then the data protection below.
        auto auth = d.command("AUTH TLS");
        const bool accepted = final_code(auth) == 234;
        if (accepted) d.start_control_tls(auth);
        const bool secured = accepted && !auth.transport_code;
        d.setup.push_back(std::move(auth));
        if (!secured) return greeting;
    }
    if ((d.options.explicit_tls || d.options.implicit_tls) && d.options.protect_data) {
        // RFC 4217 §8-§9: PBSZ 0 before PROT P, which protects the data connections too.
        d.setup.push_back(d.command("PBSZ 0"));
        d.setup.push_back(d.command("PROT P"));
        d.data_tls = final_code(d.setup.back()) == 200;
    }
    return greeting;
}

protocol::ftp_exchange ftp_control_client::command(std::string_view line) {
    auto exchange = impl_->command(line);
    auto verb = upper_verb(line);
    const int code = final_code(exchange);
    // AUTH TLS (or AUTH SSL) sent as a command upgrades the session in place when accepted.
    if (verb == "AUTH" && code == 234 && !impl_->control.is_tls()) impl_->start_control_tls(exchange);
    if (verb == "TYPE" && code == 200 && line.size() > 5) impl_->current_type = char(std::toupper(line[5]));
    if (verb == "PROT" && code == 200 && line.size() > 5) impl_->data_tls = std::toupper(line[5]) == 'P';
    // A refused EPSV or EPRT is not sent again for the transfers (PASV or PORT instead).
    if (!exchange.transport_code && code >= 400) {
        if (verb == "EPSV" && line.size() == 4) impl_->epsv_refused = true;
        if (verb == "EPRT") impl_->eprt_refused = true;
    }
    return exchange;
}

std::vector<protocol::ftp_exchange> ftp_control_client::login(std::string_view user, std::string_view password) {
    std::vector<protocol::ftp_exchange> exchanges;
    exchanges.push_back(command("USER " + std::string(user)));
    const int code = final_code(exchanges.back());
    // RFC 959 §5.4: USER answers 331/332 when a password (or account) is needed.
    if (code == 331 || code == 332)
        exchanges.push_back(impl_->command("PASS " + std::string(password),
                                           std::max(impl_->options.timeout, impl_->options.login_timeout)));
    return exchanges;
}

std::vector<protocol::ftp_exchange> ftp_control_client::transfer(std::string_view command_line,
                                                                 std::string_view upload, char type) {
    auto& d = *impl_;
    std::vector<protocol::ftp_exchange> exchanges;
    if (type != 0 && std::toupper(type) != d.current_type) {
        exchanges.push_back(command(std::string("TYPE ") + char(std::toupper(type))));
    }
    const auto verb = upper_verb(command_line);
    const bool is_upload = verb == "STOR" || verb == "STOU" || verb == "APPE";

    detail::socket_stream data(d.io);
    std::optional<tcp::acceptor> acceptor;
    auto setup_error = d.open_data(exchanges, data, acceptor);
    if (setup_error) {
        protocol::ftp_exchange failed;
        failed.command = detail::recorded_ftp_command(command_line);
        failed.server_address = d.control.remote_host();
        setup_error.text = "no data connection: " + setup_error.text;
        failed.set_transport_error(std::move(setup_error));
        failed.connection_closed = d.peer_closed;
        exchanges.push_back(std::move(failed));
        return exchanges;
    }

    const auto start = steady::now();
    const auto deadline = start + d.options.timeout;
    protocol::ftp_exchange exchange;
    exchange.command = detail::recorded_ftp_command(command_line);
    exchange.server_address = d.control.remote_host();
    if (auto error = d.control.write(std::string(command_line) + "\r\n", deadline)) {
        error.text = "send failed: " + error.text;
        exchange.set_transport_error(std::move(error));
        exchanges.push_back(std::move(exchange));
        return exchanges;
    }

    transfer_state state;
    state.data_cap = d.options.data_cap;
    transport_fault control_error;
    bool control_eof = false;
    bool timed_out = false;
    // Wakes an upload waiting for the 1yz reply (or for the news that none will come).
    asio::steady_timer preliminary_signal(d.io, steady::time_point::max());
    auto close_data = [&] {
        data.close();
        boost::system::error_code ignored;
        if (acceptor) acceptor->close(ignored);
    };

    // Data side: accept (active mode), TLS with the control session resumed (PROT P), then
    // download until EOF, or upload after the 1yz reply and close: the close marks the end of
    // the file in stream mode (RFC 959 §3.4.1).
    auto move_data = [&]() -> asio::awaitable<void> {
        co_await asio::this_coro::throw_if_cancelled(false);
        if (acceptor) {
            auto [ec, accepted] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) {
                if (ec != asio::error::operation_aborted) state.data_error = data_fault("accept failed: " + ec.message());
                co_return;
            }
            data.adopt(std::move(accepted));
        }
        if (d.data_tls) {
            if (auto tls_error = co_await data.co_start_tls(d.options.tls, d.host, &d.control)) {
                state.data_error = data_fault("data connection: " + tls_error.text);
                co_return;
            }
        }
        state.data_ready = true;
        if (is_upload) {
            if (!state.preliminary && !state.control_done)
                co_await preliminary_signal.async_wait(asio::as_tuple(asio::use_awaitable));
            if (!state.preliminary || timed_out) co_return;
            auto ec = co_await data.co_write(upload);
            if (ec && ec != asio::error::operation_aborted) state.data_error = data_fault(ec.message());
            data.shutdown_send();
            data.close();
            co_return;
        }
        for (;;) {
            std::string bytes;
            auto ec = co_await data.co_read_some(bytes);
            if (state.data.size() < state.data_cap)
                state.data.append(bytes, 0, std::min(bytes.size(), state.data_cap - state.data.size()));
            if (ec) {
                if (ec != asio::error::eof && ec != asio::ssl::error::stream_truncated &&
                    ec != asio::error::operation_aborted)
                    state.data_error = data_fault(ec.message());
                // Close our end at once: servers (vsftpd with TLS) wait for it before the 226.
                data.close();
                co_return;
            }
        }
    };

    // Control side: replies up to the final one; 150 and 226 may arrive in one read.
    auto read_replies = [&]() -> asio::awaitable<void> {
        co_await asio::this_coro::throw_if_cancelled(false);
        for (;;) {
            const bool final_reply = detail::take_replies(d.parser, exchange);
            for (const auto& reply : exchange.replies)
                if (detail::is_preliminary(reply.code)) state.preliminary = true;
            if (state.preliminary) preliminary_signal.cancel();
            if (final_reply) break;
            if (d.parser.too_large()) {
                d.parser.finish();
                detail::take_replies(d.parser, exchange);
                control_error = detail::too_large_error(d.parser);
                d.control.close();
                break;
            }
            std::string bytes;
            auto ec = co_await d.control.co_read_some(bytes);
            if (!bytes.empty()) d.parser.feed(bytes);
            if (ec == asio::error::operation_aborted) co_return;
            if (ec) {
                if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
                    control_eof = true;
                    d.parser.finish();
                } else {
                    control_error = {ec == asio::error::connection_reset ? transport_errc::connection_reset
                                                                         : transport_errc::receive_failed,
                                     ec.message()};
                }
                d.peer_closed = true;
                detail::take_replies(d.parser, exchange);
                break;
            }
        }
        state.control_done = true;
        for (const auto& reply : exchange.replies)
            if (detail::is_preliminary(reply.code)) state.preliminary = true;
        // Without a 1yz reply, or with a negative (or no) final reply, no (more) data will come.
        const int code = final_code(exchange);
        if (!state.preliminary || code == 0 || code >= 400) close_data();
        preliminary_signal.cancel();
    };

    // The deadline: whatever is still pending is cancelled, so the race ends at once.
    auto expire = [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(d.io, deadline);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        timed_out = true;
        d.control.cancel();
        close_data();
        preliminary_signal.cancel();
    };

    using namespace asio::experimental::awaitable_operators;
    bool finished = false;
    asio::co_spawn(d.io, (read_replies() && move_data()) || expire(),
                   [&](std::exception_ptr, auto&&...) { finished = true; });
    d.io.restart();
    while (!finished && d.io.run_one() > 0) {}
    if (timed_out) {
        exchange.set_transport_error({transport_errc::timeout,
                                      "timeout after " + std::to_string(d.options.timeout.count()) + "ms " +
                                          (state.control_done ? "waiting for the data connection to finish"
                                                              : "waiting for the final reply")});
    }
    close_data();

    if (!exchange.transport_code) {
        if (control_error) exchange.set_transport_error(std::move(control_error));
        else if (control_eof && final_code(exchange) == 0)
            exchange.set_transport_error({transport_errc::closed_early, "connection closed by peer before the final reply"});
        else if (state.data_error && data_expected(exchange, state))
            exchange.set_transport_error(std::move(state.data_error));
    }
    exchange.data = std::move(state.data);
    exchange.data_connection_used = state.data_ready;
    if (!d.peer_closed && d.control.is_open() && !d.parser.has_reply() && !d.parser.in_reply() &&
        d.control.peer_closed())
        d.peer_closed = true;
    exchange.connection_closed = d.peer_closed;
    exchange.duration = since(start);
    exchanges.push_back(std::move(exchange));
    return exchanges;
}

protocol::ftp_exchange ftp_control_client::passive_check(std::string_view verb) {
    auto& d = *impl_;
    auto exchange = command(verb);
    const int code = final_code(exchange);
    if (exchange.transport_code || (code != 227 && code != 229)) return exchange;
    const auto& lines = exchange.replies.back().lines;
    std::uint16_t port = 0;
    if (code == 229) {
        if (auto parsed = protocol::parse_epsv_229(lines.front())) port = parsed->port;
    } else {
        std::string text;
        for (const auto& line : lines) text += line + " ";
        if (auto parsed = protocol::parse_pasv_227(text)) port = parsed->port;
    }
    if (port == 0) return exchange;  // the reply rules name the bad format
    // The port is opened and closed at once: a server that waits in accept() until its
    // listener times out would otherwise hold the next command (and a port stays open).
    detail::socket_stream data(d.io);
    if (auto error = data.connect(d.control.remote_host(), port, steady::now() + d.options.connect_timeout)) {
        error.text = "the announced data port " + std::to_string(port) + " did not accept a connection: " + error.text;
        error.code = transport_errc::data_connection;
        exchange.set_transport_error(std::move(error));
        return exchange;
    }
    exchange.data_connection_used = true;
    data.close();
    return exchange;
}

std::vector<protocol::ftp_exchange> ftp_control_client::abort_transfer(std::string_view command_line, char type) {
    auto& d = *impl_;
    std::vector<protocol::ftp_exchange> exchanges;
    protocol::ftp_exchange exchange;
    exchange.command = detail::recorded_ftp_command(command_line);
    exchange.server_address = d.control.remote_host();
    if (d.options.data_mode == ftp_data_mode::active || d.options.data_mode == ftp_data_mode::port) {
        exchange.set_transport_error(data_fault("ABOR during a transfer is tried in passive mode only"));
        exchanges.push_back(std::move(exchange));
        return exchanges;
    }
    if (type != 0 && std::toupper(type) != d.current_type)
        exchanges.push_back(command(std::string("TYPE ") + char(std::toupper(type))));
    detail::socket_stream data(d.io);
    std::optional<tcp::acceptor> no_acceptor;
    if (auto setup_error = d.open_data(exchanges, data, no_acceptor)) {
        setup_error.text = "no data connection: " + setup_error.text;
        exchange.set_transport_error(std::move(setup_error));
        exchange.connection_closed = d.peer_closed;
        exchanges.push_back(std::move(exchange));
        return exchanges;
    }
    const auto start = steady::now();
    const auto deadline = start + d.options.timeout;
    if (auto error = d.control.write(std::string(command_line) + "\r\n", deadline)) {
        error.text = "send failed: " + error.text;
        exchange.set_transport_error(std::move(error));
        exchanges.push_back(std::move(exchange));
        return exchanges;
    }
    // RFC 959 §4.1.3: ABOR once the transfer runs (after the 1yz); a final reply first means
    // there is no transfer to abort.
    d.read_one_reply(exchange, deadline);
    const bool running = !exchange.transport_code && detail::is_preliminary(exchange.replies.back().code);
    if (running) {
        if (d.data_tls) {
            if (auto tls_error = data.start_tls(d.options.tls, d.host, deadline, &d.control))
                exchange.set_transport_error(data_fault("data connection: " + tls_error.text));
        }
        // A first piece of the data, if any comes soon, shows the transfer had begun.
        std::string piece;
        transport_fault ignored;
        if (!exchange.transport_code)
            data.read_some(piece, std::min(deadline, steady::now() + std::chrono::milliseconds(100)), ignored);
        exchange.data = std::move(piece);
        exchange.data_connection_used = true;
    }
    data.close();
    if (!running || exchange.transport_code) {
        exchange.duration = since(start);
        exchanges.push_back(std::move(exchange));
        return exchanges;
    }
    // ABOR in band, as curl and ftplib's abort() send the command itself; the data connection
    // is closed too, so a server that reads ABOR only between transfers gets a failed write
    // (426) instead of a transfer that waits for a reader.
    protocol::ftp_exchange abort;
    abort.command = "ABOR";
    abort.server_address = exchange.server_address;
    const auto abort_start = steady::now();
    if (auto error = d.control.write("ABOR\r\n", steady::now() + d.options.timeout)) {
        error.text = "send failed: " + error.text;
        abort.set_transport_error(std::move(error));
    }
    detail::read_ftp_replies(d.control, d.parser, d.peer_closed, steady::now() + d.options.timeout,
                             d.options.timeout, exchange);
    exchange.duration = since(start);
    exchanges.push_back(std::move(exchange));
    if (!abort.transport_code)
        detail::read_ftp_replies(d.control, d.parser, d.peer_closed, steady::now() + d.options.timeout,
                                 d.options.timeout, abort);
    abort.duration = since(abort_start);
    exchanges.push_back(std::move(abort));
    return exchanges;
}

protocol::ftp_exchange ftp_control_client::quit() {
    auto exchange = impl_->command("QUIT");
    if (!exchange.transport_code && !exchange.connection_closed) {
        // RFC 959 §4.1.1: the server closes after 221; give it a moment so the close is recorded.
        std::string rest;
        transport_fault error;
        auto status = impl_->control.read_some(rest, steady::now() + std::chrono::milliseconds(200), error);
        if (status == detail::read_status::eof || status == detail::read_status::error) exchange.connection_closed = true;
    }
    close();
    return exchange;
}

bool ftp_control_client::is_open() const noexcept { return impl_->control.is_open() && !impl_->peer_closed; }

void ftp_control_client::close() {
    auto& d = *impl_;
    d.control.close();
    d.parser = protocol::ftp_reply_parser{};
    d.peer_closed = false;
    d.current_type = 0;
    d.epsv_refused = false;
    d.eprt_refused = false;
    d.data_tls = false;
}

const std::vector<protocol::ftp_exchange>& ftp_control_client::setup_exchanges() const noexcept {
    return impl_->setup;
}

void ftp_control_client::set_tls_options(tls_options tls) { impl_->options.tls = std::move(tls); }

bool ftp_control_client::control_secured() const noexcept { return impl_->control.is_tls(); }

char ftp_control_client::current_type() const noexcept { return impl_->current_type; }

std::string ftp_control_client::server_address() const { return impl_->control.remote_host(); }

}  // namespace replycheck::harness
