#include "reports/console_reporter.hpp"

#include <cstdlib>

#include <unistd.h>

#include <fmt/format.h>

#include "reports/text.hpp"

namespace replycheck::reports {

namespace {

bool no_color_env() {
    // https://no-color.org: present and not empty disables colour.
    const char* v = std::getenv("NO_COLOR");
    return v != nullptr && *v != '\0';
}

constexpr std::string_view green = "32", red = "31", yellow = "33", magenta = "35", dim = "2", bold = "1";

// The last `lines` lines of `text` that are not empty.
std::string excerpt(std::string_view text, std::size_t lines, std::size_t max_bytes) {
    std::vector<std::string_view> kept;
    std::size_t end = text.size();
    while (end > 0 && kept.size() < lines) {
        std::size_t start = text.rfind('\n', end - 1);
        std::size_t from = start == std::string_view::npos ? 0 : start + 1;
        std::string_view line = text.substr(from, end - from);
        while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) kept.push_back(line);
        if (start == std::string_view::npos) break;
        end = start;
    }
    std::string out;
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        std::string_view line = *it;
        if (line.size() > max_bytes) {
            std::size_t cut = max_bytes;
            while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
            line = line.substr(0, cut);
        }
        out += "      | ";
        // A lone CR would move the terminal's cursor back over the line: show it instead.
        for (char c : line) {
            if (c == '\r') out += "\\r";
            else if (c == '\t') out += "    ";
            else out.push_back(c);
        }
        out += "\n";
    }
    return out;
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

console_reporter::console_reporter(std::ostream& out, bool color, const protocol::redactor* redact)
    : out_(out), color_(color && !no_color_env()), redact_(redact) {}

bool console_reporter::want_color(int fd) {
    return !no_color_env() && ::isatty(fd) == 1;
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
        return;
    }
    const step_result* step = detail::deciding_step(s);
    out_ << "      " << paint(bold, detail::clean_line(detail::failure_message(s, false), o)) << '\n';
    if (!step) return;
    out_ << "      request:  " << shorten_label(detail::clean_line(step->label, o), step->label.size()) << '\n';
    if (!step->expected.empty() || !step->actual.empty()) {
        out_ << "      expected: " << paint(green, detail::clean_line(step->expected, o)) << '\n';
        out_ << "      actual:   " << paint(red, detail::clean_line(step->actual, o)) << '\n';
    }
    for (const auto& f : step->findings) {
        out_ << "      " << paint(f.level == protocol::rule_level::must ? red : yellow,
                                  std::string(protocol::to_string(f.level)))
             << " " << detail::clean_line(f.rule_id, o) << " (" << detail::clean_line(f.section, o)
             << "): " << detail::clean_line(f.message, o) << '\n';
    }
    if (!step->transcript.empty()) {
        // The end of the transcript is where the reply is: show its last lines.
        out_ << paint(dim, excerpt(clean(step->transcript), 6, 160));
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
