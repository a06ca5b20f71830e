// Recorded FTP sessions → [mock.ftp]: the users who logged in (each one's password read from a
// variable of its own when the mock starts), the greeting, and scripts per (command, argument)
// sent after a login, answering with the reply lines the server gave, in the recorded order when
// they differed; transfers send the recorded bytes.

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "harness/record/ftp_recording.hpp"
#include "harness/reproduce/emit_text.hpp"
#include "harness/reproduce/mock_emitter.hpp"
#include "protocol/utf8.hpp"

namespace replycheck::record {

namespace {

// Commands whose success the mock gives by itself, with the state change a script would not
// make (docs/mock.md: a scripted reply leaves the state unchanged): the login, the data
// connection set-up, the transfer parameters.
bool mock_does_it(const recorded_ftp_command& c) {
    static const std::set<std::string, std::less<>> stateful = {
        "PASV", "EPSV", "PORT", "EPRT", "TYPE", "MODE",
        "STRU", "REST", "RNFR", "ABOR", "REIN", "CWD",  "XCWD", "CDUP", "XCUP"};
    if (c.verb == "PASS" || c.verb == "ACCT") return true;   // 230 / 530 come from the users
    // The mock asks every user for a password; a server that logged in on USER alone (230) is
    // answered as it was.
    if (c.verb == "USER") return c.final_code() != 230;
    // The folders the session went into exist in the mock's root (ftp_mock_folders), so PWD
    // answers from the mock's own state.
    if ((c.verb == "PWD" || c.verb == "XPWD") && c.final_code() == 257) return true;
    return stateful.count(c.verb) && c.final_code() < 400;
}

// Where a successful CWD leads from `cwd` (RFC 959 §4.1.1): absolute or relative, ".." up.
void change_folder(std::vector<std::string>& cwd, std::string_view argument) {
    if (argument.starts_with('/')) cwd.clear();
    while (!argument.empty()) {
        const auto slash = argument.find('/');
        const auto part = argument.substr(0, slash);
        argument = slash == std::string_view::npos ? std::string_view() : argument.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!cwd.empty()) cwd.pop_back();
        } else {
            cwd.emplace_back(part);
        }
    }
}

// A reply as the mock writes it: one string, or its lines.
void insert_reply(toml::table& t, std::string_view key, const protocol::ftp_reply_record& reply) {
    if (reply.lines.size() == 1) {
        t.insert(key, reply.lines.front());
        return;
    }
    toml::array lines;
    for (const auto& line : reply.lines) lines.push_back(line);
    t.insert(key, std::move(lines));
}

toml::table match_of(const recorded_ftp_command& c) {
    toml::table match;
    match.is_inline(true);
    match.insert("command", c.verb.empty() ? std::string("CONNECT") : c.verb);
    if (!c.argument.empty()) match.insert("argument", c.argument);
    return match;
}

std::optional<toml::table> script_of(const recorded_ftp_command& c, const ftp_emit_options& options) {
    // 530 is the mock's own answer to a wrong password or a command before login (RFC 959 §4.2).
    if (c.final_code() == 0 || c.final_code() == 530 || mock_does_it(c)) return std::nullopt;
    // A writable mock stores uploads itself; only a refusal needs a script.
    if (is_ftp_upload_verb(c.verb) && c.final_code() < 400) return std::nullopt;
    toml::table t;
    t.insert("match", match_of(c));
    if (c.transfer && c.preliminary_code() != 0) {
        // RFC 959 §5.4: 1yz, the data, then the final reply.
        for (const auto& r : c.replies)
            if (r.code < 200) {
                insert_reply(t, "preliminary", r);
                break;
            }
        insert_reply(t, "final", c.replies.back());
        toml::table data;
        data.insert("action", "send");
        const bool as_recorded = c.data_complete() && c.data.size() <= options.max_data && protocol::valid_utf8(c.data);
        data.insert("bytes", as_recorded ? c.data : reproduce::mock_payload(std::min(c.data_bytes, options.max_data)));
        t.insert("data", std::move(data));
    } else {
        insert_reply(t, "reply", c.replies.back());
    }
    if (c.verb == "QUIT") t.insert("close", true);
    return t;
}

