// `replycheck report merge A.json B.json ...`: joins the JSON reports of several shards into
// one run and writes any report from it (JUnit, JSON, HTML, TAP), printing the results as
// `run` does. `replycheck report matrix [LABEL=]A.json ...`: servers × smoke probes.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "harness/cli/commands.hpp"
#include "harness/cli/report_options.hpp"
#include "reports/console_reporter.hpp"
#include "reports/matrix.hpp"
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

struct matrix_options {
    std::vector<std::string> inputs;
    std::string html, markdown, tsv;
};

// "nginx=out/nginx.json" -> {"nginx", path}; "out/nginx.strict.json" -> {"nginx", path}: the
// label defaults to the file name up to its first dot, so a run and its --strict twin share it.
std::pair<std::string, std::string> labelled_input(const std::string& input) {
    const auto eq = input.find('=');
    if (eq != std::string::npos && eq > 0) return {input.substr(0, eq), input.substr(eq + 1)};
    const auto name = std::filesystem::path(input).filename().string();
    return {name.substr(0, name.find('.')), input};
}

int run_matrix(const matrix_options& options) {
    std::vector<reports::labelled_run> runs;
    for (const auto& input : options.inputs) {
        auto [label, path] = labelled_input(input);
        try {
            runs.push_back({label, reports::read_json(path)});
        } catch (const reports::report_error& e) {
            std::cerr << "replycheck report matrix: " << e.what() << '\n';
            return exit_usage;
        }
        if (runs.back().run.command != "smoke") {
            std::cerr << "replycheck report matrix: " << path << ": a report of `" << runs.back().run.command
                      << "`, not of `smoke` (write it with `replycheck smoke --report-json FILE URL`)\n";
            return exit_usage;
        }
    }
    const auto matrix = reports::build_matrix(runs);
    try {
        if (!options.markdown.empty())
            reports::write_file_atomically(options.markdown, reports::render_matrix_markdown(matrix));
        if (!options.html.empty()) reports::write_file_atomically(options.html, reports::render_matrix_html(matrix));
        if (!options.tsv.empty()) reports::write_file_atomically(options.tsv, reports::render_matrix_tsv(matrix));
    } catch (const reports::report_error& e) {
        std::cerr << "replycheck report matrix: " << e.what() << '\n';
        return exit_runtime;
    }
    if (options.markdown.empty() && options.html.empty() && options.tsv.empty()) std::cout << reports::render_matrix_markdown(matrix);
    return exit_ok;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
    auto* report = app.add_subcommand("report", "Work with JSON reports: merge the results of shards, or tabulate smoke runs as a conformance matrix");
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

    auto matrix_opts = std::make_shared<matrix_options>();
    auto* matrix = report->add_subcommand(
        "matrix", "Servers x smoke probes from the JSON reports of `smoke` runs (pass, warn, fail, error, skip and "
                  "the rule that decided each cell), as Markdown and HTML");
    matrix->add_option("reports", matrix_opts->inputs,
                       "JSON reports of `smoke --report-json`, as LABEL=FILE or FILE (label: the file name up to its "
                       "first dot, so nginx.json and nginx.strict.json make one column)")
        ->required()
        ->type_name("[LABEL=]FILE");
    matrix->add_option("--report-html", matrix_opts->html, "Write the matrix as a self-contained HTML page to FILE")
        ->type_name("FILE");
    matrix->add_option("--report-markdown", matrix_opts->markdown,
                       "Write the matrix as Markdown to FILE (without any --report option: Markdown on stdout)")
        ->type_name("FILE");
    matrix->add_option("--report-tsv", matrix_opts->tsv,
                       "Write one line per cell (server, protocol, probe, verdict, rule) as tab-separated values to FILE")
        ->type_name("FILE");
    matrix->callback([matrix_opts, &exit_code] { exit_code = run_matrix(*matrix_opts); });
}

}  // namespace replycheck::cli
