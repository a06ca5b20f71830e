#pragma once
// The --report-* options shared by `run`, `smoke`, `reproduce` and `report merge`, and the code
// that writes every requested report.

#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "reports/run_result.hpp"
#include "reports/writers.hpp"

namespace replycheck::cli {

/// Report file paths; an empty path means that report is not written.
struct report_paths {
    std::string junit, json, html, tap;
};

/// Adds --report-junit, --report-json, --report-html and --report-tap to `command`.
void add_report_options(CLI::App* command, report_paths& paths);

/// Records which replycheck made `run` and on which host (the reports show both).
void stamp_origin(reports::run_result& run);

/// Writes every requested report. Returns 0, or 3 (exit_runtime) when at least one could not
/// be written; every report is tried, and each failure is described on `err`.
int write_reports(const reports::run_result& run, const report_paths& paths,
                  const reports::writer_options& options, std::ostream& err);

}  // namespace replycheck::cli
