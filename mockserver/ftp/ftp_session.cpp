// The control-session state machine of the mock FTP server (RFC 959 §5.4 sequencing, with
// RFC 2389 FEAT/OPTS, RFC 2428 EPRT/EPSV, RFC 3659 SIZE/MDTM/REST/MLST/MLSD) and its data
// connections. Scripted rules (ftp_rule) are applied where a command is dispatched.

#include "mockserver/ftp/ftp_session.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "mockserver/ftp/ftp_command_line.hpp"
#include "mockserver/ftp/ftp_listing.hpp"
#include "mockserver/ftp/ftp_reply_text.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using std::chrono::milliseconds;

namespace {

constexpr auto token = asio::as_tuple(asio::use_awaitable);

// ---- bounded waits: every socket wait races a steady_timer ---------------------------------

asio::awaitable<std::pair<error_code, std::size_t>> read_some_for(tcp::socket& socket,
                                                                  asio::mutable_buffer buffer,
                                                                  milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (socket.async_read_some(buffer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return std::pair{error_code(asio::error::timed_out), std::size_t{0}};
    auto [ec, n] = std::get<0>(result);
    co_return std::pair{ec, n};
}

asio::awaitable<error_code> write_for(tcp::socket& socket, asio::const_buffer buffer,
                                      milliseconds timeout) {
    // Fast path: replies and small payloads usually fit the socket buffer at once, and then
    // no timer is needed. Only what would block waits, bounded by the timer.
    error_code ec;
    if (!socket.non_blocking()) socket.non_blocking(true, ec);
    while (!ec && buffer.size() > 0) {
        auto n = socket.write_some(buffer, ec);
        buffer += n;
    }
    if (buffer.size() == 0) co_return error_code();
    if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (asio::async_write(socket, buffer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<std::pair<error_code, tcp::socket>> accept_for(tcp::acceptor& acceptor,
                                                               milliseconds timeout) {
    auto executor = co_await asio::this_coro::executor;
    tcp::socket peer(executor);
    // Fast path: a passive-mode client has usually connected before it sends the command.
    error_code ec;
    if (!acceptor.non_blocking()) acceptor.non_blocking(true, ec);
    if (!ec) acceptor.accept(peer, ec);
    if (!ec) co_return std::pair{ec, std::move(peer)};
    if (ec != asio::error::would_block && ec != asio::error::try_again)
        co_return std::pair{ec, std::move(peer)};
    asio::steady_timer timer(executor, timeout);
    auto result = co_await (acceptor.async_accept(peer, token) || timer.async_wait(token));
    if (result.index() == 1) co_return std::pair{error_code(asio::error::timed_out), std::move(peer)};
    co_return std::pair{std::get<0>(std::get<0>(result)), std::move(peer)};
}

asio::awaitable<error_code> connect_for(tcp::socket& socket, const tcp::endpoint& endpoint,
                                        milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto result = co_await (socket.async_connect(endpoint, token) || timer.async_wait(token));
    if (result.index() == 1) co_return error_code(asio::error::timed_out);
    co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<void> sleep_for(milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(token);
}

// ---- small helpers -------------------------------------------------------------------------

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return out;
}

bool is_within(const fs::path& root, const fs::path& path) {
    auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end();
}

std::chrono::system_clock::time_point mtime_of(const fs::path& path) {
    error_code ec;
    std::error_code sec;
    auto time = fs::last_write_time(path, sec);
    if (sec) return std::chrono::system_clock::now();
    return std::chrono::file_clock::to_sys(time);
}

int code_of(const std::string& line) {
    if (line.size() < 3) return 0;
    int code = 0;
    for (int i = 0; i < 3; ++i) {
        if (line[i] < '0' || line[i] > '9') return 0;
        code = code * 10 + (line[i] - '0');
    }
    return code;
}

bool is_transfer_command(std::string_view verb) {
    return verb == "RETR" || verb == "STOR" || verb == "STOU" || verb == "APPE" ||
           verb == "LIST" || verb == "NLST" || verb == "MLSD";
}

// Commands this server knows but does not implement (RFC 959 §4.2: 502), e.g. security
// extensions (RFC 2228) it does not offer.
constexpr std::array<std::string_view, 16> not_implemented = {
    "SMNT", "AUTH", "ADAT", "PBSZ", "PROT", "CCC", "MIC", "CONF",
    "ENC", "LPRT", "LPSV", "HOST", "LANG", "MFMT", "MFCT", "MFF"};

// Commands accepted before login (RFC 959 §5.4 lists 530 for the others).
constexpr std::array<std::string_view, 10> before_login = {
    "USER", "PASS", "ACCT", "QUIT", "FEAT", "OPTS", "HELP", "NOOP", "SYST", "REIN"};

constexpr std::array<std::string_view, 44> known_commands = {
    "USER", "PASS", "ACCT", "CWD",  "XCWD", "CDUP", "XCUP", "PWD",  "XPWD", "MKD",  "XMKD",
    "RMD",  "XRMD", "DELE", "RNFR", "RNTO", "RETR", "STOR", "STOU", "APPE", "REST", "ABOR",
    "LIST", "NLST", "MLSD", "MLST", "SIZE", "MDTM", "TYPE", "MODE", "STRU", "SYST", "STAT",
    "HELP", "NOOP", "FEAT", "OPTS", "SITE", "ALLO", "QUIT", "REIN", "PORT", "PASV", "EPRT"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view verb) {
    return std::find(list.begin(), list.end(), verb) != list.end();
}

// ---- the session ---------------------------------------------------------------------------

enum class transfer_end { complete, failed, closed_early, reset, quota };
enum class watch_end { abort, control_closed };

class session {
public:
    session(std::shared_ptr<ftp_server_state> state, tcp::socket socket)
        : state_(std::move(state)),
          config_(state_->config),
          control_(std::move(socket)),
          lines_(config_.limits.max_command_line) {}

    asio::awaitable<void> run();

private:
    // -- replies --
    asio::awaitable<bool> send_raw(const std::string& bytes);
    asio::awaitable<bool> reply(int code, std::string_view text);
    asio::awaitable<bool> reply_lines(const std::vector<std::string>& lines);
    asio::awaitable<bool> reply_multiline(int code, std::string_view first,
                                          const std::vector<std::string>& inner,
                                          std::string_view last);
    std::string render(const std::vector<std::string>& lines) const;
    std::string line_end() const { return rule_ && rule_->lf_only ? "\n" : "\r\n"; }

    // -- control input --
    asio::awaitable<std::optional<ftp_line>> next_line();
    asio::awaitable<bool> handle(const ftp_command& command);
    asio::awaitable<bool> dispatch(const ftp_command& command);

    // -- paths --
    struct target {
        ftp_path_status status = ftp_path_status::ok;
        std::string virtual_path;
        fs::path real;
        bool inside = false;   // real path (after symlinks) stays inside the root
        bool exists = false;
        bool directory = false;
    };
    target resolve(std::string_view argument, bool for_write = false) const;
    ftp_entry_info info_of(const fs::path& real, std::string name) const;
    std::vector<ftp_entry_info> list_dir(const fs::path& real) const;
    std::uint64_t used_bytes() const;

    // -- data connections --
    void drop_data_setup();
    asio::awaitable<bool> open_passive(bool extended);
    asio::awaitable<std::optional<tcp::socket>> open_data();
    asio::awaitable<watch_end> watch_control();
    asio::awaitable<bool> never_open();
    asio::awaitable<bool> download(const std::string& verb, std::optional<fs::path> file,
                                   std::string listing, std::uint64_t offset,
                                   std::string preliminary_text);
    asio::awaitable<transfer_end> send_payload(tcp::socket& data, std::optional<fs::path> file,
                                               const std::string& listing, std::uint64_t offset);
    asio::awaitable<bool> upload(const target& where, std::ios::openmode mode,
                                 std::uint64_t offset, std::string preliminary_text,
                                 std::string final_text);
    asio::awaitable<transfer_end> receive_payload(tcp::socket& data, std::ofstream& out,
                                                  std::uint64_t budget);
    asio::awaitable<bool> announce_transfer(const std::string& preliminary_text, std::string& held);
    asio::awaitable<bool> finish_transfer(tcp::socket& data, std::variant<transfer_end, watch_end> outcome,
                                          std::string held_preliminary, std::string final_text);

    // -- commands --
    asio::awaitable<bool> cmd_user(const std::string& arg);
    asio::awaitable<bool> cmd_pass(const std::string& arg);
    asio::awaitable<bool> cmd_cwd(const std::string& arg);
    asio::awaitable<bool> cmd_mkd(const std::string& arg);
    asio::awaitable<bool> cmd_rmd(const std::string& arg);
    asio::awaitable<bool> cmd_dele(const std::string& arg);
    asio::awaitable<bool> cmd_rnfr(const std::string& arg);
    asio::awaitable<bool> cmd_rnto(const std::string& arg);
    asio::awaitable<bool> cmd_retr(const std::string& arg);
    asio::awaitable<bool> cmd_store(const std::string& verb, const std::string& arg);
    asio::awaitable<bool> cmd_list(const std::string& verb, const std::string& arg);
    asio::awaitable<bool> cmd_mlst(const std::string& arg);
    asio::awaitable<bool> cmd_size_mdtm(const std::string& verb, const std::string& arg);
    asio::awaitable<bool> cmd_type(const std::string& arg);
    asio::awaitable<bool> cmd_stat(const std::string& arg);
    asio::awaitable<bool> cmd_help(const std::string& arg);
    asio::awaitable<bool> cmd_feat(const std::string& arg);
    asio::awaitable<bool> cmd_opts(const std::string& arg);
    asio::awaitable<bool> cmd_port(const std::string& verb, const std::string& arg);
    asio::awaitable<bool> cmd_epsv(const std::string& arg);
    void reinitialize();

    std::shared_ptr<ftp_server_state> state_;
    const ftp_mock_config& config_;
    tcp::socket control_;
    ftp_line_buffer lines_;
    std::deque<ftp_line> deferred_;          // lines received during a transfer
    std::array<char, 8192> read_buffer_{};
    std::uint64_t id_ = 0;
    asio::ip::address peer_address_;
    asio::ip::address local_address_;

    // state machine
    std::optional<std::string> pending_user_;  // USER seen, PASS awaited
    bool pending_anonymous_ = false;
    std::string user_;                         // logged-in user; empty = not logged in
    bool logged_in_ = false;
    std::string cwd_ = "/";
    bool binary_ = false;                      // TYPE I (RFC 959 default is A)
    std::uint64_t rest_ = 0;
    std::optional<std::string> rename_from_;   // virtual path from RNFR
    bool rename_armed_ = false;                // RNFR was the previous command
    bool epsv_all_ = false;                    // RFC 2428 §4
    std::optional<tcp::acceptor> passive_;
    std::optional<tcp::endpoint> active_;
    bool bad_pasv_ = false;

    // per command
    const ftp_rule* rule_ = nullptr;
    int last_code_ = 0;
    bool close_after_ = false;
    std::optional<std::uint64_t> journal_sequence_;  // journal entry of the current command
};

// ---- replies -------------------------------------------------------------------------------

asio::awaitable<bool> session::send_raw(const std::string& bytes) {
    // The journal holds the reply code before the client can read the reply, so a client
    // that asks the journal right after a reply sees it.
    if (journal_sequence_ && last_code_ != 0)
        state_->journal.set_reply_code(*journal_sequence_, last_code_);
    auto ec = co_await write_for(control_, asio::buffer(bytes), config_.limits.data_timeout);
    co_return !ec;
}

asio::awaitable<bool> session::reply(int code, std::string_view text) {
    last_code_ = code;
    std::string line = std::to_string(code);
    line += ' ';
    append_ftp_reply_safe(line, text);   // names and arguments are echoed in many texts
    line += line_end();
    co_return co_await send_raw(line);
}

std::string session::render(const std::vector<std::string>& lines) const {
    std::string bytes;
    for (const auto& line : lines) {
        bytes += line;
        bytes += line_end();
    }
    return bytes;
}

asio::awaitable<bool> session::reply_lines(const std::vector<std::string>& lines) {
    if (lines.empty()) co_return true;
    // The final code is that of the last line (RFC 959 §4.2: a multi-line reply ends with
    // "code SP"); for a single line it is the first.
    last_code_ = code_of(lines.back());
    if (last_code_ == 0) last_code_ = code_of(lines.front());
    co_return co_await send_raw(render(lines));
}

// A multi-line reply the server composes (RFC 959 §4.2): "code-first", the inner lines made
// safe so that none can end the reply, "code last". Scripted replies go out as written.
asio::awaitable<bool> session::reply_multiline(int code, std::string_view first,
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

asio::awaitable<std::optional<ftp_line>> session::next_line() {
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
            rule_ = nullptr;
            co_await reply(421, "Timeout: no command received, closing control connection.");
            co_return std::nullopt;
        }
        if (ec) co_return std::nullopt;
        lines_.append(std::string_view(read_buffer_.data(), n));
    }
    co_return lines_.next();
}

asio::awaitable<void> session::run() {
    id_ = ++state_->next_session_id;
    error_code ec;
    control_.set_option(tcp::no_delay(true), ec);
    auto peer = control_.remote_endpoint(ec);
    if (ec) co_return;
    peer_address_ = peer.address();
    local_address_ = control_.local_endpoint(ec).address();

    struct counter {
        std::atomic<std::size_t>& count;
        ~counter() { --count; }
    } guard{state_->active_sessions};
    if (++state_->active_sessions > config_.limits.max_sessions) {
        // RFC 959 §4.2: 421 instead of the greeting, then close (as vsftpd and pyftpdlib do).
        journal_sequence_ =
            state_->journal.record({id_, std::chrono::system_clock::now(), "CONNECT", "", 0});
        co_await reply(421, "Too many connections, try again later.");
        control_.close(ec);
        co_return;
    }

    // Greeting (RFC 959 §5.4: 220), possibly scripted with the pseudo-command CONNECT.
    rule_ = state_->rules.empty() ? nullptr : state_->rules.take("CONNECT", "");
    bool keep = true;
    if (rule_) {
        journal_sequence_ =
            state_->journal.record({id_, std::chrono::system_clock::now(), "CONNECT", "", 0});
        if (rule_->delay.count() > 0) co_await sleep_for(rule_->delay);
        keep = co_await reply_lines(rule_->reply.empty() ? config_.greeting : rule_->reply);
        if (rule_->close_control) keep = false;
        journal_sequence_.reset();
    } else {
        keep = co_await reply_lines(config_.greeting);
    }
    rule_ = nullptr;

    while (keep) {
        journal_sequence_.reset();
        rule_ = nullptr;
        auto line = co_await next_line();
        if (!line) break;
        last_code_ = 0;
        rule_ = nullptr;
        close_after_ = false;
        if (line->too_long) {
            journal_sequence_ = state_->journal.record(
                {id_, std::chrono::system_clock::now(), "", "<line too long>", 0});
            keep = co_await reply(500, "Command line too long.");
            continue;
        }
        auto command = parse_ftp_command(line->text);
        if (command.verb.empty()) continue;  // empty lines are ignored, as most servers do
        journal_sequence_ = state_->journal.record(
            {id_, std::chrono::system_clock::now(), command.verb, command.argument, 0});
        keep = co_await handle(command);
    }
    drop_data_setup();
    control_.shutdown(tcp::socket::shutdown_both, ec);
    control_.close(ec);
}

asio::awaitable<bool> session::handle(const ftp_command& command) {
    if (!command.valid_verb) co_return co_await reply(500, "Syntax error, command unrecognized.");
    const auto& verb = command.verb;
    rule_ = state_->rules.empty() ? nullptr : state_->rules.take(verb, command.argument);
    if (rule_) {
        if (rule_->delay.count() > 0) co_await sleep_for(rule_->delay);
        if (!rule_->reply.empty()) {
            // A reply override answers instead of the server; the state does not change.
            bool ok = co_await reply_lines(rule_->reply);
            co_return ok && !rule_->close_control;
        }
        const bool other_effect = !rule_->preliminary.empty() || !rule_->final_reply.empty() ||
                                  rule_->data != ftp_data_action::normal ||
                                  rule_->bad_pasv_address || rule_->combine_replies;
        if (rule_->close_control && !other_effect) co_return false;  // close without a reply
    }
    const bool rename_was_armed = rename_armed_;
    rename_armed_ = false;
    if (verb != "RNTO" || !rename_was_armed) {
        if (verb != "RNFR") rename_from_.reset();
    }
    bool keep = co_await dispatch(command);
    if (verb != "REST" && is_transfer_command(verb)) rest_ = 0;
    if (rule_ && rule_->close_control) keep = false;
    if (close_after_) keep = false;
    co_return keep;
}

asio::awaitable<bool> session::dispatch(const ftp_command& command) {
    const std::string& verb = command.verb;
    const std::string& arg = command.argument;

    const bool known = contains(known_commands, verb) || verb == "EPSV";
    if (!known) {
        if (contains(not_implemented, verb))
            co_return co_await reply(502, "Command not implemented.");
        co_return co_await reply(500, "Unknown command.");
    }
    if (!logged_in_ && !contains(before_login, verb))
        co_return co_await reply(530, "Please login with USER and PASS.");

    if (verb == "USER") co_return co_await cmd_user(arg);
    if (verb == "PASS") co_return co_await cmd_pass(arg);
    if (verb == "ACCT") {
        if (logged_in_) co_return co_await reply(202, "Account not needed, already logged in.");
        co_return co_await reply(503, pending_user_ ? "Login with PASS first." : "Login with USER first.");
    }
    if (verb == "QUIT") {
        co_await reply(221, "Goodbye.");
        co_return false;
    }
    if (verb == "REIN") {
        reinitialize();
        co_return co_await reply(220, "Service ready for new user.");
    }
    if (verb == "NOOP") co_return co_await reply(200, "NOOP ok.");
    if (verb == "SYST")
        co_return co_await reply(215, config_.flavour == ftp_flavour::iis ? "Windows_NT" : "UNIX Type: L8");
    if (verb == "FEAT") co_return co_await cmd_feat(arg);
    if (verb == "OPTS") co_return co_await cmd_opts(arg);
    if (verb == "HELP") co_return co_await cmd_help(arg);
    if (verb == "CWD" || verb == "XCWD") co_return co_await cmd_cwd(arg);
    if (verb == "CDUP" || verb == "XCUP") co_return co_await cmd_cwd("..");
    if (verb == "PWD" || verb == "XPWD")
        co_return co_await reply(257, quote_ftp_path(cwd_) + " is the current directory.");
    if (verb == "MKD" || verb == "XMKD") co_return co_await cmd_mkd(arg);
    if (verb == "RMD" || verb == "XRMD") co_return co_await cmd_rmd(arg);
    if (verb == "DELE") co_return co_await cmd_dele(arg);
    if (verb == "RNFR") co_return co_await cmd_rnfr(arg);
    if (verb == "RNTO") co_return co_await cmd_rnto(arg);
    if (verb == "RETR") co_return co_await cmd_retr(arg);
    if (verb == "STOR" || verb == "STOU" || verb == "APPE") co_return co_await cmd_store(verb, arg);
    if (verb == "LIST" || verb == "NLST" || verb == "MLSD") co_return co_await cmd_list(verb, arg);
    if (verb == "MLST") co_return co_await cmd_mlst(arg);
    if (verb == "SIZE" || verb == "MDTM") co_return co_await cmd_size_mdtm(verb, arg);
    if (verb == "REST") {
        // RFC 3659 §5: REST <marker> in STREAM mode is a byte offset; 350 until the transfer.
        std::uint64_t offset = 0;
        auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), offset);
        if (arg.empty() || ec != std::errc() || end != arg.data() + arg.size())
            co_return co_await reply(501, "REST needs a byte offset.");
        rest_ = offset;
        co_return co_await reply(350, "Restarting at " + arg + ". Send STORE or RETRIEVE.");
    }
    if (verb == "ABOR") co_return co_await reply(225, "No transfer to abort.");
    if (verb == "TYPE") co_return co_await cmd_type(arg);
    if (verb == "MODE") {
        auto mode = upper(arg);
        if (mode == "S") co_return co_await reply(200, "Mode set to S.");
        if (mode == "B" || mode == "C") co_return co_await reply(504, "Only MODE S is supported.");
        co_return co_await reply(501, "Unknown transfer mode.");
    }
    if (verb == "STRU") {
        auto structure = upper(arg);
        if (structure == "F") co_return co_await reply(200, "Structure set to F.");
        if (structure == "R" || structure == "P")
            co_return co_await reply(504, "Only STRU F is supported.");
        co_return co_await reply(501, "Unknown file structure.");
    }
    if (verb == "STAT") co_return co_await cmd_stat(arg);
    if (verb == "SITE") {
        if (arg.empty()) co_return co_await reply(501, "SITE needs a subcommand.");
        if (upper(arg) == "HELP") co_return co_await reply(214, "SITE subcommands: HELP.");
        co_return co_await reply(500, "Unknown SITE command.");
    }
    if (verb == "ALLO") {
        if (arg.empty()) co_return co_await reply(501, "ALLO needs a size.");
        co_return co_await reply(202, "ALLO not needed.");
    }
    if (verb == "PORT" || verb == "EPRT") co_return co_await cmd_port(verb, arg);
    if (verb == "PASV") {
        if (!arg.empty()) co_return co_await reply(501, "PASV takes no argument.");
        if (epsv_all_) co_return co_await reply(503, "PASV not allowed after EPSV ALL.");
        co_return co_await open_passive(false);
    }
    if (verb == "EPSV") co_return co_await cmd_epsv(arg);
    co_return co_await reply(502, "Command not implemented.");
}

void session::reinitialize() {
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
    drop_data_setup();
}

// ---- login ---------------------------------------------------------------------------------

asio::awaitable<bool> session::cmd_user(const std::string& arg) {
    reinitialize();
    if (arg.empty()) co_return co_await reply(501, "USER needs a name.");
    if (config_.anonymous && (arg == "anonymous" || arg == "ftp")) {
        pending_user_ = arg;
        pending_anonymous_ = true;
        co_return co_await reply(331, "Anonymous login okay, send your e-mail address as password.");
    }
    bool known = std::any_of(config_.users.begin(), config_.users.end(),
                             [&](const ftp_user& user) { return user.name == arg; });
    if (!known && config_.unknown_user == ftp_unknown_user_policy::reject)
        co_return co_await reply(530, "Login incorrect.");
    // RFC 2577 §5: the same 331 for known and unknown names avoids user enumeration.
    pending_user_ = arg;
    co_return co_await reply(331, "Please specify the password.");
}

asio::awaitable<bool> session::cmd_pass(const std::string& arg) {
    if (logged_in_) co_return co_await reply(503, "Already logged in.");
    if (!pending_user_) co_return co_await reply(503, "Login with USER first.");
    std::string name = *pending_user_;
    pending_user_.reset();
    if (pending_anonymous_) {
        pending_anonymous_ = false;
        user_ = name;
        logged_in_ = true;
        co_return co_await reply(230, "Anonymous access granted, restrictions apply.");
    }
    for (const auto& user : config_.users) {
        if (user.name == name && user.password == arg) {
            user_ = name;
            logged_in_ = true;
            co_return co_await reply(230, "User " + name + " logged in.");
        }
    }
    co_return co_await reply(530, "Login incorrect.");
}

// ---- paths ---------------------------------------------------------------------------------

session::target session::resolve(std::string_view argument, bool for_write) const {
    target result;
    auto virtual_path = resolve_ftp_path(cwd_, argument);
    result.status = virtual_path.status;
    if (result.status != ftp_path_status::ok) return result;
    result.virtual_path = virtual_path.path;
    result.real = state_->root;
    if (virtual_path.path.size() > 1) result.real /= virtual_path.path.substr(1);
    std::error_code ec;
    auto status = fs::status(result.real, ec);
    result.exists = !ec && fs::exists(status);
    result.directory = result.exists && fs::is_directory(status);
    // Symlinks may point anywhere: compare where the path really leads (for a new file, where
    // its folder leads) with the canonical root.
    fs::path probe = result.exists || !for_write ? result.real : result.real.parent_path();
    auto canonical = fs::weakly_canonical(probe, ec);
    result.inside = !ec && is_within(state_->root, canonical);
    if (!result.inside) result.exists = result.directory = false;
    return result;
}

ftp_entry_info session::info_of(const fs::path& real, std::string name) const {
    ftp_entry_info info;
    info.name = std::move(name);
    std::error_code ec;
    info.directory = fs::is_directory(real, ec);
    if (!info.directory) {
        auto size = fs::file_size(real, ec);
        info.size = ec ? 0 : size;
    }
    info.modified = mtime_of(real);
    info.writable = config_.writable;
    return info;
}

std::vector<ftp_entry_info> session::list_dir(const fs::path& real) const {
    std::vector<ftp_entry_info> entries;
    std::error_code ec;
    for (fs::directory_iterator it(real, ec), end; !ec && it != end; it.increment(ec)) {
        const auto& path = it->path();
        std::error_code sec;
        // A symlink that leads out of the root (or nowhere) is not shown.
        auto canonical = fs::weakly_canonical(path, sec);
        if (sec || !is_within(state_->root, canonical) || !fs::exists(canonical, sec)) continue;
        entries.push_back(info_of(path, path.filename().string()));
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return entries;
}

std::uint64_t session::used_bytes() const {
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(state_->root, ec), end; !ec && it != end;
         it.increment(ec)) {
        std::error_code sec;
        if (it->is_regular_file(sec)) total += it->file_size(sec);
    }
    return total;
}

asio::awaitable<bool> session::cmd_cwd(const std::string& arg) {
    auto where = resolve(arg.empty() ? "/" : arg);
    if (where.status != ftp_path_status::ok || !where.directory)
        co_return co_await reply(550, "Failed to change directory.");
    cwd_ = where.virtual_path;
    co_return co_await reply(250, "Directory successfully changed.");
}

asio::awaitable<bool> session::cmd_mkd(const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, "MKD needs a name.");
    auto where = resolve(arg, true);
    if (where.status == ftp_path_status::bad_name)
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (!where.inside || where.exists || where.virtual_path == "/" ||
        !fs::create_directory(where.real, ec) || ec)
        co_return co_await reply(550, "Create directory operation failed.");
    co_return co_await reply(257, quote_ftp_path(where.virtual_path) + " created.");
}

asio::awaitable<bool> session::cmd_rmd(const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, "RMD needs a name.");
    auto where = resolve(arg);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (where.status != ftp_path_status::ok || !where.directory || where.virtual_path == "/" ||
        fs::is_symlink(where.real, ec) || !fs::remove(where.real, ec) || ec)
        co_return co_await reply(550, "Remove directory operation failed.");
    co_return co_await reply(250, "Remove directory operation successful.");
}

asio::awaitable<bool> session::cmd_dele(const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, "DELE needs a name.");
    auto where = resolve(arg);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (where.status != ftp_path_status::ok || !where.exists || where.directory ||
        !fs::remove(where.real, ec) || ec)
        co_return co_await reply(550, "Delete operation failed.");
    co_return co_await reply(250, "Delete operation successful.");
}

