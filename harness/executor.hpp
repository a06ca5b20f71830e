#pragma once
// Runs planned scenarios on a pool of worker threads. The steps of one scenario run in order
// on one session (one HTTP client, one raw TCP connection, one FTP control connection);
// scenarios run in parallel. Every exchange is checked against the step's expectations and
// the conformance rules; verdicts are data (reports::run_result), never exceptions.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "harness/clients/tls_options.hpp"
#include "harness/planner.hpp"
#include "harness/scenario.hpp"
#include "harness/variables.hpp"
#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"

namespace replycheck::mock {
class http_mock;
class ftp_mock;
}  // namespace replycheck::mock

namespace replycheck::harness {

/// What a suite's scenarios see: variables (with ${http}/${ftp}) and the mocks behind them.
struct suite_environment {
    variables vars;
    mock::http_mock* http_mock = nullptr;   ///< for `received` expectations; may be null
    mock::ftp_mock* ftp_mock = nullptr;
};

/// A redactor shared by worker threads: secrets captured at run time are added while other
/// threads print.
class shared_redactor {
public:
    /// Adds a secret value for every text.
    void add_secret(std::string value);
    /// Adds a secret value for the texts of `scope` only (see reports::secret_scope).
    void add_secret(std::string value, std::string_view scope);
    /// `text` with global secrets and credentials masked.
    std::string apply(std::string_view text) const;
    /// `text` with global secrets, the secrets of `scope` and credentials masked.
    std::string apply(std::string_view text, std::string_view scope) const;
    /// A copy of the current redactor (for report writers, after the run).
    protocol::redactor snapshot() const;

private:
    mutable std::shared_mutex mutex_;  // many readers (workers printing), rare writers
    protocol::redactor redactor_;
};

/// How to execute.
struct execution_options {
    int jobs = 0;                          ///< worker threads; 0 = hardware concurrency
    int retry = 0;                         ///< extra attempts for a failed scenario
    /// Wait before each extra attempt, unless the failing reply (503, 429) said Retry-After.
    std::chrono::milliseconds retry_interval{1000};
    /// TCP (and TLS) connect of every step, at most; a step's timeout also bounds it.
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds timeout{5000};  ///< per step, unless the step says otherwise
    bool fail_fast = false;                ///< stop starting scenarios after the first failure
    bool strict = false;                   ///< SHOULD findings fail
    std::string target;                    ///< active target name (for expect_on)
    /// TLS for every step that does not set its own (run --cacert, --insecure, --cert/--key).
    tls_options tls;
    /// At most this many steps per second on average across all workers (0 = no limit): each
    /// scenario starts when the steps of those before it have had their share of time; the
    /// steps of one scenario run back to back (`reproduce --rate`).
    double max_steps_per_second = 0;
    /// Called (serialized) as each scenario finishes, in completion order.
    std::function<void(const reports::scenario_result&)> on_scenario_finished;
};

/// Runs `plan` over `suites`; `environments[i]` belongs to `suites[i]`.
/// The run result lists the suites in order, each with its planned scenarios in file order.
reports::run_result execute(const std::vector<suite>& suites,
                            const std::vector<planned_scenario>& plan,
                            const std::vector<suite_environment>& environments,
                            const execution_options& options, shared_redactor& redact);

}  // namespace replycheck::harness
