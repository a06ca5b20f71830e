// The conformance matrix as text: GitHub-flavoured Markdown (docs/conformance-matrix.md) and
// tab-separated values.

#include <fmt/format.h>

#include "reports/matrix.hpp"

namespace replycheck::reports {

namespace {

// Text inside a table cell or a list item: no pipe ends a cell, no backtick opens code, one line.
std::string md(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '`') out += '\'';
        else if (c == '\r' || c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

std::string cell_text(const matrix_cell& cell) {
    switch (cell.verdict) {
        case cell_verdict::pass: return "pass";
        case cell_verdict::skip: return "skip";
        case cell_verdict::absent: return "";
        case cell_verdict::warn: return cell.rule_id.empty() ? "warn" : fmt::format("warn `{}`", md(cell.rule_id));
        case cell_verdict::fail: return cell.rule_id.empty() ? "**FAIL**" : fmt::format("**FAIL** `{}`", md(cell.rule_id));
        case cell_verdict::error: return "**ERROR**";
    }
    return "";
}

std::string strict_text(const matrix_column& c) {
    if (!c.strict_counts) return "";
    const int bad = c.strict_counts->failed + c.strict_counts->errors;
    return bad == 0 ? "pass" : fmt::format("{} failed", bad);
}

}  // namespace

std::string render_matrix_markdown(const conformance_matrix& m) {
    std::string out = "# Conformance matrix\n\n";
    out += "Each stock server was probed with `replycheck smoke` (and `smoke --strict`). A cell is the\n"
           "verdict of one probe: **pass**; **warn**, a SHOULD missed (a failure under `--strict`);\n"
           "**FAIL**, a MUST missed or the probe's expectation not met; **ERROR**, a transport fault;\n"
           "**skip**, the probe does not apply (a feature not offered, a redirect). The id in a cell is\n"
           "the rule (`replycheck rules`) or probe expectation (docs/smoke.md) that decided it.\n\n";

    out += "## Servers\n\n| server | protocol | pass | warn | fail | error | skip | `--strict` |\n";
    out += "|---|---|---:|---:|---:|---:|---:|---|\n";
    for (const auto& c : m.columns)
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", md(c.label), c.protocol,
                           c.counts.passed - c.warnings, c.warnings, c.counts.failed, c.counts.errors,
                           c.counts.skipped, strict_text(c));

    for (const std::string protocol : {"http", "ftp"}) {
        std::vector<std::size_t> columns;
        for (std::size_t i = 0; i < m.columns.size(); ++i)
            if (m.columns[i].protocol == protocol) columns.push_back(i);
        if (columns.empty()) continue;
        out += fmt::format("\n## {} probes\n\n| probe |", protocol == "http" ? "HTTP" : "FTP");
        for (auto i : columns) out += " " + md(m.columns[i].label) + " |";
        out += "\n|---|";
        for (std::size_t k = 0; k < columns.size(); ++k) out += "---|";
        out += '\n';
        for (std::size_t r = 0; r < m.rows.size(); ++r) {
            if (m.rows[r].protocol != protocol) continue;
            out += "| " + md(m.rows[r].probe) + " |";
            for (auto i : columns) out += " " + cell_text(m.columns[i].cells[r]) + " |";
            out += '\n';
        }
    }

    out += "\n## Failures and warnings\n\n";
    bool any = false;
    for (const auto& c : m.columns) {
        for (std::size_t r = 0; r < m.rows.size(); ++r) {
            const auto& cell = c.cells[r];
            if (cell.verdict != cell_verdict::fail && cell.verdict != cell_verdict::warn &&
                cell.verdict != cell_verdict::error)
                continue;
            any = true;
            out += fmt::format("- **{}**, {}: {}", md(c.label), md(m.rows[r].probe), to_string(cell.verdict));
            if (!cell.rule_id.empty()) out += fmt::format(" `{}`", md(cell.rule_id));
            if (!cell.section.empty()) out += fmt::format(" ({})", md(cell.section));
            if (!cell.message.empty()) out += ": " + md(cell.message);
            if (!cell.reply.empty()) out += fmt::format(" — reply `{}`", md(cell.reply));
            out += '\n';
        }
    }
    if (!any) out += "None.\n";
    return out;
}

std::string render_matrix_tsv(const conformance_matrix& m) {
    // A tab or line break in a name would shift the columns: they become spaces.
    auto field = [](std::string_view text) {
        std::string out(text);
        for (auto& c : out)
            if (c == '\t' || c == '\r' || c == '\n') c = ' ';
        return out;
    };
    std::string out = "server\tprotocol\tprobe\tverdict\trule\n";
    for (const auto& c : m.columns)
        for (std::size_t r = 0; r < m.rows.size(); ++r)
            if (c.cells[r].verdict != cell_verdict::absent)
                out += fmt::format("{}\t{}\t{}\t{}\t{}\n", field(c.label), c.protocol, field(m.rows[r].probe),
                                   to_string(c.cells[r].verdict), field(c.cells[r].rule_id));
    return out;
}

}  // namespace replycheck::reports
