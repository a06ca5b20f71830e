// The commands of the mock FTP server that need no data connection: login (RFC 959 §4.1.1),
// paths and names (§4.1.3), transfer parameters (§4.1.2), information (STAT, HELP, RFC 2389
// FEAT/OPTS, RFC 3659 SIZE/MDTM/MLST).

#include <algorithm>
#include <charconv>
#include <utility>

#include <boost/asio.hpp>

#include "mockserver/ftp/ftp_command_table.hpp"
#include "mockserver/ftp/ftp_control_session.hpp"
#include "mockserver/ftp/ftp_listing.hpp"
#include "protocol/wire/ftp_path.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

// The FEAT lines, sorted. RFC 4217 §6: AUTH TLS when AUTH is offered, PBSZ and PROT when TLS
// can protect the session (AUTH or the implicit listener), CCC when it is allowed.
std::vector<std::string> feature_lines(bool auth, bool tls, bool ccc) {
    std::vector<std::string> lines;
    if (auth) lines.push_back(" AUTH TLS");
    if (tls && ccc) lines.push_back(" CCC");
    for (const char* feature : {" EPRT", " EPSV", " HOST", " MDTM", " MLST type*;size*;modify*;perm*;", " PASV"})
        lines.push_back(feature);
    if (tls) {
        lines.push_back(" PBSZ");
        lines.push_back(" PROT");
    }
    for (const char* feature : {" REST STREAM", " SIZE", " TVFS", " UTF8"}) lines.push_back(feature);
    return lines;
}

}  // namespace

// ---- login and session ---------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::cmd_user(const ftp_command& command) {
    const auto& name = command.argument;
    reinitialize();
    if (name.empty()) co_return co_await reply(501, "USER needs a name.");
    // RFC 4217 §4: a server may refuse to log in over an unprotected control connection
    // (IIS "534 Policy requires SSL.", vsftpd 530).
    if (login_needs_tls(name)) co_return co_await reply_line(config_.login_tls_refusal());
    if (config_.anonymous && (name == "anonymous" || name == "ftp")) {
        pending_user_ = name;
        pending_anonymous_ = true;
        co_return co_await reply(331, "Anonymous login okay, send your e-mail address as password.");
    }
    bool known = std::any_of(config_.users.begin(), config_.users.end(),
                             [&](const ftp_user& user) { return user.name == name; });
    if (!known && config_.unknown_user == ftp_unknown_user_policy::reject)
        co_return co_await reply(530, "Login incorrect.");
    // RFC 2577 §5: the same 331 for known and unknown names avoids user enumeration.
    pending_user_ = name;
    co_return co_await reply(331, "Please specify the password.");
}

asio::awaitable<bool> ftp_control_session::cmd_pass(const ftp_command& command) {
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
        if (user.name == name && user.password == command.argument) {
            user_ = name;
            logged_in_ = true;
            co_return co_await reply(230, "User " + name + " logged in.");
        }
    }
    co_return co_await reply(530, "Login incorrect.");
}

asio::awaitable<bool> ftp_control_session::cmd_acct(const ftp_command&) {
    if (logged_in_) co_return co_await reply(202, "Account not needed, already logged in.");
    co_return co_await reply(503, pending_user_ ? "Login with PASS first." : "Login with USER first.");
}

asio::awaitable<bool> ftp_control_session::cmd_quit(const ftp_command&) {
    co_await reply(221, "Goodbye.");
    co_return false;
}

asio::awaitable<bool> ftp_control_session::cmd_rein(const ftp_command&) {
    reinitialize();
    co_return co_await reply(220, "Service ready for new user.");
}

asio::awaitable<bool> ftp_control_session::cmd_host(const ftp_command& command) {
    // RFC 7151 §3: HOST comes before USER (503 after it); every name is served by the one root.
    if (logged_in_ || pending_user_) co_return co_await reply(503, "HOST must come before USER.");
    if (command.argument.empty()) co_return co_await reply(501, "HOST needs a host name.");
    co_return co_await reply(220, "Host " + command.argument + " is served here.");
}

asio::awaitable<bool> ftp_control_session::cmd_noop(const ftp_command&) {
    co_return co_await reply(200, "NOOP ok.");
}

// ---- paths and names -----------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::cmd_cwd(const ftp_command& command) {
    auto where = resolve(command.argument.empty() ? "/" : command.argument);
    if (where.status != ftp_path_status::ok || !where.directory)
        co_return co_await reply(550, "Failed to change directory.");
    cwd_ = where.virtual_path;
    co_return co_await reply(250, "Directory successfully changed.");
}

asio::awaitable<bool> ftp_control_session::cmd_cdup(const ftp_command&) {
    const ftp_command parent{"CWD", "..", true};
    co_return co_await cmd_cwd(parent);
}

asio::awaitable<bool> ftp_control_session::cmd_pwd(const ftp_command&) {
    co_return co_await reply(257, protocol::ftp_quote_path(cwd_) + " is the current directory.");
}

asio::awaitable<bool> ftp_control_session::cmd_mkd(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "MKD needs a name.");
    auto where = resolve(command.argument, true);
    if (where.status == ftp_path_status::bad_name)
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (!where.inside || where.exists || where.virtual_path == "/" ||
        !fs::create_directory(where.real, ec) || ec)
        co_return co_await reply(550, "Create directory operation failed.");
    co_return co_await reply(257, protocol::ftp_quote_path(where.virtual_path) + " created.");
}

asio::awaitable<bool> ftp_control_session::cmd_rmd(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "RMD needs a name.");
    auto where = resolve(command.argument);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (where.status != ftp_path_status::ok || !where.directory || where.virtual_path == "/" ||
        fs::is_symlink(where.real, ec) || !fs::remove(where.real, ec) || ec)
        co_return co_await reply(550, "Remove directory operation failed.");
    co_return co_await reply(250, "Remove directory operation successful.");
}

asio::awaitable<bool> ftp_control_session::cmd_dele(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "DELE needs a name.");
    auto where = resolve(command.argument);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (where.status != ftp_path_status::ok || !where.exists || where.directory ||
        !fs::remove(where.real, ec) || ec)
        co_return co_await reply(550, "Delete operation failed.");
    co_return co_await reply(250, "Delete operation successful.");
}

asio::awaitable<bool> ftp_control_session::cmd_rnfr(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "RNFR needs a name.");
    auto where = resolve(command.argument);
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    if (where.status != ftp_path_status::ok || !where.exists || where.virtual_path == "/")
        co_return co_await reply(550, "RNFR command failed.");
    rename_from_ = where.virtual_path;
    rename_armed_ = true;
    co_return co_await reply(350, "Ready for RNTO.");
}

asio::awaitable<bool> ftp_control_session::cmd_rnto(const ftp_command& command) {
    // RFC 959 §4.1.3: RNTO must immediately follow RNFR, else 503.
    if (!rename_from_) co_return co_await reply(503, "RNFR required first.");
    auto from = resolve(*rename_from_);
    rename_from_.reset();
    if (command.argument.empty()) co_return co_await reply(501, "RNTO needs a name.");
    auto to = resolve(command.argument, true);
    if (to.status == ftp_path_status::bad_name || !to.inside || to.virtual_path == "/")
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    std::error_code ec;
    if (!from.exists || to.exists) co_return co_await reply(553, "Rename failed.");
    fs::rename(from.real, to.real, ec);
    if (ec) co_return co_await reply(553, "Rename failed.");
    co_return co_await reply(250, "Rename successful.");
}

// ---- transfer parameters -------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::cmd_rest(const ftp_command& command) {
    // RFC 3659 §5: REST <marker> in STREAM mode is a byte offset; 350 until the transfer.
    const auto& arg = command.argument;
    std::uint64_t offset = 0;
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), offset);
    if (arg.empty() || ec != std::errc() || end != arg.data() + arg.size())
        co_return co_await reply(501, "REST needs a byte offset.");
    rest_ = offset;
    co_return co_await reply(350, "Restarting at " + arg + ". Send STORE or RETRIEVE.");
}

asio::awaitable<bool> ftp_control_session::cmd_abor(const ftp_command&) {
    // An ABOR during a transfer is answered by the transfer (ftp_transfer.cpp).
    co_return co_await reply(225, "No transfer to abort.");
}

asio::awaitable<bool> ftp_control_session::cmd_type(const ftp_command& command) {
    auto type = ftp_upper(command.argument);
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

asio::awaitable<bool> ftp_control_session::cmd_mode(const ftp_command& command) {
    auto mode = ftp_upper(command.argument);
    if (mode == "S") co_return co_await reply(200, "Mode set to S.");
    if (mode == "B" || mode == "C") co_return co_await reply(504, "Only MODE S is supported.");
    co_return co_await reply(501, "Unknown transfer mode.");
}

asio::awaitable<bool> ftp_control_session::cmd_stru(const ftp_command& command) {
    auto structure = ftp_upper(command.argument);
    if (structure == "F") co_return co_await reply(200, "Structure set to F.");
    if (structure == "R" || structure == "P") co_return co_await reply(504, "Only STRU F is supported.");
    co_return co_await reply(501, "Unknown file structure.");
}

asio::awaitable<bool> ftp_control_session::cmd_allo(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "ALLO needs a size.");
    co_return co_await reply(202, "ALLO not needed.");
}

// ---- information ---------------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::cmd_syst(const ftp_command&) {
    co_return co_await reply(215, config_.flavour == ftp_flavour::iis ? "Windows_NT" : "UNIX Type: L8");
}

asio::awaitable<bool> ftp_control_session::cmd_site(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "SITE needs a subcommand.");
    if (ftp_upper(command.argument) == "HELP") co_return co_await reply(214, "SITE subcommands: HELP.");
    co_return co_await reply(500, "Unknown SITE command.");
}

