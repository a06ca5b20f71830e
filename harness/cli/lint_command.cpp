// replycheck lint [PATH...]: validate scenario files (and replycheck.toml, and [mock] tables)
// without running anything. Errors are "file:line:col: message"; exit 2 when any.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "harness/runner.hpp"

namespace replycheck::cli {

namespace {

struct lint_options {
    harness::run_request request;
    bool quiet = false;
};

int lint(lint_options& o) {
    harness::runner runner(o.request);
    std::vector<protocol::config_error> errors;
    bool ok = runner.prepare(errors);
    for (const auto& e : errors) std::cerr << e.what() << '\n';
    std::size_t scenarios = 0, steps = 0;
    for (const auto& s : runner.suites()) {
        scenarios += s.scenarios.size();
        for (const auto& sc : s.scenarios) steps += sc.steps.size();
    }
    if (!ok) {
        std::cerr << fmt::format("{} error{} in {} file{}\n", errors.size(), errors.size() == 1 ? "" : "s",
                                 runner.files(), runner.files() == 1 ? "" : "s");
        return exit_usage;
    }
    if (runner.files() == 0) {
        std::cerr << "replycheck lint: no scenario files found\n";
        return exit_usage;
    }
    if (!o.quiet)
        std::cout << fmt::format("{} file{} OK: {} scenario{}, {} step{}\n", runner.files(),
                                 runner.files() == 1 ? "" : "s", scenarios, scenarios == 1 ? "" : "s", steps,
                                 steps == 1 ? "" : "s");
    return exit_ok;
}

}  // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<lint_options>();
    auto* cmd = app.add_subcommand("lint", "Validate scenario files without running them");
    cmd->add_option("paths", o->request.paths, "Scenario files or folders (*.toml, recursively); default: scenarios/");
    cmd->add_option("--config", o->request.config, "Project file with [targets.NAME] (default: replycheck.toml)");
    cmd->add_option("-t,--target", o->request.target, "Check against this target (it must exist; its vars are defined)");
    // The same variables as `run`, so that lint knows which ${names} are defined.
    cmd->add_option("--var", o->request.vars, "Set a variable: NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--secret", o->request.secret_vars, "Set a secret variable: NAME=VALUE")->allow_extra_args(false);
    cmd->add_option("--vars-file", o->request.vars_files, "TOML file of variables (name = \"v\" or { value, secret })")
        ->allow_extra_args(false);
    cmd->add_flag("-q,--quiet", o->quiet, "Print only errors");
    cmd->callback([o, &exit_code] { exit_code = lint(*o); });
}

}  // namespace replycheck::cli
