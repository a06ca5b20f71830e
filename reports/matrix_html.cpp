// The conformance matrix as a self-contained HTML page: inline CSS, nothing fetched, every text
// escaped (messages and replies come from the servers).

#include <fmt/format.h>

#include "protocol/html_escape.hpp"
#include "reports/matrix.hpp"

namespace replycheck::reports {

namespace {

using protocol::html_escaped;

constexpr std::string_view matrix_style = R"(body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2430}
table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #d5dae1;padding:.25rem .5rem;text-align:left}
thead th{position:sticky;top:0;background:#f4f6f9}td.pass{background:#e3f4e6}td.warn{background:#fff4d6}
td.fail{background:#fbe0e0;font-weight:600}td.error{background:#f3d9f7;font-weight:600}td.skip{color:#6b7685}
td code,li code{font-size:12px}.legend span{display:inline-block;padding:0 .5rem;margin-right:.5rem}
)";

std::string cell_html(const matrix_cell& cell) {
    if (cell.verdict == cell_verdict::absent) return "<td></td>";
    std::string title = cell.message;
    if (!cell.section.empty()) title = cell.section + ": " + title;
    if (!cell.reply.empty()) title += " | reply: " + cell.reply;
    std::string text(to_string(cell.verdict));
    if (!cell.rule_id.empty()) text += " <code>" + html_escaped(cell.rule_id) + "</code>";
    return fmt::format("<td class=\"{}\" title=\"{}\">{}</td>", to_string(cell.verdict), html_escaped(title), text);
}

}  // namespace

std::string render_matrix_html(const conformance_matrix& m) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>replycheck conformance matrix</title>\n<style>" + std::string(matrix_style) + "</style>\n</head>\n<body>\n";
    out += "<h1>Conformance matrix</h1>\n<p class=\"legend\"><span class=\"pass\">pass</span>"
           "<span>warn: a SHOULD missed (fails under --strict)</span><span>fail: a MUST or the probe's expectation</span>"
           "<span>error: a transport fault</span><span>skip: does not apply</span></p>\n";

    out += "<h2>Servers</h2>\n<table><thead><tr><th>server</th><th>target</th><th>pass</th><th>warn</th><th>fail</th>"
           "<th>error</th><th>skip</th><th>--strict</th></tr></thead><tbody>\n";
    for (const auto& c : m.columns) {
        std::string strict;
        if (c.strict_counts) {
            const int bad = c.strict_counts->failed + c.strict_counts->errors;
            strict = bad == 0 ? "pass" : fmt::format("{} failed", bad);
        }
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                           html_escaped(c.label), html_escaped(c.target), c.counts.passed - c.warnings, c.warnings,
                           c.counts.failed, c.counts.errors, c.counts.skipped, html_escaped(strict));
    }
    out += "</tbody></table>\n";

    for (const std::string protocol : {"http", "ftp"}) {
        std::vector<std::size_t> columns;
        for (std::size_t i = 0; i < m.columns.size(); ++i)
            if (m.columns[i].protocol == protocol) columns.push_back(i);
        if (columns.empty()) continue;
        out += fmt::format("<h2>{} probes</h2>\n<table><thead><tr><th>probe</th>", protocol == "http" ? "HTTP" : "FTP");
        for (auto i : columns) out += "<th>" + html_escaped(m.columns[i].label) + "</th>";
        out += "</tr></thead><tbody>\n";
        for (std::size_t r = 0; r < m.rows.size(); ++r) {
            if (m.rows[r].protocol != protocol) continue;
            out += "<tr><th>" + html_escaped(m.rows[r].probe) + "</th>";
            for (auto i : columns) out += cell_html(m.columns[i].cells[r]);
            out += "</tr>\n";
        }
        out += "</tbody></table>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace replycheck::reports
