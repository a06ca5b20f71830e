#pragma once
// The reproduction plan: which logged HTTP requests and FTP sessions `replycheck reproduce`
// replays, how each code will be provoked, and what was left out and why. Plain data built from
// log records; the scenario emitter (scenario_emitter.hpp) and the mock emitter
// (mock_emitter.hpp) both read it, so the emitted mock answers exactly what the scenarios ask.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/logs/log_entry.hpp"

namespace replycheck::reproduce {

/// How a logged HTTP code is provoked when replayed (the registry's "provoke with").
enum class provocation {
    plain,               ///< the logged method and target as they are; expect the logged status
    conditional,         ///< 304: GET capturing ETag / Last-Modified, then If-None-Match /
                         ///< If-Modified-Since with them (RFC 9110 §13.1.2, §13.1.3)
    range,               ///< 206: Range request (`range_header`), expect Content-Range (RFC 9110 §14.2)
    range_past_end,      ///< 416: `bytes=N-` with N past any file (RFC 9110 §15.5.17)
    no_credentials,      ///< 401: no Authorization, expect a WWW-Authenticate challenge (RFC 9110 §11.6.1)
    with_credential,     ///< the logged user's credential (Basic auth): 401.x, 403, or any other
                         ///< code logged with a user whose password we hold
    method_not_allowed,  ///< 405: the logged method (only when safe, or --unsafe)
    if_match_mismatch,   ///< 412: If-Match: "replycheck-mismatch" (RFC 9110 §13.1.1)
};

/// "plain", "conditional", "range", "range_past_end", "no_credentials", "with_credential",
/// "method_not_allowed", "if_match_mismatch".
std::string_view to_string(provocation kind) noexcept;

/// Where a case was first seen, and how often (for descriptions and the mock's comments).
struct log_origin {
    std::string file;                                   ///< as given on the command line
    std::uint64_t line = 0;                             ///< of the first occurrence
    std::optional<std::chrono::sys_seconds> first_time, last_time;
    std::uint64_t count = 1;                            ///< occurrences merged into this case
};

/// One distinct HTTP (method, target, status, substatus): one scenario.
struct http_case {
    std::string name;                    ///< scenario name, unique in the plan: "http-3 GET /a → 404"
    std::string method;                  ///< as logged, upper-case
    std::string target;                  ///< request-target, path and "?query"
    std::string host;                    ///< logged Host / cs-host, "" when not logged
    int status = 0;                      ///< logged status
    std::optional<int> substatus;        ///< logged IIS substatus (0 and absent both mean none)
    std::optional<std::uint32_t> win32;  ///< of the first occurrence
    std::optional<std::uint64_t> bytes;  ///< of the first occurrence (sc-bytes, %b)
    std::string user;                    ///< logged user, "" when anonymous
    log_origin origin;

    provocation how = provocation::plain;
    std::string range_header;            ///< range / range_past_end: the exact Range value
    /// The secret variable holding the logged user's password ("password_1") when the request
    /// is replayed with that user's credential: with_credential, and also conditional / range /
    /// ... cases logged with a user whose password we hold (never a bare 401). "" otherwise;
    /// the value is never in the plan.
    std::string password_var;

