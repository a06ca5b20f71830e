// `replycheck logs FILE... [--format F] [--status LIST] [--json] [--report-html FILE] [--top N]`:
// triage of server logs. Every code seen (HTTP status.substatus with its win32 statuses, FTP
// reply codes by command), count, share, first/last time, top paths or arguments, meaning.
// Streams each file once in bounded memory (protocol/logs/log_summary.hpp). Exit 0 whatever
// the codes are (this is triage, not a check); 2 for bad usage or a log that cannot be read.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "protocol/logs/log_reader.hpp"
#include "protocol/logs/log_summary.hpp"
#include "reports/log_summary_html.hpp"
#include "reports/log_summary_json.hpp"
#include "reports/writers.hpp"

namespace replycheck::cli {
namespace {

struct logs_options {
    std::vector<std::string> files;
    std::string format;
    std::string status;
    bool json = false;
    std::string report_html;
    std::size_t top = 5;
};

/// "3d 4h", "2h 5m", "42s".
std::string span_text(std::int64_t seconds) {
    if (seconds >= 86400) return fmt::format("{}d {}h", seconds / 86400, seconds % 86400 / 3600);
    if (seconds >= 3600) return fmt::format("{}h {}m", seconds / 3600, seconds % 3600 / 60);
    if (seconds >= 60) return fmt::format("{}m {}s", seconds / 60, seconds % 60);
    return fmt::format("{}s", seconds);
}

/// "/app/ ×100, /x ×20" ("~" before a count that is an upper bound).
std::string hitter_line(const logs::heavy_hitters& table, std::size_t top) {
    std::string out;
    for (const auto& it : table.top(top)) {
        if (!out.empty()) out += ", ";
        out += fmt::format("{} \u00d7{}{}", reports::clean_log_text(it.value), it.overcount ? "~" : "", it.count);
    }
    return out;
}

std::string console_text(const logs::log_summary& summary, std::size_t top) {
    const auto& t = summary.totals();
    std::string out = fmt::format("{} file{}, {} lines, {} entries, {} malformed", t.files, t.files == 1 ? "" : "s",
                                  t.lines, t.entries, t.malformed);
    if (t.first)
        out += fmt::format(", {} .. {} ({})", reports::log_time_text(t.first), reports::log_time_text(t.last),
                           span_text((*t.last - *t.first).count()));
    out += "\n";
    if (const auto& f = summary.options().filter)
        out += fmt::format("--status {}: {} of {} entries with a code\n", f->text(), t.matched, t.with_code);
    if (summary.rows().empty()) return out + "no codes" + (summary.options().filter ? " match\n" : "\n");

    std::vector<std::string> names;
    std::size_t name_w = 4, count_w = 5;
    for (const auto& row : summary.rows()) {
        std::string proto = row.key.other ? "" : row.key.protocol == logs::log_protocol::ftp ? "FTP " : "HTTP ";
        names.push_back(proto + reports::clean_log_text(row.key.text()));
        name_w = std::max(name_w, names.back().size());
        count_w = std::max(count_w, std::to_string(row.count).size());
    }
    out += fmt::format("\n{:<{}}  {:>{}}  {:>7}  {:<20}  {:<20}  {}\n", "code", name_w, "count", count_w, "share",
                       "first", "last", "meaning");
    for (std::uint32_t index : summary.ranked()) {
        const auto& row = summary.rows()[index];
        out += fmt::format("{:<{}}  {:>{}}  {:>6.2f}%  {:<20}  {:<20}  {}\n", names[index], name_w, row.count, count_w,
                           summary.share(row.count) * 100.0, reports::log_time_text(row.first),
                           reports::log_time_text(row.last), row.key.meaning());
        // Win32 statuses only when some are not 0: a 0 says nothing (the Win32 name table is
        // not in the registry yet, so numbers only; `replycheck explain` has no win32 yet).
        if (row.win32_nonzero) out += fmt::format("    win32 {}\n", hitter_line(row.win32, top));
        if (row.targets.size())
            out += fmt::format("    {} {}\n", row.key.protocol == logs::log_protocol::ftp ? "args" : "paths",
                               hitter_line(row.targets, top));
    }
    return out;
}

int run_logs(const logs_options& opts) {
    logs::summary_options options;
    options.top_capacity = std::clamp<std::size_t>(opts.top * 4, 32, 200);
    if (!opts.status.empty()) {
        std::string why;
        options.filter = logs::status_filter::parse(opts.status, why);
        if (!options.filter) {
            std::cerr << "replycheck logs: --status: " << why << "\n";
            return exit_usage;
        }
    }
    std::optional<logs::log_format> format;
    if (!opts.format.empty()) {
        format = logs::parse_log_format(opts.format);
        if (!format) {
            std::cerr << fmt::format("replycheck logs: --format: unknown format '{}': use w3c, ncsa, vsftpd, xferlog "
                                     "or ftp-clf\n", opts.format);
            return exit_usage;
        }
    }

    logs::log_summary summary(options);
    for (const auto& file : opts.files) {
        std::unique_ptr<logs::log_reader> reader;
        try {
            reader = std::make_unique<logs::log_reader>(file, format);
            logs::log_entry entry;
            while (reader->next(entry)) summary.add(entry);
        } catch (const std::exception& e) {
            // The reader's message names the file; make sure it leads the line either way.
            std::string what = e.what();
            std::cerr << (what.starts_with(file) ? what : file + ": " + what) << "\n";
            return exit_usage;
        }
        const auto& stats = reader->stats();
        summary.add_file({file, std::string(logs::to_string(reader->format())), stats.lines, stats.entries,
                          stats.malformed},
                         stats.first_malformed);
    }
    for (const auto& m : summary.malformed_examples()) std::cerr << reports::clean_log_text(m) << "\n";
    if (summary.totals().malformed > summary.malformed_examples().size())
        std::cerr << fmt::format("({} malformed lines in all)\n", summary.totals().malformed);

    if (!opts.report_html.empty()) {
        try {
            reports::write_log_summary_html(summary, opts.report_html, opts.top);
        } catch (const reports::report_error& e) {
            std::cerr << "replycheck logs: " << e.what() << "\n";
            return exit_runtime;
        }
    }
    std::cout << (opts.json ? reports::render_log_summary_json(summary, opts.top) : console_text(summary, opts.top));
    return exit_ok;
}

}  // namespace

void add_logs_command(CLI::App& app, int& exit_code) {
    auto opts = std::make_shared<logs_options>();
    auto* cmd = app.add_subcommand("logs", "triage server logs: every code seen, how often, when and where");
    cmd->add_option("files", opts->files, "log files (IIS W3C, NCSA, vsftpd, xferlog, FTP CLF; .gz read as is)")
        ->required();
    cmd->add_option("--format", opts->format, "force the format: w3c, ncsa, vsftpd, xferlog, ftp-clf");
    cmd->add_option("--status", opts->status, "only these codes: 4xx,5xx,500.19,550,404");
    cmd->add_flag("--json", opts->json, "print one JSON document (docs/logs.md)");
    cmd->add_option("--report-html", opts->report_html, "write a self-contained HTML page with a chart over time");
    cmd->add_option("--top", opts->top, "paths, arguments or win32 statuses shown per code (1-50, default 5)")
        ->check(CLI::Range(1, 50));
    cmd->callback([opts, &exit_code] { exit_code = run_logs(*opts); });
}

}  // namespace replycheck::cli
