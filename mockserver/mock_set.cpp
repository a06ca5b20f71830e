#include "mockserver/mock_set.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

#include <boost/json.hpp>

#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/mock_set_config.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/config_error.hpp"
#include "protocol/env_reference.hpp"
#include "protocol/toml_reader.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::mock {

namespace {

// [mock.admin]: listen = "127.0.0.1:0", token = "${env:NAME}" (the file need not hold the token).
admin_options load_admin_options(const toml::table& table, const std::string& file) {
    protocol::toml_reader reader(table, file, "[mock.admin]");
    reader.allow({"listen", "token"});
    admin_options admin;
    if (auto listen = reader.string("listen")) admin.listen = *listen;
    if (auto token = reader.string("token")) {
        admin.token = protocol::expand_env_reference(*token, *reader.get("token"), file);
        // An empty token would turn the check off without saying so.
        if (admin.token.empty()) reader.fail(*reader.get("token"), "the admin token is empty");
        if (auto problem = admin_token_problem(admin.token); !problem.empty()) reader.fail(*reader.get("token"), problem);
    }
    // The address must be usable; whether it needs a token is decided once the command line and
    // the environment had their say (admin_server::start checks it again for every caller), and
    // told at the place of `listen`.
    std::string error;
    if (reader.has("listen")) {
        if (!protocol::parse_host_port(admin.listen, error)) reader.fail(*reader.get("listen"), error);
        admin.listen_at = protocol::position_of(*reader.get("listen"), file);
    }
    return admin;
}

}  // namespace

mock_set_config load_mock_set_config(const toml::table& mock_table, const std::filesystem::path& base_dir,
                                     const std::string& file) {
    mock_set_config config;
    for (const auto& [key, node] : mock_table) {
        if (key.str() != "http" && key.str() != "ftp" && key.str() != "tls" && key.str() != "admin")
            throw protocol::config_error(protocol::position_of(key.source(), file),
                                         "unknown key '" + std::string(key.str()) + "' in [mock] (expected http, ftp, tls, admin)");
        if (!node.is_table())
            throw protocol::config_error(protocol::position_of(node, file),
                                         "expected a table [mock." + std::string(key.str()) + "]");
    }
    if (auto http = mock_table["http"].as_table()) config.http = load_http_mock_config(*http, base_dir, file);
    if (auto ftp = mock_table["ftp"].as_table()) config.ftp = load_ftp_mock_config(*ftp, base_dir, file);
    if (auto tls = mock_table["tls"].as_table()) config.tls = tls::load_tls_settings(*tls, base_dir, file);
    if (auto admin = mock_table["admin"].as_table()) config.admin = load_admin_options(*admin, file);
    if (!config.http && !config.ftp)
        throw protocol::config_error(protocol::position_of(mock_table, file), "[mock] needs [mock.http] or [mock.ftp]");
    // The 403.7/403.16/403.17 policies read what the client presented: the handshake must ask
    // for a certificate without failing for want of one.
    if (config.http && !config.http->require_client_cert.empty() &&
        (!config.tls || config.tls->client_cert == tls::client_cert_mode::off)) {
        const auto* node = mock_table["http"]["require_client_cert"].node();
        throw protocol::config_error(protocol::position_of(*node, file),
                                     "'require_client_cert' needs [mock.tls] client_cert = \"optional\" (and client_ca)");
    }
    return config;
}

namespace {

// True when a mock of the set starts TLS somewhere: an HTTPS or implicit FTPS listener, AUTH TLS
// (RFC 4217 §4), or [mock.tls] itself. One server for the set: one certificate to trust.
bool needs_tls(const mock_set_config& c) {
    return c.tls || (c.http && !c.http->https_listen.empty()) || (c.ftp && c.ftp->needs_tls());
}

// The hosts of every listener: a generated certificate names them (besides localhost, 127.0.0.1, ::1).
std::vector<std::string> listen_hosts(const mock_set_config& c) {
    std::vector<std::string> hosts;
    auto add = [&](const std::string& listen) {
        std::string error;
        if (auto hp = protocol::parse_host_port(listen, error, 0)) hosts.push_back(hp->host);
    };
    if (c.http) add(c.http->listen), add(c.http->https_listen);
    if (c.ftp) add(c.ftp->listen), add(c.ftp->ftps_listen);
    return hosts;
}

}  // namespace

struct mock_set::impl {
    std::shared_ptr<tls::tls_server> tls;
    std::unique_ptr<http_mock> http;
    std::unique_ptr<ftp_mock> ftp;
    // The journals' observers: the live journal file and the --verbose lines.
    std::shared_ptr<journal_file> live;
    bool live_raw = false;
    std::function<void(const std::string&)> say;
    void observe();
    std::optional<admin_options> admin_config;
    admin_targets targets;   // filled when the mocks have their ports
    std::unique_ptr<admin_server> admin;
};

