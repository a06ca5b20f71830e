// Text descriptions and tables of registry entries.
#include "protocol/codes/code_text.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "protocol/codes/code_hints.hpp"
#include "protocol/codes/code_lookup.hpp"

namespace replycheck::protocol {
namespace {

constexpr std::size_t label_width = 16;   // "  should carry:  " minus the indent

// Display width in characters: UTF-8 continuation bytes do not count ("§" is one column).
std::size_t columns(std::string_view text) noexcept {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string pad(std::string_view text, std::size_t width) {
    std::string result{text};
    const std::size_t used = columns(text);
    if (used < width) result.append(width - used, ' ');
    return result;
}

// Appends "  label:   value" with the value word-wrapped to `width`, continuation lines
// indented under the value. Empty values are skipped.
void field(std::string& out, std::string_view label, std::string_view value, std::size_t width) {
    if (value.empty()) return;
    const std::size_t indent = 2 + label_width + 1;
    out += "  ";
    out += pad(label.empty() ? std::string{} : std::string{label} + ":", label_width);
    out += ' ';
    std::size_t line = indent;
    bool first_word = true;
    while (!value.empty()) {
        const auto space = value.find(' ');
        const std::string_view word = value.substr(0, space);
        value = space == std::string_view::npos ? std::string_view{} : value.substr(space + 1);
        if (word.empty()) continue;
        if (!first_word && line + 1 + columns(word) > width) {
            out += '\n';
            out.append(indent, ' ');
            line = indent;
        } else if (!first_word) {
            out += ' ';
            ++line;
        }
        out += word;
        line += columns(word);
        first_word = false;
    }
    out += '\n';
}

// "a; b; c" as one field per item, the label on the first only.
void list_field(std::string& out, std::string_view label, std::string_view items,
                std::size_t width) {
    bool first = true;
    while (!items.empty()) {
        const auto sep = items.find("; ");
        const std::string_view item = items.substr(0, sep);
        items = sep == std::string_view::npos ? std::string_view{} : items.substr(sep + 2);
        const std::string text = "- " + std::string{item};
        field(out, first ? label : std::string_view{}, text, width);
        first = false;
    }
}

std::string class_text(int code) {
    return fmt::format("{}xx {}", code / 100, http_status_class(code));
}

struct table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::string render() const {
        std::vector<std::size_t> widths(header.size(), 0);
        const auto measure = [&](const std::vector<std::string>& row) {
            for (std::size_t i = 0; i < row.size(); ++i)
                widths[i] = std::max(widths[i], columns(row[i]));
        };
        measure(header);
        for (const auto& row : rows) measure(row);
        std::string out;
        const auto emit = [&](const std::vector<std::string>& row) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i + 1 == row.size()) line += row[i];
                else line += pad(row[i], widths[i] + 2);
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line;
            out += '\n';
        };
        emit(header);
        for (const auto& row : rows) emit(row);
        return out;
    }
};

}  // namespace

std::string describe(const http_status_info& info, std::size_t width) {
    std::string out = fmt::format("HTTP {} {}\n", info.code, info.reason);
    field(out, "class", class_text(info.code), width);
    field(out, "defined in", info.section, width);
    field(out, "meaning", info.meaning, width);
    field(out, "must carry", info.must_carry.empty() ? "nothing specific" : info.must_carry,
          width);
    field(out, "should carry", info.should_carry, width);
    field(out, "content",
          info.body_allowed ? "allowed (none in a reply to HEAD)"
                            : "not allowed: the response ends at the blank line after the "
                              "header section (RFC 9112 §6.3)",
          width);
    field(out, "cacheable",
          info.cacheable_by_default
              ? "by default: a cache may store it without explicit freshness (RFC 9110 §15.1)"
              : "only with explicit freshness or Cache-Control (RFC 9111 §3)",
          width);
    field(out, "provoke with", info.provoke, width);
    const auto subs = iis_substatuses_of(info.code);
    if (!subs.empty()) {
        std::string codes;
        for (const auto* sub : subs) {
            if (!codes.empty()) codes += ' ';
            codes += sub->code;
        }
        field(out, "IIS substatus", codes + fmt::format(" (see: replycheck explain {}.N)",
                                                        info.code),
              width);
    }
    return out;
}

