// `replycheck codes [http|ftp|iis|win32] [--json]`: the whole code registry as a table or JSON.
#include <iostream>
#include <memory>
#include <string>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "protocol/codes/code_json.hpp"
#include "protocol/codes/code_text.hpp"
#include "protocol/json_lines.hpp"

namespace replycheck::cli {
namespace {

namespace p = replycheck::protocol;

struct codes_options {
    std::string protocol;   // "" = everything
    bool json = false;
};

int run_codes(const codes_options& opts) {
    const bool http = opts.protocol.empty() || opts.protocol == "http";
    const bool iis = opts.protocol.empty() || opts.protocol == "http" || opts.protocol == "iis";
    const bool ftp = opts.protocol.empty() || opts.protocol == "ftp";
    const bool win32 = opts.protocol.empty() || opts.protocol == "win32";
    if (opts.json) {
        boost::json::array out;
        if (http)
            for (const auto& s : p::all_http_statuses()) out.push_back(p::to_json(s));
        if (iis)
            for (const auto& s : p::all_iis_substatuses()) out.push_back(p::to_json(s));
        if (ftp)
            for (const auto& r : p::all_ftp_replies()) out.push_back(p::to_json(r));
        if (win32)
            for (const auto& w : p::all_win32_statuses())
                out.push_back(p::to_json(p::resolve_win32_status(w.value)));
        std::cout << p::json_array_lines(out);
        return exit_ok;
    }
    bool first = true;
    const auto section = [&](std::string_view title, std::size_t count, const std::string& body) {
        std::cout << (first ? "" : "\n") << fmt::format("{} ({})\n", title, count) << body;
        first = false;
    };
    if (http) section("HTTP status codes", p::all_http_statuses().size(), p::http_status_table());
    if (iis)
        section("IIS substatus codes", p::all_iis_substatuses().size(), p::iis_substatus_table());
    if (ftp) section("FTP reply codes", p::all_ftp_replies().size(), p::ftp_reply_table());
    if (win32)
        section("Win32 status codes and HRESULTs of sc-win32-status",
                p::all_win32_statuses().size(), p::win32_status_table());
    return exit_ok;
}

}  // namespace

void add_codes_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<codes_options>();
    auto* cmd = app.add_subcommand(
        "codes",
        "List the code registry: HTTP status codes, IIS substatus codes, FTP replies, Win32 "
        "status codes");
    cmd->footer(
        "'http' lists HTTP status codes and IIS substatus codes, 'iis' only the substatus "
        "codes, 'ftp' the FTP reply codes, 'win32' the Win32 status codes and HRESULTs IIS "
        "logs in sc-win32-status; no argument lists everything.\n"
        "--json prints an array of objects with code (a string: \"206\", \"403.14\"), "
        "protocol (\"http\" | \"ftp\" | \"win32\"), reason, meaning, and more; IIS entries "
        "have \"iis\": true; win32 entries have the logged value as code and the name as "
        "reason.\n");
    cmd->add_option("protocol", opts->protocol, "http | ftp | iis | win32")
        ->check(CLI::IsMember({"http", "ftp", "iis", "win32"}));
    cmd->add_flag("--json", opts->json, "print JSON instead of a table");
    cmd->callback([opts, &exit_code] { exit_code = run_codes(*opts); });
}

}  // namespace replycheck::cli
