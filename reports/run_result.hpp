#pragma once
// The run-result model: suite -> scenario -> step verdicts. The runner and `smoke` fill it;
// every report writer reads it. Plain data, no behaviour beyond counting and text editing.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/finding.hpp"

namespace replycheck::reports {

/// How a step or scenario ended.
enum class outcome {
    passed,
    failed,   ///< an expectation or a MUST finding (SHOULD under --strict) failed
    error,    ///< a transport fault: refused, timeout, reset, malformed reply
    skipped,  ///< not run (filtered, or a smoke probe the server legitimately cannot answer)
};

std::string_view to_string(outcome value) noexcept;

/// Why a step failed, when it did.
enum class failure_kind { none, expectation, conformance, transport };

/// One step: one HTTP request or FTP command and its reply.
struct step_result {
    int index = 0;                 ///< 1-based position in the scenario
    std::string kind;              ///< "http", "raw", "ftp", "probe"
    std::string label;             ///< request line or FTP command as sent ("GET /a HTTP/1.1", "USER alice")
    std::string code;              ///< status or reply code received ("304", "530", "404.3"), empty if none
    outcome result = outcome::passed;
    failure_kind failure = failure_kind::none;
    std::string message;           ///< one line: "expected status 304, got 200"
    std::string expected;          ///< what was expected, for display
    std::string actual;            ///< what came, for display
    std::vector<protocol::finding> findings;  ///< conformance findings (all levels)
    std::string transcript;        ///< what was sent and received, already redacted
    double start_seconds = 0;      ///< offset from the scenario's start, for waterfalls
    double seconds = 0;            ///< how long the exchange took
    std::string protocol;          ///< "http" or "ftp"; empty = guessed from kind and label
};

/// One scenario: a named sequence of steps.
struct scenario_result {
    std::string name;
    std::string file;              ///< scenario file path as given on the command line
    std::vector<std::string> tags;
    outcome result = outcome::passed;
    std::string message;           ///< the first failure, or the skip reason
    std::vector<step_result> steps;
    double seconds = 0;
    int attempts = 1;              ///< more than 1 with --retry
};

/// One scenario file (or one smoke target).
struct suite_result {
    std::string name;
    std::string file;
    std::string timestamp;         ///< ISO 8601 UTC start time, "2026-11-24T10:00:00Z"
    double seconds = 0;
    std::vector<scenario_result> scenarios;
    std::string hostname;          ///< machine that ran it; empty = the run's hostname
};

/// Counts over scenarios.
struct totals {
    int tests = 0, passed = 0, failed = 0, errors = 0, skipped = 0;
};

/// A whole run.
struct run_result {
    std::string tool_version;
    std::string command;           ///< "run", "smoke"
    std::string started_at;        ///< ISO 8601 UTC
    std::string hostname;
    double seconds = 0;
    bool strict = false;
    std::vector<suite_result> suites;
};

totals count(const suite_result& suite);
totals count(const run_result& run);

/// The scope of one scenario's own secrets (its captures and credentials): its file and name.
std::string secret_scope(std::string_view file, std::string_view name);

/// Replaces each free text of `scenario` (its message; each step's label, message, expected and
/// actual values, finding messages and transcript) with `edit(text)`.
void edit_texts(scenario_result& scenario, const std::function<std::string(std::string_view)>& edit);

}  // namespace replycheck::reports
