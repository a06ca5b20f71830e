// One proxied FTP session: the client's command lines go to the server, its replies (RFC 959
// §4.2, framed by protocol/wire's parser) come back; PASV/EPSV replies are replaced by the
// proxy's own passive port, whose connection is bridged to the server's data port.

#include "harness/record/ftp_proxy.hpp"

#include <memory>
#include <optional>
#include <utility>

#include <sys/ioctl.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <fmt/format.h>

#include "protocol/duration.hpp"
#include "protocol/redactor.hpp"
#include "protocol/utf8.hpp"
#include "protocol/wire/ftp_address.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"
#include "protocol/wire/ftp_telnet.hpp"

namespace replycheck::record::detail {

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;
constexpr auto token = asio::as_tuple(asio::use_awaitable);

// Every wait races a timer; the loser is cancelled.
asio::awaitable<std::pair<error_code, std::size_t>> read_some_for(tcp::socket& s, asio::mutable_buffer b, milliseconds t) {
    asio::steady_timer timer(co_await asio::this_coro::executor, t);
    auto r = co_await (s.async_read_some(b, token) || timer.async_wait(token));
    if (r.index() == 1) co_return std::pair{error_code(asio::error::timed_out), std::size_t{0}};
    auto [ec, n] = std::get<0>(r);
    co_return std::pair{ec, n};
}

asio::awaitable<error_code> write_for(tcp::socket& s, std::string_view bytes, milliseconds t) {
    asio::steady_timer timer(co_await asio::this_coro::executor, t);
    auto r = co_await (asio::async_write(s, asio::buffer(bytes), token) || timer.async_wait(token));
    if (r.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(r));
}

asio::awaitable<error_code> connect_for(tcp::socket& s, const tcp::endpoint& to, milliseconds t) {
    asio::steady_timer timer(co_await asio::this_coro::executor, t);
    auto r = co_await (s.async_connect(to, token) || timer.async_wait(token));
    if (r.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(r));
}

}  // namespace

// One passive data connection bridged: the client connects to `acceptor`, the proxy to the
// server's data port; bytes are counted and the first `cap` of each direction kept.
struct ftp_data_relay {
    explicit ftp_data_relay(asio::any_io_executor ex) : acceptor(ex), client(ex), server(ex), signal(ex) {}
    tcp::acceptor acceptor;
    tcp::socket client, server;
    tcp::endpoint server_data;
    asio::ip::address client_ip;
    milliseconds timeout{};
    std::size_t cap = 0;
    bool connected = false, down_done = false, up_done = false;
    bool no_client = false;                  // no data connection came from the client in time
    std::string fault;
    steady::time_point accept_until;         // the client's data connection is waited for until then
    std::uint64_t down = 0, up = 0;          // server → client, client → server
    std::string down_data, up_data;
    steady::time_point last_activity = steady::now();
    asio::steady_timer signal;               // woken (cancelled) when a direction ends

    void close() {
        error_code ignored;
        acceptor.close(ignored);
        client.close(ignored);
        server.close(ignored);
        down_done = up_done = true;
        signal.cancel();
    }
};

// Bytes written to `s` that its peer has not taken yet; nullopt where the system cannot tell.
std::optional<int> unsent_bytes(tcp::socket& s) {
#ifdef TIOCOUTQ
    int queued = 0;
    if (::ioctl(s.native_handle(), TIOCOUTQ, &queued) == 0) return queued;
#endif
    return std::nullopt;
}

// --timeout bounds silence. A slow reader leaves a write waiting for seconds while it reads
// (the kernel wakes a blocked writer only once a third of its send buffer, autotuned to
// megabytes, has drained), so the send queue is looked at meanwhile: while it shrinks, the
// data moves and the wait goes on.
asio::awaitable<error_code> write_data(tcp::socket& s, std::string_view bytes, ftp_data_relay& r) {
    auto queued = unsent_bytes(s);
    while (!bytes.empty()) {
        asio::steady_timer timer(co_await asio::this_coro::executor, r.timeout / 4);
        auto w = co_await (s.async_write_some(asio::buffer(bytes), token) || timer.async_wait(token));
        if (w.index() == 0) {
            auto [ec, n] = std::get<0>(w);
            if (ec) co_return ec;
            bytes.remove_prefix(n);
            r.last_activity = steady::now();
            queued = unsent_bytes(s);
            continue;
        }
        const auto now_queued = unsent_bytes(s);
        if (queued && now_queued && *now_queued < *queued) r.last_activity = steady::now();
        else if (steady::now() - r.last_activity >= r.timeout) co_return error_code(asio::error::timed_out);
        queued = now_queued;
    }
    co_return error_code();
}

