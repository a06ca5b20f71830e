// Step and scenario verdicts of the smoke probes.

#include "harness/smoke/probe_builder.hpp"

#include <random>

#include <fmt/format.h>

#include "harness/smoke/smoke.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness::detail {

namespace {

constexpr std::size_t sent_cap = 2 * 1024;
constexpr std::size_t received_cap = 8 * 1024;

std::string capped(std::string_view text, std::size_t cap) {
    if (text.size() <= cap) return std::string(text);
    return fmt::format("{}\n[... {} more bytes]", text.substr(0, cap), text.size() - cap);
}

std::string first_line(std::string_view text, std::size_t cap = 120) {
    auto line = text.substr(0, text.find_first_of("\r\n"));
    if (line.size() > cap) return fmt::format("{}... ({} bytes)", line.substr(0, cap), line.size());
    return std::string(line);
}

void judge_findings(reports::step_result& step, bool strict) {
    for (const auto& f : step.findings) {
        if (!protocol::is_failure(f, strict)) continue;
        step.result = reports::outcome::failed;
        step.failure = reports::failure_kind::conformance;
        step.message = fmt::format("{} ({}): {}", f.rule_id, f.section, f.message);
        return;
    }
}

}  // namespace

std::string random_token() {
    std::random_device rd;
    return fmt::format("{:08x}", rd());
}

bool one_of(int code, std::initializer_list<int> codes) {
    for (int c : codes)
        if (c == code) return true;
    return false;
}

std::string codes_text(std::initializer_list<int> codes) {
    std::string out;
    std::size_t i = 0;
    for (int c : codes) {
        if (i > 0) out += i + 1 == codes.size() ? " or " : ", ";
        out += std::to_string(c);
        ++i;
    }
    return out;
}

int final_code(const protocol::ftp_exchange& exchange) {
    return exchange.replies.empty() ? 0 : exchange.replies.back().code;
}

probe_builder::probe_builder(std::string name, bool strict, std::vector<std::string> allowed)
    : strict_(strict), allowed_(std::move(allowed)), start_(std::chrono::steady_clock::now()) {
    scenario_.name = std::move(name);
}

reports::step_result& probe_builder::add_step(reports::step_result step, std::chrono::microseconds duration) {
    step.index = static_cast<int>(scenario_.steps.size()) + 1;
    step.seconds = static_cast<double>(duration.count()) / 1e6;
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    step.start_seconds = std::max(0.0, elapsed - step.seconds);
    scenario_.steps.push_back(std::move(step));
    return scenario_.steps.back();
}

reports::step_result& probe_builder::add_http(const protocol::http_exchange& exchange,
                                              std::vector<protocol::finding> findings) {
    reports::step_result step;
    step.kind = "raw";
    step.label = first_line(exchange.sent_raw);
    step.findings = std::move(findings);
    // A reset after a complete reply is news about the server, not a fault of the exchange.
    if (!exchange.transport_note.empty())
        step.findings.push_back({"smoke.http.reset-after-reply", protocol::rule_level::info, "RFC 9112 §9.6",
                                 exchange.transport_note});
    step.transcript = capped(exchange.sent_raw, sent_cap) + "\n" + capped(exchange.received_raw, received_cap);
    if (exchange.response) {
        step.code = std::to_string(exchange.response->status);
        step.actual = first_line(exchange.response->status_line);
    }
    judge_findings(step, strict_);
    if (step.result == reports::outcome::passed && exchange.transport_code) {
        step.result = reports::outcome::error;
        step.failure = reports::failure_kind::transport;
        step.message = exchange.transport_error;
    }
    return add_step(std::move(step), exchange.duration);
}

