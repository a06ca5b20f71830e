#include "reports/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <fmt/format.h>

#include "protocol/exchange.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::reports::detail {

namespace {

void append_byte_escape(std::string& out, unsigned char byte) {
    out += fmt::format("\\x{:02x}", byte);
}

// Decodes one UTF-8 sequence at `i` (RFC 3629 §4: shortest form, no surrogates, at most
// U+10FFFF). Returns the code point and advances `i`, or -1 leaving `i` untouched.
long decode_utf8(std::string_view text, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    long cp = 0;
    long min = 0;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
    else return -1;
    if (i + len > text.size()) return -1;
    for (std::size_t k = 1; k < len; ++k) {
        unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    return cp;
}

}  // namespace

std::string repair_utf8(std::string_view text, bool keep_line_breaks) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        long cp = decode_utf8(text, i);
        if (cp < 0) {
            append_byte_escape(out, static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            if (keep_line_breaks) {
                out.push_back(static_cast<char>(cp));
            } else {
                out += cp == '\t' ? "\\t" : cp == '\n' ? "\\n" : "\\r";
            }
        } else if (cp < 0x20 || cp == 0x7F) {
            // C0 controls and DEL: not allowed in XML 1.0 (§2.2) or unreadable in a report.
            append_byte_escape(out, static_cast<unsigned char>(cp));
        } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF) {
            // C1 controls are discouraged and U+FFFE/U+FFFF excluded by XML 1.0 §2.2.
            out += fmt::format("\\u{:04x}", cp);
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    return out;
}

std::string clean(std::string_view text, const writer_options& options) {
    std::string redacted = options.redact ? options.redact->apply(text) : protocol::mask_credentials(text);
    return repair_utf8(redacted, true);
}

std::string clean_line(std::string_view text, const writer_options& options) {
    std::string redacted = options.redact ? options.redact->apply(text) : protocol::mask_credentials(text);
    return repair_utf8(redacted, false);
}

std::string clean_name(std::string_view text, const writer_options& options, bool one_line) {
    std::string redacted = options.redact ? options.redact->apply(text) : protocol::mask_credentials(text);
    return repair_utf8(redacted, !one_line);
}

std::string cap_text(std::string text, std::size_t cap) {
    if (text.size() <= cap) return text;
    std::size_t cut = cap;
    // Back up to the start of a UTF-8 sequence so the result stays valid.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    std::size_t dropped = text.size() - cut;
    text.resize(cut);
    text += fmt::format("\n[... {} more bytes not shown]\n", dropped);
    return text;
}

std::string classname_from_file(std::string_view file) {
    std::string path(file);
    for (auto& c : path) {
        if (c == '\\') c = '/';
    }
    // Drop the extension of the last component.
    std::size_t slash = path.rfind('/');
    std::size_t dot = path.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) path.resize(dot);
    std::string out;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        std::size_t next = path.find('/', pos);
        if (next == std::string::npos) next = path.size();
        std::string_view part(path.data() + pos, next - pos);
        if (!part.empty() && part != "." && part != "..") {
            if (!out.empty()) out.push_back('.');
            out.append(part);
        }
        pos = next + 1;
    }
    return out;
}

std::string smoke_classname(std::string_view suite_name) {
    constexpr std::string_view prefix = "smoke ";
    if (!suite_name.starts_with(prefix)) return "";
    std::string error;
    auto target = protocol::parse_url(suite_name.substr(prefix.size()), error);
    if (!target) return "";
    std::string out = "smoke." + target->authority();
    std::string_view path = target->target;
    path = path.substr(0, path.find_first_of("?#"));
    for (std::size_t pos = 0; pos < path.size();) {
        std::size_t next = std::min(path.find('/', pos), path.size());
        std::string_view part = path.substr(pos, next - pos);
        if (!part.empty()) {
            out.push_back('.');
            for (char c : part) out.push_back(c == '.' ? '_' : c);
        }
        pos = next + 1;
    }
    return out;
}

std::string format_seconds(double seconds, int decimals) {
    if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
    return fmt::format("{:.{}f}", seconds, std::clamp(decimals, 0, 9));
}

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || !(seconds > 0)) return "0ms";
    if (seconds < 0.01) return fmt::format("{:.1f}ms", seconds * 1000);
    if (seconds < 1) return fmt::format("{:.0f}ms", seconds * 1000);
    return fmt::format("{:.2f}s", seconds);
}