asio::awaitable<bool> session::cmd_rnfr(const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, "RNFR needs a name.");
    auto where = resolve(arg);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    if (where.status != ftp_path_status::ok || !where.exists || where.virtual_path == "/")
        co_return co_await reply(550, "RNFR command failed.");
    rename_from_ = where.virtual_path;
    rename_armed_ = true;
    co_return co_await reply(350, "Ready for RNTO.");
}

asio::awaitable<bool> session::cmd_rnto(const std::string& arg) {
    // RFC 959 §4.1.3: RNTO must immediately follow RNFR, else 503.
    if (!rename_from_) co_return co_await reply(503, "RNFR required first.");
    auto from = resolve(*rename_from_);
    rename_from_.reset();
    if (arg.empty()) co_return co_await reply(501, "RNTO needs a name.");
    auto to = resolve(arg, true);
    if (to.status == ftp_path_status::bad_name || !to.inside || to.virtual_path == "/")
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    std::error_code ec;
    if (!from.exists || to.exists) co_return co_await reply(553, "Rename failed.");
    fs::rename(from.real, to.real, ec);
    if (ec) co_return co_await reply(553, "Rename failed.");
    co_return co_await reply(250, "Rename successful.");
}

asio::awaitable<bool> session::cmd_size_mdtm(const std::string& verb, const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, verb + " needs a file name.");
    auto where = resolve(arg);
    // RFC 3659 §4.2 / §3.2: 550 when the file does not exist or is not a plain file.
    if (where.status != ftp_path_status::ok || !where.exists || where.directory)
        co_return co_await reply(550, "Could not get file " +
                                          std::string(verb == "SIZE" ? "size." : "modification time."));
    if (verb == "SIZE") {
        std::error_code ec;
        co_return co_await reply(213, std::to_string(fs::file_size(where.real, ec)));
    }
    co_return co_await reply(213, format_mdtm(mtime_of(where.real)));
}

