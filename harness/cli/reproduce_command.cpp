// replycheck reproduce FILE...: reads server logs, plans one scenario per distinct logged HTTP
// (method, target, code) and per FTP session, writes the scenario file (and, with --emit-mock,
// a mock config answering as the log says), then runs the scenarios against --target / --var
// and says which logged codes come back ("logged 500.19 ×12, now 404").

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "harness/cli/commands.hpp"
#include "harness/cli/report_options.hpp"
#include "harness/reproduce/mock_emitter.hpp"
#include "harness/reproduce/reproduce_plan.hpp"
#include "harness/reproduce/reproduce_verdicts.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "harness/runner.hpp"
#include "protocol/duration.hpp"
#include "protocol/logs/log_reader.hpp"
#include "protocol/logs/log_summary.hpp"
#include "protocol/secret_source.hpp"
#include "reports/log_summary_json.hpp"
#include "reports/writers.hpp"

namespace replycheck::cli {

namespace {

namespace fs = std::filesystem;

struct reproduce_options {
    std::vector<std::string> files;
    std::string format;
    std::string target, config;
    std::vector<std::string> vars;
    std::vector<std::string> credentials;   // USER:PASSWORD, never printed
    std::vector<std::string> statuses;
    std::string path_glob;
    std::size_t limit = 0;
    bool unsafe = false;
    std::string rate;
    std::string emit_scenarios, emit_mock;
    std::vector<std::string> listen;
    int jobs = 1;   // one at a time by default: gentle on a production server, and the
                    // server's own log of the replay stays one session after another
    std::string timeout = "5s";
    report_paths reports;
};

constexpr const char* me = "replycheck reproduce";

/// A private folder for the scenario file and project config of a run, removed at the end.
struct private_dir {
    fs::path path;
    private_dir() {
        std::string pattern = (fs::temp_directory_path() / "replycheck-reproduce-XXXXXX").string();
        if (::mkdtemp(pattern.data())) path = pattern;
    }
    ~private_dir() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
    private_dir(const private_dir&) = delete;
    private_dir& operator=(const private_dir&) = delete;
};

/// Writes `text` to `file` (reports::write_file_atomically: a temporary, then a rename); false
/// with `error` set on failure.
bool write_file(const fs::path& file, const std::string& text, std::string& error) {
    try {
        reports::write_file_atomically(file, text);
        return true;
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
}

/// "20/s", "20" or "0.5/s": requests per second, > 0.
std::optional<double> parse_rate(std::string text) {
    if (text.size() > 2 && text.substr(text.size() - 2) == "/s") text.resize(text.size() - 2);
    try {
        std::size_t used = 0;
        double value = std::stod(text, &used);
        if (used != text.size() || !(value > 0) || value > 1e6) return std::nullopt;
        return value;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

int run(reproduce_options& o) {
    // --- the command line -------------------------------------------------------------------
    std::optional<logs::log_format> format;
    if (!o.format.empty()) {
        format = logs::parse_log_format(o.format);
        if (!format) {
            std::cerr << fmt::format("{}: unknown --format '{}' (w3c, ncsa, vsftpd, xferlog, ftp-clf)\n", me, o.format);
            return exit_usage;
        }
    }
    reproduce::plan_options selection;
    selection.statuses = o.statuses;
    if (!o.statuses.empty()) {
        std::string joined, why;
        for (const auto& s : o.statuses) joined += (joined.empty() ? "" : ",") + s;
        if (!logs::status_filter::parse(joined, why)) {
            std::cerr << fmt::format("{}: invalid --status: {}\n", me, why);
            return exit_usage;
        }
    }
    selection.path_glob = o.path_glob;
    selection.limit = o.limit;
    selection.unsafe = o.unsafe;
    std::map<std::string, std::string> passwords;   // user -> password; never printed
    for (std::size_t i = 0; i < o.credentials.size(); ++i) {
        auto colon = o.credentials[i].find(':');
        if (colon == std::string::npos || colon == 0) {
            std::cerr << fmt::format("{}: --credential #{} is not USER:PASSWORD\n", me, i + 1);
            return exit_usage;
        }
        auto user = o.credentials[i].substr(0, colon);
        std::string error;
        auto password = protocol::resolve_secret(o.credentials[i].substr(colon + 1), error);
        if (!password) {
            std::cerr << fmt::format("{}: --credential #{} ({}): {}\n", me, i + 1, user, error);
            return exit_usage;
        }
        passwords[user] = *password;
        selection.users_with_password.push_back(user);
    }
    const char* env_password = std::getenv("REPLYCHECK_PASSWORD");
    selection.any_password = env_password && *env_password;
    std::optional<double> rate;
    if (!o.rate.empty() && !(rate = parse_rate(o.rate))) {
        std::cerr << fmt::format("{}: invalid --rate '{}' (write 20/s)\n", me, o.rate);
        return exit_usage;
    }
    auto timeout = protocol::parse_duration(o.timeout);
    if (!timeout || timeout->count() == 0) {
        std::cerr << fmt::format("{}: invalid --timeout '{}' (write 500ms, 3s, 1m)\n", me, o.timeout);
        return exit_usage;
    }
    reproduce::emit_mock_options mock_options;
    mock_options.logs = o.files;
    for (const auto& l : o.listen) {
        auto eq = l.find('=');
        std::string which = l.substr(0, eq);
        if (eq == std::string::npos || (which != "http" && which != "ftp") || eq + 1 == l.size()) {
            std::cerr << fmt::format("{}: invalid --listen '{}' (write http=HOST:PORT or ftp=HOST:PORT)\n", me, l);
            return exit_usage;
        }
        (which == "http" ? mock_options.http_listen : mock_options.ftp_listen) = l.substr(eq + 1);
    }
    bool want_run = !o.target.empty() || !o.vars.empty();
    bool want_emit = !o.emit_scenarios.empty() || !o.emit_mock.empty();
    if (!want_run && !want_emit) {
        std::cerr << fmt::format("{}: nothing to do: give the server to replay against (--var http=URL, "
                                 "--var ftp=URL or --target NAME) or files to write (--emit-scenarios F.toml, "
                                 "--emit-mock F.toml)\n", me);
        return exit_usage;
    }

    // --- the logs ----------------------------------------------------------------------------
    // Files only: passwords are given when the files are used (--secret password_N=…, and
    // REPLYCHECK_PASSWORD for the emitted mock), so every logged login is planned, as if every
    // password were known; otherwise the mock would lack the users a later run logs in as.
    if (!want_run) selection.any_password = true;
    reproduce::plan_builder builder(selection);
    for (const auto& file : o.files) {
        try {
            logs::log_reader reader(file, format);
            logs::log_entry entry;
            while (reader.next(entry)) builder.add(entry, file);
            const auto& stats = reader.stats();
            if (stats.malformed > 0) {
                std::cerr << fmt::format("{}: {} malformed line{} skipped\n", file, stats.malformed,
                                         stats.malformed == 1 ? "" : "s");
                for (const auto& m : stats.first_malformed) std::cerr << "  " << reports::clean_log_text(m) << '\n';
            }
        } catch (const std::exception& e) {
            std::cerr << fmt::format("{}: {}\n", me, e.what());
            return exit_usage;
        }
    }
    auto plan = builder.finish();
    for (const auto& s : plan.skipped) std::cout << reproduce::skipped_line(s) << '\n';
    if (plan.http.empty() && plan.ftp.empty()) {
        std::cerr << fmt::format("{}: nothing selected to reproduce ({} entr{} read, {} selected, {} skipped)\n",
                                 me, plan.entries_read, plan.entries_read == 1 ? "y" : "ies",
                                 plan.entries_selected, plan.skipped.size());
        return exit_usage;
    }

    // --- the files ---------------------------------------------------------------------------
    std::string suite_name = "reproduce " + fs::path(o.files.front()).filename().string();
    std::string scenario_text = reproduce::scenario_file_text(plan, suite_name, o.files);
    std::string error;
    if (!o.emit_scenarios.empty()) {
        if (!write_file(o.emit_scenarios, scenario_text, error)) {
            std::cerr << fmt::format("{}: {}\n", me, error);
            return exit_runtime;
        }
        std::cout << fmt::format("wrote {} ({} scenario{})\n", o.emit_scenarios, plan.http.size() + plan.ftp.size(),
                                 plan.http.size() + plan.ftp.size() == 1 ? "" : "s");
    }
    if (!o.emit_mock.empty()) {
        try {
            mock_options.file_name = fs::path(o.emit_mock).filename().string();
            reproduce::write_mock_config(o.emit_mock, plan, mock_options);
            std::cout << fmt::format("wrote {} (start it with: replycheck mock {})\n", o.emit_mock, o.emit_mock);
        } catch (const std::exception& e) {
            std::cerr << fmt::format("{}: cannot write {}: {}\n", me, o.emit_mock, e.what());
            return exit_runtime;
        }
    }
    if (!want_run) return exit_ok;

    // --- the run -----------------------------------------------------------------------------
    private_dir scratch;
    if (scratch.path.empty()) {
        std::cerr << fmt::format("{}: cannot create a temporary folder\n", me);
        return exit_runtime;
    }
    fs::path scenario_file = o.emit_scenarios;
    if (scenario_file.empty()) {
        scenario_file = scratch.path / "reproduce.toml";
        if (!write_file(scenario_file, scenario_text, error)) {
            std::cerr << fmt::format("{}: {}\n", me, error);
            return exit_runtime;
        }
    }
    harness::run_request request;
    request.paths = {scenario_file.string()};
    // With --var only, a protocol without a server is left out (by the scenarios' tags) and
    // its cases reported skipped; a --target may define either variable itself.
    auto judged = plan;
    if (o.target.empty()) {
        auto given = [&](std::string_view name) {
            return std::any_of(o.vars.begin(), o.vars.end(), [&](const std::string& v) {
                return v.size() > name.size() && v.compare(0, name.size(), name) == 0 && v[name.size()] == '=';
            });
        };
        auto leave_out = [&](auto& cases, const char* tag, const char* what) {
            if (cases.empty() || given(tag)) return;
            request.plan.exclude_tags.push_back(tag);
            reproduce::skipped_entry e;
            e.what = fmt::format("{} {} case{}", cases.size(), what, cases.size() == 1 ? "" : "s");
            e.reason = fmt::format("no {} server given (--var {}=URL)", what, tag);
            e.count = cases.size();
            std::cout << reproduce::skipped_line(e) << '\n';
            judged.skipped.push_back(std::move(e));
            cases.clear();
        };
        leave_out(judged.http, "http", "HTTP");
        leave_out(judged.ftp, "ftp", "FTP");
        if (judged.http.empty() && judged.ftp.empty()) {
            std::cerr << fmt::format("{}: nothing to reproduce against the servers given\n", me);
            return exit_usage;
        }
    }
    request.vars = o.vars;
    request.exec.jobs = o.jobs;
    request.exec.timeout = *timeout;
    if (rate) request.exec.max_steps_per_second = *rate;
    if (o.target.empty()) {
        // Only --var: a target of our own, so no embedded mock starts and the vars alone count.
        fs::path config = scratch.path / "replycheck.toml";
        if (!write_file(config,
                        "default_target = \"logged-server\"\n[targets.logged-server]\n"
                        "description = \"the server given with --var\"\n",
                        error)) {
            std::cerr << fmt::format("{}: {}\n", me, error);
            return exit_runtime;
        }
        request.config = config.string();
    } else {
        request.target = o.target;
        request.config = o.config;
    }
    // Passwords reach the scenarios only as secret variables: masked in every output.
    for (const auto& p : plan.passwords) {
        auto it = passwords.find(p.user);
        if (it != passwords.end()) request.secret_vars.push_back(p.name + "=" + it->second);
        else if (selection.any_password) request.secret_vars.push_back(p.name + "=" + env_password);
    }
    std::size_t extra = 0;
    for (const auto& [user, password] : passwords)
        request.secret_vars.push_back(fmt::format("replycheck_credential_{}={}", ++extra, password));

    harness::runner runner(request);
    std::vector<protocol::config_error> errors;
    if (!runner.prepare(errors)) {
        for (const auto& e : errors) std::cerr << e.what() << '\n';
        std::cerr << fmt::format("{}: the scenarios could not be prepared; nothing was run\n", me);
        return exit_usage;
    }
    try {
        runner.start_mocks();
    } catch (const std::exception& e) {
        std::cerr << fmt::format("{}: cannot start the mock: {}\n", me, e.what());
        return exit_runtime;
    }
    auto result = runner.run();
    runner.stop_mocks();
    result.command = "reproduce";
    stamp_origin(result);

    auto verdicts = reproduce::judge(judged, result);
    auto redact = runner.redactor().snapshot();
    for (const auto& v : verdicts.cases) std::cout << redact.apply(v.line) << '\n';
    std::cout << reproduce::summary_line(verdicts, judged) << '\n';

    reports::writer_options writer;
    writer.redact = &redact;
    if (write_reports(result, o.reports, writer, std::cerr) != 0) return exit_runtime;
    return verdicts.differ > 0 ? exit_failed : exit_ok;
}

}  // namespace

void add_reproduce_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<reproduce_options>();
    auto* cmd = app.add_subcommand("reproduce", "Replay the codes a server log recorded and say which come back");
    cmd->add_option("files", o->files, "Log files (IIS W3C, NCSA, vsftpd, xferlog, FTP CLF; .gz too)")->required();
    cmd->add_option("--format", o->format, "Force the log format: w3c, ncsa, vsftpd, xferlog, ftp-clf");
    cmd->add_option("-t,--target", o->target, "Target from replycheck.toml to replay against");
    cmd->add_option("--config", o->config, "Project file with [targets.NAME] (default: replycheck.toml)");
    cmd->add_option("--var", o->vars, "Set a variable: http=URL, ftp=URL (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--credential", o->credentials,
                    "USER:PASSWORD for a logged user (repeatable; PASSWORD may be file:PATH or env:VAR, which keep it out of ps); REPLYCHECK_PASSWORD serves the others")
        ->allow_extra_args(false);
    cmd->add_option("--status", o->statuses, "Only these codes: 4xx,5xx,500.19,550 (comma-separated)")
        ->allow_extra_args(false);
    cmd->add_option("--path", o->path_glob, "Only paths (FTP arguments) matching this glob (* and ?)");
    cmd->add_option("--limit", o->limit, "At most N scenarios (the earliest logged)");
    cmd->add_flag("--unsafe", o->unsafe, "Also replay unsafe methods (POST, PUT, DELETE...) and FTP commands that change files");
    cmd->add_option("--rate", o->rate, "At most N requests per second on the target (20/s)");
    cmd->add_option("--emit-scenarios", o->emit_scenarios, "Write the scenario file here");
    cmd->add_option("--emit-mock", o->emit_mock, "Write a mock config answering as the log says");
    cmd->add_option("--listen", o->listen, "Emitted mock listeners: http=HOST:PORT, ftp=HOST:PORT")
        ->allow_extra_args(false);
    cmd->add_option("-j,--jobs", o->jobs, "Scenarios run in parallel (default 1: one after another; 0 = number of cores)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--timeout", o->timeout, "Timeout of each step (500ms, 3s, 1m)")->capture_default_str();
    add_report_options(cmd, o->reports);
    cmd->callback([o, &exit_code] { exit_code = run(*o); });
}

}  // namespace replycheck::cli
