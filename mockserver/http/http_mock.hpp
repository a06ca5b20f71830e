#pragma once
// The mock HTTP origin server: correct RFC 9110 semantics over a root folder by default,
// scripted replies and faults on demand, and a journal of every request received.
// (Interface agreed across the project; members may be added, not removed.)

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/json/value.hpp>
#include <toml++/toml.h>

namespace replycheck::mock {

struct http_mock_config;   // defined in http_mock_config.hpp
class http_journal;        // defined in http_journal.hpp
namespace tls { class tls_server; }   // mockserver/tls/tls_server.hpp

/// Reads a [mock.http] table. Relative paths resolve against `base_dir`;
/// errors throw protocol::config_error located in `file`.
http_mock_config load_http_mock_config(const toml::table& table,
                                       const std::filesystem::path& base_dir,
                                       const std::string& file);

/// A running (or ready to run) mock HTTP server.
class http_mock {
public:
    /// `tls` starts TLS on the HTTPS listener (shared with the FTP mock of the same set); when
    /// the config has an HTTPS listener and none is given, start() makes one from default
    /// settings (a certificate issued by an authority made for the run).
    explicit http_mock(http_mock_config config, std::shared_ptr<tls::tls_server> tls = {});
    ~http_mock();
    http_mock(const http_mock&) = delete;
    http_mock& operator=(const http_mock&) = delete;

    /// Binds and starts serving on background threads; throws std::system_error if it cannot bind.
    void start();
    /// Stops accepting, closes connections, joins threads. Idempotent.
    void stop();

    /// The bound port (after start()).
    std::uint16_t port() const;
    /// "http://127.0.0.1:PORT"
    std::string base_url() const;
    /// The bound port of the HTTPS listener (after start()); 0 when there is none.
    std::uint16_t https_port() const;
    /// "https://127.0.0.1:PORT"; "" when there is no HTTPS listener.
    std::string https_base_url() const;
    /// HTTPS connections whose TLS did not start (failed handshakes and TLS script faults).
    std::uint64_t tls_failures() const;
    /// Everything received so far; safe to read while serving.
    const http_journal& journal() const;
    /// The journal, to clear it between test steps.
    http_journal& journal();
    /// The script engine's current state name (see http_script::state).
    std::string state() const;
    /// Resets script use counters and the state to the initial one.
    void reset_scripts();
    /// The configuration the mock runs with.
    const http_mock_config& config() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock
