#pragma once
// What the FTP recorder keeps of each session, and the pure pieces built on it: the rewritten
// passive replies (RFC 959 §4.1.2 227, RFC 2428 §3 229) and the emitted scenario and mock files.
// Nothing here touches a socket. Passwords are never kept: a PASS is recorded without argument,
// and a reply that echoes it is masked.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/exchange.hpp"

namespace replycheck::record {

/// One command of a session and the replies the server gave (the greeting: verb "").
struct recorded_ftp_command {
    std::string verb;                                 ///< upper-case ("USER", "RETR"); "" = greeting
    std::string argument;                             ///< as sent; always "" for PASS and ACCT
    std::vector<protocol::ftp_reply_record> replies;  ///< 1yz replies, then the final one
    bool transfer = false;                            ///< a data connection moved bytes for it
    std::uint64_t data_bytes = 0;                     ///< bytes moved (download or upload)
    std::string data;                                 ///< the first of them, capped
    /// The final reply code; 0 when the server gave none (closed, timed out, garbage).
    int final_code() const noexcept;
    /// The first 1yz code, 0 when none.
    int preliminary_code() const noexcept;
    /// `data` holds every byte moved.
    bool data_complete() const noexcept { return data.size() == data_bytes; }
};

/// One client session: its own upstream control connection, commands in order.
struct recorded_ftp_session {
    std::string client;                          ///< the client's address ("127.0.0.1")
    std::vector<recorded_ftp_command> commands;  ///< the greeting first
    std::vector<std::string> notes;              ///< what was refused or cut, for the files' comments
};

/// The command line `line` (without CRLF) split into an upper-case verb and its argument (as
/// sent): the verb ends at the first SP or HT, leading blanks skipped.
std::pair<std::string, std::string> split_ftp_command(std::string_view line);

/// Every copy of `secret` (blanks around it trimmed, any case) in `replies` becomes "****": a
/// server may echo the PASS or ACCT line it did not understand, upper-cased.
void mask_ftp_secret(std::vector<protocol::ftp_reply_record>& replies, std::string_view secret);

/// True for the commands that move data on a data connection (RFC 959 §4.1.3, RFC 3659 §7).
bool is_ftp_transfer_verb(std::string_view verb) noexcept;
/// True for the uploads (STOR, STOU, APPE).
bool is_ftp_upload_verb(std::string_view verb) noexcept;

/// The reply line (with CRLF) the proxy gives its client instead of the server's 227 or 229:
/// the proxy's own passive port at `host`. A 227 can only name IPv4 (RFC 959 §4.1.2): for an
/// IPv6 `host` it is nullopt (the client should use EPSV). Other codes: nullopt.
std::optional<std::string> rewrite_passive_reply(int code, std::string_view host, std::uint16_t port);

/// How the emitted files are written.
struct ftp_emit_options {
    std::string upstream;                             ///< the recorded server, for the header comment
    std::string password_env = "REPLYCHECK_PASSWORD"; ///< the mock reads password_N from it + "_N"
    std::string root = "record-root";                 ///< the mock's (empty) root, relative to its file
    std::string file_name = "mock.toml";              ///< the mock file's name, for the how-to comment
    std::uint64_t max_data = 1024 * 1024;             ///< bytes of one transfer written into the mock
};

/// The secrets a replay needs, numbered in order of first use: a user whose password the
/// server accepted (PASS answered 230, 202, or 332 asking for an account: RFC 959 §5.4) gets
/// "password_N", one whose account it took (ACCT answered 230 or 202) "account_N". Anonymous
/// users need none. The scenario file sends them as `${password_N}`; the mock reads each
/// password from its own environment variable (ftp_mock_password_env).
struct ftp_secret_names {
    std::map<std::string, std::string> passwords;   ///< user → "password_N"
    std::map<std::string, std::string> accounts;    ///< user → "account_N"
};
ftp_secret_names ftp_secrets(const std::vector<recorded_ftp_session>& sessions);

/// The scenario file: one scenario per session with `ftp` steps, each expecting the recorded
/// code (transfers: their 1yz and final codes, and for RETR the size moved). Passwords and
/// accounts are `${password_N}` / `${account_N}` secrets named in the header; anonymous logins
/// send a placeholder address.
std::string ftp_scenario_file(const std::vector<recorded_ftp_session>& sessions, const ftp_emit_options& options);

/// The environment variable the mock reads the password `secret` ("password_N") from:
/// options.password_env + "_N".
std::string ftp_mock_password_env(const ftp_emit_options& options, std::string_view secret);

/// The [mock.ftp] config: the logged-in users (password from the environment), anonymous when
/// used, the greeting, and a script per (command, argument) giving the recorded reply lines and
/// transfer bytes, so the scenario file passes against it.
std::string ftp_mock_file(const std::vector<recorded_ftp_session>& sessions, const ftp_emit_options& options);

/// The folders (relative to the mock's root, "/"-separated, no "..") the sessions entered with
/// a successful CWD or CDUP: made in the root, so the mock changes folder and answers PWD itself.
std::vector<std::string> ftp_mock_folders(const std::vector<recorded_ftp_session>& sessions);

}  // namespace replycheck::record
