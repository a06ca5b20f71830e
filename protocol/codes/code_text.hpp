#pragma once
// Human-readable descriptions of registry entries (what `replycheck explain` prints) and the
// aligned registry tables (what `replycheck codes` prints).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"
#include "protocol/codes/win32_codes.hpp"

namespace replycheck::protocol {

/// Default line width of descriptions; long values wrap under their label.
inline constexpr std::size_t description_width = 100;

/// A multi-line description of an HTTP status code: class, section, meaning, what a
/// conforming reply must and should carry, content and cache rules, how to provoke it, and
/// its IIS substatus codes.
std::string describe(const http_status_info& info, std::size_t width = description_width);

/// A multi-line description of an IIS substatus code: its status, meaning, typical causes,
/// what a conforming reply with its status must carry, and how to make the mock answer it.
std::string describe(const iis_substatus_info& info, std::size_t width = description_width);

/// A multi-line description of an FTP reply code: meaning, the meaning of each digit, the
/// reply format, and the commands that may give it.
std::string describe(const ftp_reply_info& info, std::size_t width = description_width);

/// A multi-line description of a Win32 status or HRESULT as resolved by
/// resolve_win32_status (its entry must not be null): the value in decimal and hex, the
/// name, meaning, what it usually means in an IIS log, the Win32 code an HRESULT wraps, and
/// the related HTTP/IIS/FTP codes.
std::string describe(const win32_resolution& resolved, std::size_t width = description_width);

/// How to make the mock answer an IIS substatus: one sentence naming the script and flavour.
std::string mock_hint(const iis_substatus_info& info);

/// What one logged HTTP entry says, for `explain --log` and log triage: the status (and IIS
/// substatus) and the win32 status explained together, one labelled line each, plus the note
/// on the combination when one is known and how to provoke it on the mock. Unknown codes are
/// said to be unknown, never an error. Ends with a newline.
std::string explain_logged_http(int status, std::optional<int> substatus,
                                std::optional<std::uint32_t> win32,
                                std::size_t width = description_width);

/// The same for one logged FTP command (`command` as logged: "PASS", "RETR"; may be empty)
/// and its reply code, with the win32 status IIS FTP sites log.
std::string explain_logged_ftp(std::string_view command, int reply,
                               std::optional<std::uint32_t> win32,
                               std::size_t width = description_width);

/// Every HTTP status code as an aligned table with a header line.
std::string http_status_table();

/// Every IIS substatus code as an aligned table with a header line.
std::string iis_substatus_table();

/// Every FTP reply code as an aligned table with a header line.
std::string ftp_reply_table();

/// Every Win32 status / HRESULT as an aligned table with a header line.
std::string win32_status_table();

/// "0x80070005": eight upper-case hex digits.
std::string win32_hex(std::uint32_t value);

}  // namespace replycheck::protocol
