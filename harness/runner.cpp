#include "harness/runner.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>

#include <unistd.h>

#include <fmt/format.h>

#include "harness/scenario_loader.hpp"
#include "harness/variable_check.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/bounded_regex.hpp"

namespace replycheck::harness {

namespace fs = std::filesystem;
using protocol::config_error;

/// The mock set of one [mock] table (a file's, or a target's), with what it exports.
struct runner::mock_pair {
    std::unique_ptr<mock::mock_set> set;
    mock::http_mock* http = nullptr;
    mock::ftp_mock* ftp = nullptr;
    bool started = false;
    fs::path trust_file;   // the mock's certificate authority, for ${tls_ca}
    std::set<std::string> names;   // the variables export_vars() sets

    mock_pair(const toml::table& table, const fs::path& base_dir, const std::string& file) {
        // Unknown keys get a hint here; the mock set's own loader checks the rest.
        protocol::toml_reader(table, file, "[mock]").allow({"http", "ftp", "tls"});
        auto config = mock::load_mock_set_config(table, base_dir, file);
        if (config.http) names.insert({"http", "http_host", "http_port"});
        if (config.http && !config.http->https_listen.empty()) names.insert({"https", "https_port"});
        if (config.ftp) names.insert({"ftp", "ftp_host", "ftp_port", "ftpes"});
        if (config.ftp && !config.ftp->ftps_listen.empty()) names.insert({"ftps", "ftps_port"});
        set = std::make_unique<mock::mock_set>(std::move(config));
        if (set->tls()) names.insert("tls_ca");
        http = set->http();
        ftp = set->ftp();
    }
    ~mock_pair() { stop(); }
    void start() {
        started = true;
        set->start();
        write_trust_file();
    }
    void stop() {
        if (!started) return;
        started = false;
        set->stop();
        std::error_code ec;
        if (!trust_file.empty()) fs::remove(trust_file, ec);
        trust_file.clear();
    }
    // The certificate clients must trust to verify the mock (the run's authority, or the
    // configured chain), in a file of its own for the scenarios' ca_file = "${tls_ca}".
    void write_trust_file() {
        const mock::tls::tls_server* tls = set->tls();
        if (!tls) return;
        static std::atomic<int> counter{0};
        std::error_code ec;
        trust_file = fs::temp_directory_path(ec) /
                     fmt::format("replycheck-mock-ca-{}-{}.pem", ::getpid(), counter.fetch_add(1));
        std::ofstream out(trust_file, std::ios::binary | std::ios::trunc);
        out << tls->certificate_pem();
        if (!out) trust_file.clear();
    }
    void export_vars(variables& vars) const {
        if (http) {
            vars.set("http", http->base_url());
            vars.set("http_host", "127.0.0.1");
            vars.set("http_port", std::to_string(http->port()));
            if (http->https_port() != 0) {
                vars.set("https", http->https_base_url());
                vars.set("https_port", std::to_string(http->https_port()));
            }
        }
        if (ftp) {
            vars.set("ftp", ftp->base_url());
            vars.set("ftp_host", "127.0.0.1");
            vars.set("ftp_port", std::to_string(ftp->port()));
            // ftpes:// is the same port with AUTH TLS (RFC 4217 §4); ftps:// TLS from the first byte.
            vars.set("ftpes", fmt::format("ftpes://127.0.0.1:{}", ftp->port()));
            if (ftp->ftps_port() != 0) {
                vars.set("ftps", fmt::format("ftps://127.0.0.1:{}", ftp->ftps_port()));
                vars.set("ftps_port", std::to_string(ftp->ftps_port()));
            }
        }
        if (!trust_file.empty()) vars.set("tls_ca", trust_file.string());
    }
};

runner::runner(run_request request) : request_(std::move(request)) {
    if (request_.paths.empty()) request_.paths.push_back("scenarios");
}

runner::~runner() { stop_mocks(); }

fs::path find_project_config(const std::string& explicit_path, const std::vector<std::string>& paths) {
    if (!explicit_path.empty()) return explicit_path;
    std::error_code ec;
    if (fs::is_regular_file("replycheck.toml", ec)) return "replycheck.toml";
    if (paths.empty()) return {};
    fs::path dir = fs::absolute(paths.front(), ec);
    if (ec) return {};
    if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
    for (int depth = 0; depth < 32 && !dir.empty(); ++depth) {
        if (fs::is_regular_file(dir / "replycheck.toml", ec)) return dir / "replycheck.toml";
        if (dir == dir.parent_path()) break;
        dir = dir.parent_path();
    }
    return {};
}

bool runner::prepare(std::vector<config_error>& errors) {
    // Every file is read and checked before anything runs.
    auto loaded = load_paths(request_.paths, request_.globs);
    files_ = loaded.files;
    errors.insert(errors.end(), loaded.errors.begin(), loaded.errors.end());
    const std::size_t loaded_errors = errors.size();
    suites_ = std::move(loaded.suites);

    project_config project;
    fs::path config_file = find_project_config(request_.config, request_.paths);
    fs::path bundle_dir = fs::path("scenarios");
    if (!config_file.empty()) {
        try {
            project = load_project_config(config_file);
            bundle_dir = config_file.parent_path() / "scenarios";
        } catch (const config_error& e) {
            errors.push_back(e);
        }
    }
    std::string name = request_.target.empty() ? project.default_target : request_.target;
    if (auto it = project.targets.find(name); it != project.targets.end()) {
        target_ = it->second;
    } else if (name == embedded_target_name) {
        target_ = builtin_mock_target(bundle_dir);
        // Without the bundled folders there is no embedded mock; files with [mock] still run.
        std::error_code ec;
        if (!fs::is_directory(bundle_dir / "www", ec) || !fs::is_directory(bundle_dir / "ftproot", ec))
            target_.mock.reset();
    } else {
        std::vector<std::string_view> names{embedded_target_name};
        for (const auto& [n, t] : project.targets) names.push_back(n);
        std::string message = fmt::format("unknown target '{}'", name);
        auto hint = suggest(name, names);
        if (!hint.empty()) message += fmt::format(" (did you mean '{}'?)", hint);
        if (config_file.empty()) message += " (no replycheck.toml found)";
        errors.emplace_back(protocol::source_position{config_file.empty() ? "--target" : config_file.string(), 0, 0},
                            message);
        return false;
    }

    // Variables, lowest precedence first: target, --vars-file, --var/--secret. File [suite]
    // vars sit below all of them and are applied per suite.
    base_vars_.set("target", target_.name);
    for (const auto& [k, v] : target_.vars) {
        std::string error;
        auto value = variables{}.expand(v.value, error);  // only ${env.X} is known here
        if (!value) {
            errors.emplace_back(protocol::source_position{config_file.string(), 0, 0},
                                fmt::format("target '{}', variable '{}': {}", target_.name, k, error));
            continue;
        }
        base_vars_.set(k, *value, v.secret);
    }
    for (const auto& f : request_.vars_files) {
        try {
            for (const auto& [k, v] : load_vars_file(f)) base_vars_.set(k, v.value, v.secret);
        } catch (const config_error& e) {
            errors.push_back(e);
        }
    }
    auto assign = [&](const std::string& text, bool secret) {
        auto kv = parse_assignment(text);
        if (!kv) {
            errors.emplace_back(protocol::source_position{secret ? "--secret" : "--var", 0, 0},
                                fmt::format("expected NAME=VALUE, got '{}'", text));
            return;
        }
        base_vars_.set(kv->first, kv->second, secret);
    };
    for (const auto& v : request_.vars) assign(v, false);
    for (const auto& v : request_.secret_vars) assign(v, true);
    for (const auto& s : base_vars_.secret_values()) redact_.add_secret(s);

    // A target named in skip_on / expect_on must exist, or the exception would silently never apply.
    if (!config_file.empty()) {
        std::vector<std::string_view> names{embedded_target_name};
        for (const auto& [n, t] : project.targets) names.push_back(n);
        for (const auto& su : suites_)
            for (const auto& sc : su.scenarios)
                for (const auto& [ref, where] : sc.target_refs) {
                    if (std::find(names.begin(), names.end(), ref) != names.end()) continue;
                    std::string message = fmt::format("unknown target '{}' (not in {})", ref,
                                                      config_file.filename().string());
                    auto hint = suggest(ref, names);
                    if (!hint.empty()) message += fmt::format(" (did you mean '{}'?)", hint);
                    errors.emplace_back(where, message);
                }
    }

    // Mock configurations are validated now, so that a bad [mock] stops the run before it starts.
    try {
        if (target_.mock) target_mock_ = std::make_unique<mock_pair>(
            *target_.mock, target_.base_dir, config_file.empty() ? std::string("replycheck.toml")
                                                                 : config_file.string());
    } catch (const config_error& e) {
        errors.push_back(e);
    }
    suite_mocks_.clear();
    suite_mocks_.resize(suites_.size());
    for (std::size_t i = 0; i < suites_.size(); ++i) {
        if (!suites_[i].mock) continue;
        try {
            suite_mocks_[i] = std::make_unique<mock_pair>(*suites_[i].mock, suites_[i].base_dir, suites_[i].file);
        } catch (const config_error& e) {
            errors.push_back(e);
        }
    }
    // With only scenario files in error, the valid files' variables are still checked, so that
    // one lint lists everything; other errors (config, mocks, --var) would make that guesswork.
    const bool only_file_errors = errors.size() == loaded_errors;
    try {
        plan_ = make_plan(suites_, request_.plan, &target_);
    } catch (const protocol::regex_syntax_error& e) {
        errors.emplace_back(protocol::source_position{"--filter", 0, 0},
                            fmt::format("invalid regular expression '{}': {}", request_.plan.filter, e.what()));
        return false;
    }
    if (request_.check_variables && only_file_errors) check_variables(config_file, project, errors);
    return errors.empty();
}

// Every ${name} of every step is defined by the time the step runs (variable_check.hpp).
void runner::check_variables(const fs::path& config_file, const project_config& project,
                             std::vector<config_error>& errors) const {
    variable_context context;
    context.target = target_.name;
    if (config_file.empty()) {
        context.project_note = "no replycheck.toml found here or above the scenario files";
    } else {
        std::string names;
        for (const auto& [n, t] : project.targets) names += (names.empty() ? "" : ", ") + n;
        context.project_note = fmt::format("targets in {}: {}", config_file.string(),
                                           names.empty() ? std::string("none") : names);
    }
    // Only what will run: a scenario the target excludes or skips may use what it lacks.
    std::vector<suite> planned(suites_.size());
    for (const auto& p : plan_)
        if (!p.skip) planned[p.suite_index].scenarios.push_back(suites_[p.suite_index].scenarios[p.scenario_index]);
    for (std::size_t i = 0; i < suites_.size(); ++i) {
        if (planned[i].scenarios.empty()) continue;
        context.defined.clear();
        for (const auto& [k, v] : suites_[i].vars) context.defined.insert(k);
        for (const auto& [k, v] : base_vars_.all()) context.defined.insert(k);
        if (target_mock_) context.defined.insert(target_mock_->names.begin(), target_mock_->names.end());
        if (suite_mocks_[i]) context.defined.insert(suite_mocks_[i]->names.begin(), suite_mocks_[i]->names.end());
        check_variable_references(planned[i], context, errors);
    }
}

void runner::start_mocks() {
    // Start only the mocks that planned scenarios can reach.
    std::vector<char> needed(suites_.size(), 0);
    for (const auto& p : plan_) needed[p.suite_index] = 1;
    bool target_needed = false;
    for (std::size_t i = 0; i < suites_.size(); ++i) {
        if (!needed[i]) continue;
        if (suite_mocks_[i]) {
            suite_mocks_[i]->start();
            if (!suite_mocks_[i]->http || !suite_mocks_[i]->ftp) target_needed = true;
        } else {
            target_needed = true;
        }
    }
    if (target_mock_ && target_needed) target_mock_->start();
}

void runner::stop_mocks() {
    if (target_mock_) target_mock_->stop();
    for (auto& m : suite_mocks_)
        if (m) m->stop();
}

reports::run_result runner::run(std::function<void(const reports::scenario_result&)> on_finished) {
    std::vector<suite_environment> environments(suites_.size());
    for (std::size_t i = 0; i < suites_.size(); ++i) {
        auto& env = environments[i];
        // Precedence, lowest first: file [suite] vars, the target's embedded mock, the target's
        // vars, --vars-file, --var/--secret, then the file's own [mock] (captures come later).
        for (const auto& [k, v] : suites_[i].vars) env.vars.set(k, v);
        if (target_mock_ && target_mock_->started) {
            target_mock_->export_vars(env.vars);
            env.http_mock = target_mock_->http;
            env.ftp_mock = target_mock_->ftp;
        }
        for (const auto& [k, v] : base_vars_.all()) env.vars.set(k, v, base_vars_.is_secret(k));
        if (auto& m = suite_mocks_[i]) {
            m->export_vars(env.vars);
            if (m->http) env.http_mock = m->http;
            if (m->ftp) env.ftp_mock = m->ftp;
        }
    }
    auto options = request_.exec;
    options.target = target_.name;
    // A scenario's own secrets (captures, its credentials) are masked in its results only:
    // in another scenario's text the same bytes are not that secret.
    auto mask_own_secrets = [this](reports::scenario_result& r) {
        auto scope = reports::secret_scope(r.file, r.name);
        reports::edit_texts(r, [&](std::string_view text) { return redact_.apply(text, scope); });
    };
    if (on_finished) {
        options.on_scenario_finished = [&](const reports::scenario_result& r) {
            auto masked = r;
            mask_own_secrets(masked);
            on_finished(masked);
        };
    }
    auto result = execute(suites_, plan_, environments, options, redact_);
    for (int pass = 2; pass <= request_.repeat; ++pass) {
        auto counts = reports::count(result);
        if (options.fail_fast && (counts.failed > 0 || counts.errors > 0)) break;
        auto more = execute(suites_, plan_, environments, options, redact_);
        for (auto& su : more.suites) {
            auto same = std::find_if(result.suites.begin(), result.suites.end(),
                                     [&](const reports::suite_result& r) { return r.file == su.file; });
            same->seconds += su.seconds;
            for (auto& sc : su.scenarios) same->scenarios.push_back(std::move(sc));
        }
        result.seconds += more.seconds;
    }
    for (auto& su : result.suites)
        for (auto& sc : su.scenarios) mask_own_secrets(sc);
    return result;
}

}  // namespace replycheck::harness
