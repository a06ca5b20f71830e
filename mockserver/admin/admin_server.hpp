#pragma once
// The admin API of a mock set: a small HTTP/1.1 server speaking JSON, on its own thread, through
// which a test suite (pytest, JUnit, Go) programs the mocks while they run: scripts added and
// removed, states set, the journal read and cleared, everything reset between tests.
// Endpoints: docs/mock-admin.md.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/json/object.hpp>

#include "protocol/config_error.hpp"

namespace replycheck::mock {

class http_mock;
class ftp_mock;

/// [mock.admin], or `replycheck mock --admin ADDR --admin-token TOKEN`.
struct admin_options {
    std::string listen = "127.0.0.1:0";   ///< HOST:PORT, port 0 = any free port
    std::string token;                    ///< bearer token every request must carry; "" = none
    protocol::source_position listen_at;  ///< where a config file wrote `listen` (no file otherwise)
};

/// Why `token` cannot be sent in an Authorization field ("" when it can).
std::string admin_token_problem(const std::string& token);

/// Why `options` cannot be used ("" when they can): the token's problem, an address that is not
/// an IP address (or localhost) with a port, or one a remote host can reach given without a token.
std::string admin_options_problem(const admin_options& options);

/// What the admin API acts on: the mocks of the set (null when not configured; their configs
/// give the roots posted scripts' files lie in and the states they start in), and the addresses
/// clients dial for each listener ("http": "127.0.0.1:8080", "ftps": ...).
struct admin_targets {
    http_mock* http = nullptr;
    ftp_mock* ftp = nullptr;
    boost::json::object listeners;
};

class admin_server {
public:
    admin_server(admin_options options, admin_targets targets);
    ~admin_server();
    admin_server(const admin_server&) = delete;
    admin_server& operator=(const admin_server&) = delete;

    /// Binds and serves on a thread of its own; throws std::system_error when it cannot bind, and
    /// for admin_options_problem() (a protocol::config_error at `listen_at` when it is known).
    void start();
    /// Stops accepting, closes connections, joins the thread. Idempotent.
    void stop();

    /// The bound port (after start()).
    std::uint16_t port() const;
    /// "127.0.0.1:PORT" ("[::1]:PORT"): where a client dials (after start()).
    std::string address() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock
