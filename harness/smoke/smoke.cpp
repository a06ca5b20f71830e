// URL parsing and the smoke run over every URL.

#include "harness/smoke/smoke.hpp"

#include <chrono>

#include <fmt/format.h>

#include "protocol/iso8601.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::harness {

namespace {

void redact_suite(reports::suite_result& suite, const protocol::redactor& redact) {
    suite.name = redact.apply(suite.name);
    for (auto& sc : suite.scenarios) {
        sc.message = redact.apply(sc.message);
        for (auto& st : sc.steps) {
            st.label = redact.apply(st.label);
            st.message = redact.apply(st.message);
            st.actual = redact.apply(st.actual);
            st.transcript = redact.apply(st.transcript);
            for (auto& f : st.findings) f.message = redact.apply(f.message);
        }
    }
}

}  // namespace

std::optional<smoke_target> parse_smoke_url(std::string_view url, std::string& error) {
    auto parsed = protocol::parse_url(url, error);
    if (!parsed) return std::nullopt;
    smoke_target t;
    t.scheme = std::string(parsed->scheme->name);
    t.tls = parsed->scheme->tls;
    t.host = parsed->host;
    t.port = parsed->port;
    // HTTP sends the target as written; an FTP path is a file name, decoded (RFC 1738 §3.2.2).
    t.path = parsed->scheme->protocol == protocol::url_protocol::ftp ? parsed->decoded_path() : parsed->target;
    t.has_user = parsed->user.has_value();
    t.user = parsed->user.value_or("");
    t.password = parsed->password.value_or("");
    t.display = parsed->display();
    return t;
}

reports::run_result run_smoke(const std::vector<std::string>& urls, const smoke_options& options,
                              protocol::redactor& redact,
                              const std::function<void(const reports::scenario_result&)>& on_scenario) {
    reports::run_result run;
    run.command = "smoke";
    run.started_at = protocol::iso8601_utc(std::chrono::system_clock::now());
    run.strict = options.strict;
    if (options.password) redact.add_secret(*options.password);
    const auto start = std::chrono::steady_clock::now();
    // Timing, names, tags and redaction of one finished suite, then on to the run.
    auto add_suite = [&](reports::suite_result suite, std::string name, std::string_view tag,
                         std::chrono::steady_clock::time_point suite_start, std::string timestamp) {
        suite.name = std::move(name);
        suite.file = suite.name;
        suite.timestamp = std::move(timestamp);
        suite.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - suite_start).count();
        for (auto& sc : suite.scenarios) {
            sc.file = suite.name;
            sc.tags = {"smoke", std::string(tag)};
        }
        redact_suite(suite, redact);
        if (on_scenario)
            for (const auto& sc : suite.scenarios) on_scenario(sc);
        run.suites.push_back(std::move(suite));
    };
    for (const auto& url : urls) {
        std::string error;
        const auto target = parse_smoke_url(url, error);
        const auto suite_start = std::chrono::steady_clock::now();
        const auto timestamp = protocol::iso8601_utc(std::chrono::system_clock::now());
        if (!target) {
            reports::suite_result suite;
            reports::scenario_result sc;
            sc.name = "URL";
            sc.result = reports::outcome::error;
            sc.message = error;
            suite.scenarios.push_back(std::move(sc));
            add_suite(std::move(suite), protocol::mask_credentials(url), "url", suite_start, timestamp);
            continue;
        }
        if (!target->password.empty()) redact.add_secret(target->password);
        const bool http = target->scheme.starts_with("http");
        add_suite(http ? smoke_http(*target, options) : smoke_ftp(*target, options), "smoke " + target->display,
                  http ? "http" : "ftp", suite_start, timestamp);
        if (!http) continue;
        // The same probes over HTTP/2, as a suite of their own (RFC 9113).
        const auto h2_start = std::chrono::steady_clock::now();
        const auto h2_timestamp = protocol::iso8601_utc(std::chrono::system_clock::now());
        if (auto h2 = smoke_http2(*target, options))
            add_suite(std::move(*h2), "smoke " + target->display + " over HTTP/2", "http2", h2_start, h2_timestamp);
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

int smoke_exit_code(const reports::run_result& run) {
    const auto t = reports::count(run);
    return t.failed > 0 || t.errors > 0 ? 1 : 0;
}

}  // namespace replycheck::harness