std::string comment(std::string_view text) {
    std::string out = "# ";
    for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    return out + "\n";
}

}  // namespace

std::vector<std::string> ftp_mock_folders(const std::vector<recorded_ftp_session>& sessions) {
    constexpr std::size_t max_folders = 1000;
    std::set<std::string> folders;
    for (const auto& s : sessions) {
        std::vector<std::string> cwd;
        for (const auto& c : s.commands) {
            if (c.final_code() < 200 || c.final_code() >= 300) continue;
            if (c.verb == "CWD" || c.verb == "XCWD") change_folder(cwd, c.argument);
            else if ((c.verb == "CDUP" || c.verb == "XCUP") && !cwd.empty()) cwd.pop_back();
            else continue;
            std::string path;
            bool usable = true;
            for (const auto& part : cwd) {
                // Names a folder can have on any system the mock runs on.
                usable = usable && part.find_first_of(std::string_view("\\:\0", 3)) == std::string::npos;
                path += (path.empty() ? "" : "/") + part;
            }
            if (usable && !path.empty() && folders.size() < max_folders) folders.insert(path);
        }
    }
    return {folders.begin(), folders.end()};
}

std::string ftp_mock_file(const std::vector<recorded_ftp_session>& sessions, const ftp_emit_options& options) {
    const auto secrets = ftp_secrets(sessions);
    bool anonymous = false, uploads = false;
    std::vector<std::string> notes;
    for (const auto& s : sessions) {
        std::string user;
        for (const auto& c : s.commands) {
            if (c.verb == "USER") user = c.argument;
            const bool logged_in = (c.verb == "PASS" || c.verb == "USER") && (c.final_code() == 230 || c.final_code() == 202);
            if (logged_in && reproduce::is_anonymous_ftp_user(user)) anonymous = true;
            uploads = uploads || (is_ftp_upload_verb(c.verb) && c.transfer && c.final_code() < 400);
        }
    }

    toml::table ftp;
    ftp.insert("listen", "127.0.0.1:0");
    ftp.insert("root", options.root);
    if (anonymous) ftp.insert("anonymous", true);
    if (uploads) ftp.insert("writable", true);
    // Each user's password from a variable of its own: the scenarios send each its own secret.
    toml::array users;
    for (const auto& [name, secret] : secrets.passwords) {
        toml::table user;
        user.insert("name", name);
        user.insert("password", "${env:" + ftp_mock_password_env(options, secret) + "}");
        users.push_back(std::move(user));
    }
    if (!users.empty()) ftp.insert("users", std::move(users));
    // RFC 959 §5.4: the server asked for an account (PASS 332); the mock logs in on PASS alone.
    for (const auto& [name, secret] : secrets.accounts)
        notes.push_back(fmt::format("{} logged in with an account (PASS 332, then ACCT); the mock logs in on PASS (230) "
                                    "and answers ACCT 202, so those two steps fail against it", name));

    // The recorded answers of each (command, argument) in order. One answer (however often
    // given) is one script; different answers (other code, other bytes) are given in the
    // recorded order, each as often as it came in a row (`times`), the last one from then on.
    // A refusal of a command whose success the mock gives by itself (CWD into a folder not made
    // yet) is scripted only as often as it came before that success: then the mock answers.
    // A script without an argument would take every argument of its command: those go last.
    using key = std::pair<std::string, std::string>;
    struct recorded_answers {
        std::vector<std::pair<toml::table, std::int64_t>> scripts;   // answer, uses in a row
        bool then_mock = false;                                      // the mock's own success came
    };
    std::vector<key> order;
    std::map<key, recorded_answers> answers;
    auto note_once = [&notes](std::string note) {
        if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(std::move(note));
    };
    for (const auto& s : sessions) {
        // Before a login the mock answers by its own rules (docs/mock.md): a reply then is no
        // script, since a script would answer the logged-in sessions too.
        bool logged_in = false;
        for (const auto& c : s.commands) {
            if (c.verb.empty() && c.final_code() != 0 && !ftp.contains("greeting")) {
                insert_reply(ftp, "greeting", c.replies.back());
                continue;
            }
            const bool login = c.verb == "USER" || c.verb == "PASS" || c.verb == "ACCT";
            if (c.verb == "USER" || c.verb == "REIN") logged_in = false;   // RFC 959 §4.1.1: a new login
            if (login && (c.final_code() == 230 || c.final_code() == 202)) logged_in = true;
            if (!logged_in) continue;
            if (c.verb == "USER" && c.final_code() == 230) {
                note_once(fmt::format("USER {} logged in without a password; the mock answers it so, but logs in only "
                                      "on PASS: what needs a login after it is answered 530", c.argument));
            }
            if (!protocol::valid_utf8(c.argument)) {
                // A TOML string holds only UTF-8: the mock answers this one by its own rules.
                note_once(fmt::format("{} {}: its argument is not UTF-8, which a mock config cannot hold; not scripted",
                                      c.verb, protocol::visible_text(c.argument)));
                continue;
            }
            auto script = script_of(c, options);
            if (!script) {
                if (mock_does_it(c) && c.final_code() < 400) answers[{c.verb, c.argument}].then_mock = true;
                continue;
            }
            auto& recorded = answers[{c.verb, c.argument}];
            auto& list = recorded.scripts;
            if (recorded.then_mock) {
                note_once(fmt::format("{} {} was refused after it had succeeded; a scripted reply changes nothing in "
                                      "the mock's root, so the mock answers it as before and that step fails against it",
                                      c.verb, c.argument));
                continue;
            }
            if (list.empty()) order.push_back({c.verb, c.argument});
            if (!list.empty() && list.back().first == *script) ++list.back().second;
            else list.emplace_back(std::move(*script), 1);
        }
    }
    std::stable_partition(order.begin(), order.end(), [](const key& k) { return !k.second.empty(); });
    toml::array scripts;
    for (const auto& k : order) {
        auto& [list, then_mock] = answers[k];
        if (then_mock && !list.empty())
            notes.push_back(fmt::format("{} {} was refused before it succeeded; the mock refuses it as often, then "
                                        "answers it itself", k.first, k.second));
        else if (list.size() > 1)
            notes.push_back(fmt::format("{} was answered differently when repeated; the mock gives the answers in the "
                                        "recorded order, the last one from then on",
                                        k.second.empty() ? k.first : k.first + " " + k.second));
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i + 1 < list.size() || then_mock) list[i].first.insert("times", list[i].second);
            scripts.push_back(std::move(list[i].first));
        }
    }
    if (!scripts.empty()) ftp.insert("script", std::move(scripts));

    std::ostringstream out;
    out << comment("Mock config written by `replycheck record` from " + options.upstream + ": " +
                   std::to_string(sessions.size()) + " FTP session(s), answered as recorded.");
    std::string set_env, set_secrets;
    for (const auto& [name, secret] : secrets.passwords) {
        set_env += ftp_mock_password_env(options, secret) + "=... ";
        set_secrets += " --secret " + secret + "=...";
    }
    out << comment("Start it (passwords come from the environment, never from this file):");
    out << comment("  " + set_env + "replycheck mock " + options.file_name);
    for (const auto& [name, secret] : secrets.passwords)
        out << comment("  " + ftp_mock_password_env(options, secret) + " is the password of " + name +
                       " (the scenarios' " + secret + ")");
    out << comment("It prints `ftp 127.0.0.1:PORT`; replay the recorded scenarios against it:");
    out << comment("  replycheck run SCENARIOS.toml --var ftp=ftp://127.0.0.1:PORT" + set_secrets);
    for (const auto& note : notes) out << comment("note: " + note);
    toml::table mock;
    mock.insert("ftp", std::move(ftp));
    toml::table root;
    root.insert("mock", std::move(mock));
    out << "\n" << reproduce::toml_text(root) << "\n";
    return out.str();
}

}  // namespace replycheck::record