std::string describe(const iis_substatus_info& info, std::size_t width) {
    std::string out = fmt::format("IIS {} {}\n", info.code, info.title);
    const auto* status = find_http_status(info.status);
    field(out, "status",
          fmt::format("{} {} ({}); the substatus is IIS-specific: it is logged as "
                      "sc-substatus and shown on IIS error pages, never sent on the status line",
                      info.status, status ? status->reason : "", class_text(info.status)),
          width);
    field(out, "meaning", info.meaning, width);
    list_field(out, "typical causes", info.causes, width);
    if (status) {
        field(out, "defined in", fmt::format("{} (status {})", status->section, info.status),
              width);
        field(out, "must carry",
              status->must_carry.empty() ? "nothing specific" : status->must_carry, width);
        field(out, "should carry", status->should_carry, width);
    }
    field(out, "provoke with", iis_provoke_hint(info), width);
    field(out, "on the mock", mock_hint(info), width);
    return out;
}

std::string describe(const ftp_reply_info& info, std::size_t width) {
    std::string out = fmt::format("FTP {} {}\n", info.code, info.text);
    field(out, "defined in", info.section, width);
    field(out, "meaning", info.meaning, width);
    field(out, fmt::format("1st digit {}", info.code / 100), ftp_first_digit_meaning(info.code),
          width);
    field(out, fmt::format("2nd digit {}", (info.code / 10) % 10),
          ftp_second_digit_meaning(info.code), width);
    field(out, fmt::format("3rd digit {}", info.code % 10),
          "a finer distinction within the group (RFC 959 §4.2)", width);
    field(out, "format", info.format, width);
    // Group the commands by the role the reply plays for them, one line per role.
    const auto uses = ftp_commands_returning(info.code);
    std::string groups;
    for (auto role : {ftp_reply_role::preliminary, ftp_reply_role::success,
                      ftp_reply_role::intermediate, ftp_reply_role::error}) {
        std::string names;
        for (const auto& use : uses) {
            if (use.role != role) continue;
            if (!names.empty()) names += ", ";
            names += use.command;
        }
        if (names.empty()) continue;
        if (!groups.empty()) groups += "; ";
        groups += fmt::format("as {} reply: {}", to_string(role), names);
    }
    if (info.code == 421)
        field(out, "returned by",
              "any command, and instead of the greeting: the server may send it whenever it "
              "must close the session (RFC 959 §5.4)",
              width);
    else if (groups.empty())
        field(out, "returned by", "no command in the RFC 959 §5.4 table or its extensions",
              width);
    if (!groups.empty())
        list_field(out, info.code == 421 ? "listed for" : "returned by", groups, width);
    if (const auto* hint = find_ftp_hint(info.code)) {
        list_field(out, "typical causes", hint->causes, width);
        field(out, "provoke with", hint->provoke, width);
    }
    field(out, "on the mock", ftp_mock_hint(info), width);
    return out;
}

std::string http_status_table() {
    table t{{"CODE", "REASON", "CLASS", "BODY", "CACHEABLE", "SECTION"}, {}};
    for (const auto& s : all_http_statuses())
        t.rows.push_back({std::to_string(s.code), std::string{s.reason}, class_text(s.code),
                          s.body_allowed ? "yes" : "no", s.cacheable_by_default ? "yes" : "no",
                          std::string{s.section}});
    return t.render();
}

std::string iis_substatus_table() {
    table t{{"CODE", "STATUS", "TITLE"}, {}};
    for (const auto& s : all_iis_substatuses())
        t.rows.push_back({std::string{s.code},
                          fmt::format("{} {}", s.status, reason_phrase(s.status)),
                          std::string{s.title}});
    return t.render();
}

std::string ftp_reply_table() {
    table t{{"CODE", "TEXT", "SECTION", "COMMANDS"}, {}};
    for (const auto& r : all_ftp_replies()) {
        const auto uses = ftp_commands_returning(r.code);
        std::string commands;
        if (r.code == 421) commands = "(any command)";
        else if (uses.size() > 6) commands = fmt::format("({} commands)", uses.size());
        else
            for (const auto& use : uses) {
                if (!commands.empty()) commands += ", ";
                commands += use.command;
            }
        t.rows.push_back({std::to_string(r.code), std::string{r.text}, std::string{r.section},
                          commands});
    }
    return t.render();
}

