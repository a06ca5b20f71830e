#pragma once
// JSON forms of registry entries, as printed by `replycheck codes --json` and
// `replycheck explain --json`. Every object has "code" (a string: "206", "403.14", "227"),
// "protocol" ("http" | "ftp" | "win32"), "reason" and "meaning"; IIS substatus objects add
// "iis": true.

#include <boost/json/object.hpp>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"
#include "protocol/codes/win32_codes.hpp"

namespace replycheck::protocol {

/// An HTTP status code with its class, section, body/cache flags, header requirements,
/// provocation, and the codes of its IIS substatus entries.
boost::json::object to_json(const http_status_info& info);

/// An IIS substatus code: "reason" is its title, plus "status", "substatus", "causes".
boost::json::object to_json(const iis_substatus_info& info);

/// A Win32 status / HRESULT as resolved (entry not null): "code" is the value as IIS logs it
/// (unsigned decimal), "reason" the name; plus "value", "hex", "signed", "hresult",
/// "wraps_win32" (the Win32 code of a 0x8007xxxx HRESULT, or null), "in_iis_log", "related".
boost::json::object to_json(const win32_resolution& resolved);

/// An FTP reply code with its digits, format, and the commands that may give it.
boost::json::object to_json(const ftp_reply_info& info);

}  // namespace replycheck::protocol
