#pragma once
// A recorder stands between a client and a real server: it forwards every exchange, keeps what it
// saw, and when asked writes scenarios that replay the exchanges and a mock config that answers
// as the server did. One recorder per protocol (HTTP reverse proxy, FTP control proxy).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/url/url.hpp"

namespace replycheck::record {

/// What `replycheck record` was asked to do.
struct record_options {
    protocol::url upstream;                          ///< the real server (http, https, ftp)
    std::string listen = "127.0.0.1:0";              ///< where clients connect to the recorder
    std::filesystem::path emit_scenarios;            ///< scenario file to write; "" = none
    std::filesystem::path emit_mock;                 ///< mock config to write; "" = none
    std::size_t max = 0;                             ///< stop after this many exchanges (HTTP) or sessions (FTP); 0 = until a signal
    std::chrono::milliseconds timeout{30000};        ///< bound on every wait, upstream and client side
    bool insecure = false;                           ///< https upstream: do not verify its certificate
    std::filesystem::path ca_file;                   ///< https upstream: trust these CAs (PEM) instead of the system's
    bool verbose = false;                            ///< one line per exchange or command on stderr
};

/// What write_outputs did: console lines, and the files that could not be written.
struct record_outputs {
    std::vector<std::string> lines;
    std::vector<std::string> failures;
};

/// Runs `write` (which writes `file`); a failure is added to `out` as "cannot write FILE: reason".
bool write_output(const std::filesystem::path& file, const std::function<void()>& write, record_outputs& out);
/// write_output for a mock config: when it fails, the root folder (mock_root_of) it made is removed.
bool write_mock_output(const std::filesystem::path& file, const std::function<void()>& write, record_outputs& out);
/// The folder a mock config file serves: `<stem>-root` beside it.
std::filesystem::path mock_root_of(const std::filesystem::path& file);
/// Why the requested files could not be written, told before recording starts: the same file
/// twice, a folder, a path under a regular file, a mock root that is not a folder.
std::optional<std::string> output_target_problem(const std::filesystem::path& scenarios,
                                                 const std::filesystem::path& mock);
/// Nothing recorded: no file is written; one line per requested file says so.
void add_empty_lines(const record_options& options, record_outputs& out);
/// One console line per note ("note: ..."), passed through `mask` (credentials).
void add_note_lines(const std::vector<std::string>& notes, const std::function<std::string(const std::string&)>& mask,
                    record_outputs& out);

/// A running recorder. Every method is called from one thread (the command's); the proxying runs
/// on the recorder's own threads.
class recorder {
public:
    virtual ~recorder() = default;

    /// Binds the listener and starts proxying; throws std::system_error when it cannot bind.
    virtual void start() = 0;
    /// The line printed once listening: "http 127.0.0.1:PORT" or "ftp 127.0.0.1:PORT".
    virtual std::string listen_line() const = 0;
    /// True once `max` exchanges (or sessions) were recorded.
    virtual bool done() const = 0;
    /// Stops accepting and ends open exchanges: idle ones at once, those in flight get one timeout
    /// in all, then are cut ("cut at stop"). Idempotent.
    virtual void stop() = 0;
    /// Writes each requested file on its own (temporary file, then rename): one line per file for
    /// the console ("wrote 12 steps to s.toml"), one failure per file that could not be written
    /// ("cannot write s.toml: reason"). Secrets seen in the traffic are never written.
    virtual record_outputs write_outputs() = 0;
};

/// A reverse proxy to an http:// or https:// upstream.
std::unique_ptr<recorder> make_http_recorder(record_options options);
/// A control-connection proxy to an ftp:// upstream; passive data flows through the proxy.
std::unique_ptr<recorder> make_ftp_recorder(record_options options);

}  // namespace replycheck::record