namespace {

// A live journal line: "mock" and "seq" first, then the fields to_json gives the entry.
template <class Entry>
std::string journal_line(std::string_view kind, const Entry& entry) {
    boost::json::object line;
    line["mock"] = kind;
    line["seq"] = entry.seq;
    for (auto& field : to_json(entry)) line[field.key()] = std::move(field.value());
    return boost::json::serialize(line);
}

// One observer per journal, for whichever of the file and the console is set.
template <class Journal, class Entry>
void observe(Journal& journal, std::string_view kind, std::shared_ptr<journal_file> live, bool raw,
             std::function<void(const std::string&)> say) {
    if (!live && !say) {
        journal.set_observer({});
        return;
    }
    journal.set_observer([=](const Entry& shown, const Entry& received) {
        if (live) live->write_line(journal_line(kind, raw ? received : shown));
        if (say) say(summary(shown));
    });
}

}  // namespace

void mock_set::impl::observe() {
    if (http) mock::observe<http_journal, http_journal_entry>(http->journal(), "http", live, live_raw, say);
    if (ftp) mock::observe<ftp_journal, ftp_journal_entry>(ftp->journal(), "ftp", live, live_raw, say);
}

mock_set::mock_set(mock_set_config config) : impl_(std::make_unique<impl>()) {
    // One TLS server for the set: one certificate (and authority) for HTTPS and FTPS alike.
    if (needs_tls(config))
        impl_->tls = std::make_shared<tls::tls_server>(config.tls.value_or(tls::tls_settings{}), listen_hosts(config));
    auto& i = *impl_;
    if (config.http) i.http = std::make_unique<http_mock>(std::move(*config.http), i.tls);
    if (config.ftp) i.ftp = std::make_unique<ftp_mock>(std::move(*config.ftp), i.tls);
    i.admin_config = std::move(config.admin);
}

mock_set::~mock_set() { stop(); }

void mock_set::start() {
    try {
        if (impl_->http) impl_->http->start();
        if (impl_->ftp) impl_->ftp->start();
        if (impl_->admin_config) start_admin();
    } catch (...) {
        stop();
        throw;
    }
}

// The admin API starts last: its /health names every listener's port.
void mock_set::start_admin() {
    auto& i = *impl_;
    auto& listeners = i.targets.listeners;
    if (i.http) {
        listeners["http"] = protocol::dial_address(i.http->config().listen, i.http->port());
        if (i.http->https_port() != 0) listeners["https"] = protocol::dial_address(i.http->config().https_listen, i.http->https_port());
    }
    if (i.ftp) {
        listeners["ftp"] = protocol::dial_address(i.ftp->config().listen, i.ftp->port());
        if (i.ftp->ftps_port() != 0) listeners["ftps"] = protocol::dial_address(i.ftp->config().ftps_listen, i.ftp->ftps_port());
    }
    i.targets.http = i.http.get();
    i.targets.ftp = i.ftp.get();
    i.admin = std::make_unique<admin_server>(*i.admin_config, i.targets);
    i.admin->start();
}

void mock_set::stop() {
    if (!impl_) return;
    if (impl_->admin) impl_->admin->stop();
    if (impl_->http) impl_->http->stop();
    if (impl_->ftp) impl_->ftp->stop();
}

http_mock* mock_set::http() noexcept { return impl_->http.get(); }

ftp_mock* mock_set::ftp() noexcept { return impl_->ftp.get(); }

tls::tls_server* mock_set::tls() noexcept { return impl_->tls.get(); }

admin_server* mock_set::admin() noexcept { return impl_->admin.get(); }

void mock_set::write_journal(const std::filesystem::path& path, bool with_credentials) const {
    boost::json::object doc;
    if (impl_->http) doc["http"] = impl_->http->journal().to_json(with_credentials);
    if (impl_->ftp) doc["ftp"] = impl_->ftp->journal().to_json(with_credentials);
    // A temporary file, then rename: a reader never sees half a journal.
    auto temp = path;
    temp += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << boost::json::serialize(doc) << '\n';
        out.flush();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            throw std::system_error(std::make_error_code(std::errc::io_error), "cannot write journal " + path.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        throw std::system_error(ec, "cannot write journal " + path.string());
    }
}

void mock_set::stream_journal(const std::filesystem::path& path, journal_file_options options, bool with_credentials) {
    options.private_file = options.private_file || with_credentials;
    impl_->live = std::make_shared<journal_file>(path, std::move(options));
    impl_->live_raw = with_credentials;
    impl_->observe();
}

void mock_set::narrate(std::function<void(const std::string& line)> say) {
    impl_->say = std::move(say);
    impl_->observe();
}

}  // namespace replycheck::mock
