#pragma once
// Turns the exchanges of one smoke probe into a scenario result: a step per exchange with its
// findings, expectations on top, and the probe's verdict.

#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "protocol/exchange.hpp"
#include "protocol/finding.hpp"
#include "reports/run_result.hpp"

namespace replycheck::harness::detail {

/// Builds one probe's scenario_result.
class probe_builder {
public:
    /// A probe named `name`; `strict` makes SHOULD findings fail; expectation ids matched by
    /// `allowed` (exact or "prefix.*") never fail.
    probe_builder(std::string name, bool strict, std::vector<std::string> allowed = {});

    /// Adds a step for an HTTP exchange and its findings; returns it for expectations.
    reports::step_result& add_http(const protocol::http_exchange& exchange, std::vector<protocol::finding> findings);

    /// Adds a step for an FTP exchange and its findings; returns it for expectations.
    reports::step_result& add_ftp(const protocol::ftp_exchange& exchange, std::vector<protocol::finding> findings);

    /// Fails `step` unless `ok`, citing the smoke expectation `id` and its section in the
    /// message (a step already failed keeps its first message). When `id` is allowed, the miss
    /// is kept as an info finding instead.
    void expect(reports::step_result& step, bool ok, std::string_view id, std::string expected, std::string message);

    /// Marks the whole probe skipped with `reason` (steps stay for the record).
    void skip(std::string reason);

    /// True when the probe has been skipped.
    bool skipped() const noexcept { return skipped_; }

    /// The finished scenario.
    reports::scenario_result finish();

private:
    reports::step_result& add_step(reports::step_result step, std::chrono::microseconds duration);

    reports::scenario_result scenario_;
    bool strict_;
    std::vector<std::string> allowed_;
    bool skipped_ = false;
    std::chrono::steady_clock::time_point start_;
};

/// A random 8-hex-digit token, so a probe's tag, path, file name or password cannot exist by chance.
std::string random_token();

/// True when `code` is one of `codes`.
bool one_of(int code, std::initializer_list<int> codes);

/// "304" or "304 or 412" for messages.
std::string codes_text(std::initializer_list<int> codes);

/// The last line of an exchange's final reply ("530 Anonymous sessions must use encryption."),
/// or its transport error when there is no reply.
std::string reply_line(const protocol::ftp_exchange& exchange);

/// The final reply code of an FTP exchange, 0 when none.
int final_code(const protocol::ftp_exchange& exchange);

}  // namespace replycheck::harness::detail