const step_result* deciding_step(const scenario_result& scenario) {
    for (const auto& step : scenario.steps) {
        if (step.result == outcome::failed || step.result == outcome::error) return &step;
    }
    return nullptr;
}

std::string failure_message(const scenario_result& scenario, bool strict) {
    if (const step_result* step = deciding_step(scenario)) {
        std::string what = step->message;
        if (what.empty()) {
            for (const auto& f : step->findings) {
                if (protocol::is_failure(f, strict)) {
                    what = fmt::format("{} ({}): {}", f.rule_id, f.section, f.message);
                    break;
                }
            }
        }
        if (what.empty() && !step->expected.empty()) {
            what = fmt::format("expected {}, got {}", step->expected, step->actual.empty() ? "nothing" : step->actual);
        }
        if (what.empty()) what = scenario.message;
        return fmt::format("step {}: {}", step->index, what);
    }
    return scenario.message;
}

std::string_view step_protocol(const step_result& step) {
    if (!step.protocol.empty()) return step.protocol;
    if (step.kind == "ftp") return "ftp";
    if (step.kind == "http" || step.kind == "raw") return "http";
    // Probes and unknown kinds: an HTTP request line names its version or a URL.
    if (step.label.find("HTTP/") != std::string::npos) return "http";
    for (std::string_view rest = step.label; !rest.empty();) {
        const auto word = rest.substr(0, rest.find(' '));
        if (const auto* scheme = protocol::url_scheme(word))
            return scheme->protocol == protocol::url_protocol::http ? "http" : "ftp";
        rest.remove_prefix(std::min(rest.size(), word.size() + 1));
    }
    // An FTP command is a 3-4 letter verb (RFC 959 §5.3.1); HTTP methods of that length are excluded.
    std::string_view verb(step.label);
    verb = verb.substr(0, verb.find(' '));
    bool upper = verb.size() >= 3 && verb.size() <= 4;
    for (char c : verb) upper = upper && c >= 'A' && c <= 'Z';
    if (upper && verb != "GET" && verb != "PUT" && verb != "POST" && verb != "HEAD") return "ftp";
    return "http";
}

std::string code_class(const step_result& step) {
    if (step.code.empty() || step.code[0] < '1' || step.code[0] > '5') return "none";
    return std::string(1, step.code[0]) + (step_protocol(step) == "ftp" ? "yz" : "xx");
}

std::string failure_details(const scenario_result& scenario, bool strict) {
    std::string out;
    for (const auto& step : scenario.steps) {
        bool failing_findings = false;
        for (const auto& f : step.findings) failing_findings = failing_findings || protocol::is_failure(f, strict);
        if (step.result == outcome::passed && !failing_findings) continue;
        if (step.result == outcome::skipped) continue;
        out += fmt::format("step {} [{}]: {}\n", step.index, step.kind, step.label);
        if (!step.message.empty()) out += fmt::format("  {}\n", step.message);
        if (!step.expected.empty() || !step.actual.empty()) {
            out += fmt::format("  expected: {}\n  actual:   {}\n", step.expected, step.actual);
        }
        if (!step.code.empty()) out += fmt::format("  reply code: {}\n", step.code);
        for (const auto& f : step.findings) {
            if (!protocol::is_failure(f, strict)) continue;
            out += fmt::format("  {} {} ({}): {}\n", protocol::to_string(f.level), f.rule_id, f.section, f.message);
        }
    }
    if (out.empty() && !scenario.message.empty()) out = scenario.message + "\n";
    return out;
}

std::string transcript_text(const scenario_result& scenario) {
    std::string out;
    for (const auto& step : scenario.steps) {
        // The label goes last: credential masking runs to the end of a "PASS ..." line.
        out += fmt::format("--- step {} ({}, {}, {}s) {}\n", step.index, step.kind,
                           step.code.empty() ? std::string("no reply") : step.code, format_seconds(step.seconds),
                           step.label);
        out += step.transcript;
        if (!step.transcript.empty() && step.transcript.back() != '\n') out.push_back('\n');
    }
    return out;
}

}  // namespace replycheck::reports::detail
