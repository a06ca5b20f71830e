#include "reports/console_reporter.hpp"

#include <cstdlib>

#include <unistd.h>

#include <fmt/format.h>

#include "reports/text.hpp"
#include "reports/transcript_lines.hpp"

namespace replycheck::reports {

namespace {

bool no_color_env() {
    // https://no-color.org: present and not empty disables colour.
    const char* v = std::getenv("NO_COLOR");
    return v != nullptr && *v != '\0';
}

constexpr std::string_view green = "32", red = "31", yellow = "33", magenta = "35", dim = "2", bold = "1";

// One quoted console line: at most `max_bytes` (cut at a UTF-8 boundary), CR and TAB made
// visible so that a server's bytes cannot move the cursor back over the line.
std::string quote(std::string_view line, std::size_t max_bytes) {
    if (line.size() > max_bytes) {
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line = line.substr(0, cut);
    }
    std::string out = "      | ";
    for (char c : line) {
        if (c == '\r') out += "\\r";
        else if (c == '\t') out += "    ";
        else out.push_back(c);
    }
    return out + "\n";
}

// "> GET / HTTP/1.1", "< HTTP/1.1 200 OK", or the marker alone for the blank line ending a head.
std::string marked(char marker, std::string_view text) {
    return text.empty() ? std::string(1, marker) : std::string(1, marker) + " " + std::string(text);
}

// The head of the reply in a transcript (the last one: an FTP step's final command, an HTTP
// response after a 100 Continue): its status line and header fields (RFC 9112 §2.1) or its FTP
// reply lines (RFC 959 §4.2), at most `max_lines`, then how many more there were, then the
// notes (a transport fault that ended the exchange, the size of a data transfer).
std::string reply_head(std::string_view transcript, std::size_t max_lines) {
    auto lines = detail::read_transcript(transcript);
    std::size_t first = lines.size(), last = lines.size();
    for (std::size_t i = lines.size(); i-- > 0;) {
        bool head = lines[i].role == detail::line_role::received_head && !lines[i].ends_head;
        if (head && last == lines.size()) last = i + 1;
        if (head) first = i;
        else if (last != lines.size()) break;
    }
    std::string out;
    for (std::size_t i = first; i < last && i < first + max_lines; ++i) out += quote(marked('<', lines[i].text), 160);
    if (last - first > max_lines)
        out += fmt::format("      | < \u2026 {} more line{}\n", last - first - max_lines, last - first - max_lines == 1 ? "" : "s");
    // Why the exchange stopped, when a transport fault cut it ("! timeout after 2000ms ...").
    for (const auto& line : lines)
        if (line.role == detail::line_role::note) out += quote(line.text, 160);
    return out;
}

// True when `expected` (as shown: "status 304", "2xx, 405 or 501", "226 or 250") names `code`
// or its class. False when it names neither, or no code at all.
bool code_expected(std::string_view expected, std::string_view code) {
    if (code.size() < 3) return false;
    code = code.substr(0, 3);  // "404.3" (IIS) is a 404
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 0; i + 3 <= expected.size(); ++i) {
        if (i > 0 && (is_digit(expected[i - 1]) || expected[i - 1] == 'x')) continue;  // inside a word
        std::string_view token = expected.substr(i, 3);
        if (i + 3 < expected.size() && (is_digit(expected[i + 3]) || expected[i + 3] == 'x')) continue;
        if (token == code) return true;
        if (token[0] == code[0] && (token.substr(1) == "xx" || token.substr(1) == "yz")) return true;
    }
    return false;
}

// The rule whose failure decided a step: the first MUST finding.
const protocol::finding* failed_rule(const step_result& step) {
    if (step.failure != failure_kind::conformance) return nullptr;
    for (const auto& f : step.findings)
        if (f.level == protocol::rule_level::must) return &f;
    return nullptr;
}

// A request line can be 16 KiB (a long-URI probe): the console shows its start and its size;
// the reports keep the full text under their own caps.
constexpr std::size_t label_cap = 160;

std::string shorten_label(std::string text, std::size_t original_size) {
    if (text.size() <= label_cap) return text;
    std::size_t cut = label_cap;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    text.resize(cut);
    return text + fmt::format("\u2026({} bytes)", original_size);
}

}  // namespace

console_reporter::console_reporter(std::ostream& out, bool color, const protocol::redactor* redact,
                                   console_detail detail)
    : out_(out), color_(color && !no_color_env()), redact_(redact), detail_(detail) {}

bool console_reporter::want_color(int fd) {
    return !no_color_env() && ::isatty(fd) == 1;
}

bool console_reporter::want_color(std::string_view mode, int fd) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    return want_color(fd);
}

std::string console_reporter::clean(std::string_view text) const {
    writer_options o;
    o.redact = redact_;
    return detail::clean(text, o);
}