namespace {

// One related code ("401.1", "ftp 530", "200") with its title: "IIS 401.1 Logon failed".
std::string related_title(std::string_view item) {
    const bool ftp = item.rfind("ftp ", 0) == 0;
    const auto arg = parse_code_argument(ftp ? item.substr(4) : item);
    if (!arg) return std::string{item};
    if (ftp) {
        if (const auto* r = find_ftp_reply(arg->code); r && !arg->substatus)
            return fmt::format("FTP {} {}", r->code, r->text);
    } else if (arg->substatus) {
        if (const auto* sub = find_iis_substatus(arg->code, *arg->substatus))
            return fmt::format("IIS {} {}", sub->code, sub->title);
    } else if (const auto* h = find_http_status(arg->code)) {
        return fmt::format("HTTP {} {}", h->code, h->reason);
    }
    return std::string{item};
}

// "5", or for an HRESULT its hex form: how a value is best shown in one line.
std::string win32_short(std::uint32_t value) {
    return is_hresult(value) ? fmt::format("{} ({})", win32_hex(value), value)
                             : std::to_string(value);
}

// The win32 part of a logged entry: the code, its meaning and what it usually means in a log.
void win32_fields(std::string& out, std::uint32_t win32, std::size_t width) {
    const auto resolved = resolve_win32_status(win32);
    if (!resolved.entry) {
        field(out, "win32 status",
              fmt::format("{}: not in the registry (replycheck codes win32 lists the known "
                          "ones)",
                          win32_short(win32)),
              width);
        return;
    }
    const auto& info = *resolved.entry;
    std::string text = fmt::format("{} {}: {}", win32_short(win32), info.name, info.meaning);
    if (info.value != win32)
        text = fmt::format("{} wraps Win32 {} {}: {}", win32_short(win32), info.value, info.name,
                           info.meaning);
    field(out, "win32 status", text, width);
    if (win32 != 0) field(out, "in an IIS log", info.in_iis_log, width);
}

// The combination note of a logged win32 status; an HRESULT also tries the code it wraps.
template <typename Find>
const logged_combination* combination(std::uint32_t win32, Find find) {
    if (const auto* note = find(win32)) return note;
    if (const auto wrapped = win32_from_hresult(win32)) return find(*wrapped);
    return nullptr;
}

}  // namespace

std::string win32_hex(std::uint32_t value) { return fmt::format("0x{:08X}", value); }

std::string describe(const win32_resolution& resolved, std::size_t width) {
    const win32_status_info& info = *resolved.entry;
    const std::uint32_t value = resolved.value;
    const bool own_entry = info.value == value;
    std::string out;
    if (!is_hresult(value)) {
        out = fmt::format("Win32 {} {}\n", value, info.name);
        field(out, "value",
              value == 0 || value > 0xFFFFu
                  ? fmt::format("{} = {}", value, win32_hex(value))
                  : fmt::format("{} = {}; wrapped in an HRESULT it reads {} ({} as IIS logs it)",
                                value, win32_hex(value), win32_hex(hresult_from_win32(value)),
                                hresult_from_win32(value)),
              width);
    } else {
        out = fmt::format("HRESULT {} {}\n", win32_hex(value),
                          own_entry ? std::string{info.name}
                                    : fmt::format("= Win32 {} {}", info.value, info.name));
        field(out, "value",
              fmt::format("{} = {} as IIS logs it (unsigned) = {} as a signed 32-bit number",
                          win32_hex(value), value, static_cast<std::int32_t>(value)),
              width);
    }
    if (resolved.wrapped) {
        const auto* wrapped = find_win32_status(*resolved.wrapped);
        field(out, "wraps",
              fmt::format("Win32 {}{}: 0x8007xxxx is FACILITY_WIN32, the low 16 bits are the "
                          "Win32 code",
                          *resolved.wrapped,
                          wrapped ? fmt::format(" {}", wrapped->name) : std::string{}),
              width);
    }
    field(out, "meaning", info.meaning, width);
    field(out, "in an IIS log", info.in_iis_log, width);
    // One line per related code; titles may hold "; " themselves (FTP 426), so no list_field.
    std::string_view items = info.related;
    bool first = true;
    while (!items.empty()) {
        const auto sep = items.find("; ");
        field(out, first ? "related codes" : "", "- " + related_title(items.substr(0, sep)),
              width);
        first = false;
        items = sep == std::string_view::npos ? std::string_view{} : items.substr(sep + 2);
    }
    return out;
}

