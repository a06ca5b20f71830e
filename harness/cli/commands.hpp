#pragma once
// Each replycheck command lives in its own file and registers itself on the CLI11 app.
// A command's callback stores the process exit code in `exit_code`.

#include <signal.h>

#include <CLI/CLI.hpp>

namespace replycheck::cli {

/// Process exit codes (DESIGN.md): the same for every command.
enum exit_code : int {
    exit_ok = 0,          ///< everything passed
    exit_failed = 1,      ///< a scenario or probe failed
    exit_usage = 2,       ///< bad command line or invalid scenario/config file
    exit_runtime = 3,     ///< a runtime error: a mock could not bind, a report could not be written
};

/// Blocks SIGINT and SIGTERM in the calling thread (and every thread it starts afterwards), so
/// that the command alone takes them with sigwait/sigtimedwait on the set returned. Called
/// before any server or proxy thread starts.
sigset_t block_stop_signals();

void add_explain_command(CLI::App& app, int& exit_code);   // explain_command.cpp
void add_codes_command(CLI::App& app, int& exit_code);     // codes_command.cpp
void add_mock_command(CLI::App& app, int& exit_code);      // mock_command.cpp
void add_run_command(CLI::App& app, int& exit_code);       // run_command.cpp
void add_lint_command(CLI::App& app, int& exit_code);      // lint_command.cpp
void add_smoke_command(CLI::App& app, int& exit_code);     // smoke_command.cpp
void add_rules_command(CLI::App& app, int& exit_code);     // rules_command.cpp
void add_report_command(CLI::App& app, int& exit_code);    // report_command.cpp
void add_logs_command(CLI::App& app, int& exit_code);      // logs_command.cpp
void add_reproduce_command(CLI::App& app, int& exit_code); // reproduce_command.cpp
void add_record_command(CLI::App& app, int& exit_code);    // record_command.cpp

}  // namespace replycheck::cli
