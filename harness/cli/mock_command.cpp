// `replycheck mock`: runs the mock HTTP and/or FTP servers standalone, from a config file's
// [mock] table or from quick flags, until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <toml++/toml.h>

#include "harness/cli/commands.hpp"
#include "protocol/secret_source.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/config_error.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::cli {

namespace {

namespace fs = std::filesystem;

struct mock_options {
    std::string config;
    std::string http;
    std::string root;
    std::vector<std::string> auth;
    bool writable = false;
    int threads = 1;
    std::string ftp;
    std::string ftp_root;
    std::vector<std::string> users;
    bool anonymous = false;
    std::string pasv_ports;
    std::string journal;
    bool journal_raw = false;
    std::uint64_t journal_max_size = 64ull << 20;
    unsigned journal_keep = 3;
    bool verbose = false;
    std::string https;
    std::string ftps;
    std::string cert;
    std::string key;
    std::string cert_out;
    std::string client_cert;
    std::string client_ca;
    std::string admin;
    std::string admin_token;
    bool admin_token_given = false;   // --admin-token was on the command line (even empty)
};

/// A usage problem; the message never contains a password.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool parse_port(std::string_view s, std::uint16_t& out) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v > 65535) return false;
    out = static_cast<std::uint16_t>(v);
    return true;
}

// A password as given in --auth or --user (protocol/secret_source.hpp: file:PATH, env:VAR,
// pass:TEXT, or the text itself).
std::string password_from(const std::string& spec, const std::string& owner) {
    std::string error;
    auto password = protocol::resolve_secret(spec, error);
    if (!password) throw usage_error(error + " (password of " + owner + ")");
    return *password;
}

// A listen address from a flag, checked before anything starts: a usage error, not a bind failure.
std::string checked_listen(const std::string& flag, const std::string& listen) {
    std::string error;
    if (!protocol::parse_host_port(listen, error)) throw usage_error(flag + ": " + error);
    return listen;
}

// A file given to --cert, --key or --client-ca must be readable now, not at the first handshake.
std::filesystem::path readable_file(const std::string& flag, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || fs::is_directory(path, ec)) throw usage_error(flag + ": cannot read '" + path + "'");
    return fs::absolute(path);
}

// [mock.tls] from --cert, --key, --cert-out, --client-cert, --client-ca; nullopt when none is given.
std::optional<mock::tls::tls_settings> tls_from_flags(const mock_options& o) {
    if (o.cert.empty() && o.key.empty() && o.cert_out.empty() && o.client_cert.empty() && o.client_ca.empty())
        return std::nullopt;
    if (o.https.empty() && o.ftps.empty() && o.ftp.empty())
        throw usage_error("--cert, --key, --cert-out, --client-cert and --client-ca need --https, --ftp or --ftps");
    mock::tls::tls_settings t;
    if (o.cert.empty() != o.key.empty()) throw usage_error("--cert and --key are given together");
    if (!o.cert.empty()) {
        t.cert_file = readable_file("--cert", o.cert);
        t.key_file = readable_file("--key", o.key);
    }
    if (!o.cert_out.empty()) t.cert_out = fs::absolute(o.cert_out);
    if (o.client_cert == "optional") t.client_cert = mock::tls::client_cert_mode::optional;
    else if (o.client_cert == "required") t.client_cert = mock::tls::client_cert_mode::required;
    else if (!o.client_cert.empty() && o.client_cert != "off")
        throw usage_error("--client-cert expects off, optional or required");
    if (!o.client_ca.empty()) t.client_ca = readable_file("--client-ca", o.client_ca);
    if (t.client_cert == mock::tls::client_cert_mode::required && t.client_ca.empty())
        throw usage_error("--client-cert required needs --client-ca FILE (the CA client certificates chain to)");
    return t;
}

