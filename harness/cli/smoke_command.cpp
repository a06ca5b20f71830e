// `replycheck smoke URL...`: active probes derived from each URL, checked by the conformance
// rules; the same exit codes and --report-* options as `run`.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/report_options.hpp"
#include "harness/smoke/smoke.hpp"
#include "protocol/duration.hpp"
#include "protocol/redactor.hpp"
#include "protocol/rules/rules.hpp"
#include "reports/console_reporter.hpp"

namespace replycheck::cli {
namespace {

struct smoke_cli {
    std::vector<std::string> urls;
    std::string user, password;
    std::vector<std::string> headers;
    std::string timeout = "3s";
    bool strict = false;
    std::string ftp_profile = "lenient";
    std::vector<std::string> allow;
    bool insecure = false;
    bool http2 = false;
    std::string ca_file;
    std::string client_cert, client_key;
    bool no_color = false;
    std::string color = "auto";
    bool verbose = false, very_verbose = false;
    report_paths reports;
};

int run_smoke_command(smoke_cli& o, CLI::App* cmd) {
    harness::smoke_options options;
    if (cmd->count("--user") > 0) options.user = o.user;
    if (cmd->count("--password") > 0) {
        options.password = o.password;
    } else if (const char* env = std::getenv("REPLYCHECK_PASSWORD"); env && *env) {
        // CI systems hand secrets over in the environment, which `ps` does not show.
        options.password = std::string(env);
    }
    const auto timeout = protocol::parse_duration(o.timeout);
    if (!timeout || timeout->count() <= 0) {
        std::cerr << "replycheck smoke: invalid --timeout '" << o.timeout << "' (e.g. 500ms, 3s)\n";
        return exit_usage;
    }
    options.timeout = *timeout;
    for (const auto& h : o.headers) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || colon == 0) {
            std::cerr << "replycheck smoke: invalid --header '" << protocol::mask_credentials(h)
                      << "' (expected \"Name: value\")\n";
            return exit_usage;
        }
        std::string value = h.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
        options.headers.push_back({h.substr(0, colon), value});
    }
    for (const auto& id : o.allow) {
        const bool prefix = id.size() > 2 && id.ends_with(".*");
        bool known = protocol::find_rule(id) != nullptr || harness::find_smoke_expectation(id) != nullptr;
        if (prefix) {
            const auto stem = std::string_view(id).substr(0, id.size() - 1);
            for (const auto& r : protocol::all_rules())
                if (r.id.starts_with(stem)) known = true;
            for (const auto& e : harness::all_smoke_expectations())
                if (e.id.starts_with(stem)) known = true;
        }
        if (!known) {
            std::cerr << "replycheck smoke: unknown rule '" << id
                      << "' for --allow (see `replycheck rules`; probe expectations are smoke.http.* and smoke.ftp.*)\n";
            return exit_usage;
        }
    }
    options.allowed = o.allow;
    options.strict = o.strict;
    options.strict_ftp_sequence = o.ftp_profile == "strict";
    options.tls.insecure = o.insecure;
    options.http2 = o.http2;
    options.tls.ca_file = o.ca_file;
    if (o.client_cert.empty() != o.client_key.empty()) {
        std::cerr << "replycheck smoke: --cert and --key are given together\n";
        return exit_usage;
    }
    options.tls.client_cert = o.client_cert;
    options.tls.client_key = o.client_key;
    for (const auto& url : o.urls) {
        std::string error;
        if (!harness::parse_smoke_url(url, error)) {
            std::cerr << "replycheck smoke: " << protocol::mask_credentials(url) << ": " << error << '\n';
            return exit_usage;
        }
    }