asio::awaitable<bool> session::cmd_type(const std::string& arg) {
    auto type = upper(arg);
    if (type == "I" || type == "L 8") {
        binary_ = true;
        co_return co_await reply(200, "Switching to Binary mode.");
    }
    if (type == "A" || type == "A N") {
        binary_ = false;
        co_return co_await reply(200, "Switching to ASCII mode.");
    }
    if (type == "E" || type == "A T" || type == "A C" || type == "E N" || type.starts_with("L "))
        co_return co_await reply(504, "Unsupported TYPE parameter.");
    co_return co_await reply(501, "Unrecognised TYPE command.");
}

asio::awaitable<bool> session::cmd_feat(const std::string& arg) {
    // RFC 2389 §3.2: "211-" first line, one feature per line with exactly one leading space,
    // "211 End". FEAT takes no argument (501).
    if (!arg.empty()) co_return co_await reply(501, "FEAT takes no argument.");
    static const std::vector<std::string> features = {
        " EPRT", " EPSV", " MDTM", " MLST type*;size*;modify*;perm*;", " PASV",
        " REST STREAM", " SIZE", " TVFS", " UTF8"};
    co_return co_await reply_multiline(211, "Features:", features, "End");
}

asio::awaitable<bool> session::cmd_opts(const std::string& arg) {
    auto option = upper(arg);
    if (option == "UTF8 ON" || option == "UTF8")
        co_return co_await reply(200, "Always in UTF8 mode.");
    if (option.starts_with("MLST"))
        co_return co_await reply(200, "MLST OPTS type;size;modify;perm;");
    co_return co_await reply(501, "Option not understood.");
}

