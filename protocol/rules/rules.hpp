#pragma once
// Conformance rules: an exchange in, findings out. Each rule has an id ("http.304.no-body"),
// a level (MUST -> failure, SHOULD -> warning, failure under --strict, info -> never a
// failure), the RFC section it comes from and one line of description. No I/O here.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/exchange.hpp"
#include "protocol/finding.hpp"

namespace replycheck::protocol {

/// One conformance rule as listed by `replycheck rules` and docs/conformance-rules.md.
struct rule_info {
    std::string_view id;           ///< "http.304.no-body"
    rule_level level;              ///< must, should or info
    std::string_view section;      ///< "RFC 9110 §15.4.5"
    std::string_view description;  ///< one line
    std::string_view protocol;     ///< "http" | "ftp"
};

/// Every rule, HTTP first, then FTP, in a stable order.
std::span<const rule_info> all_rules() noexcept;

/// The rule with this id, or nullptr.
const rule_info* find_rule(std::string_view id) noexcept;

/// How the checks run.
struct check_options {
    /// FTP replies must be exactly those of RFC 959 §5.4 (and the extension RFCs); otherwise the
    /// lenient profile also accepts what widely deployed servers answer.
    bool strict_ftp_sequence = false;
    /// Rule ids that produce no finding; "http.405.*" allows every id with that prefix.
    std::vector<std::string> allowed;
};

/// True when `options` allows the rule `id` (exact id, or a "prefix.*" entry).
bool rule_allowed(const check_options& options, std::string_view id) noexcept;

/// True for a field that only means something for one HTTP/1.x connection and that HTTP/2
/// forbids (RFC 9113 §8.2.2): Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding,
/// Upgrade. (TE is allowed there with the value "trailers" alone.)
bool is_connection_specific_field(std::string_view name) noexcept;

/// True when a transport error (our timeout, a reset) ended the response before its framing
/// said it was complete: the status line, the header section or the body may be missing, so
/// only what the bytes received prove can be judged.
bool response_cut_short(const http_exchange& exchange) noexcept;

/// Every finding for one HTTP exchange (request-aware: 206 without Range, 304 to POST, ...).
/// An exchange without a response gives no findings (a transport fault is not a rule). A
/// response cut short (see response_cut_short) gets only the findings its bytes prove: the
/// framing errors the parser saw and the syntax of a status line received in full. A reply
/// without a usable status line gets http.status-line.syntax alone: nothing else about it is
/// known (no status code, no header section).
std::vector<finding> check_http(const http_exchange& exchange, const check_options& options);

/// Rules that compare a reply with the full 200 GET of the same resource: Content-Length of
/// HEAD and 304, the cache fields a 304 or 206 must repeat, the bytes of a 206. `full` is the
/// 200 exchange; without a 200 response, or when `exchange` was cut short, nothing is compared.
std::vector<finding> check_http_against_full(const http_exchange& exchange,
                                             const http_exchange& full,
                                             const check_options& options);

/// True when a transport error cut the last reply of `exchange` short: code 0 and the lines so
/// far (a multi-line reply our timeout ended, a reply past the parser's limits). Its lines are
/// judged (the reply was not closed), it is not taken as the command's final reply.
bool ftp_reply_cut_short(const ftp_exchange& exchange) noexcept;

/// FTP rules need the session so far (RNFR before RNTO, nothing after 421, ...): feed every
/// exchange of one control connection, greeting first, in order.
class ftp_session_checker {
public:
    explicit ftp_session_checker(check_options options);

    /// The findings for the next exchange of the session.
    std::vector<finding> check(const ftp_exchange& exchange);

private:
    check_options options_;
    std::string previous_command_;   // verb of the previous exchange, upper case
    int previous_code_ = 0;          // final code of the previous exchange
    bool seen_421_ = false;          // a 421 was seen: nothing may follow (RFC 959 §5.4)
    bool rnfr_pending_ = false;      // the previous exchange was an RNFR answered 350
};

/// docs/conformance-rules.md: the rule table as Markdown, generated from all_rules().
std::string rules_markdown();

/// The rule table as a JSON array of {id, level, section, description, protocol}.
std::string rules_json();

}  // namespace replycheck::protocol
