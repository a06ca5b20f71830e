// `replycheck record`: a proxy between a client and a real server that records what passes and,
// on SIGINT/SIGTERM or after --max exchanges, writes scenarios replaying it and a mock config
// answering as the server did.
#include <pthread.h>
#include <signal.h>

#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include <boost/asio/ssl/context.hpp>

#include "harness/cli/commands.hpp"
#include "harness/record/recorder.hpp"
#include "protocol/duration.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::cli {

namespace {

struct record_cli_options {
    std::string to;
    std::string listen = "127.0.0.1:0";
    std::string emit_scenarios;
    std::string emit_mock;
    long long max = 0;
    std::string timeout = "30s";
    bool insecure = false;
    std::string ca_file;
    bool verbose = false;
};

int fail_usage(const std::string& message) {
    std::cerr << "replycheck record: " << message << '\n';
    return exit_usage;
}

int run_record(const record_cli_options& o) {
    record::record_options options;
    std::string error;
    auto upstream = protocol::parse_url(o.to, error);
    if (!upstream) return fail_usage("--to: " + error);
    if (upstream->scheme->tls == protocol::tls_mode::explicit_auth ||
        (upstream->scheme->protocol == protocol::url_protocol::ftp && upstream->scheme->tls != protocol::tls_mode::none))
        return fail_usage("--to: FTP over TLS cannot be recorded (the proxy would see only ciphertext); use ftp://");
    // The recorder is a gateway for a whole origin: a path would be silently dropped.
    if (upstream->target != "/")
        return fail_usage("--to takes an origin (scheme://host:port); the path '" + upstream->target + "' is not used");
    // A login given here would be the recorder's, while what is recorded is the client's own.
    if (upstream->user || upstream->password)
        return fail_usage("--to takes no user or password: the client logs in through the recorder with its own");
    options.upstream = *upstream;
    if (!protocol::parse_host_port(o.listen, error)) return fail_usage("--listen: " + error);
    options.listen = o.listen;
    options.emit_scenarios = o.emit_scenarios;
    options.emit_mock = o.emit_mock;
    if (o.emit_scenarios.empty() && o.emit_mock.empty())
        return fail_usage("nothing to write: give --emit-scenarios FILE and/or --emit-mock FILE");
    if (auto problem = record::output_target_problem(options.emit_scenarios, options.emit_mock)) return fail_usage(*problem);
    if (o.max < 0) return fail_usage("--max " + std::to_string(o.max) + ": give a count (0 = until SIGINT/SIGTERM)");
    options.max = static_cast<std::size_t>(o.max);
    const auto timeout = protocol::parse_duration(o.timeout);
    if (!timeout || timeout->count() <= 0) return fail_usage("invalid --timeout '" + o.timeout + "' (e.g. 500ms, 3s)");
    options.timeout = *timeout;
    options.insecure = o.insecure;
    if (!o.ca_file.empty()) {
        boost::asio::ssl::context context(boost::asio::ssl::context::tls_client);
        boost::system::error_code ec;
        context.load_verify_file(o.ca_file, ec);
        if (ec) return fail_usage("--cacert " + o.ca_file + ": not a readable PEM file of CA certificates");
    }
    options.ca_file = o.ca_file;
    options.verbose = o.verbose;

    // Before any thread starts: the signals are taken only by the wait below.
    const sigset_t signals = block_stop_signals();

    std::unique_ptr<record::recorder> recorder;
    try {
        recorder = upstream->scheme->protocol == protocol::url_protocol::http ? record::make_http_recorder(options)
                                                                              : record::make_ftp_recorder(options);
        recorder->start();
    } catch (const std::system_error& e) {
        // what() ends in the code's words; "Invalid argument" adds nothing to a usage message.
        std::string why = e.what();
        const std::string code_words = ": " + e.code().message();
        const bool usage = e.code() == std::errc::invalid_argument;
        if (usage && why.ends_with(code_words)) why.resize(why.size() - code_words.size());
        std::cerr << "replycheck record: " << why << '\n';
        return usage ? exit_usage : exit_runtime;
    } catch (const std::exception& e) {
        std::cerr << "replycheck record: " << e.what() << '\n';
        return exit_runtime;
    }
    std::cout << recorder->listen_line() << '\n' << std::flush;

    // A signal, or --max reached: checked every 100 ms.
    const timespec tick{0, 100'000'000};
    while (!recorder->done() && sigtimedwait(&signals, nullptr, &tick) < 0) {
    }
    recorder->stop();
    const auto outputs = recorder->write_outputs();
    for (const auto& line : outputs.lines) std::cout << line << '\n';
    for (const auto& failure : outputs.failures) std::cerr << "replycheck record: " << failure << '\n';
    return outputs.failures.empty() ? exit_ok : exit_runtime;
}

}  // namespace

void add_record_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<record_cli_options>();
    auto* cmd = app.add_subcommand("record",
                                   "Proxy clients to a real HTTP or FTP server and record what passes; on SIGINT/SIGTERM "
                                   "(or --max) write scenarios that replay it and a mock config that answers as the "
                                   "server did. Prints 'http|ftp HOST:PORT' once listening");
    cmd->add_option("--to", options->to, "the real server: http://HOST:PORT, https://HOST:PORT or ftp://HOST:PORT")
        ->required();
    cmd->add_option("--listen", options->listen, "where clients connect to the recorder (port 0 = any free port)")
        ->capture_default_str();
    cmd->add_option("--emit-scenarios", options->emit_scenarios, "write scenarios replaying the recorded exchanges to FILE");
    cmd->add_option("--emit-mock", options->emit_mock, "write a mock config answering as the server did to FILE");
    cmd->add_option("--max", options->max, "stop after N HTTP exchanges or N FTP sessions (0 = until SIGINT/SIGTERM)");
    cmd->add_option("--timeout", options->timeout, "bound on every wait for the server or the client")->capture_default_str();
    auto* insecure = cmd->add_flag("--insecure", options->insecure, "https: do not verify the server's certificate");
    cmd->add_option("--cacert", options->ca_file, "https: trust the CA certificates in this PEM file instead of the system's")
        ->check(CLI::ExistingFile)
        ->excludes(insecure);
    cmd->add_flag("-v,--verbose", options->verbose, "print one line per exchange or FTP command on stderr");
    cmd->callback([options, &exit_code] { exit_code = run_record(*options); });
}

}  // namespace replycheck::cli
