// One FTP control connection (or one xferlog transfer) → one replayable session: pseudo-commands
// and data-connection setup left out (each transfer opens its own), commands that change the
// server skipped unless --unsafe, every PASS replayed with the password the log calls for:
// the user's (as a ${password_N} variable), an anonymous address, or a deliberately wrong one
// where the log says 530. A successful login whose password we do not hold skips the session.

#include "harness/reproduce/ftp_session_plan.hpp"

#include <algorithm>

#include "protocol/glob_match.hpp"

namespace replycheck::reproduce::detail {

std::optional<ftp_session_case> plan_ftp_session(const std::vector<logs::log_record>& records_of,
                                                 const plan_options& options, const code_selector& code_selected,
                                                 password_book& passwords, skip_book& skips,
                                                 std::uint64_t& entries_selected) {
    bool code_hit = false, path_hit = options.path_glob.empty();
    for (const auto& rec : records_of) {
        const auto* r = &rec;
        if (is_ftp_pseudo_command(r->method) || r->status == 0) continue;
        if (code_selected(r->status, r->substatus)) code_hit = true;
        if (!path_hit && !r->target.empty() && protocol::glob_match(options.path_glob, r->target))
            path_hit = true;
    }
    if (!code_hit || !path_hit) return std::nullopt;
    entries_selected += records_of.size();

    const auto& first = records_of.front();
    ftp_session_case fc;
    fc.session = first.session;
    fc.client = first.client;
    fc.origin = origin_of(first);
    fc.origin.count = records_of.size();
    for (const auto& r : records_of) note_time(fc.origin, r.time);
    std::string session_label = first.session.empty()
                                    ? fmt::format("FTP transfer {}:{}", first.file, first.line)
                                    : fmt::format("FTP session {}", first.session);
    std::string current_user;
    std::optional<std::string> refusal;   // why the whole session cannot be replayed
    bool logged_login = std::any_of(records_of.begin(), records_of.end(), [](const auto& r) {
        auto verb = upper(r.method);
        return verb == "USER" || verb == "PASS";
    });
    if (!logged_login && !first.user.empty()) {
        // xferlog and the like log a transfer with its user, not the login: add one.
        ftp_command user{"USER", first.user, 0, {}, 0, false, false, {}, true, {}};
        ftp_command pass{"PASS", "***", 0, {}, 0, false, false, {}, true, {}};
        current_user = first.user;
        fc.user = first.user;
        fc.login_succeeded = true;
        if (is_anonymous_user(first.user)) {
            fc.anonymous = true;
        } else if (passwords.have(first.user)) {
            pass.password_var = passwords.variable(first.user);
            fc.password_var = pass.password_var;
        } else {
            refusal = fmt::format("the transfer needs {}'s password (give --credential {}:PASSWORD "
                                  "or REPLYCHECK_PASSWORD)", first.user, first.user);
        }
        fc.commands.push_back(std::move(user));
        fc.commands.push_back(std::move(pass));
    }
    bool quit_sent = false;
    for (const auto& rec : records_of) {
        const auto* r = &rec;
        if (is_ftp_pseudo_command(r->method)) continue;
        std::string verb = upper(r->method);
        if (is_data_setup(verb)) continue;   // each transfer opens its own data connection
        if (quit_sent) {
            // The server closes the connection after its reply to QUIT (RFC 959 §4.1.1), so
            // what the log shows after it belongs to another connection the format could not
            // tell apart (proftpd's default ExtendedLog names no session).
            std::string what = r->target.empty() ? verb : verb + " " + r->target;
            skips.add({what + " in " + session_label, code_of(r->status, {}),
                       "logged after QUIT: another connection the log does not tell apart", r->file,
                       r->line, 1});
            continue;
        }
        if (verb == "QUIT") quit_sent = true;
        ftp_command cmd;
        cmd.verb = verb;
        cmd.argument = verb == "PASS" || verb == "ACCT" ? "***" : r->target;
        cmd.code = r->status;
        cmd.reply_text = r->reply_text;
        cmd.line = r->line;
        cmd.transfer = is_transfer(verb);
        if (cmd.transfer) cmd.bytes = r->bytes;
        if (verb == "CONNECT") {
            fc.commands.push_back(std::move(cmd));
            continue;
        }
        if (!is_read_only_ftp_command(verb) && !options.unsafe) {
            bool writes = is_transfer(verb) || verb == "DELE" || verb == "RMD" || verb == "MKD" ||
                          verb == "RNFR" || verb == "RNTO" || verb == "SITE" || verb == "XMKD" ||
                          verb == "XRMD";
            std::string what = r->target.empty() ? verb : verb + " " + r->target;
            skips.add({what + " in " + session_label, code_of(r->status, {}),
                      writes ? fmt::format("{} changes the server (replayed only with --unsafe)", verb)
                             : fmt::format("{} is not a known read-only command (replayed only with --unsafe)",
                                           verb),
                      r->file, r->line, 1});
            continue;
        }
        if (verb == "PASS" && current_user.empty() && !r->user.empty()) {
            // The log begins at the PASS (an excerpt, one pasted line), but the server wants
            // USER first (RFC 959 §4.1.1): send the logged user's name, expecting nothing.
            current_user = r->user;
            if (fc.user.empty()) fc.user = current_user;
            fc.commands.push_back(ftp_command{"USER", r->user, 0, {}, 0, false, false, {}, true, {}});
        }
        if (verb == "USER") {
            current_user = r->target;
            if (fc.user.empty()) fc.user = current_user;
            if (login_accepted(r->status)) fc.login_succeeded = true;
        } else if (verb == "PASS") {
            if (login_accepted(r->status)) {
                fc.login_succeeded = true;
                if (is_anonymous_user(current_user)) {
                    fc.anonymous = true;
                } else if (!current_user.empty() && passwords.have(current_user)) {
                    cmd.password_var = passwords.variable(current_user);
                    if (fc.password_var.empty()) fc.password_var = cmd.password_var;
                } else if (!refusal) {
                    refusal = current_user.empty()
                                  ? std::string("a login succeeded for a user the log does not name")
                                  : fmt::format("the login of {} succeeded and needs the password (give "
                                                "--credential {}:PASSWORD or REPLYCHECK_PASSWORD)",
                                                current_user, current_user);
                }
            } else if (r->status != 0) {
                // 530 (or another refusal): a deliberately wrong password gives it back.
                cmd.wrong_password = true;
                if (!fc.wrong_password_at) fc.wrong_password_at = fc.commands.size();
            }
        }
        fc.commands.push_back(std::move(cmd));
    }
    if (refusal) {
        skips.add({session_label + (fc.user.empty() ? "" : " (" + fc.user + ")"), "", *refusal, first.file,
                  first.line, 1});
        return std::nullopt;
    }
    bool replayable = std::any_of(fc.commands.begin(), fc.commands.end(),
                                  [](const ftp_command& c) { return c.code != 0; });
    if (!replayable) {
        skips.add({session_label, "", "no command with a logged reply is left to replay", first.file,
                  first.line, 1});
        return std::nullopt;
    }
    return fc;
}

}  // namespace replycheck::reproduce::detail
