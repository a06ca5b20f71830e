#pragma once
// The journal of the mock FTP server: every command each session sent, with the reply code it
// got. PASS and ACCT arguments and URL userinfo are masked in what it shows. Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace replycheck::mock {

/// The TLS of a control connection (RFC 4217), as the journal shows it.
struct ftp_journal_tls {
    std::string version;          ///< "TLSv1.3"
    std::string cipher;           ///< "TLS_AES_256_GCM_SHA384"
    std::string client_subject;   ///< RFC 2253 subject of the client certificate, "" when none
    std::string client_verdict;   ///< "none", "valid", "untrusted", "expired", "not_yet_valid"
    bool implicit = false;        ///< started at accept (ftps listener), not by AUTH TLS
};

/// One command received on a control connection.
struct ftp_journal_entry {
    std::uint64_t session_id = 0;                    ///< 1, 2, ... in accept order
    std::chrono::system_clock::time_point time;      ///< when the command line was complete
    std::string command;                             ///< verb as sent (upper-cased); "" for an empty line
    std::string argument;                            ///< argument as sent; "****" for PASS and ACCT
    int reply_code = 0;                              ///< final reply code sent (0 when none, e.g. closed)
    /// The control connection's TLS when the command came over TLS; null for plain text.
    std::shared_ptr<const ftp_journal_tls> tls;
    std::uint64_t seq = 0;                           ///< 1, 2, ... in record order (set by the journal; never reused)
};

/// One entry as the journal's JSON shows it: an element of ftp_journal::to_json (no "seq").
boost::json::object to_json(const ftp_journal_entry& entry);
/// One console line: `ftp #3 session 1 RETR big.bin -> 226`; give it a masked entry. Client
/// text passes through protocol::printable_excerpt (nothing a terminal acts on).
std::string summary(const ftp_journal_entry& entry);

/// The in-process, queryable journal.
class ftp_journal {
public:
    /// Sees each entry once, outside the journal lock, when it is complete: `shown` with its
    /// credentials masked, `received` as received (the same object when nothing was masked).
    using observer = std::function<void(const ftp_journal_entry& shown, const ftp_journal_entry& received)>;

    /// Keeps at most `cap` entries (oldest dropped first).
    explicit ftp_journal(std::size_t cap = 100000);

    /// Appends an entry with its credentials masked (the argument as received is kept aside for
    /// to_json(true)). Returns its sequence number (for set_reply_code).
    std::uint64_t record(ftp_journal_entry entry);
    /// Sets the reply code of entry `sequence` (no effect when it was dropped or cleared).
    void set_reply_code(std::uint64_t sequence, int code);
    /// Session `session_id` has ended: its entries still waiting for a final reply go to the observer.
    void end_session(std::uint64_t session_id);
    /// Sets the observer (an empty function removes it); calls already running finish with the old one.
    void set_observer(observer o);
    /// A copy of every entry, in the order recorded; credentials masked unless asked for (a
    /// scenario's `received` compares what was sent and prints none of it).
    std::vector<ftp_journal_entry> snapshot(bool with_credentials = false) const;
    /// The entries of one session.
    std::vector<ftp_journal_entry> session(std::uint64_t session_id) const;
    /// Number of entries held.
    std::size_t size() const;
    /// [{"session":1,"time":"2026-01-01T00:00:00.000Z","command":"USER","argument":"x","code":331},...]
    /// Entries that came over TLS add "tls": {"version","cipher","implicit"[,"client_subject",
    /// "client_verdict"]}.
    /// With `with_credentials`, arguments as received, credentials unmasked (`--journal-raw`).
    boost::json::value to_json(bool with_credentials = false) const;
    /// Forgets every entry.
    void clear();
    /// How many times the journal has changed (entries recorded or cleared, reply codes set).
    std::uint64_t changes() const;
    /// Blocks until the journal changes after `seen` (a value of changes()) or `deadline` passes.
    void wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline) const;

private:
    struct stored {
        ftp_journal_entry entry;                         // masked
        std::optional<std::string> received_argument;    // as received, when masking changed it
    };
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::uint64_t changes_ = 0;
    std::deque<stored> entries_;
    std::uint64_t first_sequence_ = 0;   // sequence number of entries_.front()
    std::size_t cap_;
    std::shared_ptr<const observer> observer_;   // null when none: the hot path only checks for null
    std::vector<std::uint64_t> unreported_;      // sequences recorded since, not yet observed

    using observed = std::pair<ftp_journal_entry, std::optional<ftp_journal_entry>>;   // shown, received
    void take_unreported(std::uint64_t sequence, std::vector<observed>& out);
    static void deliver(const std::shared_ptr<const observer>& to, const std::vector<observed>& out);
};

}  // namespace replycheck::mock