    /// "500.19" or "404"
    std::string code() const;
};

/// One command of a replayed FTP session, in logged order.
struct ftp_command {
    std::string verb;                    ///< upper-case: "USER", "RETR"; "CONNECT" = greeting
    std::string argument;                ///< PASS: "***" as logged (never the password)
    int code = 0;                        ///< logged reply code, 0 when not logged
    std::string reply_text;              ///< logged reply text, "" when not logged
    std::uint64_t line = 0;
    /// Replayed as a transfer (RETR, LIST, NLST, MLSD): opens its own data connection.
    bool transfer = false;
    /// PASS only: replayed with a deliberately wrong password (the log says 530, or another
    /// failure where the password does not matter).
    bool wrong_password = false;
    /// PASS only: the secret variable replayed ("password_1"); "" for an anonymous login
    /// (any address will do) or a wrong password.
    std::string password_var;
    /// Not in the log: added so the session can log in (an xferlog line logs no login).
    bool synthesized = false;
    /// Transfers: the bytes the log says moved (xferlog file-size, sc-bytes), when logged; the
    /// emitted mock sends that many.
    std::optional<std::uint64_t> bytes;
};

/// One FTP control connection (or one xferlog transfer): one scenario.
struct ftp_session_case {
    std::string name;                    ///< scenario name, unique in the plan: "ftp-1 alice"
    std::string session;                 ///< the log's session key ("" for an xferlog line)
    std::string client;
    std::string user;                    ///< USER argument as logged ("" when none)
    bool login_succeeded = false;        ///< a 230 (or 202) answered the PASS / USER
    /// Index in `commands` of a PASS answered 530 and replayed with a deliberately wrong
    /// password; nullopt when there is none.
    std::optional<std::size_t> wrong_password_at;
    /// The secret variable with the user's password for a successful login ("password_1");
    /// "" when the login is anonymous or failed.
    std::string password_var;
    bool anonymous = false;              ///< USER anonymous / ftp: any password will do
    std::vector<ftp_command> commands;   ///< pseudo-commands and data-channel setup removed
    log_origin origin;
};

/// A logged entry (or session) not replayed, and why.
struct skipped_entry {
    std::string what;                    ///< "POST /upload", "FTP session 12 (alice)"
    std::string code;                    ///< logged code, "500.19" / "550"
    std::string reason;                  ///< "unsafe method POST (use --unsafe)"
    std::string file;
    std::uint64_t line = 0;
    std::uint64_t count = 1;
};

/// A password secret variable the emitted files reference, and the logged user it stands for.
struct password_var {
    std::string name;                    ///< "password_1"
    std::string user;                    ///< "alice"
};

/// What build_plan selects and how.
struct plan_options {
    /// --status items, each "a,b": "4xx", "5xx", "404", "500.19", "550" (logs::status_filter;
    /// invalid items are ignored here: check them with logs::status_filter::parse first);
    /// empty = every code. A plain "500" also selects "500.19"; "500.19" only that substatus.
    std::vector<std::string> statuses;
    std::string path_glob;               ///< --path (protocol/glob_match on the path / argument)
    std::size_t limit = 0;               ///< --limit: at most this many cases; 0 = no limit
    bool unsafe = false;                 ///< --unsafe: also replay unsafe methods / commands
    /// Users whose password we hold (--credential, or every user when REPLYCHECK_PASSWORD is
    /// set: `any_password`). Only the names: the plan never sees a password.
    std::vector<std::string> users_with_password;
    bool any_password = false;
};

/// The whole plan, in log order of first occurrence.
struct reproduce_plan {
    std::vector<http_case> http;
    std::vector<ftp_session_case> ftp;
    std::vector<skipped_entry> skipped;
    std::vector<password_var> passwords;  ///< every ${password_N} the cases use
    std::uint64_t entries_read = 0;       ///< records handed to build_plan
    std::uint64_t entries_selected = 0;   ///< records the filters kept (before dedupe)
};

/// Builds the plan. Never throws on odd records: they are skipped with a reason.
reproduce_plan build_plan(const std::vector<logs::log_record>& records, const plan_options& options);

/// The same, one entry at a time, in bounded memory for big logs: HTTP entries are filtered
/// and merged as they come (only the first of each case is copied); FTP entries are kept per
/// session until finish().
class plan_builder {
public:
    explicit plan_builder(plan_options options);
    ~plan_builder();
    plan_builder(const plan_builder&) = delete;
    plan_builder& operator=(const plan_builder&) = delete;

    void add(const logs::log_record& record);
    void add(const logs::log_entry& entry, std::string_view file);
    reproduce_plan finish();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The password replayed where the log says the PASS failed: never anybody's real password.
inline constexpr std::string_view wrong_password = "replycheck-deliberately-wrong";
/// The password replayed for an anonymous login.
inline constexpr std::string_view anonymous_password = "replycheck@";

/// True for the HTTP methods replayed without --unsafe: GET, HEAD, OPTIONS.
bool is_safe_http_method(std::string_view method) noexcept;
/// True for the read-only FTP commands replayed without --unsafe.
bool is_read_only_ftp_command(std::string_view verb) noexcept;
/// True for IIS FTP pseudo-commands ("ControlChannelOpened", "DataChannelClosed", ...).
bool is_ftp_pseudo_command(std::string_view verb) noexcept;

}  // namespace replycheck::reproduce
