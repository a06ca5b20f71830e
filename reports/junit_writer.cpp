// JUnit XML in the shape the Jenkins xUnit schema (junit-10.xsd) accepts and GitLab and
// GitHub test-report views read: testsuites > testsuite (one per scenario file) > testcase
// (one per scenario), with failure / error / skipped, and the transcript in system-out.
#include <fmt/format.h>

#include "reports/text.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

namespace {

// Text content: '>' is escaped too, so a "]]>" a server sent can never end a CDATA section or
// trip a reader (XML 1.0 §2.4). Input is already valid UTF-8 with only XML characters.
void escape_text(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '\r': out += "&#13;"; break;  // a literal CR would be normalised away (§2.11)
            default: out.push_back(c);
        }
    }
}

// Attribute values: whitespace characters as references, or attribute-value normalisation
// would turn them into spaces (XML 1.0 §3.3.3).
void escape_attr(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\t': out += "&#9;"; break;
            case '\n': out += "&#10;"; break;
            case '\r': out += "&#13;"; break;
            default: out.push_back(c);
        }
    }
}

struct xml {
    std::string out;
    const writer_options& options;

    void attr(std::string_view name, std::string_view raw_value) {
        out += fmt::format(" {}=\"", name);
        escape_attr(out, detail::clean(raw_value, options));
        out.push_back('"');
    }
    void attr_plain(std::string_view name, std::string_view value) {
        out += fmt::format(" {}=\"", name);
        escape_attr(out, value);
        out.push_back('"');
    }
    void text(std::string_view already_clean) { escape_text(out, already_clean); }
};

// Times in microseconds: loopback exchanges take well under a millisecond, and "0.000" for
// each of them tells a CI view nothing. The xUnit schema's SUREFIRE_TIME allows any decimals.
std::string seconds(double value) { return detail::format_seconds(value, 6); }

// One line, for attribute values shown as a heading by test-report views.
std::string flatten(std::string cleaned) {
    cleaned = detail::cap_text(std::move(cleaned), 1024);
    while (!cleaned.empty() && cleaned.back() == '\n') cleaned.pop_back();
    for (auto& c : cleaned) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return cleaned;
}

std::string one_line(std::string_view text, const writer_options& options) {
    return flatten(detail::clean(text, options));
}

std::string one_line_name(std::string_view text, const writer_options& options) {
    return flatten(detail::clean_name(text, options, false));
}

std::string failure_type(const scenario_result& s, bool strict) {
    if (const step_result* step = detail::deciding_step(s)) {
        if (step->failure == failure_kind::conformance) return "conformance";
        if (step->failure == failure_kind::expectation) return "expectation";
        for (const auto& f : step->findings) {
            if (protocol::is_failure(f, strict)) return "conformance";
        }
    }
    return "expectation";
}

std::string warnings_text(const scenario_result& s, bool strict) {
    std::string out;
    for (const auto& step : s.steps) {
        for (const auto& f : step.findings) {
            if (protocol::is_failure(f, strict)) continue;
            out += fmt::format("  step {}: {} {} ({}): {}\n", step.index, protocol::to_string(f.level), f.rule_id,
                               f.section, f.message);
        }
    }
    return out;
}