asio::awaitable<void> pump_data(std::shared_ptr<ftp_data_relay> r, bool download) {
    auto& from = download ? r->server : r->client;
    auto& to = download ? r->client : r->server;
    auto& count = download ? r->down : r->up;
    auto& kept = download ? r->down_data : r->up_data;
    std::array<char, 16384> buffer;
    for (;;) {
        auto [ec, n] = co_await read_some_for(from, asio::buffer(buffer), r->timeout);
        // The idle direction waits as long as the other one moves.
        if (ec == asio::error::timed_out && steady::now() - r->last_activity < r->timeout) continue;
        if (ec) break;
        if (auto fault = co_await write_data(to, std::string_view(buffer.data(), n), *r)) {
            if (fault == asio::error::timed_out)
                r->fault = fmt::format("the {} took no data for {}; the transfer was cut", download ? "client" : "server",
                                       protocol::format_duration(r->timeout));
            break;
        }
        count += n;
        if (kept.size() < r->cap) kept.append(buffer.data(), std::min(n, r->cap - kept.size()));
        r->last_activity = steady::now();
    }
    error_code ignored;
    to.shutdown(tcp::socket::shutdown_send, ignored);   // the end of the data (RFC 959 §3.4, stream mode)
    r->last_activity = steady::now();                   // the final reply gets its own --timeout from here
    (download ? r->down_done : r->up_done) = true;
    r->signal.cancel();
}

asio::awaitable<void> run_data_relay(std::shared_ptr<ftp_data_relay> r) {
    asio::steady_timer timer(r->acceptor.get_executor(), r->timeout);
    error_code ignored;
    for (;;) {
        tcp::socket peer(r->acceptor.get_executor());
        auto accepted = co_await (r->acceptor.async_accept(peer, token) || timer.async_wait(token));
        if (accepted.index() == 1 || std::get<0>(std::get<0>(accepted))) break;
        if (peer.remote_endpoint(ignored).address() == r->client_ip) {
            r->client = std::move(peer);
            break;
        }
        // RFC 2577 §8 (port stealing): only the control connection's host may take the data;
        // the client's own connection may still come (within the same bound).
        r->fault = "a data connection came from another address than the client's; refused";
    }
    const bool closed_here = !r->acceptor.is_open();   // a new PASV, or the session ended
    r->acceptor.close(ignored);
    if (!r->client.is_open() && !closed_here) {
        r->fault = "the client did not connect to the passive port in time";
        r->no_client = true;
        // A server waiting on its passive port is released (it answers 425 or 426, RFC 959
        // §4.2), so the session goes on; the proxy's client gets 425 from the proxy instead.
        co_await connect_for(r->server, r->server_data, r->timeout);
    } else if (r->client.is_open()) {
        if (auto ec = co_await connect_for(r->server, r->server_data, r->timeout)) {
            r->fault = "the server's data port could not be reached: " + ec.message();
        } else {
            r->connected = true;
            r->last_activity = steady::now();
            co_await (pump_data(r, true) && pump_data(r, false));
        }
    }
    r->close();
}

class proxy_session {
public:
    proxy_session(tcp::socket& client, tcp::socket& upstream, const ftp_proxy_settings& settings, std::size_t id,
                  ftp_session_control& control)
        : client_(client), upstream_(upstream), settings_(settings), id_(id), control_(control) {
        control_.cut_now = [this] {
            error_code ignored;
            if (relay_) relay_->close();
            if (transfer_) transfer_->close();
            upstream_.close(ignored);
            client_.cancel(ignored);
        };
    }
    ~proxy_session() { control_.cut_now = nullptr; }

