#pragma once
// The journal of the mock HTTP server: every request each connection sent (also malformed ones),
// with the status it got. Thread-safe; headers are kept as received, in order, except that
// credentials and secrets (Authorization, Proxy-Authorization, URL userinfo, Cookie values,
// secret-named fields, query parameters and form fields) are masked as reports mask them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock {

/// One request received on a connection.
struct http_journal_entry {
    std::uint64_t connection_id = 0;                 ///< 1, 2, ... in accept order
    std::chrono::system_clock::time_point time;      ///< when the request head was complete
    std::string method;                              ///< as sent; "" when the request line was unusable
    std::string target;                              ///< request-target as sent
    std::string version;                             ///< "HTTP/1.1"
    std::vector<std::pair<std::string, std::string>> headers;  ///< fields as received, in order
    std::string body;                                ///< content, capped
    bool body_truncated = false;                     ///< the content was longer than the cap
    std::string raw;                                 ///< bytes received for this request, capped
    bool raw_truncated = false;                      ///< the raw bytes were longer than the cap
    int status = 0;                                  ///< status sent (0 when none: fault or raw reply)
    std::string script;                              ///< name of the script that answered; "" = default
    /// What the TLS handshake established (shared by the connection's entries); null over plain HTTP.
    std::shared_ptr<const tls::tls_session_info> tls;
    std::string tls_error;                           ///< why TLS could not start (the entry of a failed handshake)
    std::uint64_t seq = 0;                           ///< 1, 2, ... in record order (set by the journal; never reused)
    std::string client;                              ///< the client's IP address ("127.0.0.1", "::1")
    /// The first value of header `name` (case-insensitive), "" when absent.
    std::string_view header(std::string_view name) const;
};

/// One entry as the journal's JSON shows it: an element of http_journal::to_json (no "seq").
boost::json::object to_json(const http_journal_entry& entry);
/// One console line: `http #12 127.0.0.1 "GET /a.txt HTTP/1.1" 200 (script "slow")`; give it a
/// masked entry. Client text passes through protocol::printable_excerpt (nothing a terminal acts on).
std::string summary(const http_journal_entry& entry);

/// The in-process, queryable journal.
class http_journal {
public:
    /// Sees each entry once, right after record(), outside the journal lock: `shown` with its
    /// credentials masked, `received` as received (the same object when nothing was masked).
    using observer = std::function<void(const http_journal_entry& shown, const http_journal_entry& received)>;

    /// Keeps at most `cap` entries (oldest dropped first).
    explicit http_journal(std::size_t cap = 100000);

    /// Appends an entry, its credentials masked (the entry as received is kept aside for to_json(true)).
    void record(http_journal_entry entry);
    /// A copy of every entry held, in the order recorded. With `with_credentials`, entries as
    /// received: for comparing with what a client sent, never for showing.
    std::vector<http_journal_entry> snapshot(bool with_credentials = false) const;
    /// The entries of one connection.
    std::vector<http_journal_entry> connection(std::uint64_t connection_id) const;
    /// Number of entries held.
    std::size_t size() const;
    /// Number of entries ever recorded (also those dropped by the cap).
    std::uint64_t total() const;
    /// [{"connection":1,"client":"127.0.0.1","time":"2026-01-01T00:00:00.000Z","method":"GET","target":"/",
    ///   "version":"HTTP/1.1","headers":[["Host","x"]],"body":"","raw":"...","status":200,"rule":""},...]
    /// plus "tls":{"version","cipher","alpn","sni","client_subject","client_verdict"} over HTTPS
    /// and "tls_error" for a connection whose handshake failed.
    /// With `with_credentials`, entries as received, credentials unmasked (`--journal-raw`).
    boost::json::value to_json(bool with_credentials = false) const;
    /// Forgets every entry.
    void clear();
    /// How many times the journal has changed (entries recorded or cleared, reply codes set).
    std::uint64_t changes() const;
    /// Blocks until the journal changes after `seen` (a value of changes()) or `deadline` passes.
    void wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) const;
    /// Changes the cap (drops the oldest entries beyond it).
    void set_cap(std::size_t cap);
    /// Sets the observer (an empty function removes it); calls already running finish with the old one.
    void set_observer(observer o);

private:
    struct stored {
        http_journal_entry entry;                        // masked
        std::unique_ptr<http_journal_entry> received;    // as received, when masking changed it
    };
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::uint64_t changes_ = 0;
    std::deque<stored> entries_;
    std::size_t cap_;
    std::uint64_t total_ = 0;
    std::shared_ptr<const observer> observer_;   // null when none: record() only checks for null
};

}  // namespace replycheck::mock
