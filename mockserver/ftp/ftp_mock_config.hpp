#pragma once
// Configuration of the mock FTP server: root, users, login policy, limits, flavour and the
// scripts of [[mock.ftp.script]]. Filled by load_ftp_mock_config (ftp_mock.hpp) or in code.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/bounded_regex.hpp"
#include "protocol/config_error.hpp"

namespace replycheck::mock {

/// A virtual user: USER name, PASS password.
struct ftp_user {
    std::string name;       ///< login name, compared exactly
    std::string password;   ///< required password
};

/// What USER answers for a name that is not configured.
enum class ftp_unknown_user_policy {
    ask_password,  ///< 331 as for a real user, then 530 at PASS (RFC 2577 §5, no enumeration)
    reject,        ///< 530 at once
};

/// Which server family the listing format and a few texts imitate.
enum class ftp_flavour {
    unix_like,     ///< LIST in `ls -l` style, SYST "UNIX Type: L8"
    iis,           ///< LIST in MS-DOS style, SYST "Windows_NT"
};

/// How a script's argument pattern is compared with the command argument.
enum class ftp_match_kind {
    any,           ///< no argument condition
    exact,         ///< equal strings
    glob,          ///< `*` and `?` wildcards over the whole argument
    regex,         ///< Perl-syntax regular expression over the whole argument
};

/// The condition of a script.
struct ftp_script_match {
    std::string command;                ///< upper-case verb; "" = any; "CONNECT" = the greeting
    ftp_match_kind kind = ftp_match_kind::any;
    std::string argument;               ///< the pattern as written
    std::shared_ptr<const protocol::bounded_regex> compiled;  ///< set for kind == regex
};

/// What happens on the data connection of a transfer command that a script matches.
enum class ftp_data_action {
    normal,        ///< serve the transfer as usual (possibly with `data_bytes` as payload)
    send,          ///< send `data_bytes` instead of the file, then close
    send_slowly,   ///< send in `slow_chunk`-byte pieces, `slow_interval` apart
    close_early,   ///< send `close_after` bytes, then close (the final reply stays 226 unless set)
    reset,         ///< accept, then reset the data connection (RST, SO_LINGER 0)
    never_open,    ///< never accept/connect the data connection
};

/// One script: the first script that matches (in its state, with uses left) decides.
struct ftp_script {
    std::string name;                             ///< label for messages and listings; default "rule N"
    ftp_script_match match;
    std::optional<int> times;                     ///< uses before the script is skipped; empty = always
    std::string state;                            ///< only matches while the mock is in this state; "" = any
    std::string next_state;                       ///< state entered after a match; "" = unchanged
    std::chrono::milliseconds delay{0};           ///< wait before replying
    std::vector<std::string> reply;               ///< override: lines of the (final) reply
    bool lf_only = false;                         ///< end reply lines with LF instead of CRLF
    std::vector<std::string> preliminary;         ///< transfer commands: the 1yz reply lines
    std::vector<std::string> final_reply;         ///< transfer commands: the final reply lines
    ftp_data_action data = ftp_data_action::normal;
    std::optional<std::string> data_bytes;        ///< payload for send / send_slowly / close_early
    std::size_t close_after = 0;                  ///< close_early: bytes sent before closing
    std::size_t slow_chunk = 1;                   ///< send_slowly: bytes per piece
    std::chrono::milliseconds slow_interval{20};  ///< send_slowly: pause between pieces
    int data_fail_code = 425;                     ///< never_open: final code (425 or 421); 0 = only the 1yz
    bool bad_pasv_address = false;                ///< PASV: answer 227 with an unusable address
    bool combine_replies = false;                 ///< transfer: 1yz and final reply in one write
    bool close_control = false;                   ///< close the control connection after replying
    std::chrono::milliseconds hold{0};            ///< PASV/EPSV: read no command until the client
                                                  ///< connects to the port, or for this long
    protocol::source_position where;              ///< where the script was written (for messages)
};

/// Whether a policy asks for TLS (RFC 4217 §4 login, §9 data).
enum class ftp_tls_policy {
    optional,      ///< "optional": plain and TLS both accepted
    required,      ///< "required": refused without TLS
    users,         ///< "users" (login only): every login but anonymous needs TLS
                   ///< (vsftpd force_local_logins_ssl)
};

/// Bounds that keep the mock well behaved under load or abuse.
struct ftp_mock_limits {
    std::size_t max_sessions = 64;                            ///< beyond: greeting 421, close
    std::size_t max_command_line = 4096;                      ///< longer lines: 500, line dropped
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};  ///< no command: 421, close
    std::chrono::milliseconds data_timeout{std::chrono::seconds(10)};  ///< data accept/connect/transfer idle
    std::uint64_t quota_bytes = 0;                            ///< total bytes stored under root; 0 = none
    int quota_code = 552;                                     ///< 552 (permanent) or 452 (transient)
    std::size_t journal_cap = 100000;                         ///< entries kept in the journal
};

/// Everything the mock FTP server needs.
struct ftp_mock_config {
    std::string listen = "127.0.0.1:0";           ///< host:port of the control listener
    std::filesystem::path root;                   ///< folder served; every path stays inside it
    std::vector<ftp_user> users;                  ///< virtual users
    bool anonymous = false;                       ///< accept USER anonymous/ftp with any password
    bool writable = false;                        ///< allow STOR, STOU, APPE, DELE, MKD, RMD, RNFR/RNTO
    std::uint16_t pasv_port_min = 0;              ///< passive port range; 0/0 = any free port
    std::uint16_t pasv_port_max = 0;
    ftp_unknown_user_policy unknown_user = ftp_unknown_user_policy::ask_password;
    ftp_flavour flavour = ftp_flavour::unix_like;
    std::vector<std::string> greeting = {"220 replycheck FTP mock ready."};  ///< greeting lines
    int threads = 1;                              ///< io_context threads
    ftp_mock_limits limits;
    std::string initial_state;                    ///< state the scripts start in
    std::vector<ftp_script> scripts;              ///< in file order; first match wins

    // FTPS (RFC 4217 on the security extensions of RFC 2228).
    std::string ftps_listen;                      ///< implicit FTPS listener; "" = none
    bool auth_tls = true;                         ///< AUTH TLS/SSL accepted (234); false: 502
    ftp_tls_policy login_tls = ftp_tls_policy::optional;
    std::string login_tls_reply;                  ///< refusal line at USER; "" = the flavour's
    ftp_tls_policy data_tls = ftp_tls_policy::optional;   ///< optional or required
    std::string data_tls_reply = "522 Data connections must be encrypted.";
    std::string prot_c_reply;                     ///< when set, PROT C is refused with this line (IIS)
    bool ccc = false;                             ///< CCC allowed (200); false: 533
    bool data_session_reuse = false;              ///< data TLS must resume the control session (vsftpd)

    /// Whether the mock needs a TLS server (AUTH TLS or the implicit listener).
    bool needs_tls() const { return auth_tls || !ftps_listen.empty(); }
    /// The line given at USER when the login policy refuses.
    std::string login_tls_refusal() const {
        if (!login_tls_reply.empty()) return login_tls_reply;
        return flavour == ftp_flavour::iis ? "534 Policy requires SSL."
                                           : "530 Non-anonymous sessions must use encryption.";
    }
};

}  // namespace replycheck::mock
