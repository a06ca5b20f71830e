// The HTML page of `replycheck logs`: summary cards, an inline SVG chart of codes over time
// (stacked bars, one colour per leading code), the table of codes, the first malformed lines.
// Log text is hostile input: every piece of it goes through clean_log_text() and escaping.
#include "reports/log_summary_html.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "protocol/html_escape.hpp"
#include "reports/log_summary_json.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

/// Escaped log text.
std::string log_esc(std::string_view text) { return protocol::html_escaped(clean_log_text(text)); }

// Colours by class, so the chart reads at a glance: 1xx/2xx greens, 3xx blues, 4xx ambers,
// 5xx (and FTP 6yz) reds; shades tell the codes of one class apart.
constexpr std::array<std::array<const char*, 4>, 4> class_colours{{
    {"#1f883d", "#4ac26b", "#116329", "#8ddb8c"},
    {"#0969da", "#54aeff", "#0a3069", "#80ccff"},
    {"#bf8700", "#e16f24", "#eac54f", "#953800"},
    {"#cf222e", "#8250df", "#ff8182", "#82071e"},
}};
constexpr const char* rest_colour = "#8c959f";
constexpr std::size_t charted_rows = 8;
constexpr std::int64_t max_bars = 120;

constexpr const char* log_style = R"css(
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328}
header{padding:18px 28px 10px;border-bottom:1px solid #d1d9e0;background:#f6f8fa}
h1{margin:0 0 4px;font-size:21px}
h2{font-size:16px;margin:20px 0 8px}
.meta{color:#59636e;margin:0}
main{padding:8px 28px 36px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #d1d9e0;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.legend span{margin-right:14px;white-space:nowrap}
ul.top{margin:0;padding-left:16px}
.muted{color:#59636e}
svg text{font-size:11px;fill:#59636e}
)css";

/// "minute", "5 minutes", "3 hours", "day", "7 days".
std::string bucket_name(std::int64_t seconds) {
    if (seconds == 60) return "minute";
    if (seconds == 3600) return "hour";
    if (seconds == 86400) return "day";
    if (seconds % 86400 == 0) return fmt::format("{} days", seconds / 86400);
    if (seconds % 3600 == 0) return fmt::format("{} hours", seconds / 3600);
    if (seconds % 60 == 0) return fmt::format("{} minutes", seconds / 60);
    return fmt::format("{} s", seconds);
}

struct series {
    std::map<std::uint32_t, std::size_t> colour_of;   // row -> index in rows; others: rest
    std::vector<std::uint32_t> rows;                  // charted rows, highest count first
    std::vector<const char*> colours;                 // colour of each charted row
};

/// The rows drawn in their own colour: the most frequent error codes first (up to
/// `error_rows`, since triage is about them even when 200s dominate), then the most frequent
/// of the rest; stacked from the bottom in code order, so successes sit under errors.
series pick_series(const logs::log_summary& summary) {
    constexpr std::size_t error_rows = 5;
    const auto& rows = summary.rows();
    auto is_error = [&rows](std::uint32_t row) { return rows[row].key.status >= 400 || rows[row].key.other; };
    std::vector<std::uint32_t> chosen;
    for (std::uint32_t row : summary.ranked())
        if (is_error(row) && chosen.size() < error_rows) chosen.push_back(row);
    for (std::uint32_t row : summary.ranked())
        if (chosen.size() < charted_rows && std::find(chosen.begin(), chosen.end(), row) == chosen.end())
            chosen.push_back(row);
    std::sort(chosen.begin(), chosen.end(), [&rows](std::uint32_t a, std::uint32_t b) {
        const auto& x = rows[a].key;
        const auto& y = rows[b].key;
        return std::tie(x.other, x.status, x.substatus, x.command) < std::tie(y.other, y.status, y.substatus, y.command);
    });
    series s;
    std::array<std::size_t, 4> used{};
    for (std::uint32_t row : chosen) {
        s.colour_of[row] = s.rows.size();
        s.rows.push_back(row);
        int status = rows[row].key.status;
        std::size_t cls = status < 300 ? 0 : status < 400 ? 1 : status < 500 ? 2 : 3;
        if (rows[row].key.other) cls = 3;
        std::size_t shade = used[cls]++ % class_colours[cls].size();
        s.colours.push_back(class_colours[cls][shade]);
    }
    return s;
}

std::string chart(const logs::log_summary& summary, const series& s) {
    const auto& tl = summary.time_buckets();
    if (tl.buckets.empty()) return "<p class=\"muted\">No timed entries to chart.</p>\n";
    const std::int64_t first = tl.buckets.begin()->first;
    const std::int64_t last = tl.buckets.rbegin()->first;
    const std::int64_t width = chart_bucket_width(tl.bucket_seconds, last - first + tl.bucket_seconds, max_bars);
    auto floor_to = [width](std::int64_t t) {
        std::int64_t q = t / width;
        if (t % width != 0 && t < 0) --q;
        return q * width;
    };
    // Bar start -> counts per colour (the last slot is "the rest").
    std::map<std::int64_t, std::array<std::uint64_t, charted_rows + 1>> bars;
    for (const auto& [start, counts] : tl.buckets) {
        auto& bar = bars.try_emplace(floor_to(start)).first->second;
        for (const auto& [row, n] : counts) {
            auto it = s.colour_of.find(row);
            bar[it == s.colour_of.end() ? charted_rows : it->second] += n;
        }
    }
    const std::int64_t base = bars.begin()->first;
    const std::int64_t slots = (bars.rbegin()->first - base) / width + 1;
    std::uint64_t peak = 1;
    for (const auto& [start, bar] : bars) {
        std::uint64_t sum = 0;
        for (auto n : bar) sum += n;
        peak = std::max(peak, sum);
    }
    constexpr double chart_w = 900, chart_h = 220, left = 56, top_pad = 10, bottom = 36;
    const double slot_w = chart_w / static_cast<double>(slots);
    const double bar_w = std::max(1.0, slot_w * 0.85);
    std::string unit = bucket_name(width);
    std::string out = fmt::format(
        "<svg role=\"img\" aria-label=\"codes per {0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" "
        "xmlns=\"http://www.w3.org/2000/svg\">\n",
        unit, left + chart_w + 10, top_pad + chart_h + bottom);
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#d1d9e0\"/>\n", left,
                       top_pad + chart_h, left + chart_w);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 6, top_pad + 10, peak);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\n", left - 6, top_pad + chart_h);
    for (const auto& [start, bar] : bars) {
        double x = left + static_cast<double>((start - base) / width) * slot_w;
        double y = top_pad + chart_h;
        std::string when = log_time_text(std::chrono::sys_seconds{std::chrono::seconds{start}});
        for (std::size_t c = 0; c <= charted_rows; ++c) {
            if (bar[c] == 0) continue;
            double h = chart_h * static_cast<double>(bar[c]) / static_cast<double>(peak);
            y -= h;
            std::string name = c < charted_rows ? summary.rows()[s.rows[c]].key.text() : "other";
            out += fmt::format(
                "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"><title>{} {}: "
                "{}</title></rect>\n",
                x, y, bar_w, h, c < s.rows.size() ? s.colours[c] : rest_colour, protocol::html_escaped(when), log_esc(name), bar[c]);
        }
    }
    std::string from = log_time_text(std::chrono::sys_seconds{std::chrono::seconds{base}});
    std::string to = log_time_text(std::chrono::sys_seconds{std::chrono::seconds{bars.rbegin()->first}});
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", left, top_pad + chart_h + 16, protocol::html_escaped(from));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left + chart_w,
                       top_pad + chart_h + 16, protocol::html_escaped(to));
    out += fmt::format("<text x=\"{}\" y=\"{}\">one bar per {}</text>\n", left, top_pad + chart_h + 32, unit);
    out += "</svg>\n<p class=\"legend\">";
    for (std::size_t c = 0; c < s.rows.size(); ++c) {
        out += fmt::format("<span><i class=\"swatch\" style=\"background:{}\"></i>{}</span>", s.colours[c],
                           log_esc(summary.rows()[s.rows[c]].key.text()));
    }
    if (summary.rows().size() > s.rows.size())
        out += fmt::format("<span><i class=\"swatch\" style=\"background:{}\"></i>other</span>", rest_colour);
    out += "</p>\n";
    return out;
}

std::string hitter_list(const logs::heavy_hitters& table, std::size_t top, std::string_view prefix) {
    auto items = table.top(top);
    if (items.empty()) return "";
    std::string out = "<ul class=\"top\">";
    for (const auto& it : items) {
        std::string_view name = prefix.empty() ? std::string_view{} : logs::win32_name(it.value);
        out += fmt::format("<li>{}<code>{}</code>{}{} <span class=\"muted\">{}{}</span></li>", prefix,
                           log_esc(it.value), name.empty() ? "" : " ", protocol::html_escaped(name), it.overcount ? "\u2264 " : "\u00d7 ",
                           it.count);
    }
    return out + "</ul>";
}

}  // namespace

