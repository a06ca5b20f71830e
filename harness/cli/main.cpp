// replycheck: drive HTTP and FTP servers through scripted exchanges and check every reply
// against the documented meaning of its code.

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/cli/cli_reference.hpp"
#include "harness/cli/commands.hpp"

int main(int argc, char** argv) {
    // A peer that closes early must not kill us with SIGPIPE; writes report EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);

    CLI::App app{"replycheck " REPLYCHECK_VERSION
                 " - protocol conformance test harness for HTTP and FTP"};
    app.name("replycheck");
    app.set_version_flag("-V,--version", "replycheck " REPLYCHECK_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);

    int exit_code = replycheck::cli::exit_ok;
    replycheck::cli::add_run_command(app, exit_code);
    replycheck::cli::add_lint_command(app, exit_code);
    replycheck::cli::add_smoke_command(app, exit_code);
    replycheck::cli::add_mock_command(app, exit_code);
    replycheck::cli::add_explain_command(app, exit_code);
    replycheck::cli::add_codes_command(app, exit_code);
    replycheck::cli::add_rules_command(app, exit_code);
    replycheck::cli::add_report_command(app, exit_code);
    replycheck::cli::add_logs_command(app, exit_code);
    replycheck::cli::add_reproduce_command(app, exit_code);
    replycheck::cli::add_record_command(app, exit_code);
    replycheck::cli::add_help_command(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return replycheck::cli::exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "replycheck: " << e.what() << '\n';
        return replycheck::cli::exit_runtime;
    }
    return exit_code;
}
