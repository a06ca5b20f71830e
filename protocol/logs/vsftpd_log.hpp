#pragma once
// vsftpd's own log with log_ftp_protocol=YES: every command and reply of every session, one per
// line, which this parser pairs into one entry per command (the reply that answered it).

#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocol/logs/line_parser.hpp"

namespace replycheck::logs {

/// One line of a vsftpd log, split:
/// `Wed Nov 25 18:40:01 2026 [pid 7] [ana] FTP command: Client "127.0.0.1", "CWD /pub"`.
struct vsftpd_line {
    enum class kind { command, response, connect, login_ok, login_fail, other };
    kind what = kind::other;
    std::optional<std::chrono::sys_seconds> time;
    std::uint64_t pid = 0;
    std::string_view user;     ///< the "[user]" part, once the session has one
    std::string_view client;   ///< Client "IP"
    std::string_view payload;  ///< the quoted command or reply (FTP command / FTP response only)
};

/// Splits a vsftpd log line; false with `why` when it is not one. Never returns the anonymous
/// password of a LOGIN line.
bool split_vsftpd_line(std::string_view line, vsftpd_line& out, std::string& why);
/// True for a line of vsftpd's protocol log (a date, "[pid N]", a known action).
bool looks_like_vsftpd(std::string_view line);

class vsftpd_parser final : public line_parser {
public:
    line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                     std::string& why) override;
    bool pop(log_entry& out) override;
    void finish() override;

    /// Sessions kept open at most; the least recently active one is closed beyond that.
    static constexpr std::size_t max_sessions = 4096;
    /// A session silent this long (log time) is taken as gone (vsftpd's idle_session_timeout
    /// is 300 s by default; a long transfer logs nothing until its end).
    static constexpr std::chrono::hours idle_limit{6};

private:
    struct session {
        std::string key, client, user;
        bool greeted = false;
        bool has_command = false;
        std::string method, target;
        std::optional<std::chrono::sys_seconds> command_time;
        std::uint64_t command_line = 0;
        int multiline_code = 0;      // a "NNN-" reply is open
        int preliminary = 0;         // a 1yz reply came, the final one not yet
        std::string reply_text;
        bool login_pending = false;  // PASS sent, its 230/530 not yet logged
        std::uint64_t last_active = 0;
        std::chrono::sys_seconds last_time{};
        std::vector<std::uint64_t> pids;
    };
    using session_list = std::list<session>;   // least recently active first
    using session_ref = session_list::iterator;
    struct done_entry {
        std::optional<std::chrono::sys_seconds> time;
        std::string client, user, method, target, reply_text, session;
        int status = 0;
        std::uint64_t line = 0;
    };

    session_ref session_for(const vsftpd_line& l);
    session_ref open_session(const vsftpd_line& l);
    void attach_pid(session_ref s, std::uint64_t pid);
    void complete(session& s, int status, std::string_view text, std::optional<std::chrono::sys_seconds> time,
                  std::uint64_t line_number);
    void close(session_ref s);
    void expire(std::chrono::sys_seconds now);

    session_list sessions_;
    std::unordered_map<std::uint64_t, session_ref> pids_;
    std::map<std::string, std::vector<session_ref>, std::less<>> by_client_;
    std::map<std::string, unsigned, std::less<>> connects_;
    std::deque<done_entry> ready_;
    done_entry current_;
    vsftpd_line parts_;
    std::uint64_t tick_ = 0;
};

}  // namespace replycheck::logs