asio::awaitable<bool> session::cmd_help(const std::string& arg) {
    if (!arg.empty()) {
        auto verb = upper(arg);
        if (contains(known_commands, verb) || verb == "EPSV")
            co_return co_await reply(214, verb + " is supported.");
        co_return co_await reply(501, "Unknown command " + verb + ".");
    }
    std::vector<std::string> lines;
    std::string row;
    int count = 0;
    for (auto verb : known_commands) {
        row += ' ';
        row += verb;
        if (++count % 12 == 0) {
            lines.push_back(row);
            row.clear();
        }
    }
    row += " EPSV";
    lines.push_back(row);
    co_return co_await reply_multiline(214, "The following commands are recognized.", lines,
                                       "Help OK.");
}

asio::awaitable<bool> session::cmd_stat(const std::string& arg) {
    if (arg.empty()) {
        // RFC 959 §4.1.3 STAT without argument: status of the session, multi-line 211.
        std::vector<std::string> lines = {
            " Connected to " + peer_address_.to_string(),
            " Logged in as " + user_,
            std::string(" TYPE: ") + (binary_ ? "BINARY" : "ASCII"),
            " Session timeout in seconds is " +
                std::to_string(config_.limits.idle_timeout.count() / 1000),
            " Control connection is plain text"};
        co_return co_await reply_multiline(211, "FTP server status:", lines, "End of status");
    }
    // STAT path: a listing over the control connection (213).
    std::vector<std::string> lines;
    auto where = resolve(arg);
    auto now = std::chrono::system_clock::now();
    if (where.status == ftp_path_status::ok && where.exists) {
        auto entries = where.directory ? list_dir(where.real)
                                       : std::vector{info_of(where.real, where.real.filename().string())};
        for (const auto& entry : entries) lines.push_back(" " + format_unix_list_line(entry, now));
    }
    co_return co_await reply_multiline(213, "Status follows:", lines, "End of status");
}

