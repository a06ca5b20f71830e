// Placeholder until the 'run' command lands: it answers honestly that it is not available.
#include <iostream>

#include "harness/cli/commands.hpp"

namespace replycheck::cli {

void add_run_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("run", "(not available in this build)");
    cmd->allow_extras();
    cmd->callback([&exit_code] {
        std::cerr << "replycheck run: not available in this build\n";
        exit_code = exit_runtime;
    });
}

}  // namespace replycheck::cli