asio::awaitable<bool> ftp_control_session::cmd_feat(const ftp_command& command) {
    // RFC 2389 §3.2: "211-" first line, one feature per line with exactly one leading space,
    // "211 End". FEAT takes no argument (501).
    if (!command.argument.empty()) co_return co_await reply(501, "FEAT takes no argument.");
    const auto list = feature_lines(config_.auth_tls, config_.auth_tls || implicit_, config_.ccc);
    co_return co_await reply_multiline(211, "Features:", list, "End");
}

asio::awaitable<bool> ftp_control_session::cmd_opts(const ftp_command& command) {
    auto option = ftp_upper(command.argument);
    if (option == "UTF8 ON" || option == "UTF8") co_return co_await reply(200, "Always in UTF8 mode.");
    if (option.starts_with("MLST")) co_return co_await reply(200, "MLST OPTS type;size;modify;perm;");
    co_return co_await reply(501, "Option not understood.");
}

asio::awaitable<bool> ftp_control_session::cmd_help(const ftp_command& command) {
    if (!command.argument.empty()) {
        auto verb = ftp_upper(command.argument);
        const auto* spec = find_ftp_command(verb);
        if (spec && spec->handler) co_return co_await reply(214, verb + " is supported.");
        co_return co_await reply(501, "Unknown command " + verb + ".");
    }
    // The implemented commands, twelve to a line.
    std::vector<std::string_view> verbs;
    for (const auto& spec : ftp_command_table()) {
        if (!spec.handler) continue;
        verbs.push_back(spec.verb);
        if (!spec.alias.empty()) verbs.push_back(spec.alias);
    }
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < verbs.size(); ++i) {
        if (i % 12 == 0) lines.emplace_back();
        lines.back() += ' ';
        lines.back() += verbs[i];
    }
    co_return co_await reply_multiline(214, "The following commands are recognized.", lines,
                                       "Help OK.");
}

asio::awaitable<bool> ftp_control_session::cmd_stat(const ftp_command& command) {
    if (command.argument.empty()) {
        // RFC 959 §4.1.3 STAT without argument: status of the session, multi-line 211.
        std::vector<std::string> lines = {
            " Connected to " + peer_address_.to_string(),
            " Logged in as " + user_,
            std::string(" TYPE: ") + (binary_ ? "BINARY" : "ASCII"),
            " Session timeout in seconds is " +
                std::to_string(config_.limits.idle_timeout.count() / 1000),
            " Control connection is plain text",
            " Data connections are clear (PROT C)"};
        // (Plain statements: GCC mishandles conditional temporaries in coroutines.)
        if (control_.secured()) lines[4] = " Control connection is protected by " + control_.info().version;
        if (prot_private_) lines[5] = " Data connections are protected (PROT P)";
        co_return co_await reply_multiline(211, "FTP server status:", lines, "End of status");
    }
    // STAT path: a listing over the control connection (213).
    std::vector<std::string> lines;
    auto where = resolve(command.argument);
    auto now = std::chrono::system_clock::now();
    if (where.status == ftp_path_status::ok && where.exists) {
        const auto& files = state_->files;
        auto entries = where.directory
                           ? files.list_dir(where.real)
                           : std::vector{files.info_of(where.real, where.real.filename().string())};
        for (const auto& entry : entries) lines.push_back(" " + format_unix_list_line(entry, now));
    }
    co_return co_await reply_multiline(213, "Status follows:", lines, "End of status");
}

asio::awaitable<bool> ftp_control_session::cmd_mlst(const ftp_command& command) {
    auto where = resolve(command.argument);
    if (where.status != ftp_path_status::ok || !where.exists)
        co_return co_await reply(550, "No such file or directory.");
    auto info = state_->files.info_of(where.real, where.real.filename().string());
    // RFC 3659 §7.2: the facts line starts with exactly one space; the reply is 250 multi-line.
    const std::vector<std::string> facts = {" " + format_mlsx_line(info, where.virtual_path)};
    co_return co_await reply_multiline(250, "Listing " + where.virtual_path, facts, "End");
}

asio::awaitable<bool> ftp_control_session::cmd_size_mdtm(const ftp_command& command) {
    const auto& verb = command.verb;
    if (command.argument.empty()) co_return co_await reply(501, verb + " needs a file name.");
    auto where = resolve(command.argument);
    // RFC 3659 §4.2 / §3.2: 550 when the file does not exist or is not a plain file.
    const std::string refused = "Could not get file " + std::string(verb == "SIZE" ? "size." : "modification time.");
    if (where.status != ftp_path_status::ok || !where.regular) co_return co_await reply(550, refused);
    if (verb == "SIZE") {
        std::error_code ec;
        const auto size = fs::file_size(where.real, ec);
        if (ec) co_return co_await reply(550, refused);   // gone since: no size from a failed stat
        co_return co_await reply(213, std::to_string(size));
    }
    co_return co_await reply(213, format_mdtm(ftp_file_view::modified(where.real)));
}

}  // namespace replycheck::mock::detail
