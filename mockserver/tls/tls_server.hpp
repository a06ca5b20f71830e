#pragma once
// The TLS side of one mock set, shared by its HTTPS listener, implicit FTPS listener and AUTH TLS:
// the certificate (loaded, or issued at start by an authority made for this run, for localhost,
// 127.0.0.1, ::1 and the configured names: clients trust the authority, written to cert_out), one
// server context per certificate the scripts may present (the good one; expired, not yet valid
// and wrong-name ones issued by the run's authority), ALPN, client-certificate verification, and
// the TLS scripts. Thread-safe: every mock thread starts TLS through the same object.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "mockserver/tls/tls_identity.hpp"
#include "mockserver/tls/tls_settings.hpp"
#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock::tls {

/// How starting TLS on a connection went.
struct tls_start_result {
    bool secured = false;          ///< the handshake completed: go on over TLS
    tls_fault fault = tls_fault::none;   ///< the script that decided (none: no script)
    boost::system::error_code error;     ///< why the handshake failed, when it did
    std::string error_text;        ///< the same in words ("certificate unknown (alert 46)", "timed out")
};

/// Certificates, contexts and TLS scripts of one mock set.
class tls_server {
public:
    /// Loads or generates the certificate and builds the contexts; `listen_hosts` are added to a
    /// generated certificate's names. Writes settings.cert_out. Throws protocol::config_error for
    /// unusable files (located at the file given), std::runtime_error for OpenSSL failures.
    tls_server(tls_settings settings, const std::vector<std::string>& listen_hosts);
    ~tls_server();
    tls_server(const tls_server&) = delete;
    tls_server& operator=(const tls_server&) = delete;

    const tls_settings& settings() const noexcept { return settings_; }
    /// The certificate clients should trust (PEM), as written to cert_out: the run's authority
    /// when the certificate was generated, else the configured chain.
    const std::string& certificate_pem() const noexcept;

    /// Starts TLS on `stream` as the first matching script says: a normal handshake, a handshake
    /// presenting a faulty certificate, a reset after the ClientHello, or plain text instead.
    /// Bounded by settings().handshake_timeout. After plain_text or handshake_reset the
    /// connection is closed.
    boost::asio::awaitable<tls_start_result> start(tls_stream& stream, tls_entry entry);

    /// The good context (no script), for callers that only need a handshake.
    boost::asio::ssl::context& context() noexcept;

    /// Resets script use counters (between tests).
    void reset_scripts();

private:
    struct impl;
    tls_settings settings_;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock::tls
