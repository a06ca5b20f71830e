// replycheck run [PATH...]: load scenario files, run them against a target (the embedded mock
// by default), print one line per scenario and write the requested reports.

#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/cli/commands.hpp"
#include "harness/cli/report_options.hpp"
#include "harness/runner.hpp"
#include "protocol/duration.hpp"
#include "reports/console_reporter.hpp"

namespace replycheck::cli {

namespace {

struct run_options {
    harness::run_request request;
    std::vector<std::string> tags, exclude_tags;
    std::string timeout = "5s";
    std::string connect_timeout = "3s";
    std::string retry_interval = "1s";
    bool allow_empty = false;
    std::string shard;
    std::string shard_by = "index";
    bool no_color = false;
    std::string color = "auto";
    bool verbose = false, very_verbose = false;
    bool list = false;
    report_paths reports;
};

std::vector<std::string> split_commas(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) {
        std::size_t start = 0;
        while (start <= item.size()) {
            auto comma = item.find(',', start);
            auto part = item.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!part.empty()) out.push_back(part);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    return out;
}

// A selection that matches nothing is most often a typo (--tags smoek): say so, with the tags
// that exist, rather than pass having run nothing.
void print_empty_selection(const harness::runner& runner, const run_options& o) {
    std::set<std::string> tags;
    std::size_t scenarios = 0;
    for (const auto& su : runner.suites())
        for (const auto& sc : su.scenarios) {
            tags.insert(sc.tags.begin(), sc.tags.end());
            ++scenarios;
        }
    std::vector<std::string> by;
    if (!o.tags.empty()) by.push_back("--tags " + fmt::format("{}", fmt::join(o.tags, ",")));
    if (!o.exclude_tags.empty()) by.push_back("--exclude-tags " + fmt::format("{}", fmt::join(o.exclude_tags, ",")));
    if (!o.request.plan.filter.empty()) by.push_back("--filter " + o.request.plan.filter);
    if (!o.request.globs.empty()) by.push_back("--glob " + fmt::format("{}", fmt::join(o.request.globs, " ")));
    if (o.request.plan.shard_total > 1)
        by.push_back(fmt::format("--shard {}/{}", o.request.plan.shard_index, o.request.plan.shard_total));
    const auto& t = runner.active_target();
    if (!t.tags.empty() || !t.exclude_tags.empty()) by.push_back("the tags of target '" + t.name + "'");
    std::cerr << fmt::format("replycheck run: no scenario selected ({} scenario{} in {} file{}{}{})\n", scenarios,
                             scenarios == 1 ? "" : "s", runner.files(), runner.files() == 1 ? "" : "s",
                             by.empty() ? "" : ", by ", fmt::format("{}", fmt::join(by, ", ")));
    std::cerr << "  known tags: " << (tags.empty() ? std::string("none") : fmt::format("{}", fmt::join(tags, ", ")))
              << "\n  (--allow-empty runs nothing and exits 0)\n";
}

int run(run_options& o) {
    auto& request = o.request;
    request.plan.tags = split_commas(o.tags);
    request.plan.exclude_tags = split_commas(o.exclude_tags);
    auto timeout = protocol::parse_duration(o.timeout);
    if (!timeout || timeout->count() == 0) {
        std::cerr << "replycheck run: invalid --timeout '" << o.timeout << "' (write 500ms, 3s, 1m)\n";
        return exit_usage;
    }
    request.exec.timeout = *timeout;
    auto connect_timeout = protocol::parse_duration(o.connect_timeout);
    if (!connect_timeout || connect_timeout->count() == 0) {
        std::cerr << "replycheck run: invalid --connect-timeout '" << o.connect_timeout << "' (write 500ms, 3s, 1m)\n";
        return exit_usage;
    }
    request.exec.connect_timeout = *connect_timeout;
    auto retry_interval = protocol::parse_duration(o.retry_interval);
    if (!retry_interval) {
        std::cerr << "replycheck run: invalid --retry-interval '" << o.retry_interval << "' (write 0s, 500ms, 2s)\n";
        return exit_usage;
    }
    request.exec.retry_interval = *retry_interval;
    if (request.exec.tls.client_cert.empty() != request.exec.tls.client_key.empty()) {
        std::cerr << "replycheck run: --cert and --key are given together\n";
        return exit_usage;
    }
    std::string shard = o.shard;
    if (shard.empty()) {
        // CI systems that split jobs (GitLab parallel:, Buildkite, ...) announce the node.
        const char* index = std::getenv("CI_NODE_INDEX");
        const char* total = std::getenv("CI_NODE_TOTAL");
        if (index && total && *index && *total) shard = std::string(index) + "/" + total;
    }
    if (!shard.empty()) {
        auto parsed = harness::parse_shard(shard);
        if (!parsed) {
            std::cerr << "replycheck run: invalid shard '" << shard << "' (write I/N with 1 <= I <= N)\n";
            return exit_usage;
        }
        request.plan.shard_index = parsed->first;
        request.plan.shard_total = parsed->second;
    }
    request.plan.sharding = o.shard_by == "hash" ? harness::shard_strategy::hash : harness::shard_strategy::index;

    request.check_variables = !o.list;   // a listing runs nothing
    harness::runner runner(request);
    std::vector<protocol::config_error> errors;
    if (!runner.prepare(errors)) {
        for (const auto& e : errors) std::cerr << e.what() << '\n';
        std::cerr << fmt::format("replycheck run: {} error{}; nothing was run\n", errors.size(),
                                 errors.size() == 1 ? "" : "s");
        return exit_usage;
    }
    if (runner.plan().empty() && !o.allow_empty) {
        print_empty_selection(runner, o);
        return exit_usage;
    }
    if (o.list) {
        for (const auto& p : runner.plan()) {
            const auto& su = runner.suites()[p.suite_index];
            std::cout << su.file << ": " << su.scenarios[p.scenario_index].name
                      << (p.skip ? " (skip: " + *p.skip + ")" : std::string()) << '\n';
        }
        return exit_ok;
    }
    try {
        runner.start_mocks();
    } catch (const std::exception& e) {
        std::cerr << "replycheck run: cannot start the mock: " << e.what() << '\n';
        return exit_runtime;
    }
    bool color = !o.no_color && reports::console_reporter::want_color(o.color, STDOUT_FILENO);
    protocol::redactor startup = runner.redactor().snapshot();
    auto detail = o.very_verbose ? reports::console_detail::bodies
                  : o.verbose    ? reports::console_detail::heads
                                 : reports::console_detail::verdicts;
    reports::console_reporter console(std::cout, color, &startup, detail);
    std::size_t total = runner.plan().size(), finished = 0;
    bool progress = isatty(STDERR_FILENO) && total > 1;
    auto on_finished = [&](const reports::scenario_result& r) {
        if (progress) std::cerr << "\r\033[K";
        console.scenario_finished(r);
        ++finished;
        if (progress && finished < total) std::cerr << fmt::format("[{}/{}] running...", finished, total) << std::flush;
    };
    auto result = runner.run(on_finished);
    if (progress) std::cerr << "\r\033[K" << std::flush;
    runner.stop_mocks();
    stamp_origin(result);
    console.summary(result);
    auto redact = runner.redactor().snapshot();
    reports::writer_options writer;
    writer.redact = &redact;
    int report_status = write_reports(result, o.reports, writer, std::cerr);
    if (report_status != 0) return exit_runtime;
    auto counts = reports::count(result);
    if (counts.failed > 0 || counts.errors > 0) return exit_failed;
    return exit_ok;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<run_options>();
    // Options that repeat take one value each: `--var K=V scenarios/` leaves the path to `paths`.
    auto* cmd = app.add_subcommand("run", "Run scenario files against a target (the embedded mock by default)");
    cmd->add_option("paths", o->request.paths, "Scenario files or folders (*.toml, recursively); default: scenarios/");
    cmd->add_option("--config", o->request.config, "Project file with [targets.NAME] (default: replycheck.toml)");
    cmd->add_option("-t,--target", o->request.target, "Target from replycheck.toml; 'mock' = the embedded mock");
    cmd->add_option("--var", o->request.vars, "Set a variable: NAME=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--secret", o->request.secret_vars, "Set a secret variable, never printed: NAME=VALUE")
        ->allow_extra_args(false);
    cmd->add_option("--vars-file", o->request.vars_files, "TOML file of variables (name = \"v\" or { value, secret })")
        ->allow_extra_args(false);
    cmd->add_option("-j,--jobs", o->request.exec.jobs, "Scenarios run in parallel (default: number of cores)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--retry", o->request.exec.retry, "Extra attempts for a failing scenario")->check(CLI::Range(0, 100));
    cmd->add_option("--retry-interval", o->retry_interval,
                    "Wait before each extra attempt; a 503/429 reply's Retry-After wins (up to the step timeout)")
        ->capture_default_str();
    cmd->add_option("--repeat", o->request.repeat, "Run the selection N times, one pass after another")
        ->check(CLI::Range(1, 10000));
    cmd->add_option("--timeout", o->timeout, "Default timeout of each step (500ms, 3s, 1m)")->capture_default_str();
    cmd->add_option("--connect-timeout", o->connect_timeout, "At most this long for each TCP (and TLS) connect")
        ->capture_default_str();
    cmd->add_option("--tags", o->tags, "Run only scenarios with one of these tags (comma-separated)");
    cmd->add_option("--exclude-tags", o->exclude_tags, "Skip scenarios with any of these tags");
    cmd->add_option("--filter", o->request.plan.filter, "Run scenarios whose 'suite / name' matches this regex");
    cmd->add_option("--glob", o->request.globs,
                    "Only scenario files whose path (or file name) matches: 'scenarios/http/*.toml' (repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--allow-empty", o->allow_empty, "Selecting no scenario is not an error (exit 0)");
    cmd->add_option("--shard", o->shard, "Run shard I of N (I/N); default from CI_NODE_INDEX/CI_NODE_TOTAL");
    cmd->add_option("--shard-by", o->shard_by, "How to split: index (balanced) or hash (stable)")->capture_default_str()
        ->check(CLI::IsMember({"index", "hash"}));
    cmd->add_flag("-k,--insecure", o->request.exec.tls.insecure,
                  "Do not verify TLS certificates (every step that does not say otherwise)");
    cmd->add_option("--cacert", o->request.exec.tls.ca_file,
                    "PEM bundle of trusted authorities for steps without their own ca_file")
        ->check(CLI::ExistingFile);
    cmd->add_option("--cert", o->request.exec.tls.client_cert,
                    "PEM client certificate for steps without their own cert (with --key)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--key", o->request.exec.tls.client_key, "PEM private key of --cert")->check(CLI::ExistingFile);
    cmd->add_flag("--fail-fast", o->request.exec.fail_fast, "Start no more scenarios after the first failure");
    cmd->add_flag("--strict", o->request.exec.strict, "SHOULD-level conformance findings fail too");
    cmd->add_flag("--no-color", o->no_color, "No ANSI colours, as --color never (NO_COLOR is honoured too)");
    cmd->add_option("--color", o->color, "Colours: auto (on a terminal), always or never; NO_COLOR set means none")
        ->capture_default_str()->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_flag("-v,--verbose", o->verbose, "Print each step's request and reply heads as its scenario ends");
    cmd->add_flag("--very-verbose", o->very_verbose, "As --verbose, with the bodies (2 KiB per step)");
    cmd->add_flag("--list", o->list, "Print the planned scenarios and exit");
    add_report_options(cmd, o->reports);
    cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace replycheck::cli
