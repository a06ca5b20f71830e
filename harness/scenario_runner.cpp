// One scenario's run: its steps in order, each judged on its reply (expectations, then the
// conformance rules, then captures) or ended by its transport fault.

#include "harness/scenario_runner.hpp"

#include <thread>
#include <variant>

#include <fmt/format.h>

#include "harness/retry_after.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock.hpp"
#include "protocol/exchange.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::harness::detail {

using reports::failure_kind;
using reports::outcome;

namespace {

constexpr std::size_t transcript_cap = 8 * 1024;

conformance_settings settings_for(const suite& su, const scenario& sc, const step& st, bool strict) {
    conformance_mode mode = st.conformance;
    if (mode == conformance_mode::inherit) mode = sc.conformance;
    if (mode == conformance_mode::inherit) mode = su.conformance;
    if (mode == conformance_mode::inherit) mode = conformance_mode::standard;
    conformance_settings out;
    out.enabled = mode != conformance_mode::off;
    out.strict = mode == conformance_mode::strict || (strict && mode == conformance_mode::standard);
    out.options.strict_ftp_sequence = mode == conformance_mode::strict;
    out.options.allowed = su.allow;
    out.options.allowed.insert(out.options.allowed.end(), sc.allow.begin(), sc.allow.end());
    out.options.allowed.insert(out.options.allowed.end(), st.allow.begin(), st.allow.end());
    return out;
}

// An expectation that did not hold: the step failed, with what was expected and what came.
void record_failure(reports::step_result& sr, const check_failure& failure) {
    sr.result = outcome::failed;
    sr.failure = failure_kind::expectation;
    sr.message = failure.message;
    sr.expected = failure.expected;
    sr.actual = failure.actual;
}

}  // namespace

std::string capped(std::string_view text) {
    if (text.size() <= transcript_cap) return std::string(text);
    return std::string(text.substr(0, transcript_cap)) +
           fmt::format("\n[... {} more bytes]", text.size() - transcript_cap);
}

reports::scenario_result scenario_runner::run() {
    reports::scenario_result result;
    result.name = scenario_.name;
    result.file = suite_.file;
    result.tags = scenario_.tags;
    auto start = clock_type::now();
    for (int attempt = 1; attempt <= 1 + std::max(0, options_.retry); ++attempt) {
        if (attempt > 1) std::this_thread::sleep_for(retry_after_.value_or(options_.retry_interval));
        retry_after_.reset();
        result.attempts = attempt;
        result.steps.clear();
        result.result = outcome::passed;
        result.message.clear();
        run_once(result, start);
        if (result.result == outcome::passed) break;
    }
    result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return result;
}

void scenario_runner::run_once(reports::scenario_result& result, clock_type::time_point scenario_start) {
    session_ = session{};
    full_.clear();
    vars_ = env_.vars;
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
        const auto& st = scenario_.steps[i];
        reports::step_result sr;
        sr.index = static_cast<int>(i + 1);
        sr.kind = std::string(st.kind());
        sr.start_seconds = std::chrono::duration<double>(clock_type::now() - scenario_start).count();
        run_step(st, sr);
        sr.transcript = redact_.apply(sr.transcript);
        sr.label = redact_.apply(sr.label);
        sr.message = redact_.apply(sr.message);
        sr.actual = redact_.apply(sr.actual);
        sr.expected = redact_.apply(sr.expected);
        bool stop = sr.result != outcome::passed;
        if (stop) {
            result.result = sr.result;
            result.message = fmt::format("step {}{}: {}", sr.index, st.name.empty() ? "" : " (" + st.name + ")",
                                         sr.message);
        }
        result.steps.push_back(std::move(sr));
        if (stop) break;
    }
    if (session_.ftp && session_.ftp->is_open()) session_.ftp->close();
}

const expectation& scenario_runner::expectation_for(const step& st) const {
    if (!options_.target.empty())
        if (auto it = st.expect_on.find(options_.target); it != st.expect_on.end()) return it->second;
    return st.expect;
}

bool scenario_runner::expand(const std::string& text, std::string& out, reports::step_result& sr) {
    std::string error;
    auto v = vars_.expand(text, error);
    if (!v) {
        sr.result = outcome::error;
        sr.failure = failure_kind::transport;
        sr.message = error;
        return false;
    }
    out = std::move(*v);
    return true;
}

std::string scenario_runner::expand_copy(const std::string& text) const {
    std::string error;
    auto v = vars_.expand(text, error);
    return v ? *v : text;
}