asio::awaitable<bool> session::cmd_mlst(const std::string& arg) {
    auto where = resolve(arg);
    if (where.status != ftp_path_status::ok || !where.exists)
        co_return co_await reply(550, "No such file or directory.");
    auto info = info_of(where.real, where.real.filename().string());
    // RFC 3659 §7.2: the facts line starts with exactly one space; the reply is 250 multi-line.
    const std::vector<std::string> facts = {" " + format_mlsx_line(info, where.virtual_path)};
    co_return co_await reply_multiline(250, "Listing " + where.virtual_path, facts, "End");
}

// ---- data connections ----------------------------------------------------------------------

void session::drop_data_setup() {
    error_code ec;
    if (passive_) passive_->close(ec);
    passive_.reset();
    active_.reset();
    bad_pasv_ = false;
}

asio::awaitable<bool> session::open_passive(bool extended) {
    drop_data_setup();
    auto executor = co_await asio::this_coro::executor;
    tcp::acceptor acceptor(executor);
    error_code ec;
    const tcp::endpoint local(local_address_, 0);
    acceptor.open(local.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    bool bound = false;
    if (!ec) {
        if (config_.pasv_port_min != 0) {
            const std::uint32_t span = config_.pasv_port_max - config_.pasv_port_min + 1u;
            for (std::uint32_t tries = 0; tries < span && !bound; ++tries) {
                auto port = static_cast<std::uint16_t>(
                    config_.pasv_port_min + (state_->next_pasv_offset++ % span));
                acceptor.bind(tcp::endpoint(local_address_, port), ec);
                bound = !ec;
            }
        } else {
            acceptor.bind(local, ec);
            bound = !ec;
        }
    }
    if (bound) acceptor.listen(4, ec);
    if (!bound || ec) co_return co_await reply(425, "Cannot open passive connection.");
    const auto port = acceptor.local_endpoint(ec).port();
    passive_.emplace(std::move(acceptor));
    if (extended) {
        // RFC 2428 §3: "229 <text> (|||port|)".
        co_return co_await reply(229, "Entering Extended Passive Mode (|||" + std::to_string(port) + "|).");
    }
    std::optional<std::string> address;
    if (rule_ && rule_->bad_pasv_address)
        address = "999,999,999,999," + std::to_string(port / 256) + "," + std::to_string(port % 256);
    else if (local_address_.is_v4())
        address = format_pasv_address(local_address_.to_string(), port);
    if (!address) {
        drop_data_setup();
        co_return co_await reply(425, "PASV needs an IPv4 control connection; use EPSV.");
    }
    // RFC 959 §4.1.2 / §5.4: "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)."
    co_return co_await reply(227, "Entering Passive Mode (" + *address + ").");
}

asio::awaitable<bool> session::cmd_epsv(const std::string& arg) {
    auto option = upper(arg);
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

asio::awaitable<bool> session::cmd_port(const std::string& verb, const std::string& arg) {
    if (epsv_all_) co_return co_await reply(503, verb + " not allowed after EPSV ALL.");
    ftp_host_port endpoint;
    if (verb == "PORT") {
        auto parsed = parse_port_argument(arg);
        if (!parsed) co_return co_await reply(501, "Illegal PORT command.");
        endpoint = *parsed;
    } else {
        auto parsed = parse_eprt_argument(arg);
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
    if (peer.is_v6() && peer.to_v6().is_v4_mapped())
        peer = peer.to_v6().to_v4();
    if (ec || address != peer)
        co_return co_await reply(504, "Data connections only to the client's own address.");
    if (endpoint.port < 1024)
        co_return co_await reply(504, "Data connections to privileged ports are refused.");
    drop_data_setup();
    active_ = tcp::endpoint(address, endpoint.port);
    co_return co_await reply(200, verb + " command successful. Consider using PASV.");
}

asio::awaitable<std::optional<tcp::socket>> session::open_data() {
    auto executor = co_await asio::this_coro::executor;
    const auto timeout = config_.limits.data_timeout;
    if (passive_) {
        auto acceptor = std::move(*passive_);
        passive_.reset();
        auto [ec, peer] = co_await accept_for(acceptor, timeout);
        error_code ignore;
        acceptor.close(ignore);
        if (ec) co_return std::nullopt;
        // Only the client that asked may use the passive port (RFC 2577 §3, port theft).
        auto remote = peer.remote_endpoint(ignore).address();
        if (ignore || remote != peer_address_) co_return std::nullopt;
        peer.set_option(tcp::no_delay(true), ignore);
        co_return std::optional<tcp::socket>(std::move(peer));
    }
    if (active_) {
        auto endpoint = *active_;
        active_.reset();
        tcp::socket socket(executor);
        error_code ec;
        socket.open(endpoint.protocol(), ec);
        if (!ec) socket.bind(tcp::endpoint(local_address_, 0), ec);
        if (ec) co_return std::nullopt;
        ec = co_await connect_for(socket, endpoint, timeout);
        if (ec) co_return std::nullopt;
        socket.set_option(tcp::no_delay(true), ec);
        co_return std::optional<tcp::socket>(std::move(socket));
    }
    co_return std::nullopt;
}

asio::awaitable<watch_end> session::watch_control() {
    // Reads the control connection while a transfer runs: ABOR ends the transfer
    // (RFC 959 §4.1.3); other commands wait until the transfer is over.
    while (true) {
        while (!lines_.has_line()) {
            auto [ec, n] = co_await read_some_for(control_, asio::buffer(read_buffer_),
                                                  config_.limits.idle_timeout);
            if (ec == asio::error::timed_out) continue;
            if (ec) co_return watch_end::control_closed;
            lines_.append(std::string_view(read_buffer_.data(), n));
        }
        auto line = lines_.next();
        if (!line) continue;
        const bool abort = !line->too_long && parse_ftp_command(line->text).verb == "ABOR";
        // ABOR stays queued too: when the transfer ends first it wins the race, and the ABOR
        // is then answered as a command of its own (finish_transfer drops it when it aborted).
        deferred_.push_back(std::move(*line));
        if (abort) co_return watch_end::abort;
    }
}

asio::awaitable<bool> session::never_open() {
    // Scripted fault: the data connection is never accepted or made.
    drop_data_setup();
    if (rule_->data_fail_code == 0) {
        std::vector<std::string> lines = rule_->preliminary;
        if (lines.empty()) lines.push_back("150 Opening data connection.");
        co_return co_await reply_lines(lines);
    }
    if (!rule_->preliminary.empty()) co_await reply_lines(rule_->preliminary);
    if (!rule_->final_reply.empty()) {
        co_await reply_lines(rule_->final_reply);
    } else if (rule_->data_fail_code == 421) {
        co_await reply(421, "Service not available, closing control connection.");
    } else {
        co_await reply(425, "Can't open data connection.");
    }
    if (rule_->data_fail_code == 421) co_return false;
    co_return true;
}

asio::awaitable<transfer_end> session::send_payload(tcp::socket& data,
                                                    std::optional<fs::path> file,
                                                    const std::string& listing,
                                                    std::uint64_t offset) {
    const auto timeout = config_.limits.data_timeout;
    const ftp_data_action action = rule_ ? rule_->data : ftp_data_action::normal;
    const bool scripted_bytes = rule_ && rule_->data_bytes.has_value();
    std::ifstream in;
    std::string_view memory;
    if (scripted_bytes) {
        memory = *rule_->data_bytes;
    } else if (file) {
        in.open(*file, std::ios::binary);
        if (!in) co_return transfer_end::failed;
        in.seekg(static_cast<std::streamoff>(offset));
    } else {
        memory = listing;
    }
    const bool from_file = file && !scripted_bytes;
    const bool ascii = from_file && !binary_;

    std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
    if (action == ftp_data_action::close_early || action == ftp_data_action::reset)
        limit = rule_->close_after;
    std::size_t piece = 64 * 1024;
    if (action == ftp_data_action::send_slowly) piece = std::max<std::size_t>(1, rule_->slow_chunk);

    std::vector<char> buffer(64 * 1024);
    std::string converted;
    std::uint64_t sent = 0;
    std::size_t memory_pos = 0;
    bool previous_cr = false;
    while (sent < limit) {
        std::size_t want = static_cast<std::size_t>(
            std::min<std::uint64_t>(std::min<std::size_t>(piece, buffer.size()), limit - sent));
        std::string_view chunk;
        if (from_file) {
            in.read(buffer.data(), static_cast<std::streamsize>(want));
            auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0) break;
            chunk = std::string_view(buffer.data(), got);
            if (ascii) {
                // TYPE A (RFC 959 §3.1.1.1): NVT-ASCII lines end with CRLF on the wire.
                converted.clear();
                for (char c : chunk) {
                    if (c == '\n' && !previous_cr) converted.push_back('\r');
                    converted.push_back(c);
                    previous_cr = c == '\r';
                }
                chunk = converted;
            }
        } else {
            if (memory_pos >= memory.size()) break;
            chunk = memory.substr(memory_pos, want);
            memory_pos += chunk.size();
        }
        auto ec = co_await write_for(data, asio::buffer(chunk.data(), chunk.size()), timeout);
        if (ec) co_return transfer_end::failed;
        sent += chunk.size();
        if (action == ftp_data_action::send_slowly) co_await sleep_for(rule_->slow_interval);
    }
    if (action == ftp_data_action::reset) co_return transfer_end::reset;
    if (action == ftp_data_action::close_early) co_return transfer_end::closed_early;
    co_return transfer_end::complete;
}

// The preliminary reply of a transfer (RFC 959 §5.4: 125/150 before the data moves): a scripted
// one, or "150 <text>"; held back in `held` when a rule sends it together with the final reply.
// False when the control connection failed.
asio::awaitable<bool> session::announce_transfer(const std::string& preliminary_text, std::string& held) {
    if (rule_ && rule_->combine_replies) {
        held = rule_->preliminary.empty() ? render({"150 " + ftp_reply_safe(preliminary_text)})
                                          : render(rule_->preliminary);
        co_return true;
    }
    if (rule_ && !rule_->preliminary.empty()) co_return co_await reply_lines(rule_->preliminary);
    co_return co_await reply(150, preliminary_text);
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

// Ends a transfer from the outcome of the race between the data connection and the control
// connection: closes the data connection, then sends the final reply (or 426 + 226 on ABOR).
asio::awaitable<bool> session::finish_transfer(tcp::socket& data, std::variant<transfer_end, watch_end> outcome,
                                               std::string held_preliminary,
                                               std::string final_text) {
    transfer_end end = transfer_end::failed;
    bool aborted = false, control_closed = false;
    if (outcome.index() == 0) {
        end = std::get<0>(outcome);
    } else {
        aborted = std::get<1>(outcome) == watch_end::abort;
        control_closed = !aborted;
    }
    close_data(data, end == transfer_end::reset || aborted);
    if (control_closed) co_return false;
    if (aborted) {
        deferred_.pop_back();   // the ABOR that watch_control queued last is answered here
        // RFC 959 §4.1.3 ABOR: 426 for the interrupted command, then 226 for ABOR itself.
        rule_ = nullptr;
        co_await reply(426, "Connection closed; transfer aborted.");
        // The journal shows the transfer command with its 426, then ABOR with its 226.
        journal_sequence_ =
            state_->journal.record({id_, std::chrono::system_clock::now(), "ABOR", "", 0});
        co_return co_await reply(226, "Abort successful.");
    }
    std::vector<std::string> final_lines;
    if (rule_ && !rule_->final_reply.empty()) {
        final_lines = rule_->final_reply;
    } else {
        switch (end) {
            case transfer_end::complete:
            case transfer_end::closed_early:
                final_lines = {"226 " + ftp_reply_safe(final_text)};
                break;
            case transfer_end::failed:
            case transfer_end::reset:
                final_lines = {"426 Connection closed; transfer aborted."};
                break;
            case transfer_end::quota:
                final_lines = {config_.limits.quota_code == 452
                                   ? "452 Insufficient storage space."
                                   : "552 Requested file action aborted. Exceeded storage allocation."};
                break;
        }
    }
    if (!held_preliminary.empty()) {
        // Scripted: the 1yz and the final reply leave in one write.
        last_code_ = code_of(final_lines.back());
        co_return co_await send_raw(held_preliminary + render(final_lines));
    }
    co_return co_await reply_lines(final_lines);
}


asio::awaitable<bool> session::download(const std::string& verb, std::optional<fs::path> file,
                                        std::string listing, std::uint64_t offset,
                                        std::string preliminary_text) {
    if (rule_ && rule_->data == ftp_data_action::never_open) co_return co_await never_open();
    auto data = co_await open_data();
    if (!data) co_return co_await reply(425, "Failed to establish data connection.");
    std::string held;
    if (!co_await announce_transfer(preliminary_text, held)) co_return false;
    auto outcome = co_await (send_payload(*data, std::move(file), listing, offset) || watch_control());
    (void)verb;
    co_return co_await finish_transfer(*data, std::move(outcome), held, "Transfer complete.");
}

asio::awaitable<bool> session::cmd_retr(const std::string& arg) {
    if (arg.empty()) co_return co_await reply(501, "RETR needs a file name.");
    auto where = resolve(arg);
    if (where.status != ftp_path_status::ok || !where.exists || where.directory)
        co_return co_await reply(550, "Failed to open file.");
    std::error_code ec;
    const auto size = fs::file_size(where.real, ec);
    {
        std::ifstream probe(where.real, std::ios::binary);
        if (ec || !probe) co_return co_await reply(550, "Failed to open file.");
    }
    // RFC 3659 §5.3: a restart marker beyond the end of the file is refused with 554.
    if (rest_ > size) co_return co_await reply(554, "Restart position beyond end of file.");
    auto offset = rest_;
    std::string text = std::string("Opening ") + (binary_ ? "BINARY" : "ASCII") +
                       " mode data connection for " + where.real.filename().string() + " (" +
                       std::to_string(size) + " bytes).";
    co_return co_await download("RETR", where.real, {}, offset, text);
}

asio::awaitable<bool> session::cmd_list(const std::string& verb, const std::string& arg) {
    // LIST/NLST accept ls-style options ("-la"); they select nothing here.
    std::string_view path = arg;
    while (!path.empty() && path.front() == '-') {
        auto space = path.find(' ');
        path = space == std::string_view::npos ? std::string_view() : path.substr(space + 1);
        while (!path.empty() && path.front() == ' ') path.remove_prefix(1);
    }
    auto where = resolve(path);
    if (where.status != ftp_path_status::ok || !where.exists)
        co_return co_await reply(550, "No such file or directory.");
    // RFC 3659 §7.2: MLSD of something that is not a folder is 501.
    if (verb == "MLSD" && !where.directory)
        co_return co_await reply(501, "MLSD needs a directory.");
    std::vector<ftp_entry_info> entries =
        where.directory ? list_dir(where.real)
                        : std::vector{info_of(where.real, where.real.filename().string())};
    const auto now = std::chrono::system_clock::now();
    std::string listing;
    for (const auto& entry : entries) {
        if (verb == "NLST")
            listing += entry.name;
        else if (verb == "MLSD")
            listing += format_mlsx_line(entry, entry.name);
        else if (config_.flavour == ftp_flavour::iis)
            listing += format_dos_list_line(entry);
        else
            listing += format_unix_list_line(entry, now);
        listing += "\r\n";
    }
    co_return co_await download(verb, std::nullopt, std::move(listing), 0,
                                "Here comes the directory listing.");
}

asio::awaitable<transfer_end> session::receive_payload(tcp::socket& data, std::ofstream& out,
                                                       std::uint64_t budget) {
    const auto timeout = config_.limits.data_timeout;
    const ftp_data_action action = rule_ ? rule_->data : ftp_data_action::normal;
    std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
    if (action == ftp_data_action::close_early || action == ftp_data_action::reset)
        limit = rule_->close_after;
    std::vector<char> buffer(64 * 1024);
    std::uint64_t received = 0;
    bool previous_cr = false;
    while (received < limit) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), limit - received));
        if (want == 0) break;
        auto [ec, n] = co_await read_some_for(data, asio::buffer(buffer.data(), want), timeout);
        if (ec == asio::error::eof) break;
        if (ec) co_return transfer_end::failed;
        received += n;
        bool over = received > budget;
        if (over) n -= static_cast<std::size_t>(received - budget);   // keep what fits
        if (binary_) {
            out.write(buffer.data(), static_cast<std::streamsize>(n));
        } else {
            // TYPE A: CRLF on the wire becomes LF in the stored file.
            for (std::size_t i = 0; i < n; ++i) {
                char c = buffer[i];
                if (previous_cr && c != '\n') out.put('\r');
                previous_cr = c == '\r';
                if (!previous_cr) out.put(c);
            }
        }
        if (!out) co_return transfer_end::failed;
        if (over) co_return transfer_end::quota;
    }
    if (previous_cr) out.put('\r');
    if (action == ftp_data_action::reset) co_return transfer_end::reset;
    if (action == ftp_data_action::close_early) co_return transfer_end::closed_early;
    co_return transfer_end::complete;
}