std::string mock_hint(const iis_substatus_info& info) {
    // IIS's SSL settings: the mock's TLS policies give these as IIS does (docs/mock.md), from
    // the request itself rather than from a script.
    if (info.status == 403 && info.substatus == 4)
        return "require_tls = [\"/path\"] in [mock.http] with flavour = \"iis\": a plain-HTTP request "
               "under /path gets 403.4 (scenarios/tls/iis_https.toml)";
    if (info.status == 403 && (info.substatus == 7 || info.substatus == 16 || info.substatus == 17))
        return "require_client_cert = [\"/path\"] in [mock.http] with flavour = \"iis\" and [mock.tls] "
               "client_cert = \"optional\", client_ca = \"ca.pem\": over HTTPS no client certificate "
               "gets 403.7, one from another authority 403.16, an expired one 403.17 "
               "(scenarios/tls/iis_https.toml)";
    return fmt::format(
        "a [[mock.http.script]] with reply = {{ status = \"{0}\" }} on a mock with flavour = "
        "\"iis\" (docs/mock.md): the status line says {1}, the IIS error page \"HTTP Error "
        "{0}\"",
        info.code, info.status);
}

std::string explain_logged_http(int status, std::optional<int> substatus,
                                std::optional<std::uint32_t> win32, std::size_t width) {
    const int sub_code = substatus.value_or(0);
    std::string out = fmt::format("Logged HTTP {}{}{}\n", status,
                                  sub_code != 0 ? fmt::format(".{}", sub_code) : std::string{},
                                  win32 ? fmt::format(" with sc-win32-status {}", *win32)
                                        : std::string{});
    const auto* http = find_http_status(status);
    field(out, "status",
          http ? fmt::format("{} {} ({}): {}", status, http->reason, class_text(status),
                             http->meaning)
               : fmt::format("{}: not a registered HTTP status code", status),
          width);
    const iis_substatus_info* sub = nullptr;
    if (sub_code != 0) {
        sub = find_iis_substatus(status, sub_code);
        field(out, "IIS substatus",
              sub ? fmt::format("{} {}: {}", sub->code, sub->title, sub->meaning)
                  : fmt::format("{}.{}: not a known IIS substatus code", status, sub_code),
              width);
        if (sub) list_field(out, "typical causes", sub->causes, width);
    }
    if (win32) {
        win32_fields(out, *win32, width);
        const auto* note = combination(*win32, [&](std::uint32_t value) {
            return find_http_combination(status, sub_code, value);
        });
        if (note) field(out, "together", note->note, width);
    }
    if (sub)
        field(out, "on the mock", mock_hint(*sub), width);
    else if (http)
        field(out, "on the mock",
              fmt::format("a [[mock.http.script]] with reply = {{ status = {} }} (docs/mock.md); "
                          "provoke it on a real server with: {}",
                          status, http->provoke),
              width);
    return out;
}

std::string explain_logged_ftp(std::string_view command, int reply,
                               std::optional<std::uint32_t> win32, std::size_t width) {
    std::string out = fmt::format(
        "Logged FTP {}{}{}\n", command.empty() ? std::string{} : std::string{command} + " -> ",
        reply, win32 ? fmt::format(" with sc-win32-status {}", *win32) : std::string{});
    const auto* info = find_ftp_reply(reply);
    field(out, "reply",
          info ? fmt::format("{} {}: {}", reply, info->text, info->meaning)
               : fmt::format("{}: not a known FTP reply code", reply),
          width);
    if (!command.empty() && info) {
        const auto* cmd = find_ftp_command(command);
        std::string role;
        for (const auto& use : ftp_commands_returning(reply))
            if (cmd && use.command == cmd->command) role = std::string{to_string(use.role)};
        if (cmd)
            field(out, "for the command",
                  role.empty() ? fmt::format("{} does not list {} among its replies ({})",
                                             cmd->command, reply, cmd->section)
                               : fmt::format("{} lists {} as its {} reply ({})", cmd->command,
                                             reply, role, cmd->section),
                  width);
    }
    if (win32) {
        win32_fields(out, *win32, width);
        const auto* note = combination(
            *win32, [&](std::uint32_t value) { return find_ftp_combination(reply, value); });
        if (note) field(out, "together", note->note, width);
    }
    if (info) field(out, "on the mock", ftp_mock_hint(*info), width);
    return out;
}

std::string win32_status_table() {
    table t{{"VALUE", "HEX", "NAME", "MEANING"}, {}};
    for (const auto& w : all_win32_statuses())
        t.rows.push_back({std::to_string(w.value), win32_hex(w.value), std::string{w.name},
                          std::string{w.meaning}});
    return t.render();
}

}  // namespace replycheck::protocol