mock::mock_set_config config_from_flags(const mock_options& o) {
    mock::mock_set_config c;
    c.tls = tls_from_flags(o);
    if (!o.http.empty() || !o.https.empty()) {
        if (o.root.empty()) throw usage_error(o.http.empty() ? "--https needs --root DIR" : "--http needs --root DIR");
        mock::http_mock_config h;
        if (!o.http.empty()) h.listen = checked_listen("--http", o.http);
        if (!o.https.empty()) h.https_listen = checked_listen("--https", o.https);
        h.root = o.root;
        h.writable = o.writable;
        h.threads = o.threads;
        for (const auto& a : o.auth) {
            // PREFIX=USER:PASS
            auto eq = a.find('=');
            auto colon = eq == std::string::npos ? std::string::npos : a.find(':', eq + 1);
            if (eq == std::string::npos || colon == std::string::npos || eq == 0 || colon == eq + 1)
                throw usage_error("--auth expects PREFIX=USER:PASS (for prefix '" + a.substr(0, eq) + "')");
            mock::auth_prefix p;
            p.prefix = a.substr(0, eq);
            p.user = a.substr(eq + 1, colon - eq - 1);
            p.password = password_from(a.substr(colon + 1), "user '" + p.user + "' for '" + p.prefix + "'");
            h.auth.push_back(std::move(p));
        }
        c.http = std::move(h);
    } else if (!o.auth.empty() || !o.root.empty()) {
        if ((o.ftp.empty() && o.ftps.empty()) || !o.auth.empty()) throw usage_error("--root and --auth need --http ADDR:PORT");
    }
    if (!o.ftp.empty() || !o.ftps.empty()) {
        mock::ftp_mock_config f;
        if (!o.ftp.empty()) f.listen = checked_listen("--ftp", o.ftp);
        if (!o.ftps.empty()) f.ftps_listen = checked_listen("--ftps", o.ftps);
        f.root = o.ftp_root.empty() ? o.root : o.ftp_root;
        if (f.root.empty()) throw usage_error("--ftp needs --ftp-root DIR (or --root DIR)");
        f.writable = o.writable;
        f.anonymous = o.anonymous;
        f.threads = o.threads;
        for (const auto& u : o.users) {
            auto colon = u.find(':');
            if (colon == std::string::npos || colon == 0)
                throw usage_error("--user expects NAME:PASS (for user '" + u.substr(0, colon) + "')");
            const std::string name = u.substr(0, colon);
            f.users.push_back({name, password_from(u.substr(colon + 1), "FTP user '" + name + "'")});
        }
        if (!o.pasv_ports.empty()) {
            auto dash = o.pasv_ports.find('-');
            std::uint16_t a = 0, b = 0;
            if (dash == std::string::npos || !parse_port(std::string_view(o.pasv_ports).substr(0, dash), a) ||
                !parse_port(std::string_view(o.pasv_ports).substr(dash + 1), b) || a == 0 || b < a)
                throw usage_error("--pasv-ports expects A-B with 1 <= A <= B <= 65535");
            f.pasv_port_min = a;
            f.pasv_port_max = b;
        }
        c.ftp = std::move(f);
    } else if (!o.users.empty() || o.anonymous || !o.pasv_ports.empty() || !o.ftp_root.empty()) {
        throw usage_error("--user, --anonymous, --pasv-ports and --ftp-root need --ftp or --ftps ADDR:PORT");
    }
    if (!c.http && !c.ftp) throw usage_error("nothing to serve: give CONFIG.toml, --http ADDR:PORT or --ftp ADDR:PORT");
    for (const auto* root : {c.http ? &c.http->root : nullptr, c.ftp ? &c.ftp->root : nullptr}) {
        std::error_code ec;
        if (root && !fs::is_directory(*root, ec)) throw usage_error("root '" + root->string() + "' is not a folder");
    }
    return c;
}

mock::mock_set_config config_from_file(const std::string& path) {
    toml::table doc;
    try {
        doc = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw protocol::config_error(protocol::position_of(e.source(), path), std::string(e.description()));
    }
    auto* table = doc["mock"].as_table();
    if (!table) throw protocol::config_error({path, 1, 1}, "no [mock] table in this file");
    auto base = fs::absolute(fs::path(path)).parent_path();
    return mock::load_mock_set_config(*table, base, path);
}

