// Building the conformance matrix from smoke runs.

#include "reports/matrix.hpp"

#include <algorithm>
#include <map>

#include "reports/text.hpp"

namespace replycheck::reports {

namespace {

// The first line, without trailing blanks ("HTTP/2 405 " has no reason phrase).
std::string first_line(std::string_view text) {
    text = text.substr(0, text.find_first_of("\r\n"));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return std::string(text);
}

// "smoke.http.if-match-412 (RFC 9110 §13.1.1): expected 412 ..." -> id and section, when the
// message starts that way (how probe_builder cites an expectation).
bool split_citation(std::string_view message, matrix_cell& cell) {
    if (message.starts_with("step ")) message.remove_prefix(message.find(": ") == std::string_view::npos ? 0 : message.find(": ") + 2);
    const auto open = message.find(" (");
    const auto close = message.find("): ");
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
    const auto id = message.substr(0, open);
    if (id.empty() || id.find(' ') != std::string_view::npos) return false;
    cell.rule_id = std::string(id);
    cell.section = std::string(message.substr(open + 2, close - open - 2));
    cell.message = std::string(message.substr(close + 3));
    return true;
}

matrix_cell cell_of(const scenario_result& sc, bool strict) {
    matrix_cell cell;
    cell.message = first_line(sc.message);
    switch (sc.result) {
        case outcome::skipped: cell.verdict = cell_verdict::skip; return cell;
        case outcome::error: cell.verdict = cell_verdict::error; break;
        case outcome::failed: cell.verdict = cell_verdict::fail; break;
        case outcome::passed: cell.verdict = cell_verdict::pass; break;
    }
    if (const auto* step = detail::deciding_step(sc)) {
        cell.reply = first_line(step->actual);
        // A MUST finding names its rule; an expectation is cited in the step's message.
        bool found = false;
        if (step->failure == failure_kind::conformance) {
            for (const auto& f : step->findings) {
                if (!protocol::is_failure(f, strict)) continue;
                cell.rule_id = f.rule_id;
                cell.section = f.section;
                cell.message = first_line(f.message);
                found = true;
                break;
            }
        }
        if (!found) split_citation(first_line(step->message), cell);
        return cell;
    }
    // Passed: a SHOULD missed on the way makes it a warning.
    for (const auto& step : sc.steps) {
        for (const auto& f : step.findings) {
            if (f.level != protocol::rule_level::should) continue;
            cell.verdict = cell_verdict::warn;
            cell.rule_id = f.rule_id;
            cell.section = f.section;
            cell.message = first_line(f.message);
            cell.reply = first_line(step.actual);
            return cell;
        }
    }
    return cell;
}

std::string protocol_of(const suite_result& suite) {
    for (const auto& sc : suite.scenarios)
        for (const auto& tag : sc.tags)
            if (tag == "http" || tag == "ftp") return tag;
    return "http";
}

// The text after "smoke URL" in a suite name ("over HTTP/2"), empty when none.
std::string suite_suffix(std::string_view name) {
    if (!name.starts_with("smoke ")) return {};
    name.remove_prefix(6);
    const auto space = name.find(' ');
    return space == std::string_view::npos ? std::string() : std::string(name.substr(space + 1));
}

}  // namespace

std::string_view to_string(cell_verdict verdict) noexcept {
    switch (verdict) {
        case cell_verdict::pass: return "pass";
        case cell_verdict::warn: return "warn";
        case cell_verdict::fail: return "fail";
        case cell_verdict::error: return "error";
        case cell_verdict::skip: return "skip";
        case cell_verdict::absent: return "absent";
    }
    return "absent";
}

conformance_matrix build_matrix(const std::vector<labelled_run>& runs) {
    conformance_matrix m;
    std::map<std::pair<std::string, std::string>, std::size_t> row_index;  // (protocol, probe)
    std::map<std::string, std::size_t> column_index;                       // protocol and label
    std::vector<std::vector<std::pair<std::size_t, matrix_cell>>> cells;   // per column

    // Default runs first (they give the cells), strict runs after (their totals only).
    std::vector<const labelled_run*> ordered;
    for (const auto& r : runs)
        if (!r.run.strict) ordered.push_back(&r);
    for (const auto& r : runs)
        if (r.run.strict) ordered.push_back(&r);

    for (const auto* r : ordered) {
        for (const auto& suite : r->run.suites) {
            const auto suffix = suite_suffix(suite.name);
            const auto label = suffix.empty() ? r->label : r->label + " " + suffix;
            const auto protocol = protocol_of(suite);
            auto [it, added] = column_index.emplace(protocol + " " + label, m.columns.size());
            if (added) {
                matrix_column c;
                c.label = label;
                c.target = suite.name;
                c.protocol = protocol;
                m.columns.push_back(std::move(c));
                cells.emplace_back();
            }
            auto& column = m.columns[it->second];
            const auto t = count(suite);
            if (r->run.strict && !added) {
                column.strict_counts = t;
                continue;
            }
            if (r->run.strict) column.strict_counts = t;
            column.counts = t;
            for (const auto& sc : suite.scenarios) {
                const auto key = std::make_pair(column.protocol, sc.name);
                auto [row, new_row] = row_index.emplace(key, m.rows.size());
                if (new_row) m.rows.push_back({sc.name, column.protocol});
                auto cell = cell_of(sc, r->run.strict);
                if (cell.verdict == cell_verdict::warn) ++column.warnings;
                cells[it->second].emplace_back(row->second, std::move(cell));
            }
        }
    }
    for (std::size_t c = 0; c < m.columns.size(); ++c) {
        m.columns[c].cells.assign(m.rows.size(), matrix_cell{});
        for (auto& [row, cell] : cells[c]) m.columns[c].cells[row] = std::move(cell);
    }
    return m;
}

}  // namespace replycheck::reports