void write_testcase(xml& x, const suite_result& suite, const scenario_result& s, bool strict) {
    const writer_options& o = x.options;
    x.out += "    <testcase";
    // GitLab and GitHub group test cases by classname: the scenario file as a dotted path, the
    // smoke target ("smoke.127.0.0.1:8080.index_html"), or the suite name for other suites.
    const std::string& file = s.file.empty() ? suite.file : s.file;
    std::string classname = detail::smoke_classname(suite.name);
    if (!classname.empty()) classname = one_line_name(classname, o);
    else if (file.empty()) classname = one_line_name(suite.name, o);
    else classname = one_line(detail::classname_from_file(file), o);
    x.attr_plain("classname", classname);
    x.attr_plain("name", one_line_name(s.name, o));
    x.attr_plain("time", seconds(s.seconds));
    x.out += ">\n";
    switch (s.result) {
        case outcome::passed: break;
        case outcome::failed:
        case outcome::error: {
            const char* element = s.result == outcome::failed ? "failure" : "error";
            x.out += fmt::format("      <{}", element);
            x.attr_plain("type", s.result == outcome::failed ? failure_type(s, strict) : "transport");
            x.attr_plain("message", one_line(detail::failure_message(s, strict), o));
            x.out += ">";
            x.text(detail::cap_text(detail::clean(detail::failure_details(s, strict), o), o.transcript_cap));
            x.out += fmt::format("</{}>\n", element);
            break;
        }
        case outcome::skipped:
            x.out += "      <skipped";
            if (!s.message.empty()) x.attr_plain("message", one_line(s.message, o));
            x.out += "/>\n";
            break;
    }
    std::string system_out;
    if (std::string warnings = warnings_text(s, strict); !warnings.empty()) {
        system_out += "findings that did not fail the scenario";
        system_out += strict ? ":\n" : " (--strict makes SHOULD findings fail):\n";
        system_out += warnings + "\n";
    }
    if (s.attempts > 1) system_out += fmt::format("attempts: {}\n", s.attempts);
    system_out += detail::transcript_text(s);
    std::string cleaned = detail::cap_text(detail::clean(system_out, o), o.transcript_cap);
    if (!s.steps.empty() || !cleaned.empty()) {
        x.out += "      <system-out>";
        x.text(cleaned);
        x.out += "</system-out>\n";
    }
    x.out += "    </testcase>\n";
}

}  // namespace

std::string render_junit(const run_result& run, const writer_options& o) {
    xml x{{}, o};
    totals all = count(run);
    x.out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites";
    x.attr_plain("name", one_line(run.command.empty() ? "replycheck" : "replycheck " + run.command, o));
    x.attr_plain("tests", std::to_string(all.tests));
    x.attr_plain("failures", std::to_string(all.failed));
    x.attr_plain("errors", std::to_string(all.errors));
    x.attr_plain("time", seconds(run.seconds));
    x.out += ">\n";
    for (const auto& suite : run.suites) {
        totals t = count(suite);
        x.out += "  <testsuite";
        x.attr_plain("name", one_line_name(suite.name.empty() ? suite.file : suite.name, o));
        x.attr_plain("tests", std::to_string(t.tests));
        x.attr_plain("failures", std::to_string(t.failed));
        x.attr_plain("errors", std::to_string(t.errors));
        x.attr_plain("skipped", std::to_string(t.skipped));
        x.attr_plain("time", seconds(suite.seconds));
        if (!suite.timestamp.empty()) x.attr("timestamp", suite.timestamp);
        const std::string& host = suite.hostname.empty() ? run.hostname : suite.hostname;
        if (!host.empty()) x.attr("hostname", host);
        if (!suite.file.empty()) x.attr("file", suite.file);
        x.out += ">\n";
        // Properties come first, as JUnit readers expect: the tool, the mode, and every SHOULD
        // finding (a property per finding, so CI views can list warnings without failing).
        x.out += "    <properties>\n";
        auto property = [&](std::string_view name, const std::string& cleaned_value) {
            x.out += "      <property";
            x.attr_plain("name", one_line(name, o));
            x.attr_plain("value", flatten(cleaned_value));
            x.out += "/>\n";
        };
        property("replycheck.version", detail::clean(run.tool_version, o));
        property("replycheck.strict", run.strict ? "true" : "false");
        for (const auto& s : suite.scenarios) {
            for (const auto& step : s.steps) {
                for (const auto& f : step.findings) {
                    if (protocol::is_failure(f, run.strict)) continue;
                    property(fmt::format("{}: {}", protocol::to_string(f.level), f.rule_id),
                             detail::clean_name(s.name, o, false) +
                                 detail::clean(fmt::format(" / step {} ({}): {}", step.index, f.section, f.message), o));
                }
            }
        }
        x.out += "    </properties>\n";
        for (const auto& s : suite.scenarios) write_testcase(x, suite, s, run.strict);
        x.out += "  </testsuite>\n";
    }
    x.out += "</testsuites>\n";
    return x.out;
}

}  // namespace replycheck::reports
