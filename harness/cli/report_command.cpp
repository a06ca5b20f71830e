// `replycheck report merge A.json B.json ...`: joins the JSON reports of several shards into
// one run and writes any report from it (JUnit, JSON, HTML, TAP), printing the results as
// `run` does.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "harness/cli/commands.hpp"
#include "harness/cli/report_options.hpp"
#include "reports/console_reporter.hpp"
#include "reports/merge.hpp"
#include "reports/writers.hpp"

namespace replycheck::cli {

namespace {

struct merge_options {
    std::vector<std::string> inputs;
    report_paths paths;
    bool quiet = false;
};

int run_merge(const merge_options& options) {
    std::vector<reports::run_result> shards;
    for (const auto& input : options.inputs) {
        try {
            shards.push_back(reports::read_json(input));
        } catch (const reports::report_error& e) {
            std::cerr << "replycheck report merge: " << e.what() << '\n';
            return exit_usage;
        }
    }
    reports::run_result merged = reports::merge(shards);
    reports::console_reporter console(std::cout, reports::console_reporter::want_color(STDOUT_FILENO), nullptr);
    if (!options.quiet) {
        for (const auto& suite : merged.suites) {
            for (const auto& scenario : suite.scenarios) console.scenario_finished(scenario);
        }
    }
    console.summary(merged);
    std::cout.flush();
    int written = write_reports(merged, options.paths, reports::writer_options{}, std::cerr);
    if (written != exit_ok) return written;
    reports::totals t = reports::count(merged);
    return t.failed + t.errors > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
    auto* report = app.add_subcommand("report", "Work with JSON reports: merge the results of shards");
    report->require_subcommand(1);
    auto options = std::make_shared<merge_options>();
    auto* merge = report->add_subcommand(
        "merge", "Merge JSON reports of shards into one run and write JUnit, JSON, HTML or TAP reports from it");
    merge->add_option("reports", options->inputs, "JSON reports written with --report-json")
        ->required()
        ->type_name("FILE");
    merge->add_flag("-q,--quiet", options->quiet, "Print only the summary line");
    add_report_options(merge, options->paths);
    merge->callback([options, &exit_code] { exit_code = run_merge(*options); });
}

}  // namespace replycheck::cli