// --admin and --admin-token (or REPLYCHECK_ADMIN_TOKEN) over [mock.admin]; the token may be
// file:PATH, env:VAR or pass:TEXT, as passwords are (protocol/secret_source.hpp).
void apply_admin_flags(const mock_options& o, mock::mock_set_config& config) {
    if (o.admin.empty() && !config.admin) {
        if (o.admin_token_given) throw usage_error("--admin-token needs --admin ADDR:PORT");
        return;
    }
    auto& admin = config.admin ? *config.admin : config.admin.emplace();
    if (!o.admin.empty()) {
        admin.listen = o.admin;
        admin.listen_at = {};   // the flag's address, not the file's
    }
    // An empty token would turn the check off without saying so: refused wherever it comes from.
    std::string spec = o.admin_token;
    std::string source = "--admin-token";
    if (const char* env = std::getenv("REPLYCHECK_ADMIN_TOKEN"); !o.admin_token_given && admin.token.empty() && env) {
        spec = env;
        source = "REPLYCHECK_ADMIN_TOKEN";
    }
    if (o.admin_token_given || source != "--admin-token") {
        std::string error;
        auto token = protocol::resolve_secret(spec, error);
        if (!token) throw usage_error(error + " (admin token, " + source + ")");
        if (token->empty()) throw usage_error(source + ": the admin token is empty");
        if (auto problem = mock::admin_token_problem(*token); !problem.empty()) throw usage_error(source + ": " + problem);
        admin.token = *token;
    }
    // An address from the config file is told at its place there.
    if (auto problem = mock::admin_options_problem(admin); !problem.empty()) {
        if (!admin.listen_at.file.empty()) throw protocol::config_error(admin.listen_at, problem);
        throw usage_error(problem);
    }
}

int run_mock(const mock_options& o) {
    mock::mock_set_config config;
    try {
        if (!o.config.empty()) {
            if (!o.http.empty() || !o.ftp.empty() || !o.https.empty() || !o.ftps.empty())
                throw usage_error("give either CONFIG.toml or --http/--https/--ftp/--ftps flags, not both");
            if (!o.cert.empty() || !o.key.empty() || !o.cert_out.empty() || !o.client_cert.empty() || !o.client_ca.empty())
                throw usage_error("with CONFIG.toml, TLS settings go in its [mock.tls] table");
            std::error_code ec;
            if (!fs::is_regular_file(o.config, ec)) throw usage_error("cannot read " + o.config);
            config = config_from_file(o.config);
        } else {
            config = config_from_flags(o);
        }
        apply_admin_flags(o, config);
    } catch (const protocol::config_error& e) {
        std::cerr << e.what() << '\n';
        return exit_usage;
    } catch (const usage_error& e) {
        std::cerr << "replycheck mock: " << e.what() << '\n';
        return exit_usage;
    }
    const std::string http_listen = config.http ? config.http->listen : "";
    const std::string https_listen = config.http ? config.http->https_listen : "";
    const std::string ftp_listen = config.ftp ? config.ftp->listen : "";
    const std::string ftps_listen = config.ftp ? config.ftp->ftps_listen : "";

    // Before any thread starts: the signals are taken only by the wait below.
    const sigset_t signals = block_stop_signals();

    // The TLS server is made with the set: a certificate or key that cannot be used (unreadable,
    // or a key that does not match the certificate) is the caller's mistake, told before serving.
    std::optional<mock::mock_set> set;
    try {
        set.emplace(std::move(config));
    } catch (const protocol::config_error& e) {
        std::cerr << "replycheck mock: " << e.what() << '\n';
        return exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "replycheck mock: TLS: " << e.what() << '\n';
        return exit_runtime;
    }
    // --verbose lines and the journal file's one failure report share stderr, one line at a time.
    auto console = std::make_shared<std::mutex>();
    auto say = [console](const std::string& line) {
        std::lock_guard lock(*console);
        std::cerr << line + '\n' << std::flush;
    };
    if (o.verbose) set->narrate(say);
    if (!o.journal.empty()) {
        try {
            set->stream_journal(o.journal,
                                {o.journal_max_size, o.journal_keep, false,
                                 [say](const std::string& message) { say("replycheck mock: " + message); }},
                                o.journal_raw);
        } catch (const std::runtime_error& e) {   // cannot be opened, or not a file (a FIFO)
            std::cerr << "replycheck mock: " << e.what() << '\n';
            return exit_runtime;
        }
    }
    try {
        set->start();
    } catch (const protocol::config_error& e) {
        std::cerr << "replycheck mock: " << e.what() << '\n';
        return exit_usage;
    } catch (const std::system_error& e) {
        std::cerr << "replycheck mock: " << e.what() << '\n';
        // A listen address the servers cannot use as written (a host that is not an IP address)
        // is a usage error; a port in use or a denied bind is a runtime one.
        return e.code() == std::errc::invalid_argument ? exit_usage : exit_runtime;
    }
    if (auto* h = set->http()) {
        std::cout << "http " << protocol::dial_address(http_listen, h->port()) << '\n';
        if (h->https_port() != 0) std::cout << "https " << protocol::dial_address(https_listen, h->https_port()) << '\n';
    }
    if (auto* f = set->ftp()) {
        std::cout << "ftp " << protocol::dial_address(ftp_listen, f->port()) << '\n';
        if (f->ftps_port() != 0) std::cout << "ftps " << protocol::dial_address(ftps_listen, f->ftps_port()) << '\n';
    }
    if (auto* a = set->admin()) std::cout << "admin " << a->address() << '\n';
    if (auto* t = set->tls(); t && !t->settings().cert_out.empty()) std::cout << "cert " << t->settings().cert_out.string() << '\n';
    std::cout.flush();

    int received = 0;
    sigwait(&signals, &received);
    set->stop();
    return exit_ok;
}

