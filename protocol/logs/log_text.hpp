#pragma once
// Small allocation-free helpers the log parsers share: numbers, the three date forms servers
// write, FTP verbs, and the decoding of escaped text into a reusable buffer.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::logs::text {

/// Decimal digits only (no sign, no spaces), no overflow past `max`.
bool parse_uint(std::string_view s, std::uint64_t& out, std::uint64_t max = UINT64_MAX) noexcept;

/// "NAME 'VALUE' is not a number" or, for digits too many, "… is out of range" (for `why`).
std::string number_problem(std::string_view name, std::string_view value);

/// "05/Jan/2026:10:14:07 +0200" (CLF, between the brackets), converted to UTC.
std::optional<std::chrono::sys_seconds> parse_clf_time(std::string_view s) noexcept;

/// W3C "2026-01-05" and "10:12:01" (an optional ".fff" fraction is dropped); already UTC.
std::optional<std::chrono::sys_seconds> parse_w3c_time(std::string_view date,
                                                       std::string_view time) noexcept;

/// ctime(3) form "Wed Nov 25 18:40:01 2026" / "Mon Jan  5 …" (day padded with a space or a
/// zero). Servers write it in their own zone; it is taken as UTC (vsftpd's default).
/// On success `used` is the number of characters the date took.
std::optional<std::chrono::sys_seconds> parse_ctime(std::string_view s, std::size_t& used) noexcept;

/// 1..12 for "Jan".."Dec" (exact case as servers write it), 0 otherwise.
int month_number(std::string_view abbrev) noexcept;

/// An FTP command verb (RFC 959 §5.3.1 and the extension RFCs), any case.
bool is_ftp_verb(std::string_view word) noexcept;
/// PASS or ACCT in any case: commands whose argument is a secret (RFC 959 §4.1.1).
bool is_password_command(std::string_view word) noexcept;
/// IIS FTP pseudo-commands: ControlChannelOpened, DataChannelClosed, …
bool is_iis_ftp_pseudo_command(std::string_view word) noexcept;
/// An HTTP method token (RFC 9110 §9.1: tchar, here upper-case letters, digits, '-', '_').
bool looks_like_http_method(std::string_view word) noexcept;
/// "HTTP/1.1", "HTTP/2.0", "HTTP/3".
bool looks_like_http_version(std::string_view word) noexcept;

/// `word` upper-cased into `buffer` when it has lower-case letters, else `word` itself.
std::string_view upper(std::string_view word, std::string& buffer);

/// Decodes nginx "\xHH" and Apache "\"" / "\\" escapes of a quoted log field into `buffer`;
/// returns `field` itself when it has no backslash.
std::string_view unescape_quoted(std::string_view field, std::string& buffer);

/// W3C writes spaces inside a value as '+': `field` with '+' turned back into ' '.
std::string_view plus_to_space(std::string_view field, std::string& buffer);

/// "-" (the log's "empty") as an empty view.
inline std::string_view dash_empty(std::string_view s) noexcept { return s == "-" ? std::string_view{} : s; }

/// `s` without trailing spaces, tabs and CR.
std::string_view trim_right(std::string_view s) noexcept;
/// `s` without leading and trailing spaces, tabs and CR.
std::string_view trim(std::string_view s) noexcept;

/// Splits off the next space-separated token of `rest` (runs of spaces count as one).
std::string_view next_token(std::string_view& rest) noexcept;

/// True when `s` starts with `prefix` ignoring ASCII case.
bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept;

}  // namespace replycheck::logs::text
