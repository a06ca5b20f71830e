// replycheck logs: placeholder registration while the command is being written (same branch).
#include <iostream>

#include "harness/cli/commands.hpp"

namespace replycheck::cli {

void add_logs_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("logs", "(in progress)");
    cmd->callback([&exit_code] {
        std::cerr << "replycheck logs: not built yet\n";
        exit_code = exit_runtime;
    });
}

}  // namespace replycheck::cli