void scenario_runner::run_step(const step& st, reports::step_result& sr) {
    const auto conf = settings_for(suite_, scenario_, st, options_.strict);
    step_outcome out;
    const bool have_reply = std::visit([&](const auto& action) { return run(action, st, sr, conf, out); }, st.action);
    if (sr.result != outcome::passed) return;  // expansion or setup error already recorded
    auto& reply = out.reply;
    if (have_reply) note_retry_after(st, reply);
    sr.seconds = std::chrono::duration<double>(reply.duration).count();
    if (reply.code) sr.code = reply.iis_code.empty() ? std::to_string(reply.code) : reply.iis_code;
    for (auto& f : out.findings)
        if (!protocol::rule_allowed(conf.options, f.rule_id)) sr.findings.push_back(std::move(f));
    const expectation& expected = expectation_for(st);
    if (expected.fault) {
        // The step is about the fault itself: a TLS certificate refused, a reset, a timeout.
        if (auto failure = check_fault(expected, have_reply, out.fault)) record_failure(sr, *failure);
        return;
    }
    if (!have_reply) {
        // Only "the server closed" can be expected of a step that got no reply.
        bool closed_expected = expected.closed.value_or(false) && !expected.code;
        if (!closed_expected) {
            sr.result = outcome::error;
            sr.failure = failure_kind::transport;
            sr.message = out.fault ? out.fault.text : "no reply";
            return;
        }
        reply.closed = true;
    }
    journal_checker journal;
    if (expected.received) journal = [this](const journal_expectation& j) { return check_journal(j); };
    if (auto failure = check_expectation(expected, reply, vars_, journal)) {
        record_failure(sr, *failure);
        return;
    }
    if (conf.enabled) {
        for (const auto& f : sr.findings) {
            if (protocol::is_failure(f, conf.strict)) {
                sr.result = outcome::failed;
                sr.failure = failure_kind::conformance;
                sr.message = fmt::format("{} ({}): {}", f.rule_id, f.section, f.message);
                return;
            }
        }
    }
    std::vector<std::string> secrets;
    if (auto error = apply_captures(st.captures, reply, vars_, secrets)) {
        sr.result = outcome::failed;
        sr.failure = failure_kind::expectation;
        sr.message = *error;
    }
    for (auto& s : secrets) redact_.add_secret(std::move(s), secret_scope());
}

void scenario_runner::note_retry_after(const step& st, const reply_view& reply) {
    // RFC 9110 §10.2.3 (503) and RFC 6585 §4 (429): the server says when to come back.
    if (!reply.http || !reply.headers || (reply.code != 503 && reply.code != 429)) return;
    const auto* field = protocol::find_header(*reply.headers, "Retry-After");
    if (!field) return;
    if (auto wait = retry_after_delay(*field, std::chrono::system_clock::now()))
        retry_after_ = std::min(*wait, step_timeout(st));
}

std::optional<check_failure> scenario_runner::check_journal(const journal_expectation& j) {
    bool ftp = j.command || j.argument;
    if (ftp && !env_.ftp_mock) return check_failure{"'received' needs an FTP mock", "a mock", "none"};
    if (!ftp && !env_.http_mock) return check_failure{"'received' needs an HTTP mock", "a mock", "none"};
    // The mock records an entry as it answers, which may land just after the reply: count, and
    // while too few match, wait for the journal to change (at most half a second).
    const auto deadline = clock_type::now() + millis(500);
    int count = 0;
    for (;;) {
        const auto seen = ftp ? env_.ftp_mock->journal().changes() : env_.http_mock->journal().changes();
        count = 0;
        // Compared with what was received (credentials, secret-named fields and parameters are
        // masked in what the journal shows); nothing of it is printed.
        if (ftp) {
            for (const auto& e : env_.ftp_mock->journal().snapshot(true)) {
                if (j.command && !protocol::iequals(e.command, *j.command)) continue;
                if (j.argument && e.argument != expand_copy(*j.argument)) continue;
                ++count;
            }
        } else {
            for (const auto& e : env_.http_mock->journal().snapshot(true)) {
                if (j.method && e.method != *j.method) continue;
                if (j.target && e.target != expand_copy(*j.target)) continue;
                if (j.path && e.target.substr(0, e.target.find('?')) != expand_copy(*j.path)) continue;
                bool headers_ok = true;
                for (const auto& [name, value] : j.headers)
                    if (e.header(name).find(expand_copy(value)) == std::string_view::npos ||
                        (e.header(name).empty() && !value.empty()))
                        headers_ok = false;
                if (!headers_ok) continue;
                if (j.body_contains && e.body.find(expand_copy(*j.body_contains)) == std::string::npos) continue;
                ++count;
            }
        }
        if (count >= j.min_count || clock_type::now() >= deadline) break;
        if (ftp) env_.ftp_mock->journal().wait_for_change(seen, deadline);
        else env_.http_mock->journal().wait_for_change(seen, deadline);
    }
    if (count >= j.min_count) return std::nullopt;
    // What was expected, as reports show text: a password the scenario wrote is not repeated.
    std::string what = ftp ? fmt::format("{} {}", j.command.value_or("*"), j.argument.value_or(""))
                           : fmt::format("{} {}", j.method.value_or("*"), j.target.value_or(j.path.value_or("*")));
    const bool credential = ftp && j.command && (protocol::iequals(*j.command, "PASS") || protocol::iequals(*j.command, "ACCT"));
    what = credential && j.argument ? *j.command + " ****" : protocol::mask_credentials(what);
    return check_failure{
        fmt::format("the mock received {} matching request(s) for {}, expected at least {}", count, what, j.min_count),
        fmt::format(">= {}", j.min_count), std::to_string(count)};
}

}  // namespace replycheck::harness::detail