    asio::awaitable<recorded_ftp_session> run() {
        error_code ec;
        record_.client = client_.remote_endpoint(ec).address().to_string();
        // Urgent data stays in the stream: ftplib sends "ABOR\r\n" as urgent data, and the
        // Telnet Synch (RFC 959 §4.1.3) ends in an urgent DM; read_command_line strips Telnet.
        client_.set_option(asio::socket_base::out_of_band_inline(true), ec);
        if (auto fault = co_await connect_for(upstream_, settings_.upstream, settings_.timeout)) {
            co_await give_up("the server could not be reached (" + fault.message() + ")");
            co_return std::move(record_);
        }
        recorded_ftp_command greeting;
        if (!co_await relay_replies(greeting, nullptr)) co_return std::move(record_);
        record_.commands.push_back(std::move(greeting));
        for (;;) {
            auto line = co_await read_command_line();
            if (!line) break;
            auto [verb, argument] = split_ftp_command(*line);
            if (!co_await command(*line, verb, argument)) break;
            if (verb == "QUIT") break;
        }
        if (relay_) relay_->close();
        co_return std::move(record_);
    }

private:
    // The session cannot go on: the client is told with 421 (RFC 959 §4.2: service closing). A
    // session cut at stop fails on its closed sockets: the note says why, not what failed.
    asio::awaitable<void> give_up(std::string why) {
        if (control_.cut) why = "cut at stop";
        record_.notes.push_back(why);
        co_await write_for(client_, "421 replycheck record: " + why + ".\r\n", settings_.timeout);
        error_code ignored;
        client_.close(ignored);
        upstream_.close(ignored);
    }

