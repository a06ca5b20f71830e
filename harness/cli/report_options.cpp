#include "harness/cli/report_options.hpp"

#include <unistd.h>

#include "harness/cli/commands.hpp"

namespace replycheck::cli {

void stamp_origin(reports::run_result& run) {
    run.tool_version = REPLYCHECK_VERSION;
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) run.hostname = host;
}

void add_report_options(CLI::App* command, report_paths& paths) {
    command->add_option("--report-junit", paths.junit, "Write a JUnit XML report to FILE")->type_name("FILE");
    command->add_option("--report-json", paths.json, "Write a JSON report to FILE")->type_name("FILE");
    command->add_option("--report-html", paths.html, "Write a self-contained HTML report to FILE")->type_name("FILE");
    command->add_option("--report-tap", paths.tap, "Write a TAP version 13 report to FILE")->type_name("FILE");
}

int write_reports(const reports::run_result& run, const report_paths& paths, const reports::writer_options& options,
                  std::ostream& err) {
    using writer = void (*)(const reports::run_result&, const std::filesystem::path&, const reports::writer_options&);
    struct job {
        const char* what;
        const std::string& path;
        writer write;
    };
    const job jobs[] = {{"JUnit", paths.junit, &reports::write_junit},
                        {"JSON", paths.json, &reports::write_json},
                        {"HTML", paths.html, &reports::write_html},
                        {"TAP", paths.tap, &reports::write_tap}};
    int code = exit_ok;
    for (const auto& j : jobs) {
        if (j.path.empty()) continue;
        try {
            j.write(run, j.path, options);
        } catch (const std::exception& e) {
            // Keep going: one unwritable path must not cost the other reports.
            err << "replycheck: " << j.what << " report not written: " << e.what() << '\n';
            code = exit_runtime;
        }
    }
    return code;
}

}  // namespace replycheck::cli