    protocol::redactor redact;
    if (options.password) redact.add_secret(*options.password);
    for (const auto& url : o.urls) {
        std::string error;
        if (auto t = harness::parse_smoke_url(url, error); t && !t->password.empty()) redact.add_secret(t->password);
    }
    const bool color = !o.no_color && reports::console_reporter::want_color(o.color, STDOUT_FILENO);
    const auto detail = o.very_verbose ? reports::console_detail::bodies
                        : o.verbose    ? reports::console_detail::heads
                                       : reports::console_detail::verdicts;
    reports::console_reporter console(std::cout, color, &redact, detail);
    auto run = harness::run_smoke(o.urls, options, redact,
                                  [&](const reports::scenario_result& sc) { console.scenario_finished(sc); });
    stamp_origin(run);
    console.summary(run);
    reports::writer_options writer;
    writer.redact = &redact;
    const int report_status = write_reports(run, o.reports, writer, std::cerr);
    if (report_status != exit_ok) return report_status;
    return harness::smoke_exit_code(run);
}

}  // namespace

void add_smoke_command(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<smoke_cli>();
    auto* cmd = app.add_subcommand("smoke", "Probe http, https, ftp, ftps (implicit TLS) or ftpes (AUTH TLS) URLs and check every reply against the "
                                            "conformance rules (no scenario file needed)");
    cmd->add_option("url", o->urls, "URLs to probe (credentials may be given as user:password@host)")->required();
    cmd->add_option("-u,--user", o->user, "User name (overrides the URL's)");
    cmd->add_option("-p,--password", o->password, "Password (overrides the URL's; default: $REPLYCHECK_PASSWORD; never printed)");
    // One value per occurrence (repeat the option), so a URL after it stays a URL.
    cmd->add_option("-H,--header", o->headers, "Header field \"Name: value\" added to every HTTP probe; repeatable")
        ->allow_extra_args(false);
    cmd->add_option("--timeout", o->timeout,
                    "Bound on each connect and each reply (default 3s); the reply to an FTP PASS may take "
                    "up to max(timeout, 10s), since servers delay failed logins on purpose");
    cmd->add_flag("--strict", o->strict, "SHOULD-level conformance findings fail too");
    cmd->add_option("--ftp-profile", o->ftp_profile,
                    "FTP replies allowed per command: lenient (RFC 959 §5.4 plus what deployed servers answer) "
                    "or strict (the table only)")
        ->check(CLI::IsMember({"lenient", "strict"}));
    cmd->add_option("--allow", o->allow,
                    "Rule id or probe expectation id (smoke.http.if-match-412, smoke.ftp.*; shown in each "
                    "failure), or prefix.*, that does not fail the run; repeatable")
        ->allow_extra_args(false);
    cmd->add_flag("--http2", o->http2,
                  "Also run the HTTP probes over HTTP/2 (https: h2 by ALPN; http: h2c with prior knowledge); a "
                  "server without HTTP/2 gets a skip with the reason. https URLs get the HTTP/2 run anyway when "
                  "the server picks h2 by ALPN");
    cmd->add_flag("-k,--insecure", o->insecure, "Do not verify TLS certificates");
    cmd->add_option("--cacert", o->ca_file, "PEM bundle of trusted certificate authorities")->check(CLI::ExistingFile);
    cmd->add_option("--cert", o->client_cert, "PEM client certificate for https://, ftps:// and ftpes:// (with --key)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--key", o->client_key, "PEM private key of --cert")->check(CLI::ExistingFile);
    cmd->add_flag("--no-color", o->no_color, "No ANSI colours, as --color never (NO_COLOR is honoured too)");
    cmd->add_option("--color", o->color, "Colours: auto (on a terminal), always or never; NO_COLOR set means none")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_flag("-v,--verbose", o->verbose, "Print each probe's request and reply heads as it ends");
    cmd->add_flag("--very-verbose", o->very_verbose, "As --verbose, with the bodies (2 KiB per step)");
    add_report_options(cmd, o->reports);
    cmd->callback([o, cmd, &exit_code] { exit_code = run_smoke_command(*o, cmd); });
}

}  // namespace replycheck::cli
