// The control loop of the mock FTP server: greeting, reading command lines, scripts
// (ftp_script) and dispatch through the command table (RFC 959 §5.4 sequencing), and replies.

#include "mockserver/ftp/ftp_session.hpp"

#include <boost/asio.hpp>

#include "mockserver/ftp/ftp_command_table.hpp"
#include "mockserver/ftp/ftp_control_session.hpp"
#include "mockserver/ftp/ftp_deadline_io.hpp"
#include "mockserver/ftp/ftp_reply_text.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

bool is_transfer_command(std::string_view verb) {
    return verb == "RETR" || verb == "STOR" || verb == "STOU" || verb == "APPE" ||
           verb == "LIST" || verb == "NLST" || verb == "MLSD";
}

}  // namespace

ftp_control_session::ftp_control_session(std::shared_ptr<ftp_server_state> state,
                                         tcp::socket socket, bool implicit)
    : state_(std::move(state)),
      config_(state_->config),
      control_(std::move(socket)),
      lines_(config_.limits.max_command_line),
      implicit_(implicit) {}

// ---- replies -------------------------------------------------------------------------------

std::string_view ftp_control_session::line_end() const {
    return script_ && script_->lf_only ? "\n" : "\r\n";
}

asio::awaitable<bool> ftp_control_session::send_raw(const std::string& bytes) {
    // The journal holds the reply code before the client can read the reply, so a client
    // that asks the journal right after a reply sees it.
    if (journal_sequence_ && last_code_ != 0)
        state_->journal.set_reply_code(*journal_sequence_, last_code_);
    auto ec = co_await write_for(control_, asio::buffer(bytes), config_.limits.data_timeout);
    co_return !ec;
}

asio::awaitable<bool> ftp_control_session::reply(int code, std::string_view text) {
    last_code_ = code;
    std::string line = std::to_string(code);
    line += ' ';
    append_ftp_reply_safe(line, text);   // names and arguments are echoed in many texts
    line += line_end();
    co_return co_await send_raw(line);
}

std::string ftp_control_session::render(const std::vector<std::string>& lines) const {
    std::string bytes;
    for (const auto& line : lines) {
        bytes += line;
        bytes += line_end();
    }
    return bytes;
}

asio::awaitable<bool> ftp_control_session::reply_lines(const std::vector<std::string>& lines) {
    if (lines.empty()) co_return true;
    // The final code is that of the last line (RFC 959 §4.2: a multi-line reply ends with
    // "code SP"); for a single line it is the first.
    last_code_ = ftp_reply_code(lines.back());
    if (last_code_ == 0) last_code_ = ftp_reply_code(lines.front());
    co_return co_await send_raw(render(lines));
}

asio::awaitable<bool> ftp_control_session::reply_line(std::string line) {
    std::vector<std::string> lines;
    lines.push_back(std::move(line));
    co_return co_await reply_lines(lines);
}

// A multi-line reply the server composes (RFC 959 §4.2): "code-first", the inner lines made
// safe so that none can end the reply, "code last". Scripted replies go out as written.
asio::awaitable<bool> ftp_control_session::reply_multiline(int code, std::string_view first,
                                                           const std::vector<std::string>& inner,
                                                           std::string_view last) {
    std::vector<std::string> lines;
    lines.reserve(inner.size() + 2);
    lines.push_back(std::to_string(code) + "-" + ftp_reply_safe(first));
    for (const auto& line : inner) lines.push_back(ftp_reply_inner_line(line));
    lines.push_back(std::to_string(code) + " " + ftp_reply_safe(last));
    co_return co_await reply_lines(lines);
}

// ---- control input -------------------------------------------------------------------------

asio::awaitable<std::optional<ftp_line>> ftp_control_session::next_line() {
    if (!deferred_.empty()) {
        auto line = std::move(deferred_.front());
        deferred_.pop_front();
        co_return line;
    }
    while (!lines_.has_line()) {
        auto [ec, n] = co_await read_some_for(control_, asio::buffer(read_buffer_),
                                              config_.limits.idle_timeout);
        if (ec == asio::error::timed_out) {
            // RFC 959 §4.2: 421 "Service not available, closing control connection".
            script_ = nullptr;
            co_await reply(421, "Timeout: no command received, closing control connection.");
            co_return std::nullopt;
        }
        if (ec) co_return std::nullopt;
        lines_.append(std::string_view(read_buffer_.data(), n));
    }
    co_return lines_.next();
}

// Entries still without a final reply are complete when the session ends, or when stop()
// destroys it. (Named at namespace scope: a coroutine frame may not hold a local type.)
struct session_end {
    ftp_journal& journal;
    std::uint64_t id;
    ~session_end() { journal.end_session(id); }
};

// The sessions being served, for limits.max_sessions.
struct session_count {
    std::atomic<std::size_t>& count;
    ~session_count() { --count; }
};