asio::awaitable<bool> session::upload(const target& where, std::ios::openmode mode,
                                      std::uint64_t offset, std::string preliminary_text,
                                      std::string final_text) {
    std::uint64_t budget = std::numeric_limits<std::uint64_t>::max();
    if (config_.limits.quota_bytes > 0) {
        auto used = used_bytes();
        if (used >= config_.limits.quota_bytes) {
            if (config_.limits.quota_code == 452)
                co_return co_await reply(452, "Insufficient storage space.");
            co_return co_await reply(552, "Requested file action aborted. Exceeded storage allocation.");
        }
        budget = config_.limits.quota_bytes - used;
    }
    if (rule_ && rule_->data == ftp_data_action::never_open) co_return co_await never_open();
    auto data = co_await open_data();
    if (!data) co_return co_await reply(425, "Failed to establish data connection.");
    std::error_code fec;
    if (offset > 0) {
        // REST before STOR (RFC 3659 §5.5): continue writing at the marker.
        if (fs::exists(where.real, fec) && fs::file_size(where.real, fec) > offset)
            fs::resize_file(where.real, offset, fec);
    }
    std::ofstream out(where.real, mode);
    if (offset > 0) out.seekp(static_cast<std::streamoff>(offset));
    if (!out) {
        close_data(*data, false);
        co_return co_await reply(553, "Could not create file.");
    }
    std::string held;
    if (!co_await announce_transfer(preliminary_text, held)) co_return false;
    auto outcome = co_await (receive_payload(*data, out, budget) || watch_control());
    out.close();
    co_return co_await finish_transfer(*data, std::move(outcome), held, final_text);
}

