#pragma once
// Incremental, I/O-free FTP reply parser (RFC 959 §4.2): bytes in, complete replies out.

#include "protocol/exchange.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Limits of the FTP reply parser. RFC 959 §4.2 bounds neither the length of a line nor the
/// number of lines of a multi-line reply; these keep a peer that never ends its reply from
/// filling memory. Real replies (FEAT, HELP, STAT of a directory) stay far below them.
struct ftp_parser_limits {
    std::size_t max_line_bytes = 8 * 1024;      ///< longer lines are cut (and an error recorded)
    std::size_t max_lines = 10'000;             ///< lines kept per reply; later lines are dropped
    std::size_t max_reply_bytes = 1024 * 1024;  ///< bytes of one reply; one more makes it too large
};

/// Splits a control-connection byte stream into replies. Single-line replies are `ddd text`;
/// a multi-line reply starts `ddd-` and ends with a line starting `ddd ` (same code); lines in
/// between may hold anything, including other digits. A line that does not start with three
/// digits and a space or hyphen (outside a multi-line reply) becomes a reply with code 0 and
/// an entry in `format_errors`. A reply that passes max_reply_bytes stops the parser (see
/// too_large()).
class ftp_reply_parser {
public:
    /// A parser with the given limits.
    explicit ftp_reply_parser(ftp_parser_limits limits = {});

    /// Consumes `bytes`; complete replies become available through `next()`.
    void feed(std::string_view bytes);

    /// Tells the parser the connection ended: a partial reply becomes available, marked in
    /// `format_errors` as cut by the close.
    void finish();

    /// True when at least one complete reply is waiting.
    bool has_reply() const noexcept { return !ready_.empty(); }

    /// The oldest complete reply, or nullopt.
    std::optional<ftp_reply_record> next();

    /// True when bytes of an incomplete reply are buffered.
    bool in_reply() const noexcept { return !partial_.raw.empty() || !line_.empty(); }

    /// The multi-line reply being read, as far as its lines arrived in full, with code 0 (it
    /// is not completed); nullopt when no multi-line reply is open. The parser keeps it.
    std::optional<ftp_reply_record> unfinished() const;

    /// True once a reply passed max_reply_bytes. The parser then ignores every
    /// later byte (the stream can no longer be split into replies); finish() hands out what
    /// was kept as a reply with code 0 and a format error naming the limit.
    bool too_large() const noexcept { return too_large_; }

    /// The limits in force.
    const ftp_parser_limits& limits() const noexcept { return limits_; }

private:
    void on_line(std::string line, bool crlf, std::string_view raw_line);
    void complete();
    void stop(std::string reason);

    ftp_parser_limits limits_;
    std::string line_;              // the current line's bytes so far (raw, without LF)
    bool line_cut_ = false;         // the current line exceeded max_line_bytes
    std::size_t reply_bytes_ = 0;   // bytes of the reply being assembled, its current line included
    bool too_large_ = false;        // a reply passed a limit: later bytes are ignored
    ftp_reply_record partial_;      // reply being assembled
    bool in_multiline_ = false;
    std::deque<ftp_reply_record> ready_;
};

}  // namespace replycheck::protocol