std::int64_t chart_bucket_width(std::int64_t timeline_width, std::int64_t span, std::int64_t max_bars_) {
    // Minute, hour and day, with steps between them so that a short log still gets enough bars;
    // past a year, the timeline's own steps.
    constexpr std::array<std::int64_t, 9> steps{60, 300, 900, 3600, 3 * 3600, 86400, 7 * 86400, 30 * 86400,
                                                365 * 86400};
    for (std::int64_t width : steps)
        if (width >= timeline_width && (span + width - 1) / width <= max_bars_) return width;
    std::int64_t width = std::max(timeline_width, steps.back());
    while ((span + width - 1) / width > max_bars_) width = logs::next_bucket_width(width);
    return width;
}

std::string render_log_summary_html(const logs::log_summary& summary, std::size_t top) {
    const auto& t = summary.totals();
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>replycheck logs</title>\n<style>";
    out += log_style;
    out += "</style></head><body>\n<header><h1>Codes in the logs</h1><p class=\"meta\">";
    out += fmt::format("{} file{}, {} lines, {} entries, {} malformed", t.files, t.files == 1 ? "" : "s", t.lines,
                       t.entries, t.malformed);
    if (t.first) out += fmt::format(", {} to {}", protocol::html_escaped(log_time_text(t.first)), protocol::html_escaped(log_time_text(t.last)));
    if (const auto& f = summary.options().filter)
        out += fmt::format("; filter {}: {} of {} entries with a code", protocol::html_escaped(f->text()), t.matched, t.with_code);
    out += "</p><p class=\"meta\">";
    for (std::size_t i = 0; i < summary.files().size(); ++i) {
        const auto& f = summary.files()[i];
        out += fmt::format("{}<code>{}</code> ({})", i ? ", " : "", log_esc(f.file), protocol::html_escaped(f.format));
    }
    out += "</p></header>\n<main>\n<h2>Codes over time</h2>\n";
    out += chart(summary, pick_series(summary));

    out += "<h2>Codes</h2>\n<table><thead><tr><th>code</th><th>count</th><th>share</th><th>first</th><th>last</th>"
           "<th>meaning</th><th>where</th></tr></thead><tbody>\n";
    for (std::uint32_t index : summary.ranked()) {
        const auto& row = summary.rows()[index];
        std::string where = hitter_list(row.targets, top, "");
        if (row.win32_nonzero) where += hitter_list(row.win32, top, "win32 ");
        out += fmt::format(
            "<tr><td><code>{} {}</code></td><td class=\"n\">{}</td><td class=\"n\">{:.2f}%</td><td class=\"mono\">{}</td>"
            "<td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>\n",
            row.key.other ? "" : row.key.protocol == logs::log_protocol::ftp ? "FTP" : "HTTP", log_esc(row.key.text()),
            row.count, summary.share(row.count) * 100.0, protocol::html_escaped(log_time_text(row.first)), protocol::html_escaped(log_time_text(row.last)),
            protocol::html_escaped(row.key.meaning()), where);
    }
    out += "</tbody></table>\n";
    if (!summary.malformed_examples().empty()) {
        out += "<h2>First malformed lines</h2>\n<ul>";
        for (const auto& m : summary.malformed_examples()) out += fmt::format("<li><code>{}</code></li>", log_esc(m));
        out += "</ul>\n";
    }
    out += "<p class=\"muted\">Counts marked \u2264 are upper bounds: each code keeps its most frequent values in a "
           "fixed-size table (Space-Saving), so a log with millions of distinct paths stays in bounded memory.</p>\n";
    out += "</main></body></html>\n";
    return out;
}

void write_log_summary_html(const logs::log_summary& summary, const std::filesystem::path& path, std::size_t top) {
    write_file_atomically(path, render_log_summary_html(summary, top));
}

}  // namespace replycheck::reports