asio::awaitable<bool> session::cmd_store(const std::string& verb, const std::string& arg) {
    if (verb != "STOU" && arg.empty()) co_return co_await reply(501, verb + " needs a file name.");
    target where;
    if (verb == "STOU") {
        // RFC 959 §4.1.3 STOU: the server picks a unique name in the current folder.
        for (int i = 0; i < 1000; ++i) {
            auto candidate = resolve((arg.empty() ? std::string("stou") : arg) + "." +
                                         std::to_string(id_) + "." + std::to_string(i),
                                     true);
            if (candidate.status != ftp_path_status::ok || !candidate.exists) {
                where = candidate;
                break;
            }
        }
    } else {
        where = resolve(arg, true);
    }
    if (where.status == ftp_path_status::bad_name || where.virtual_path == "/")
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (!where.inside || where.directory || !fs::is_directory(where.real.parent_path(), ec))
        co_return co_await reply(553, "Could not create file.");
    if (verb == "APPE" && where.exists && !fs::is_regular_file(where.real, ec))
        co_return co_await reply(550, "Not a plain file.");
    const auto name = where.real.filename().string();
    if (verb == "STOU")
        co_return co_await upload(where, std::ios::binary | std::ios::trunc | std::ios::out, 0,
                                  "FILE: " + name,
                                  "Transfer complete (unique file name: " + name + ").");
    if (verb == "APPE")
        co_return co_await upload(where, std::ios::binary | std::ios::app | std::ios::out, 0,
                                  "Ok to send data.", "Transfer complete.");
    if (rest_ > 0) {
        if (!where.exists || fs::file_size(where.real, ec) < rest_)
            co_return co_await reply(554, "Restart position beyond end of file.");
        co_return co_await upload(where, std::ios::binary | std::ios::in | std::ios::out, rest_,
                                  "Ok to send data.", "Transfer complete.");
    }
    co_return co_await upload(where, std::ios::binary | std::ios::trunc | std::ios::out, 0,
                              "Ok to send data.", "Transfer complete.");
}

}  // namespace

ftp_server_state::ftp_server_state(ftp_mock_config cfg)
    : config(std::move(cfg)), journal(config.limits.journal_cap), rules(config.rules) {
    std::error_code ec;
    root = fs::canonical(config.root, ec);
    if (ec) root = fs::absolute(config.root);
}

asio::awaitable<void> run_ftp_session(std::shared_ptr<ftp_server_state> state, tcp::socket socket) {
    session s(std::move(state), std::move(socket));
    co_await s.run();
}

}  // namespace replycheck::mock::detail
