// `replycheck explain [http|ftp] CODE [--json]`: what an HTTP status, IIS substatus or FTP
// reply code means, what a conforming reply must carry, and how to provoke it.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "protocol/codes/code_json.hpp"
#include "protocol/codes/code_lookup.hpp"
#include "protocol/codes/code_text.hpp"

namespace replycheck::cli {
namespace {

namespace p = replycheck::protocol;

constexpr std::size_t nearest_count = 5;

struct explain_options {
    std::vector<std::string> args;
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

int run_explain(const explain_options& opts) {
    // One argument: the code. Two: the protocol, then the code.
    std::string protocol;
    std::string text = opts.args.back();
    if (opts.args.size() == 2) {
        protocol = opts.args.front();
        if (protocol == "iis") protocol = "http";
        if (protocol != "http" && protocol != "ftp") {
            std::cerr << fmt::format("replycheck explain: unknown protocol '{}': use http or ftp\n",
                                     opts.args.front());
            return exit_usage;
        }
    }
    const auto arg = p::parse_code_argument(text);
    if (!arg) {
        std::cerr << fmt::format(
            "replycheck explain: '{}' is not a code: expected three digits such as 206 or 227, "
            "or an IIS substatus such as 403.14\n",
            text);
        return exit_usage;
    }

    boost::json::array json;
    std::string out;

    if (arg->substatus) {
        if (protocol == "ftp") {
            std::cerr << fmt::format(
                "replycheck explain: FTP reply codes have no substatus ('{}'); substatus codes "
                "such as 403.14 are IIS extensions of HTTP status codes\n",
                text);
            return exit_usage;
        }
        const auto* sub = p::find_iis_substatus(arg->code, *arg->substatus);
        const auto* status = p::find_http_status(arg->code);
        if (!sub && *arg->substatus == 0 && status) {
            // IIS logs substatus 0 for "no more specific cause" (sc-substatus 0 next to
            // every 200), so X.0 without an entry of its own is plain HTTP X.
            if (opts.json) json.emplace_back(p::to_json(*status));
            else
                out = fmt::format("(IIS substatus 0 names no more specific cause; showing HTTP "
                                  "{})\n",
                                  arg->code) + p::describe(*status);
        } else if (!sub) {
            const auto nearest = p::nearest_iis_substatuses(arg->code, *arg->substatus,
                                                            nearest_count);
            std::cerr << fmt::format(
                "replycheck explain: unknown IIS substatus code {}.{}\n  nearest known: {}\n",
                arg->code, *arg->substatus,
                list_names(nearest, [](const p::iis_substatus_info& s) {
                    return std::string{s.code};
                }));
            return exit_usage;
        } else if (opts.json) {
            json.emplace_back(p::to_json(*sub));
        } else {
            out = p::describe(*sub);
        }
    } else {
        const auto* http = protocol != "ftp" ? p::find_http_status(arg->code) : nullptr;
        const auto* ftp = protocol != "http" ? p::find_ftp_reply(arg->code) : nullptr;
        if (!http && !ftp) {
            std::string message;
            if (protocol == "http")
                message = fmt::format("unknown HTTP status code {}\n  nearest known: {}\n",
                                      arg->code, http_nearest(arg->code));
            else if (protocol == "ftp")
                message = fmt::format("unknown FTP reply code {}\n  nearest known: {}\n",
                                      arg->code, ftp_nearest(arg->code));
            else
                message = fmt::format(
                    "unknown code {}: neither a registered HTTP status code nor an FTP reply "
                    "code\n  nearest HTTP: {}\n  nearest FTP:  {}\n",
                    arg->code, http_nearest(arg->code), ftp_nearest(arg->code));
            std::cerr << "replycheck explain: " << message;
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
                arg->code, p::describe(*http), p::describe(*ftp));
        } else {
            out = http ? p::describe(*http) : p::describe(*ftp);
            if (protocol.empty() && ftp)
                out = fmt::format("({} is not an HTTP status code; showing the FTP reply)\n",
                                  arg->code) + out;
        }
    }

    if (opts.json) std::cout << boost::json::serialize(json) << '\n';
    else std::cout << out;
    return exit_ok;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<explain_options>();
    auto* cmd = app.add_subcommand(
        "explain",
        "Explain an HTTP status, IIS substatus (403.14) or FTP reply code: meaning, what a "
        "conforming reply must carry, how to provoke it");
    cmd->footer(
        "Examples:\n"
        "  replycheck explain 206          HTTP 206 Partial Content\n"
        "  replycheck explain 403.14       IIS substatus: directory listing denied\n"
        "  replycheck explain ftp 227      FTP passive-mode reply and its format\n"
        "  replycheck explain 421          both HTTP 421 and FTP 421\n"
        "Unknown codes exit 2 and name the nearest known codes.\n");
    cmd->add_option("code", opts->args,
                    "the code (206, 403.14, 227), optionally after its protocol: http 421, ftp 421")
        ->required()
        ->expected(1, 2)
        ->type_name("[http|ftp] CODE");
    cmd->add_flag("--json", opts->json, "print a JSON array of the matching entries");
    cmd->callback([opts, &exit_code] { exit_code = run_explain(*opts); });
}

}  // namespace replycheck::cli