    asio::awaitable<std::optional<std::string>> read_command_line() {
        std::array<char, 4096> buffer;
        control_.busy = false;
        for (;;) {
            // The recorder is stopping: no further command is taken (RFC 959 §4.2: 421 first).
            if (control_.stopping) {
                co_await give_up("the recorder stopped; closing");
                co_return std::nullopt;
            }
            auto lf = pending_.find('\n');
            if (lf != std::string::npos) {
                std::string line = pending_.substr(0, lf);
                pending_.erase(0, lf + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                control_.busy = true;
                co_return protocol::strip_telnet(line);
            }
            if (pending_.size() > settings_.max_line) {
                co_await give_up("a command line longer than " + std::to_string(settings_.max_line) + " bytes");
                co_return std::nullopt;
            }
            auto [ec, n] = co_await read_some_for(client_, asio::buffer(buffer), settings_.timeout);
            if (ec == asio::error::operation_aborted && control_.stopping) continue;
            if (ec == asio::error::timed_out) {
                // An idle client is closed, and told first (RFC 959 §4.2).
                co_await give_up("idle for " + protocol::format_duration(settings_.timeout) + "; closing");
                co_return std::nullopt;
            }
            if (ec) co_return std::nullopt;   // the client left
            pending_.append(buffer.data(), n);
        }
    }

    // Reads the server's replies to one command up to the final one, passing them to the client
    // (a 227/229 rewritten first). False when the session ended (the client got 421).
    asio::awaitable<bool> relay_replies(recorded_ftp_command& c, std::shared_ptr<ftp_data_relay> relay) {
        std::array<char, 4096> buffer;
        for (;;) {
            // One bound for the whole reply: a server dripping a line at a time does not hold
            // the session longer than one that sends nothing.
            auto deadline = steady::now() + settings_.timeout;
            while (!parser_.has_reply()) {
                if (relay && relay->connected) deadline = std::max(deadline, relay->last_activity + settings_.timeout);
                // The server answers once the client's data connection came, or once the proxy
                // gave up on it (run_data_relay).
                if (relay && !relay->connected) deadline = std::max(deadline, relay->accept_until + settings_.timeout);
                const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
                auto [ec, n] = left.count() > 0 ? co_await read_reply_bytes(asio::buffer(buffer), left)
                                                : std::pair{error_code(asio::error::timed_out), std::size_t{0}};
                if (ec == asio::error::timed_out && relay && relay->connected &&
                    steady::now() - relay->last_activity < settings_.timeout)
                    continue;   // a long transfer: the final reply comes after the data
                if (ec) {
                    co_await give_up(ec == asio::error::timed_out ? "the server did not reply in time"
                                                                  : "the server closed the connection");
                    co_return false;
                }
                parser_.feed(std::string_view(buffer.data(), n));
                if (parser_.too_large()) {
                    co_await give_up("the server's reply passed the reply size limit");
                    co_return false;
                }
            }
            auto reply = *parser_.next();
            if (reply.code == 0) {
                co_await give_up("the server sent a line that is not an FTP reply");
                co_return false;
            }
            std::string to_client = reply.raw;
            if (reply.code >= 200 && relay) {
                // RFC 959 §3.2: the final reply of a transfer follows the data; the client gets
                // all of the data before it. A refusal (450, 550) or failure (425, 426) has none
                // left to wait for.
                const bool upload = is_ftp_upload_verb(c.verb);
                if (c.preliminary_code() != 0 && reply.code < 400) co_await wait_for_data(*relay, upload);
                c.transfer = relay->connected;
                c.data_bytes = upload ? relay->up : relay->down;
                c.data = upload ? relay->up_data : relay->down_data;
                if (!relay->fault.empty() && c.preliminary_code() != 0 && !relay->no_client)
                    record_.notes.push_back(c.verb + " " + c.argument + ": " + relay->fault);
                relay->close();
            }
            if (reply.code == 227 || reply.code == 229) to_client = co_await open_passive(reply);
            // No data connection came from the client: it gets 425 (RFC 959 §4.2) from the proxy,
            // not what the server said to the proxy's empty connection.
            if (relay && relay->no_client)
                to_client = reply.code < 200 ? std::string()
                                             : "425 replycheck record: no data connection came from the client in time.\r\n";
            // -v tells what the client got, and the server's code when the proxy answered instead.
            const auto server_code = std::to_string(reply.code);
            const auto client_code = to_client.substr(0, 3);
            if (!to_client.empty())
                shown_codes_ += " " + (client_code == server_code ? server_code : client_code + " (server " + server_code + ")");
            c.replies.push_back(std::move(reply));
            if (!to_client.empty() && co_await write_for(client_, to_client, settings_.timeout)) co_return false;
            if (c.replies.back().code >= 200) co_return true;
        }
    }

    // The server's reply bytes. During a transfer the client may send ABOR (RFC 959 §4.1.3): it
    // is read meanwhile and sent on at once, since the server answers the transfer only then.
    // Any other command waits its turn (read later by read_command_line).
    asio::awaitable<std::pair<error_code, std::size_t>> read_reply_bytes(asio::mutable_buffer b, milliseconds left) {
        const auto deadline = steady::now() + left;
        std::array<char, 1024> from_client;
        for (;;) {
            if (watch_client_) {
                const auto lf = pending_.find('\n');
                if (lf != std::string::npos) {
                    watch_client_ = false;
                    const auto line = protocol::strip_telnet(pending_.substr(0, lf));
                    if (split_ftp_command(line.ends_with('\r') ? line.substr(0, line.size() - 1) : line).first == "ABOR") {
                        if (co_await write_for(upstream_, "ABOR\r\n", settings_.timeout))
                            co_return std::pair{error_code(asio::error::broken_pipe), std::size_t{0}};
                        abort_sent_ = true;
                    }
                } else if (pending_.size() > settings_.max_line) {
                    watch_client_ = false;
                }
            }
            const auto rest = std::chrono::duration_cast<milliseconds>(deadline - steady::now());
            if (!watch_client_) co_return co_await read_some_for(upstream_, b, rest);
            asio::steady_timer timer(co_await asio::this_coro::executor, rest);
            auto r = co_await (upstream_.async_read_some(b, token) ||
                               client_.async_read_some(asio::buffer(from_client), token) || timer.async_wait(token));
            if (r.index() == 0) {
                auto [ec, n] = std::get<0>(r);
                co_return std::pair{ec, n};
            }
            if (r.index() == 2) co_return std::pair{error_code(asio::error::timed_out), std::size_t{0}};
            auto [ec, n] = std::get<1>(r);
            if (ec) watch_client_ = false;   // the client left: the session ends at the next command read
            else pending_.append(from_client.data(), n);
        }
    }

    asio::awaitable<void> wait_for_data(ftp_data_relay& r, bool upload) {
        while (!(upload ? r.up_done : r.down_done) && steady::now() - r.last_activity < settings_.timeout) {
            r.signal.expires_at(r.last_activity + settings_.timeout);
            co_await r.signal.async_wait(token);
        }
    }

    // The proxy's own passive port on the address the client reached it at; the server's data
    // port is always at the server's control address (a 227 naming another host is not
    // followed: RFC 2577 §3).
    asio::awaitable<std::string> open_passive(const protocol::ftp_reply_record& reply) {
        if (relay_) relay_->close();
        relay_.reset();
        const auto text = reply.lines.empty() ? std::string() : reply.lines.back();
        auto announced = reply.code == 227 ? protocol::parse_pasv_227(text) : protocol::parse_epsv_229(text);
        if (!announced.value) co_return "425 replycheck record: the server's passive reply could not be read.\r\n";
        auto r = std::make_shared<ftp_data_relay>(co_await asio::this_coro::executor);
        error_code ec;
        const auto local = client_.local_endpoint(ec).address();
        r->server_data = tcp::endpoint(settings_.upstream.address(), announced.value->port);
        r->client_ip = client_.remote_endpoint(ec).address();
        r->timeout = settings_.timeout;
        r->accept_until = steady::now() + settings_.timeout;
        r->cap = settings_.data_cap;
        r->acceptor.open(local.is_v4() ? tcp::v4() : tcp::v6(), ec);
        if (!ec) r->acceptor.bind(tcp::endpoint(local, 0), ec);
        if (!ec) r->acceptor.listen(1, ec);
        auto rewritten = ec ? std::nullopt : rewrite_passive_reply(reply.code, local.to_string(), r->acceptor.local_endpoint(ec).port());
        if (!rewritten) {
            r->close();
            co_return "425 replycheck record: no passive port for this client (use EPSV over IPv6).\r\n";
        }
        relay_ = r;
        asio::co_spawn(r->acceptor.get_executor(), run_data_relay(r), asio::detached);
        co_return *rewritten;
    }

    // One command: refused here, or sent to the server with its replies relayed back. False
    // when the session ended.
    asio::awaitable<bool> command(const std::string& line, const std::string& verb, const std::string& argument) {
        const bool password = verb == "PASS" || verb == "ACCT";
        std::string refusal;
        if (verb == "AUTH")
            // RFC 2228 §4: 534, refused for policy reasons; a TLS session would hide everything.
            refusal = "534 replycheck record needs plain FTP: it cannot record a TLS session.\r\n";
        else if (verb == "PORT" || verb == "EPRT" || verb == "LPRT")
            // Active mode would make the proxy connect out; it bridges passive mode only.
            refusal = "502 replycheck record relays passive mode only: use PASV or EPSV.\r\n";
        if (!refusal.empty()) {
            record_.notes.push_back(verb + " refused by the recorder (not replayed)");
            log(verb + " " + argument + " -> refused by the recorder");
            co_return !co_await write_for(client_, refusal, settings_.timeout);
        }
        recorded_ftp_command c;
        c.verb = verb;
        if (!password) c.argument = argument;
        // An ABOR read during the transfer was sent on then (read_reply_bytes).
        const bool sent = verb == "ABOR" && std::exchange(abort_sent_, false);
        if (!sent && co_await write_for(upstream_, line + "\r\n", settings_.timeout)) {
            co_await give_up("the server did not take the command");
            co_return false;
        }
        std::shared_ptr<ftp_data_relay> relay = is_ftp_transfer_verb(verb) ? relay_ : nullptr;
        if (relay) relay_.reset();
        transfer_ = relay;
        watch_client_ = relay != nullptr;
        shown_codes_.clear();
        const bool ok = co_await relay_replies(c, relay);
        watch_client_ = false;
        transfer_.reset();
        if (password) mask_ftp_secret(c.replies, argument);
        if (relay) relay->close();
        if (!relay && is_ftp_transfer_verb(verb)) record_.notes.push_back(verb + " without PASV/EPSV before it");
        if (relay && relay->no_client) {
            record_.notes.push_back(verb + " " + argument + ": no data connection came from the client; answered 425, not replayed");
            log(verb + " " + argument + " -> 425 from the recorder");
            co_return ok;
        }
        log(fmt::format("{}{} ->{}{}", verb, password ? std::string(" ****") : argument.empty() ? "" : " " + argument,
                        shown_codes_.empty() ? " no reply" : shown_codes_,
                        c.transfer ? fmt::format(", {} bytes", c.data_bytes) : std::string()));
        record_.commands.push_back(std::move(c));
        co_return ok;
    }

    void log(const std::string& text) const {
        if (settings_.log)
            settings_.log(protocol::mask_credentials(fmt::format("ftp {}: {}", id_, protocol::visible_text(text))));
    }

    tcp::socket& client_;
    tcp::socket& upstream_;
    const ftp_proxy_settings& settings_;
    std::size_t id_;
    ftp_session_control& control_;
    recorded_ftp_session record_;
    protocol::ftp_reply_parser parser_;
    std::string pending_;
    std::shared_ptr<ftp_data_relay> relay_;     // opened by the last PASV/EPSV, not yet used
    std::shared_ptr<ftp_data_relay> transfer_;  // the transfer in progress
    std::string shown_codes_;                   // -v: the codes the client got for this command
    bool abort_sent_ = false;    // an ABOR went to the server during a transfer, not yet answered
    bool watch_client_ = false;  // a transfer's replies are awaited: the client's ABOR goes on at once
};

asio::awaitable<recorded_ftp_session> proxy_ftp_session(tcp::socket& client, tcp::socket& upstream,
                                                        const ftp_proxy_settings& settings, std::size_t id,
                                                        ftp_session_control& control) {
    proxy_session s(client, upstream, settings, id, control);
    co_return co_await s.run();
}

}  // namespace replycheck::record::detail
