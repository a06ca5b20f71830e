#pragma once
// Human-readable descriptions of registry entries (what `replycheck explain` prints) and the
// aligned registry tables (what `replycheck codes` prints).

#include <cstddef>
#include <string>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

namespace replycheck::protocol {

/// Default line width of descriptions; long values wrap under their label.
inline constexpr std::size_t description_width = 100;

/// A multi-line description of an HTTP status code: class, section, meaning, what a
/// conforming reply must and should carry, content and cache rules, how to provoke it, and
/// its IIS substatus codes.
std::string describe(const http_status_info& info, std::size_t width = description_width);

/// A multi-line description of an IIS substatus code: its status, meaning, typical causes,
/// and what a conforming reply with its status must carry.
std::string describe(const iis_substatus_info& info, std::size_t width = description_width);

/// A multi-line description of an FTP reply code: meaning, the meaning of each digit, the
/// reply format, and the commands that may give it.
std::string describe(const ftp_reply_info& info, std::size_t width = description_width);

/// Every HTTP status code as an aligned table with a header line.
std::string http_status_table();

/// Every IIS substatus code as an aligned table with a header line.
std::string iis_substatus_table();

/// Every FTP reply code as an aligned table with a header line.
std::string ftp_reply_table();

}  // namespace replycheck::protocol