std::string console_reporter::paint(std::string_view code, std::string_view text) const {
    if (!color_) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

void console_reporter::scenario_finished(const scenario_result& s) {
    writer_options o;
    o.redact = redact_;
    std::string_view word = "PASS", colour = green;
    switch (s.result) {
        case outcome::passed: break;
        case outcome::failed: word = "FAIL"; colour = red; break;
        case outcome::error: word = "ERROR"; colour = magenta; break;
        case outcome::skipped: word = "SKIP"; colour = yellow; break;
    }
    std::string line = paint(colour, fmt::format("{:<5}", word)) + " " + detail::clean_name(s.name, o, true);
    if (!s.file.empty()) line += " " + paint(dim, "(" + detail::clean_line(s.file, o) + ")");
    if (s.result != outcome::skipped) line += " " + paint(dim, detail::format_duration(s.seconds));
    if (s.attempts > 1) line += paint(yellow, fmt::format(" [{} attempts]", s.attempts));
    out_ << line << '\n';
    if (s.result == outcome::skipped) {
        if (!s.message.empty()) out_ << "      " << paint(dim, detail::clean_line(s.message, o)) << '\n';
        if (detail_ != console_detail::verdicts) print_exchanges(s);
        return;
    }
    // Warnings (SHOULD findings that did not fail the scenario) stay short.
    if (s.result == outcome::passed) {
        for (const auto& step : s.steps) {
            for (const auto& f : step.findings) {
                if (f.level == protocol::rule_level::must) continue;
                out_ << "      " << paint(yellow, std::string(protocol::to_string(f.level))) << " step " << step.index
                     << ": " << detail::clean_line(f.rule_id, o) << " (" << detail::clean_line(f.section, o)
                     << "): " << detail::clean_line(f.message, o) << '\n';
            }
        }
        if (detail_ != console_detail::verdicts) print_exchanges(s);
        return;
    }
    const step_result* step = detail::deciding_step(s);
    const std::string headline = detail::failure_message(s, false);
    out_ << "      " << paint(bold, detail::clean_line(headline, o)) << '\n';
    if (step) {
        out_ << "      request:  " << shorten_label(detail::clean_line(step->label, o), step->label.size()) << '\n';
        if (!step->expected.empty() || !step->actual.empty()) {
            out_ << "      expected: " << paint(green, detail::clean_line(step->expected, o)) << '\n';
            std::string actual = paint(red, detail::clean_line(step->actual, o));
            // A reply that met the expectation but broke a rule would read like a pass: say so.
            if (const protocol::finding* rule = failed_rule(*step); rule && code_expected(step->expected, step->code)) {
                actual += paint(dim, fmt::format(" \u2014 {} is allowed, but {} failed", detail::clean_line(step->code, o),
                                                 detail::clean_line(rule->rule_id, o)));
            }
            out_ << "      actual:   " << actual << '\n';
        } else if (const protocol::finding* rule = failed_rule(*step); rule && !step->code.empty()) {
            // A scenario step is judged by the rules only once its expectations held.
            out_ << "      actual:   " << paint(red, detail::clean_line(step->code, o))
                 << paint(dim, fmt::format(" \u2014 {} is allowed, but {} failed", detail::clean_line(step->code, o),
                                           detail::clean_line(rule->rule_id, o)))
                 << '\n';
        }
        // Each finding once: the one the headline already gives is not repeated.
        for (const auto& f : step->findings) {
            if (headline.find(f.rule_id) != std::string::npos && headline.find(f.message) != std::string::npos) continue;
            out_ << "      " << paint(f.level == protocol::rule_level::must ? red : yellow,
                                      std::string(protocol::to_string(f.level)))
                 << " " << detail::clean_line(f.rule_id, o) << " (" << detail::clean_line(f.section, o)
                 << "): " << detail::clean_line(f.message, o) << '\n';
        }
        // The reply's status line and first header fields: where a reader looks first.
        if (detail_ == console_detail::verdicts && !step->transcript.empty())
            out_ << paint(dim, reply_head(clean(step->transcript), 8));
    }
    if (detail_ != console_detail::verdicts) print_exchanges(s);
}

// -v: every step's request and reply heads; --very-verbose: the bodies too, capped.
void console_reporter::print_exchanges(const scenario_result& s) {
    writer_options o;
    o.redact = redact_;
    for (const auto& step : s.steps) {
        if (step.result == outcome::skipped) continue;
        out_ << "      " << paint(dim, fmt::format("step {} ({}, {}, {})", step.index, detail::clean_line(step.kind, o),
                                                  step.code.empty() ? "no reply" : detail::clean_line(step.code, o),
                                                  detail::format_duration(step.seconds)))
             << '\n';
        std::string text;
        std::size_t body_bytes = 0, body_hidden = 0;
        const std::string transcript = clean(step.transcript);  // the lines point into it
        for (const auto& line : detail::read_transcript(transcript)) {
            switch (line.role) {
                case detail::line_role::sent_head: text += quote(marked('>', line.text), 400); break;
                case detail::line_role::received_head: text += quote(marked('<', line.text), 400); break;
                case detail::line_role::note: text += quote(line.text, 400); break;
                case detail::line_role::body:
                    if (detail_ == console_detail::bodies && body_bytes < body_cap) {
                        std::string_view part = line.text.substr(0, body_cap - body_bytes);
                        body_bytes += part.size();
                        body_hidden += line.text.size() - part.size();
                        text += quote(part, body_cap);
                    } else {
                        body_hidden += line.text.size() + 1;
                    }
                    break;
            }
        }
        if (body_hidden > 0)
            text += fmt::format("      | [{} bytes of body {}]\n", body_hidden,
                                detail_ == console_detail::bodies ? "not shown" : "(--very-verbose shows it)");
        out_ << paint(dim, text);
    }
}

void console_reporter::summary(const run_result& run) {
    totals t = count(run);
    out_ << paint(dim, fmt::format("{} scenario{} in {} suite{}, {}", t.tests, t.tests == 1 ? "" : "s",
                                   run.suites.size(), run.suites.size() == 1 ? "" : "s",
                                   detail::format_duration(run.seconds)))
         << '\n';
    std::string line = fmt::format("{} passed, {} failed, {} errors, {} skipped", t.passed, t.failed, t.errors, t.skipped);
    out_ << paint(t.failed + t.errors > 0 ? red : green, line) << '\n';
}

}  // namespace replycheck::reports