asio::awaitable<void> ftp_control_session::run() {
    id_ = ++state_->next_session_id;
    session_end ended{state_->journal, id_};
    error_code ec;
    auto& socket = control_.socket();
    socket.set_option(tcp::no_delay(true), ec);
    auto peer = socket.remote_endpoint(ec);
    if (ec) co_return;
    peer_address_ = peer.address();
    local_address_ = socket.local_endpoint(ec).address();

    session_count guard{state_->active_sessions};
    const bool over_limit = ++state_->active_sessions > config_.limits.max_sessions;
    // Implicit FTPS: TLS from the first byte, the greeting comes over it (RFC 4217 §1 note).
    if (implicit_ && !co_await start_control_tls(tls::tls_entry::ftps)) co_return;
    if (over_limit) {
        // RFC 959 §4.2: 421 instead of the greeting, then close (as vsftpd and pyftpdlib do).
        journal_sequence_ = record("CONNECT", "");
        co_await reply(421, "Too many connections, try again later.");
        co_await close_control();
        co_return;
    }

    // Greeting (RFC 959 §5.4: 220), possibly scripted with the pseudo-command CONNECT.
    script_ = state_->scripts.take("CONNECT", "");
    bool keep = true;
    if (script_) {
        journal_sequence_ = record("CONNECT", "");
        if (script_->delay.count() > 0) co_await sleep_for(script_->delay);
        keep = co_await reply_lines(script_->reply.empty() ? config_.greeting : script_->reply);
        if (script_->close_control) keep = false;
    } else {
        keep = co_await reply_lines(config_.greeting);
    }

    while (keep) {
        journal_sequence_.reset();
        script_ = nullptr;
        auto line = co_await next_line();
        if (!line) break;
        last_code_ = 0;
        if (line->too_long) {
            journal_sequence_ = record("", "<line too long>");
            keep = co_await reply(500, "Command line too long.");
            continue;
        }
        auto command = parse_ftp_command(line->text);
        if (command.verb.empty()) continue;  // empty lines are ignored, as most servers do
        journal_sequence_ = record(command.verb, command.argument);
        keep = co_await handle(command);
    }
    data_.drop();
    co_await close_control();
}

// ---- dispatch ------------------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::handle(const ftp_command& command) {
    if (!command.valid_verb) co_return co_await reply(500, "Syntax error, command unrecognized.");
    const auto& verb = command.verb;
    script_ = state_->scripts.take(verb, command.argument);
    if (script_) {
        if (script_->delay.count() > 0) co_await sleep_for(script_->delay);
        if (!script_->reply.empty()) {
            // A reply override answers instead of the server; the state does not change.
            bool ok = co_await reply_lines(script_->reply);
            co_return ok && !script_->close_control;
        }
        const bool other_effect = !script_->preliminary.empty() || !script_->final_reply.empty() ||
                                  script_->data != ftp_data_action::normal ||
                                  script_->bad_pasv_address || script_->combine_replies;
        if (script_->close_control && !other_effect) co_return false;  // close without a reply
    }
    // RFC 959 §4.1.3: RNTO must immediately follow RNFR.
    const bool rename_was_armed = rename_armed_;
    rename_armed_ = false;
    if ((verb != "RNTO" || !rename_was_armed) && verb != "RNFR") rename_from_.reset();
    bool keep = co_await dispatch(command);
    if (is_transfer_command(verb)) rest_ = 0;   // a REST marker serves one transfer
    if (keep && script_ && script_->hold.count() > 0 && (verb == "PASV" || verb == "EPSV") &&
        (last_code_ == 227 || last_code_ == 229)) {
        // Like a server that waits in accept() right after PASV: no command is read until the
        // client connects to the port (kept for the transfer) or the hold runs out.
        co_await data_.accept_now(peer_address_, script_->hold);
    }
    if (script_ && script_->close_control) keep = false;
    co_return keep;
}

asio::awaitable<bool> ftp_control_session::dispatch(const ftp_command& command) {
    const auto* spec = find_ftp_command(command.verb);
    if (!spec) co_return co_await reply(500, "Unknown command.");
    if (!spec->handler) co_return co_await reply(502, "Command not implemented.");
    if (!logged_in_ && !spec->before_login)
        co_return co_await reply(530, "Please login with USER and PASS.");
    co_return co_await (this->*spec->handler)(command);
}

void ftp_control_session::reinitialize() {
    // RFC 959 §4.1.1 REIN: flush account information, keep the control connection.
    pending_user_.reset();
    pending_anonymous_ = false;
    user_.clear();
    logged_in_ = false;
    cwd_ = "/";
    binary_ = false;
    rest_ = 0;
    rename_from_.reset();
    epsv_all_ = false;
    data_.drop();
}

std::uint64_t ftp_control_session::record(std::string verb, std::string argument) {
    return state_->journal.record({id_, std::chrono::system_clock::now(), std::move(verb),
                                   std::move(argument), 0, journal_tls_});
}

ftp_target ftp_control_session::resolve(std::string_view argument, bool for_write) const {
    return state_->files.resolve(cwd_, argument, for_write);
}

// ---- the server's shared state -------------------------------------------------------------

ftp_server_state::ftp_server_state(ftp_mock_config cfg)
    : config(std::move(cfg)),
      files(config.root, config.writable),
      journal(config.limits.journal_cap),
      scripts(config.scripts, config.initial_state) {}

asio::awaitable<void> run_ftp_session(std::shared_ptr<ftp_server_state> state, tcp::socket socket,
                                      bool implicit) {
    ftp_control_session session(std::move(state), std::move(socket), implicit);
    co_await session.run();
}

}  // namespace replycheck::mock::detail