// An option given with an empty value ("--admin ''", an unset shell variable) is a mistake,
// not the option left out: told at once rather than served without it.
const CLI::Validator not_empty(
    [](std::string& value) { return value.empty() ? std::string("an empty value; give one or leave the option out") : std::string(); },
    "");

// --journal-max-size: a number of bytes, with an optional K, M or G suffix (powers of 1024),
// turned into the number of bytes.
const CLI::Validator journal_size(
    [](std::string& value) {
        const std::string refused = "'" + value + "' is not a size: give a number of bytes, or one with a K, M or G suffix "
                                    "(powers of 1024), such as 65536 or 64M";
        std::string_view digits = value;
        unsigned shift = 0;
        if (!digits.empty()) {
            switch (digits.back()) {
            case 'K': case 'k': shift = 10; break;
            case 'M': case 'm': shift = 20; break;
            case 'G': case 'g': shift = 30; break;
            default: break;
            }
            if (shift != 0) digits.remove_suffix(1);
        }
        std::uint64_t number = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || number > (UINT64_MAX >> shift))
            return refused;
        value = std::to_string(number << shift);
        return std::string();
    },
    "");

// --journal-keep N: how many rotated files (FILE.1 ... FILE.N) stay; a number from 0 to 1000.
const CLI::Validator journal_keep(
    [](std::string& value) {
        unsigned number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (value.empty() || end != value.data() + value.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
            return "'" + value + "' is not a number: give how many rotated files to keep, 0 to 1000";
        if (ec == std::errc::result_out_of_range || number > 1000) return "'" + value + "' is out of range (at most 1000)";
        return std::string();
    },
    "");

}  // namespace

