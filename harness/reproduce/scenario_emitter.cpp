// Plan → scenario file. Each HTTP case gets the steps its provocation needs (RFC 9110 §13 for
// 304 and 412, §14 for 206 and 416, §11.6.1 for 401); each FTP session replays its commands
// on one control connection, transfers through their own data connections.

#include "harness/reproduce/scenario_emitter.hpp"

#include <sstream>

#include <fmt/format.h>

#include "harness/reproduce/emit_text.hpp"
#include "protocol/codes/win32_codes.hpp"

namespace replycheck::reproduce {

namespace {

std::string time_text(std::chrono::sys_seconds t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::string file_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string first_seen(const log_origin& o, std::optional<std::uint32_t> win32) {
    // A pasted line (explain --log) has no file to point at.
    std::string out = o.file.empty() ? std::string() : fmt::format("first {}:{}", file_name(o.file), o.line);
    if (o.first_time) out += (out.empty() ? "" : ", ") + time_text(*o.first_time);
    if (win32 && *win32 != 0) {
        out += fmt::format("{}win32 {}", out.empty() ? "" : ", ", *win32);
        if (const auto* info = protocol::find_win32_status(*win32)) out += fmt::format(" {}", info->name);
    }
    return out;
}

toml::table code_expect(const char* key, int status, std::optional<int> substatus) {
    auto e = inline_table();
    if (substatus && *substatus != 0) {
        e.insert(key, fmt::format("{}.{}", status, *substatus));
        // The substatus shows only on an IIS detailed error page; elsewhere it is not observable.
        e.insert("substatus", "if-shown");
    } else {
        e.insert(key, status);
    }
    return e;
}

toml::table header_check(const char* name, const char* pattern) {
    auto check = inline_table();
    check.insert("matches", pattern);
    auto headers = inline_table();
    headers.insert(name, std::move(check));
    return headers;
}

/// Basic credentials of the logged user; the password only as its secret variable.
toml::table credential_of(const http_case& c) {
    auto auth = inline_table();
    auth.insert("user", escape_variables(c.user));
    auth.insert("password", "${" + c.password_var + "}");
    return auth;
}

toml::table http_scenario(const http_case& c) {
    std::string url = "${http}" + url_safe_target(c.target);
    toml::array steps;
    auto request = inline_table();
    request.insert("method", c.method);
    request.insert("url", url);
    auto expect = code_expect("status", c.status, c.substatus);
    toml::table headers = inline_table();

    switch (c.how) {
    case provocation::conditional: {
        // A GET for the current validator, then the same request made conditional (RFC 9110 §13.1.2).
        toml::table first;
        auto get = inline_table();
        get.insert("method", "GET");
        get.insert("url", url);
        if (!c.password_var.empty()) get.insert("auth", credential_of(c));
        first.insert("name", "current representation and its ETag");
        first.insert("request", std::move(get));
        auto ok = inline_table();
        ok.insert("status", 200);
        first.insert("expect", std::move(ok));
        auto capture = inline_table();
        auto etag = inline_table();
        etag.insert("header", "ETag");
        capture.insert("etag", std::move(etag));
        first.insert("capture", std::move(capture));
        steps.push_back(std::move(first));
        headers.insert("If-None-Match", "${etag}");
        break;
    }
    case provocation::range:
    case provocation::range_past_end:
        headers.insert("Range", c.range_header);
        if (c.how == provocation::range)
            expect.insert("headers", header_check("Content-Range", "^bytes 0-"));
        break;
    case provocation::no_credentials:
        expect.insert("headers", header_check("WWW-Authenticate", "\\S"));
        break;
    case provocation::with_credential:
        if (c.status == 401) expect.insert("headers", header_check("WWW-Authenticate", "\\S"));
        break;
    case provocation::if_match_mismatch:
        // RFC 9110 §13.1.1: an If-Match no current representation has fails with 412.
        headers.insert("If-Match", "\"replycheck-mismatch\"");
        break;
    case provocation::method_not_allowed:
    case provocation::plain:
        break;
    }
    if (!headers.empty()) request.insert("headers", std::move(headers));
    if (!c.password_var.empty()) request.insert("auth", credential_of(c));
    toml::table step;
    step.insert("name", fmt::format("{} as logged ({})", c.code(), to_string(c.how)));
    step.insert("request", std::move(request));
    step.insert("expect", std::move(expect));
    steps.push_back(std::move(step));

    toml::table sc;
    sc.insert("name", c.name);
    sc.insert("description", describe(c));
    sc.insert("tags", toml::array{"reproduce", "http"});
    sc.insert("step", std::move(steps));
    return sc;
}

toml::table ftp_step(const ftp_command& cmd) {
    toml::table step;
    std::string label = cmd.code != 0 ? fmt::format("logged {}", cmd.code) : std::string("logged without reply");
    if (!cmd.reply_text.empty()) label += " " + one_line(cmd.reply_text, 80);
    if (cmd.synthesized) label = "login (not in the log)";
    step.insert("name", label);
    std::string argument = escape_variables(one_line(cmd.argument, 4096));
    if (cmd.verb == "CONNECT") {
        auto greeting = inline_table();
        greeting.insert("greeting", true);
        step.insert("ftp", std::move(greeting));
    } else if (cmd.verb == "PASS") {
        std::string password = cmd.wrong_password      ? std::string(wrong_password)
                               : cmd.password_var.empty() ? std::string(anonymous_password)
                                                        : "${" + cmd.password_var + "}";
        step.insert("ftp", "PASS " + password);
    } else if (cmd.transfer) {
        auto transfer = inline_table();
        transfer.insert("transfer", argument.empty() ? cmd.verb : cmd.verb + " " + argument);
        if (cmd.verb == "STOR" || cmd.verb == "STOU" || cmd.verb == "APPE")
            transfer.insert("upload", "replycheck reproduce\n");
        step.insert("ftp", std::move(transfer));
    } else {
        step.insert("ftp", argument.empty() ? cmd.verb : cmd.verb + " " + argument);
    }
    if (cmd.code != 0 && !cmd.synthesized) {
        auto expect = inline_table();
        // A transfer logged with its 1xx reply only: that is what is compared.
        if (cmd.transfer && cmd.code < 200) expect.insert("preliminary", cmd.code);
        else expect.insert("code", cmd.code);
        step.insert("expect", std::move(expect));
    }
    return step;
}

toml::table ftp_scenario(const ftp_session_case& c) {
    toml::array steps;
    for (const auto& cmd : c.commands) steps.push_back(ftp_step(cmd));
    toml::table sc;
    sc.insert("name", c.name);
    sc.insert("description", describe(c));
    sc.insert("tags", toml::array{"reproduce", "ftp"});
    sc.insert("step", std::move(steps));
    return sc;
}

}  // namespace

std::string describe(const http_case& c) {
    std::string count = c.origin.count > 1 ? fmt::format(" \u00d7{}", c.origin.count) : std::string();
    std::string out = fmt::format("logged {}{} ({})", c.code(), count, first_seen(c.origin, c.win32));
    if (c.origin.last_time && c.origin.count > 1 && c.origin.last_time != c.origin.first_time)
        out += ", last " + time_text(*c.origin.last_time);
    if (!c.user.empty()) out += ", user " + c.user;
    return out;
}

std::string describe(const ftp_session_case& c) {
    return fmt::format("logged {}{}, {} command{} ({})",
                       c.session.empty() ? std::string("FTP transfer") : "FTP session " + c.session,
                       c.user.empty() ? std::string() : " (" + c.user + ")", c.commands.size(),
                       c.commands.size() == 1 ? "" : "s", first_seen(c.origin, std::nullopt));
}

std::string url_safe_target(std::string_view target) {
    static constexpr const char* hex = "0123456789ABCDEF";
    auto is_hex = [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    };
    std::string out;
    for (std::size_t i = 0; i < target.size(); ++i) {
        auto ch = static_cast<unsigned char>(target[i]);
        // RFC 3986 §3.3/§3.4: unreserved, sub-delims, ':', '@', '/', '?' stand as they are.
        bool allowed = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                       std::string_view("-._~!$&'()*+,;=:@/?").find(static_cast<char>(ch)) != std::string_view::npos;
        if (ch == '%' && i + 2 < target.size() && is_hex(target[i + 1]) && is_hex(target[i + 2])) allowed = true;
        if (allowed) {
            out += static_cast<char>(ch);
        } else {
            out += '%';
            out += hex[ch >> 4];
            out += hex[ch & 15];
        }
    }
    return out;
}

toml::table scenario_table(const reproduce_plan& plan, const std::string& suite_name) {
    toml::table root;
    toml::table suite;
    suite.insert("name", suite_name);
    suite.insert("description", "Logged error codes replayed by replycheck reproduce");
    suite.insert("tags", toml::array{"reproduce"});
    // Only the codes are compared: the server the log came from need not be conformant.
    suite.insert("conformance", "off");
    root.insert("suite", std::move(suite));
    toml::array scenarios;
    for (const auto& c : plan.http) scenarios.push_back(http_scenario(c));
    for (const auto& c : plan.ftp) scenarios.push_back(ftp_scenario(c));
    root.insert("scenario", std::move(scenarios));
    return root;
}

std::string scenario_file_text(const reproduce_plan& plan, const std::string& suite_name,
                               const std::vector<std::string>& sources) {
    std::ostringstream out;
    out << "# Written by `replycheck reproduce` from";
    for (const auto& s : sources) out << ' ' << one_line(s, 200);
    out << ".\n# Run it: replycheck run THIS.toml --var http=http://HOST:PORT --var ftp=ftp://HOST:PORT";
    for (const auto& p : plan.passwords) out << " --secret " << p.name << "=...";
    out << '\n';
    for (const auto& p : plan.passwords)
        out << "# ${" << p.name << "} is the password of " << one_line(p.user, 100) << '\n';
    if (plan.http.empty() || plan.ftp.empty())
        out << "# (only ${" << (plan.http.empty() ? "ftp" : "http") << "} is used)\n";
    out << '\n' << toml_text(scenario_table(plan, suite_name)) << '\n';
    return out.str();
}

}  // namespace replycheck::reproduce