reports::step_result& probe_builder::add_ftp(const protocol::ftp_exchange& exchange,
                                             std::vector<protocol::finding> findings) {
    reports::step_result step;
    step.kind = "ftp";
    step.label = exchange.command.empty() ? "(greeting)" : first_line(exchange.command);
    step.findings = std::move(findings);
    std::string transcript = exchange.command.empty() ? "" : "> " + exchange.command + "\n";
    for (const auto& reply : exchange.replies)
        for (const auto& line : reply.lines) transcript += "< " + line + "\n";
    if (exchange.data_connection_used)
        transcript += fmt::format("[data connection: {} bytes]\n", exchange.data.size());
    // The error goes after the cap: it says why a long reply stops.
    step.transcript = capped(transcript, received_cap);
    if (!exchange.transport_error.empty()) {
        if (!step.transcript.empty() && step.transcript.back() != '\n') step.transcript += '\n';
        step.transcript += "[" + exchange.transport_error + "]\n";
    }
    if (const int code = final_code(exchange)) {
        step.code = std::to_string(code);
        step.actual = first_line(exchange.replies.back().lines.empty() ? "" : exchange.replies.back().lines.front());
    }
    judge_findings(step, strict_);
    if (step.result == reports::outcome::passed && exchange.transport_code) {
        step.result = reports::outcome::error;
        step.failure = reports::failure_kind::transport;
        step.message = exchange.transport_error;
    }
    return add_step(std::move(step), exchange.duration);
}

void probe_builder::expect(reports::step_result& step, bool ok, std::string_view id, std::string expected,
                           std::string message) {
    step.expected = std::move(expected);
    if (ok || step.result == reports::outcome::failed) return;
    if (step.result == reports::outcome::error) return;  // the transport fault says more
    const auto* info = find_smoke_expectation(id);
    const std::string section(info ? info->section : std::string_view());
    protocol::check_options allowed;
    allowed.allowed = allowed_;
    if (protocol::rule_allowed(allowed, id)) {
        step.findings.push_back({std::string(id), protocol::rule_level::info, section, message + " (allowed)"});
        return;
    }
    // A missed SHOULD is a warning unless --strict; a missed info expectation is only news.
    const auto level = info ? info->level : protocol::rule_level::must;
    if (!protocol::is_failure({std::string(id), level, section, message}, strict_)) {
        step.findings.push_back({std::string(id), level, section, message});
        return;
    }
    step.result = reports::outcome::failed;
    step.failure = reports::failure_kind::expectation;
    step.message = fmt::format("{} ({}): {}", id, section, message);
}

void probe_builder::skip(std::string reason) {
    skipped_ = true;
    scenario_.message = std::move(reason);
}

reports::scenario_result probe_builder::finish() {
    scenario_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (skipped_) {
        // A skipped probe can still have broken a MUST on the way (e.g. a 200 with a bad
        // Content-Length while ignoring Range): findings outrank the skip.
        for (const auto& step : scenario_.steps) {
            if (step.result == reports::outcome::failed && step.failure == reports::failure_kind::conformance) {
                scenario_.result = reports::outcome::failed;
                scenario_.message = fmt::format("step {}: {}", step.index, step.message);
                return scenario_;
            }
        }
        scenario_.result = reports::outcome::skipped;
        return scenario_;
    }
    scenario_.result = reports::outcome::passed;
    for (const auto& step : scenario_.steps) {
        if (step.result == reports::outcome::failed) {
            scenario_.result = reports::outcome::failed;
            scenario_.message = fmt::format("step {}: {}", step.index, step.message);
            return scenario_;
        }
    }
    for (const auto& step : scenario_.steps) {
        if (step.result == reports::outcome::error) {
            scenario_.result = reports::outcome::error;
            scenario_.message = fmt::format("step {}: {}", step.index, step.message);
            return scenario_;
        }
    }
    return scenario_;
}

std::string reply_line(const protocol::ftp_exchange& exchange) {
    if (exchange.replies.empty() || exchange.replies.back().lines.empty())
        return exchange.transport_error.empty() ? std::string("no reply") : exchange.transport_error;
    return exchange.replies.back().lines.back();
}

}  // namespace replycheck::harness::detail