void add_mock_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<mock_options>();
    auto* cmd = app.add_subcommand("mock", "Run the mock HTTP and/or FTP servers until SIGINT/SIGTERM; prints one "
                                           "'http|https|ftp|ftps HOST:PORT' line per listener, then 'cert FILE' "
                                           "when --cert-out wrote the certificate");
    cmd->add_option("config", options->config, "TOML file with a [mock] table ([mock.http], [mock.ftp])");
    cmd->add_option("--http", options->http, "serve HTTP on ADDR:PORT (port 0 = any free port)");
    cmd->add_option("--root", options->root, "folder served over HTTP (and FTP unless --ftp-root)");
    cmd->add_option("--auth", options->auth,
                    "protect PREFIX with Basic auth: PREFIX=USER:PASS (repeatable); PASS may be "
                    "file:PATH (first line of PATH) or env:VAR, which keep it out of ps, or pass:TEXT");
    cmd->add_flag("--writable", options->writable, "allow PUT/DELETE (HTTP) and uploads (FTP)");
    cmd->add_option("--threads", options->threads, "server threads")->check(CLI::Range(1, 64));
    cmd->add_option("--ftp", options->ftp, "serve FTP on ADDR:PORT");
    cmd->add_option("--ftp-root", options->ftp_root, "folder served over FTP");
    cmd->add_option("--user", options->users,
                    "FTP user NAME:PASS (repeatable); PASS as for --auth (file:PATH, env:VAR, pass:TEXT)");
    cmd->add_flag("--anonymous", options->anonymous, "accept anonymous FTP logins");
    cmd->add_option("--https", options->https, "serve HTTPS on ADDR:PORT (same root, scripts and journal as --http)");
    cmd->add_option("--ftps", options->ftps, "serve implicit FTPS on ADDR:PORT (TLS from the first byte)");
    cmd->add_option("--cert", options->cert, "PEM certificate (chain) for HTTPS/FTPS; default: one issued for this run");
    cmd->add_option("--key", options->key, "PEM private key of --cert");
    cmd->add_option("--cert-out", options->cert_out,
                    "write the certificate clients should trust (PEM) to FILE; printed as 'cert FILE'");
    cmd->add_option("--client-cert", options->client_cert, "ask for client certificates: off, optional or required")
        ->check(CLI::IsMember({"off", "optional", "required"}));
    cmd->add_option("--client-ca", options->client_ca, "PEM CA bundle client certificates must chain to");
    cmd->add_option("--pasv-ports", options->pasv_ports, "FTP passive port range A-B");
    cmd->add_option("--admin", options->admin,
                    "serve the JSON admin API (rules, states, journal, reset) on ADDR:PORT; printed as "
                    "'admin HOST:PORT'; an address other hosts can reach needs a token");
    cmd->add_option("--admin-token", options->admin_token,
                    "bearer token the admin API asks for (default: $REPLYCHECK_ADMIN_TOKEN); file:PATH, env:VAR "
                    "or pass:TEXT as for --auth");
    auto* journal = cmd->add_option("--journal", options->journal,
                                    "write what the mocks receive to FILE as it arrives: JSON Lines, one entry a line, "
                                    "credentials masked");
    cmd->add_flag("--journal-raw", options->journal_raw,
                  "write credentials (Authorization, URL userinfo, FTP PASS/ACCT) to the journal unmasked (file mode 0600)")
        ->needs(journal);
    cmd->add_option("--journal-max-size", options->journal_max_size,
                    "rotate the journal when the next line would pass SIZE (K, M, G suffixes)")
        ->transform(journal_size)
        ->type_name("SIZE")
        ->default_str("64M")
        ->needs(journal);
    cmd->add_option("--journal-keep", options->journal_keep, "rotated journals kept: FILE.1 (newest) to FILE.N")
        ->default_val(3)
        ->check(journal_keep)
        ->needs(journal);
    cmd->add_flag("-v,--verbose", options->verbose,
                  "print one line per HTTP request and FTP command on stderr (credentials masked)");
    for (const char* name : {"config", "--http", "--root", "--ftp", "--ftp-root", "--https", "--ftps", "--cert", "--key",
                             "--cert-out", "--client-ca", "--pasv-ports", "--admin", "--journal"})
        cmd->get_option(name)->check(not_empty);
    cmd->callback([options, cmd, &exit_code] {
        options->admin_token_given = cmd->count("--admin-token") > 0;
        exit_code = run_mock(*options);
    });
}

}  // namespace replycheck::cli
