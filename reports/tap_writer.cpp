// TAP version 13: a plan, one test point per scenario, and a YAML diagnostics block for each
// failure (message, step, request, expected, actual, findings, transcript excerpt).
#include <fmt/format.h>

#include "reports/text.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

// A YAML double-quoted scalar. JSON string escapes are valid YAML 1.2 escapes; the input is
// already valid UTF-8 without control characters other than TAB, CR and LF.
std::string yaml_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out.push_back(c);
        }
    }
    out.push_back('"');
    return out;
}

// A test point description: one line, and '#' escaped so it does not start a directive.
std::string description(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t') out.push_back(' ');
        else if (c == '#') out += "\\#";
        else out.push_back(c);
    }
    return out;
}

}  // namespace

std::string render_tap(const run_result& run, const writer_options& o) {
    totals all = count(run);
    std::string out = "TAP version 13\n";
    out += fmt::format("1..{}\n", all.tests);
    int number = 0;
    for (const auto& suite : run.suites) {
        std::string suite_name = detail::clean_name(suite.name.empty() ? suite.file : suite.name, o, true);
        for (const auto& s : suite.scenarios) {
            ++number;
            std::string name = description(suite_name + ": " + detail::clean_name(s.name, o, true));
            bool bad = s.result == outcome::failed || s.result == outcome::error;
            out += fmt::format("{} {} - {}", bad ? "not ok" : "ok", number, name);
            if (s.result == outcome::skipped) {
                out += " # SKIP";
                if (!s.message.empty()) out += " " + description(detail::clean_line(s.message, o));
            }
            out += "\n";
            if (!bad) continue;
            out += "  ---\n";
            out += fmt::format("  message: {}\n", yaml_quoted(detail::clean(detail::failure_message(s, run.strict), o)));
            out += fmt::format("  severity: {}\n", s.result == outcome::failed ? "fail" : "error");
            out += fmt::format("  file: {}\n", yaml_quoted(detail::clean(s.file.empty() ? suite.file : s.file, o)));
            out += fmt::format("  duration_ms: {}\n", detail::format_seconds(s.seconds * 1000.0));
            if (const step_result* step = detail::deciding_step(s)) {
                out += fmt::format("  step: {}\n", step->index);
                out += fmt::format("  request: {}\n", yaml_quoted(detail::clean(step->label, o)));
                if (!step->expected.empty()) out += fmt::format("  expected: {}\n", yaml_quoted(detail::clean(step->expected, o)));
                if (!step->actual.empty()) out += fmt::format("  actual: {}\n", yaml_quoted(detail::clean(step->actual, o)));
                if (!step->code.empty()) out += fmt::format("  code: {}\n", yaml_quoted(detail::clean(step->code, o)));
            }
            bool any_finding = false;
            for (const auto& step : s.steps) {
                for (const auto& f : step.findings) {
                    if (!any_finding) out += "  findings:\n";
                    any_finding = true;
                    out += fmt::format("    - step: {}\n", step.index);
                    out += fmt::format("      rule: {}\n", yaml_quoted(detail::clean(f.rule_id, o)));
                    out += fmt::format("      level: {}\n", protocol::to_string(f.level));
                    out += fmt::format("      section: {}\n", yaml_quoted(detail::clean(f.section, o)));
                    out += fmt::format("      message: {}\n", yaml_quoted(detail::clean(f.message, o)));
                }
            }
            if (const step_result* step = detail::deciding_step(s); step && !step->transcript.empty()) {
                out += fmt::format("  transcript: {}\n",
                                   yaml_quoted(detail::cap_text(detail::clean(step->transcript, o), o.transcript_cap)));
            }
            out += "  ...\n";
        }
    }
    return out;
}

}  // namespace replycheck::reports
