// `replycheck explain [http|ftp|win32] CODE [--json]`: what an HTTP status, IIS substatus, FTP
// reply code, or Win32 status / HRESULT from an IIS log means, what a conforming reply must
// carry, and how to provoke it. `replycheck explain --log 'LINE'`: the same for every code of
// one pasted log line, and the scenario that would reproduce it.
//
// Each mode is one function taking the options and returning the exit code; run_explain only
// picks the mode from the arguments, so another mode (explain --log) is one more branch.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "harness/reproduce/reproduce_plan.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "protocol/logs/log_reader.hpp"
#include "protocol/codes/code_json.hpp"
#include "protocol/codes/code_lookup.hpp"
#include "protocol/codes/code_text.hpp"
#include "protocol/codes/win32_codes.hpp"

namespace replycheck::cli {
namespace {

namespace p = replycheck::protocol;

constexpr std::size_t nearest_count = 5;

struct explain_options {
    std::vector<std::string> args;
    std::string log_line;   ///< --log
    bool json = false;
};

template <typename T, typename Name>
std::string list_names(const std::vector<const T*>& entries, Name name) {
    std::string out;
    for (const auto* e : entries) {
        if (!out.empty()) out += ", ";
        out += name(*e);
    }
    return out;
}

std::string http_nearest(int code) {
    return list_names(p::nearest_http_statuses(code, nearest_count),
                      [](const p::http_status_info& s) {
                          return fmt::format("{} {}", s.code, s.reason);
                      });
}

std::string ftp_nearest(int code) {
    return list_names(p::nearest_ftp_replies(code, nearest_count),
                      [](const p::ftp_reply_info& r) { return std::to_string(r.code); });
}

std::string win32_nearest(std::uint32_t value) {
    return list_names(p::nearest_win32_statuses(value, nearest_count),
                      [](const p::win32_status_info& w) {
                          return p::is_hresult(w.value)
                                     ? fmt::format("{} {}", p::win32_hex(w.value), w.name)
                                     : fmt::format("{} {}", w.value, w.name);
                      });
}

// Prints the result of a mode: the JSON array, or the text.
int print(const explain_options& opts, const boost::json::array& json, const std::string& text) {
    if (opts.json) std::cout << boost::json::serialize(json) << '\n';
    else std::cout << text;
    return exit_ok;
}

// `explain win32 VALUE`: a Win32 status, Winsock/WinHTTP code or HRESULT, given in decimal,
// hex (0x...), negative decimal, or by name. `note` precedes the text when the protocol was
// not named.
int explain_win32(const explain_options& opts, const std::string& text, std::string_view note) {
    std::optional<std::uint32_t> value = p::parse_win32_argument(text);
    if (!value)
        if (const auto* named = p::find_win32_status(text)) value = named->value;
    if (!value) {
        std::cerr << fmt::format(
            "replycheck explain: '{}' is not a Win32 status: expected a number as IIS logs it "
            "(64, 2147942405), a hex HRESULT (0x80070005), a negative HRESULT (-2147024891) or "
            "a name (ERROR_NETNAME_DELETED), at most 32 bits\n",
            text);
        return exit_usage;
    }
    const auto resolved = p::resolve_win32_status(*value);
    if (!resolved.entry) {
        std::string what = p::is_hresult(*value)
                               ? fmt::format("HRESULT {} ({})", p::win32_hex(*value), *value)
                               : fmt::format("Win32 status {} ({})", *value, p::win32_hex(*value));
        if (resolved.wrapped)
            what += fmt::format(", which wraps Win32 {}", *resolved.wrapped);
        std::cerr << fmt::format("replycheck explain: unknown {}\n  nearest known: {}\n", what,
                                 win32_nearest(resolved.wrapped.value_or(*value)));
        return exit_usage;
    }
    boost::json::array json;
    if (opts.json) json.emplace_back(p::to_json(resolved));
    return print(opts, json, std::string{note} + p::describe(resolved));
}

// A hint for an unknown three-digit code that is a known Win32 status (995, 231).
std::string win32_hint(int code) {
    const auto* w = p::find_win32_status(static_cast<std::uint32_t>(code));
    return w ? fmt::format("  Win32 status {} {}: replycheck explain win32 {}\n", code, w->name,
                           code)
             : std::string{};
}

// `explain [http|ftp] CODE`: HTTP status, IIS substatus, FTP reply. `protocol` is "", "http"
// or "ftp".
int explain_code(const explain_options& opts, const std::string& protocol,
                 const std::string& text, const p::code_argument& arg) {
    boost::json::array json;
    std::string out;

    if (arg.substatus) {
        if (protocol == "ftp") {
            std::cerr << fmt::format(
                "replycheck explain: FTP reply codes have no substatus ('{}'); substatus codes "
                "such as 403.14 are IIS extensions of HTTP status codes\n",
                text);
            return exit_usage;
        }
        const auto* sub = p::find_iis_substatus(arg.code, *arg.substatus);
        const auto* status = p::find_http_status(arg.code);
        if (!sub && *arg.substatus == 0 && status) {
            // IIS logs substatus 0 for "no more specific cause" (sc-substatus 0 next to
            // every 200), so X.0 without an entry of its own is plain HTTP X.
            if (opts.json) json.emplace_back(p::to_json(*status));
            else
                out = fmt::format("(IIS substatus 0 names no more specific cause; showing HTTP "
                                  "{})\n",
                                  arg.code) + p::describe(*status);
        } else if (!sub) {
            const auto nearest = p::nearest_iis_substatuses(arg.code, *arg.substatus,
                                                            nearest_count);
            std::cerr << fmt::format(
                "replycheck explain: unknown IIS substatus code {}.{}\n  nearest known: {}\n",
                arg.code, *arg.substatus,
                list_names(nearest, [](const p::iis_substatus_info& s) {
                    return std::string{s.code};
                }));
            return exit_usage;
        } else if (opts.json) {
            json.emplace_back(p::to_json(*sub));
        } else {
            out = p::describe(*sub);
        }
        return print(opts, json, out);
    }

    const auto* http = protocol != "ftp" ? p::find_http_status(arg.code) : nullptr;
    const auto* ftp = protocol != "http" ? p::find_ftp_reply(arg.code) : nullptr;
    if (!http && !ftp) {
        std::string message;
        if (protocol == "http")
            message = fmt::format("unknown HTTP status code {}\n  nearest known: {}\n", arg.code,
                                  http_nearest(arg.code));
        else if (protocol == "ftp")
            message = fmt::format("unknown FTP reply code {}\n  nearest known: {}\n", arg.code,
                                  ftp_nearest(arg.code));
        else
            message = fmt::format(
                "unknown code {}: neither a registered HTTP status code nor an FTP reply "
                "code\n  nearest HTTP: {}\n  nearest FTP:  {}\n",
                arg.code, http_nearest(arg.code), ftp_nearest(arg.code));
        std::cerr << "replycheck explain: " << message << win32_hint(arg.code);
        return exit_usage;
    }
    if (opts.json) {
        if (http) json.emplace_back(p::to_json(*http));
        if (ftp) json.emplace_back(p::to_json(*ftp));
    } else if (http && ftp) {
        out = fmt::format(
            "{0} is both an HTTP status code and an FTP reply code; both follow. Use "
            "'replycheck explain http {0}' or 'replycheck explain ftp {0}' to pick one.\n\n"
            "== HTTP ==\n{1}\n== FTP ==\n{2}",
            arg.code, p::describe(*http), p::describe(*ftp));
    } else {
        out = http ? p::describe(*http) : p::describe(*ftp);
        if (protocol.empty() && ftp)
            out = fmt::format("({} is not an HTTP status code; showing the FTP reply)\n",
                              arg.code) + out;
    }
    return print(opts, json, out);
}

// `explain --log 'LINE'`: reads one W3C, NCSA, vsftpd, xferlog or FTP CLF line, explains its
// status, substatus and Win32 status together, and prints the scenario `reproduce` would run
// for it.
int explain_log(const explain_options& opts) {
    std::string why;
    const auto record = replycheck::logs::parse_single_line(opts.log_line, why);
    if (!record) {
        std::cerr << "replycheck explain --log: cannot read the line: " << why << '\n';
        return exit_usage;
    }
    const bool ftp = record->protocol == replycheck::logs::log_protocol::ftp;
    std::string entry = fmt::format("{} {}{}{}", ftp ? "FTP" : "HTTP", record->method,
                                    record->target.empty() ? "" : " ", record->target);
    if (!record->user.empty()) entry += fmt::format(" (user {})", record->user);
    std::string meaning =
        ftp ? p::explain_logged_ftp(record->method, record->status, record->win32)
            : p::explain_logged_http(record->status, record->substatus, record->win32);

    replycheck::reproduce::plan_options options;
    const auto plan = replycheck::reproduce::build_plan({*record}, options);
    std::string scenario, skipped;
    if (!plan.http.empty() || !plan.ftp.empty())
        scenario = replycheck::reproduce::scenario_file_text(plan, "explain-log", {"the pasted line"});
    for (const auto& s : plan.skipped) skipped += fmt::format("{} ({})", s.reason, s.what);

    if (opts.json) {
        boost::json::object o;
        o["entry"] = entry;
        o["status"] = record->status;
        if (record->substatus) o["substatus"] = *record->substatus;
        if (record->win32) o["win32"] = *record->win32;
        o["explanation"] = meaning;
        if (!scenario.empty()) o["scenario"] = scenario;
        if (!skipped.empty()) o["not_reproduced"] = skipped;
        std::cout << boost::json::serialize(o) << '\n';
        return exit_ok;
    }
    std::cout << "Logged: " << entry << '\n' << meaning << '\n';
    if (scenario.empty()) {
        std::cout << "Not reproduced: " << skipped << '\n';
        return exit_ok;
    }
    std::cout << "A scenario that reproduces it (save it as repro.toml, then "
              << (ftp ? "replycheck run repro.toml --var ftp=ftp://HOST" : "replycheck run repro.toml --var http=http://HOST")
              << "; `replycheck reproduce LOGFILE` does this for a whole log):\n\n"
              << scenario;
    return exit_ok;
}

int run_explain(const explain_options& opts) {
    if (!opts.log_line.empty()) {
        if (!opts.args.empty()) {
            std::cerr << "replycheck explain: give either a code or --log 'LINE', not both\n";
            return exit_usage;
        }
        return explain_log(opts);
    }
    if (opts.args.empty()) {
        std::cerr << "replycheck explain: which code? (replycheck explain 403.14, or "
                     "replycheck explain --log 'LINE')\n";
        return exit_usage;
    }
    // One argument: the code. Two: the protocol (http, iis, ftp, win32), then the code.
    std::string protocol;
    const std::string text = opts.args.back();
    if (opts.args.size() == 2) {
        protocol = opts.args.front();
        if (protocol == "iis") protocol = "http";
        if (protocol != "http" && protocol != "ftp" && protocol != "win32") {
            std::cerr << fmt::format(
                "replycheck explain: unknown protocol '{}': use http, ftp or win32\n",
                opts.args.front());
            return exit_usage;
        }
    }
    if (protocol == "win32") return explain_win32(opts, text, "");

    const auto arg = p::parse_code_argument(text);
    if (arg) return explain_code(opts, protocol, text, *arg);
    // Not an HTTP/FTP code: a Win32 status or HRESULT as IIS logs it (64, 0x80070005,
    // 2147942405) when the protocol was not named.
    if (protocol.empty() && p::parse_win32_argument(text)) {
        const std::string note =
            opts.json ? std::string{}
                      : fmt::format("({} is not an HTTP or FTP code; showing the Win32 status "
                                    "as logged in sc-win32-status)\n",
                                    text);
        return explain_win32(opts, text, note);
    }
    std::cerr << fmt::format(
        "replycheck explain: '{}' is not a code: expected three digits such as 206 or 227, "
        "an IIS substatus such as 403.14, or a Win32 status such as 'win32 64' or "
        "0x80070005\n",
        text);
    return exit_usage;
}

// CLI11 writes a positional of 0 to 2 values as "[code(0x)]" in the usage line: name its parts.
class explain_formatter : public CLI::Formatter {
public:
    std::string make_option_usage(const CLI::Option* opt) const override {
        if (opt->get_name() == "code") return "[[http|ftp|win32] CODE]";
        return CLI::Formatter::make_option_usage(opt);
    }
};

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<explain_options>();
    auto* cmd = app.add_subcommand(
        "explain",
        "Explain an HTTP status, IIS substatus (403.14), FTP reply code, or a Win32 status / "
        "HRESULT from an IIS log: meaning, what a conforming reply must carry, how to provoke "
        "it");
    cmd->formatter(std::make_shared<explain_formatter>());
    cmd->footer(
        "Examples:\n"
        "  replycheck explain 206              HTTP 206 Partial Content\n"
        "  replycheck explain 403.14           IIS substatus: directory listing denied\n"
        "  replycheck explain ftp 227          FTP passive-mode reply and its format\n"
        "  replycheck explain 421              both HTTP 421 and FTP 421\n"
        "  replycheck explain win32 64         sc-win32-status 64: ERROR_NETNAME_DELETED\n"
        "  replycheck explain 0x80070005       HRESULT: FACILITY_WIN32, Win32 5 access denied\n"
        "  replycheck explain win32 2147942405 the same HRESULT as IIS logs it\n"
        "  replycheck explain --log '2026-01-05 10:12:01 10.1.1.4 GET /app/default.aspx - 443 - "
        "203.0.113.9 Mozilla/5.0 - 500 19 13 31'\n"
        "                                     one log line (IIS W3C, combined, vsftpd, xferlog):\n"
        "                                     its codes, and a scenario that reproduces it\n"
        "Unknown codes exit 2 and name the nearest known codes.\n");
    cmd->add_option("code", opts->args,
                    "the code (206, 403.14, 227, 0x80070005), optionally after its protocol: "
                    "http 421, ftp 421, win32 64")
        ->expected(0, 2)
        ->type_name("[http|ftp|win32] CODE");
    cmd->add_option("--log", opts->log_line,
                    "one log line (IIS W3C with the default fields, combined, vsftpd, xferlog): "
                    "explain its codes and print a scenario that reproduces it");
    cmd->add_flag("--json", opts->json, "print a JSON array of the matching entries");
    cmd->callback([opts, &exit_code] { exit_code = run_explain(*opts); });
}

}  // namespace replycheck::cli
