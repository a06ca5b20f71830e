// [mock.ftp] of an emitted mock: the users whose logged login succeeded (password from the
// environment), anonymous when logged, and a script per (command, argument) whose logged reply
// the mock would not give by itself over an empty root, so every session replays to its codes.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "harness/reproduce/mock_emitter_parts.hpp"
#include "protocol/codes/ftp_codes.hpp"
#include "protocol/wire/ftp_time.hpp"

namespace replycheck::reproduce::detail {

namespace {

constexpr std::uint64_t default_file_size = 1024;   // RETR payload when the log gives no size

// What the mock answers by itself once logged in, whatever the root holds (docs/mock.md): such
// commands need no script. Before login it answers 530 to all of them, as servers do.
bool natural_reply(std::string_view verb, int code) {
    static const std::map<std::string_view, int> table = {
        {"PWD", 257},  {"XPWD", 257}, {"SYST", 215}, {"FEAT", 211}, {"NOOP", 200}, {"TYPE", 200},
        {"MODE", 200}, {"STRU", 200}, {"HELP", 214}, {"QUIT", 221}, {"CDUP", 250}, {"XCUP", 250},
    };
    auto it = table.find(verb);
    return it != table.end() && it->second == code;
}

// Reply text safe for one line: printable octets only (the mock refuses CR and LF).
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    return out;
}

// "CODE text": the logged text, else the registry's usual text for the code, else `fallback`.
std::string reply_line(int code, std::string_view logged, std::string_view fallback) {
    auto text = one_line(logged);
    if (text.empty())
        if (const auto* info = protocol::find_ftp_reply(code)) text = one_line(info->text);
    return std::to_string(code) + " " + (text.empty() ? std::string(fallback) : text);
}

// The text of a reply the log gave no text for, shaped as clients parse it.
// The size of a file as the plan knows it: the logged bytes of a RETR of that argument (capped),
// else a default. SIZE and RETR of one file then agree.
struct file_sizes {
    std::map<std::string, std::uint64_t> logged;
    std::uint64_t cap = 0;
    std::uint64_t of(const std::string& argument) const {
        auto it = logged.find(argument);
        return std::min(it == logged.end() ? default_file_size : it->second, cap);
    }
};

std::string default_line(const ftp_command& c, const ftp_session_case& s, const file_sizes& sizes) {
    auto text = one_line(c.reply_text);
    if (c.code == 213 && c.verb == "MDTM") {
        // RFC 3659 §3: "213 YYYYMMDDHHMMSS".
        bool digits = text.size() >= 14 && std::all_of(text.begin(), text.begin() + 14, [](unsigned char ch) {
                          return std::isdigit(ch);
                      });
        if (digits) return "213 " + text;
        return "213 " + protocol::format_mdtm(s.origin.first_time.value_or(std::chrono::sys_seconds{std::chrono::seconds{1700000000}}));
    }
    if (c.code == 213 && c.verb == "SIZE") {
        // RFC 3659 §4: "213 <octets>".
        bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isdigit(ch); });
        return "213 " + (digits ? text : std::to_string(sizes.of(c.argument)));
    }
    if (c.code == 257) {
        if (text.find('"') != std::string::npos) return "257 " + text;
        std::string quoted;   // RFC 959 Appendix II: embedded quotes doubled
        for (char ch : one_line(c.argument)) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return "257 \"" + quoted + "\" created.";
    }
    return reply_line(c.code, text, "Reply as logged.");
}

struct ftp_script_out {
    std::string verb, argument;
    int code = 0;
    toml::table table;
};

toml::table match_of(const ftp_command& c) {
    toml::table match;
    match.is_inline(true);   // match = { ... } on the script's own line
    match.insert("command", c.verb);
    if (!c.argument.empty()) match.insert("argument", c.argument);
    return match;
}

