// vsftpd (logging.c) writes `DATE [pid N] [user] ACTION: Client "IP"[, "text"]`. With privilege
// separation a session is served by several processes: the unprivileged one before login, the
// privileged parent that logs OK LOGIN, and a new one after login. So lines are joined to a
// session by pid when the pid is known, and otherwise by client: a new pid joins the client's
// session waiting for its PASS reply, else the client's most recent session.
// Multi-line replies (RFC 959 §4.2) are logged a line at a time: "211-Features:", then the
// continuation lines (without a code), then "211 End"; the entry takes the final code.

#include "protocol/logs/vsftpd_log.hpp"

#include <algorithm>
#include <tuple>

#include "protocol/logs/log_text.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::logs {

namespace {

constexpr std::string_view client_marker = ": Client \"";

// "NNN" at the start of a reply line; 0 when it does not start with three digits.
int reply_code(std::string_view payload) {
    if (payload.size() < 3) return 0;
    int code = 0;
    for (int i = 0; i < 3; ++i) {
        char c = payload[static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') return 0;
        code = code * 10 + (c - '0');
    }
    if (payload.size() > 3 && payload[3] != ' ' && payload[3] != '-') return 0;
    return code >= 100 ? code : 0;
}

}  // namespace

bool split_vsftpd_line(std::string_view line, vsftpd_line& out, std::string& why) {
    line = text::trim_right(line);
    std::size_t used = 0;
    out = vsftpd_line{};
    out.time = text::parse_ctime(line, used);
    if (!out.time) {
        why = "does not start with a date like 'Wed Nov 25 18:40:01 2026'";
        return false;
    }
    auto rest = line.substr(used);
    if (!rest.starts_with(" [pid ")) {
        why = "no '[pid N]' after the date";
        return false;
    }
    rest.remove_prefix(6);
    auto close = rest.find(']');
    if (close == std::string_view::npos || !text::parse_uint(rest.substr(0, close), out.pid)) {
        why = "the pid in '[pid N]' is not a number";
        return false;
    }
    rest.remove_prefix(close + 1);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    auto marker = rest.find(client_marker);
    if (marker == std::string_view::npos) {
        why = "no 'Client \"IP\"' in the line";
        return false;
    }
    auto head = rest.substr(0, marker);   // "[user] FTP command" or "CONNECT"
    auto tail = rest.substr(marker + client_marker.size());
    if (!head.empty() && head.front() == '[') {
        auto end = head.rfind("] ");
        if (end == std::string_view::npos) {
            why = "no closing ']' after the user name";
            return false;
        }
        out.user = head.substr(1, end - 1);
        head.remove_prefix(end + 2);
    }
    auto quote = tail.find('"');
    if (quote == std::string_view::npos) {
        why = "no closing quote after the client address";
        return false;
    }
    out.client = tail.substr(0, quote);
    tail.remove_prefix(quote + 1);

    if (head == "FTP command" || head == "FTP response") {
        out.what = head == "FTP command" ? vsftpd_line::kind::command : vsftpd_line::kind::response;
        // `, "text"` to the end of the line; the text itself is not escaped and may hold quotes.
        if (!tail.starts_with(", \"") || tail.size() < 4 || tail.back() != '"') {
            why = "no quoted text after the client address";
            return false;
        }
        out.payload = tail.substr(3, tail.size() - 4);
    } else if (head == "CONNECT") {
        out.what = vsftpd_line::kind::connect;
    } else if (head == "OK LOGIN") {
        out.what = vsftpd_line::kind::login_ok;   // the anon password after it is never kept
    } else if (head == "FAIL LOGIN") {
        out.what = vsftpd_line::kind::login_fail;
    } else {
        out.what = vsftpd_line::kind::other;      // OK DOWNLOAD, FAIL UPLOAD, MKDIR, …
    }
    return true;
}

bool looks_like_vsftpd(std::string_view line) {
    vsftpd_line parts;
    std::string why;
    return split_vsftpd_line(line, parts, why) &&
           (parts.what != vsftpd_line::kind::other);
}

vsftpd_parser::session_ref vsftpd_parser::session_for(const vsftpd_line& l) {
    if (l.what != vsftpd_line::kind::connect) {
        auto it = pids_.find(l.pid);
        if (it != pids_.end() && it->second->client == l.client) return it->second;
        // A pid not seen yet: the same session in another process (after login), if any.
        // Ranked by: waiting for its PASS reply (the new process after login), then the same
        // user name, then the most recently active. Not the name first: two anonymous sessions
        // both log "[ftp]" once logged in, and the second one's 230 belongs to the waiting one.
        auto rank = [&](const session& s) {
            return std::tuple(s.login_pending, !l.user.empty() && s.user == l.user, s.last_active);
        };
        auto client = by_client_.find(l.client);
        if (client != by_client_.end() && !client->second.empty()) {
            auto best = client->second.front();
            for (auto s : client->second)
                if (rank(*s) > rank(*best)) best = s;
            attach_pid(best, l.pid);
            return best;
        }
    }
    return open_session(l);   // a CONNECT, or the log began in the middle of a session
}

vsftpd_parser::session_ref vsftpd_parser::open_session(const vsftpd_line& l) {
    while (sessions_.size() >= max_sessions) close(sessions_.begin());
    auto count = connects_.find(l.client);
    if (count == connects_.end()) count = connects_.emplace(std::string(l.client), 0U).first;
    ++count->second;
    auto s = sessions_.emplace(sessions_.end());
    s->client = l.client;
    s->key = s->client + "#" + std::to_string(count->second);
    // Joined mid-session (no CONNECT line): the greeting is not in this log.
    s->greeted = l.what != vsftpd_line::kind::connect;
    auto client = by_client_.find(l.client);
    if (client == by_client_.end()) client = by_client_.emplace(std::string(l.client), std::vector<session_ref>{}).first;
    client->second.push_back(s);
    attach_pid(s, l.pid);
    return s;
}

void vsftpd_parser::attach_pid(session_ref s, std::uint64_t pid) {
    auto [it, inserted] = pids_.try_emplace(pid, s);
    if (!inserted) {
        // The pid was another session's (reused, or a CONNECT logged by a known process).
        auto& old = it->second->pids;
        std::erase(old, pid);
        it->second = s;
    }
    s->pids.push_back(pid);
}

void vsftpd_parser::complete(session& s, int status, std::string_view reply_text,
                             std::optional<std::chrono::sys_seconds> time, std::uint64_t line_number) {
    done_entry e;
    e.client = s.client;
    e.user = s.user;
    e.session = s.key;
    e.status = status;
    e.reply_text = reply_text;
    if (s.has_command) {
        e.method = s.method;
        e.target = s.target;
        e.time = s.command_time;
        e.line = s.command_line;
        s.has_command = false;
    } else if (!s.greeted) {
        e.method = "CONNECT";
        e.time = time;
        e.line = line_number;
    } else {
        return;  // a reply nobody asked for (421 Timeout, …): not an answer to a command
    }
    s.greeted = true;
    ready_.push_back(std::move(e));
}

void vsftpd_parser::close(session_ref s) {
    if (s->has_command) complete(*s, s->preliminary, {}, {}, 0);   // logged without its final reply
    for (auto pid : s->pids) pids_.erase(pid);
    if (auto client = by_client_.find(s->client); client != by_client_.end()) {
        std::erase(client->second, s);
        if (client->second.empty()) by_client_.erase(client);
    }
    sessions_.erase(s);
}

void vsftpd_parser::expire(std::chrono::sys_seconds now) {
    while (!sessions_.empty() && sessions_.front().last_time + idle_limit < now) close(sessions_.begin());
}

line_result vsftpd_parser::feed(std::string_view line, std::uint64_t line_number, log_entry&,
                                std::string& why) {
    if (text::trim(line).empty()) return line_result::none;
    if (!split_vsftpd_line(line, parts_, why)) return line_result::malformed;
    const auto& l = parts_;
    if (l.what == vsftpd_line::kind::other) return line_result::none;
    if (l.time) expire(*l.time);
    auto s = session_for(l);
    s->last_active = ++tick_;
    if (l.time) s->last_time = *l.time;
    sessions_.splice(sessions_.end(), sessions_, s);   // now the most recently active
    if (!l.user.empty()) s->user = l.user;

    switch (l.what) {
        case vsftpd_line::kind::command: {
            if (s->has_command) complete(*s, s->preliminary, {}, {}, 0);   // no final reply logged
            s->preliminary = 0;
            s->multiline_code = 0;
            auto space = l.payload.find(' ');
            auto verb = l.payload.substr(0, space);
            std::string upper_buf;
            s->method = text::upper(verb, upper_buf);
            if (s->method == "PASS" || s->method == "ACCT") {
                s->target = space == std::string_view::npos ? std::string{} : std::string(protocol::redactor::mask);
                s->login_pending = s->method == "PASS";
            } else {
                s->target = space == std::string_view::npos ? std::string_view{} : l.payload.substr(space + 1);
            }
            s->has_command = true;
            s->command_time = l.time;
            s->command_line = line_number;
            return line_result::none;
        }
        case vsftpd_line::kind::response: {
            int code = reply_code(l.payload);
            if (code == 0) {
                // A continuation line of a multi-line reply (" EPRT"); elsewhere nothing to pair.
                return line_result::none;
            }
            bool hyphen = l.payload.size() > 3 && l.payload[3] == '-';
            auto reply = l.payload.size() > 4 ? l.payload.substr(4) : std::string_view{};
            if (hyphen) {
                if (s->multiline_code == 0) {
                    s->multiline_code = code;
                    s->reply_text = reply;
                }
                return line_result::none;
            }
            if (s->multiline_code != 0 && code != s->multiline_code) return line_result::none;
            std::string text(s->multiline_code != 0 ? std::string_view(s->reply_text) : reply);
            s->multiline_code = 0;
            // A 1yz reply is preliminary (RFC 959 §4.2): the command's answer is the one after.
            if (code < 200 && s->has_command) {
                s->preliminary = code;
                return line_result::none;
            }
            s->preliminary = 0;
            bool was_quit = s->has_command && s->method == "QUIT";
            if (s->login_pending && (code == 230 || code == 530 || code == 421)) s->login_pending = false;
            complete(*s, code, text, l.time, line_number);
            if ((was_quit && code == 221) || code == 421) close(s);
            return line_result::none;
        }
        case vsftpd_line::kind::login_fail:
        case vsftpd_line::kind::login_ok:
        case vsftpd_line::kind::connect:
        case vsftpd_line::kind::other:
            return line_result::none;
    }
    return line_result::none;
}

bool vsftpd_parser::pop(log_entry& out) {
    if (ready_.empty()) return false;
    current_ = std::move(ready_.front());
    ready_.pop_front();
    out = log_entry{};
    out.protocol = log_protocol::ftp;
    out.time = current_.time;
    out.client = current_.client;
    out.user = current_.user;
    out.method = current_.method;
    out.target = current_.target;
    out.reply_text = current_.reply_text;
    out.session = current_.session;
    out.status = current_.status;
    out.line = current_.line;
    return true;
}

void vsftpd_parser::finish() {
    for (auto& s : sessions_)
        if (s.has_command) complete(s, s.preliminary, {}, {}, 0);
}

}  // namespace replycheck::logs
