#pragma once
// A whole `replycheck run`: find replycheck.toml, load every scenario file (nothing runs when
// one is invalid), resolve the target and variables, start the mocks (the target's embedded
// mock and one per file with a [mock] table, each on port 0), plan and execute.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/executor.hpp"
#include "harness/planner.hpp"
#include "harness/scenario.hpp"
#include "harness/targets.hpp"
#include "protocol/config_error.hpp"
#include "reports/run_result.hpp"

namespace replycheck::harness {

/// What the command line asked for.
struct run_request {
    std::vector<std::string> paths;        ///< files or folders; empty: "scenarios"
    std::string config;                    ///< replycheck.toml; "": ./replycheck.toml, else found upwards
    std::string target;                    ///< "": the config's default_target, else the embedded mock
    std::vector<std::string> vars;         ///< "K=V"
    std::vector<std::string> secret_vars;  ///< "K=V", registered as secrets
    std::vector<std::string> vars_files;   ///< TOML files of variables
    std::vector<std::string> globs;        ///< only scenario files matching one of these (--glob)
    int repeat = 1;                        ///< run the plan this many times, one pass after another
    bool check_variables = true;           ///< every ${name} of the plan must be defined (not for --list)
    plan_options plan;
    execution_options exec;
};

/// One prepared run.
class runner {
public:
    explicit runner(run_request request);
    ~runner();
    runner(const runner&) = delete;
    runner& operator=(const runner&) = delete;

    /// Loads and validates everything, plans, and checks that every ${name} the planned
    /// scenarios use is defined; false (with every error found) when something is invalid.
    bool prepare(std::vector<protocol::config_error>& errors);

    /// Starts the mocks; throws std::system_error (or std::runtime_error) when one cannot start.
    void start_mocks();
    /// Runs the plan; call after prepare() and start_mocks(). `on_finished` (may be empty) is
    /// called, serialized, as each scenario ends. Each scenario's results come with its own
    /// secrets (captures, credentials) masked, and the global ones.
    reports::run_result run(std::function<void(const reports::scenario_result&)> on_finished = {});
    /// Stops every mock (also done by the destructor).
    void stop_mocks();

    const std::vector<suite>& suites() const noexcept { return suites_; }
    const std::vector<planned_scenario>& plan() const noexcept { return plan_; }
    const target& active_target() const noexcept { return target_; }
    /// Secrets known so far: global ones (target, vars files, --secret) and, scoped to their
    /// scenario, captures and credentials met during the run.
    shared_redactor& redactor() noexcept { return redact_; }
    /// Number of scenario files read.
    std::size_t files() const noexcept { return files_; }

private:
    struct mock_pair;
    void check_variables(const std::filesystem::path& config_file, const project_config& project,
                         std::vector<protocol::config_error>& errors) const;
    run_request request_;
    std::vector<suite> suites_;
    std::vector<planned_scenario> plan_;
    target target_;
    variables base_vars_;
    std::unique_ptr<mock_pair> target_mock_;
    std::vector<std::unique_ptr<mock_pair>> suite_mocks_;   ///< by suite index (null: none)
    shared_redactor redact_;
    std::size_t files_ = 0;
};

/// Finds replycheck.toml: `explicit_path` when given, else in the current folder, else in
/// the folders above the first of `paths`. Empty when there is none.
std::filesystem::path find_project_config(const std::string& explicit_path,
                                          const std::vector<std::string>& paths);

}  // namespace replycheck::harness