// A transfer command (RFC 959 §5.4: 1yz, then the final reply after the data moved).
std::optional<toml::table> transfer_script(const ftp_command& c, const file_sizes& sizes) {
    toml::table t;
    t.insert("match", match_of(c));
    const bool download = c.verb == "RETR";
    if (c.code < 400) {
        const int final_code = c.code >= 200 ? c.code : 226;
        t.insert("preliminary", "150 Opening data connection.");
        t.insert("final", reply_line(final_code, c.code >= 200 ? c.reply_text : "", "Transfer complete."));
        toml::table data;
        data.insert("action", "send");
        data.insert("bytes", download ? mock_payload(sizes.of(c.argument)) : std::string());
        t.insert("data", std::move(data));
    } else if (c.code == 425) {
        toml::table data;
        data.insert("action", "never-open");
        data.insert("bytes", "");   // bytes given: the mock need not have the file
        data.insert("fail", 425);
        t.insert("data", std::move(data));
    } else if (c.code == 426 || c.code == 451) {
        // The data connection opened and broke: 150, then the logged failure.
        t.insert("preliminary", "150 Opening data connection.");
        t.insert("final", reply_line(c.code, c.reply_text, "Transfer aborted."));
        toml::table data;
        data.insert("action", "close-early");
        data.insert("bytes", "");
        data.insert("after", 0);
        t.insert("data", std::move(data));
    } else {
        // Refused before any data (550 missing file, 530, 501): a plain reply.
        t.insert("reply", reply_line(c.code, c.reply_text, "Requested action not taken."));
    }
    return t;
}

bool is_upload(std::string_view verb) { return verb == "STOR" || verb == "STOU" || verb == "APPE"; }

std::optional<toml::table> command_script(const ftp_command& c, const ftp_session_case& s, const file_sizes& sizes) {
    if (c.code < 200 && !(c.transfer && c.code >= 100)) return std::nullopt;   // nothing logged to answer
    if (c.verb == "PASS" || c.verb == "ACCT") return std::nullopt;   // 230 / 530 come from the users below
    if (c.verb == "USER" && c.code == 331) return std::nullopt;      // the mock asks every user for a password
    if (c.verb != "USER" && c.code == 530) return std::nullopt;      // not logged in: the mock's own 530
    if (c.transfer && is_upload(c.verb)) {
        // --unsafe uploads: the (writable) mock stores them; only a refusal needs a script.
        if (c.code < 400) return std::nullopt;
        toml::table t;
        t.insert("match", match_of(c));
        t.insert("reply", reply_line(c.code, c.reply_text, "Requested action not taken."));
        return t;
    }
    if (c.transfer) return transfer_script(c, sizes);
    if (natural_reply(c.verb, c.code)) return std::nullopt;
    toml::table t;
    t.insert("match", match_of(c));
    if (c.verb == "MLST" && c.code == 250) {
        // RFC 3659 §7.2: the facts of the path on a line of their own, between 250- and 250.
        const auto name = one_line(c.argument.empty() ? std::string(".") : c.argument);
        const auto modified = protocol::format_mdtm(
            s.origin.first_time.value_or(std::chrono::sys_seconds{std::chrono::seconds{1700000000}}));
        toml::array lines;
        lines.push_back("250-Listing " + name);
        lines.push_back(" type=file;size=" + std::to_string(sizes.of(c.argument)) + ";modify=" + modified + "; " + name);
        lines.push_back("250 End");
        t.insert("reply", std::move(lines));
    } else {
        t.insert("reply", default_line(c, s, sizes));
    }
    if (c.verb == "QUIT") t.insert("close", true);
    return t;
}

}  // namespace

toml::table emit_ftp_mock(const reproduce_plan& plan, const emit_mock_options& options, bool iis,
                          std::vector<std::string>& notes) {
    toml::table ftp;
    ftp.insert("listen", options.ftp_listen);
    ftp.insert("root", options.root);
    if (iis) ftp.insert("flavour", "iis");

    file_sizes sizes;
    sizes.cap = options.max_body;
    // One size per file, within the total budget (past it, files are small), so that SIZE and
    // RETR of a file agree and a large log does not give a huge file.
    std::uint64_t budget = options.max_total_body;
    for (const auto& s : plan.ftp)
        for (const auto& c : s.commands) {
            if (c.verb != "RETR" || !c.bytes || c.code >= 400 || sizes.logged.count(c.argument)) continue;
            auto size = std::min(*c.bytes, sizes.cap);
            if (size <= budget) budget -= size;
            else size = std::min<std::uint64_t>(size, 256);
            sizes.logged.emplace(c.argument, size);
        }
    std::set<std::string> users;
    bool anonymous = false, uploads = false;
    std::string greeting;
    std::vector<ftp_script_out> scripts;
    for (const auto& s : plan.ftp) {
        if (!s.login_succeeded) continue;
        if (s.anonymous || is_anonymous_ftp_user(s.user)) anonymous = true;
        else if (!s.user.empty()) users.insert(s.user);
    }
    for (const auto& s : plan.ftp) {
        for (const auto& c : s.commands) {
            // A USER refused at once in one session but logged in elsewhere: the login wins
            // (a script would refuse every session of that user).
            if (c.verb == "USER" && c.code >= 400 &&
                (users.count(c.argument) || (anonymous && is_anonymous_ftp_user(c.argument)))) {
                notes.push_back("FTP USER " + c.argument + " is logged refused and logged in; the mock lets it in");
                continue;
            }
            if (c.verb == "CONNECT") {
                if (c.code == 220 && greeting.empty() && !one_line(c.reply_text).empty())
                    greeting = reply_line(220, c.reply_text, "");
                if (c.code == 220 || c.code == 0) continue;
            }
            uploads = uploads || (c.transfer && is_upload(c.verb) && c.code < 400);
            auto script = command_script(c, s, sizes);
            if (!script) continue;
            scripts.push_back({c.verb, c.argument, c.code, std::move(*script)});
        }
    }
    if (!greeting.empty()) ftp.insert("greeting", greeting);
    if (anonymous) ftp.insert("anonymous", true);
    if (uploads) ftp.insert("writable", true);   // uploads replayed with --unsafe land in the root
    if (!users.empty()) ftp.insert("users", ftp_mock_users(users, options.password_env));

    // One script per (command, argument); those naming an argument before those that do not
    // (a script without an argument takes every argument of its command).
    std::stable_sort(scripts.begin(), scripts.end(),
                     [](const ftp_script_out& a, const ftp_script_out& b) { return !a.argument.empty() && b.argument.empty(); });
    std::map<std::pair<std::string, std::string>, int> taken;
    toml::array out;
    for (auto& s : scripts) {
        auto [it, fresh] = taken.emplace(std::pair{s.verb, s.argument}, s.code);
        if (!fresh) {
            if (it->second != s.code)
                notes.push_back("FTP " + s.verb + (s.argument.empty() ? "" : " " + s.argument) + " is logged with " +
                                std::to_string(it->second) + " and " + std::to_string(s.code) + "; the mock answers " +
                                std::to_string(it->second));
            continue;
        }
        out.push_back(std::move(s.table));
    }
    if (!out.empty()) ftp.insert("script", std::move(out));
    return ftp;
}

}  // namespace replycheck::reproduce::detail

namespace replycheck::reproduce {

bool is_anonymous_ftp_user(std::string_view user) noexcept {
    std::string lower;
    for (char ch : user) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return lower == "anonymous" || lower == "ftp";
}

toml::array ftp_mock_users(const std::set<std::string>& names, const std::string& password_env) {
    toml::array list;
    for (const auto& name : names) {
        toml::table user;
        user.insert("name", name);
        user.insert("password", "${env:" + password_env + "}");
        list.push_back(std::move(user));
    }
    return list;
}

}  // namespace replycheck::reproduce
