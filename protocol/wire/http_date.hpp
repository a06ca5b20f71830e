#pragma once
// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.

#include "protocol/wire/parse_result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Parses an HTTP-date. Obsolete forms parse with a warning naming the form
/// (senders MUST generate IMF-fixdate).
parse_result<std::chrono::sys_seconds> parse_http_date(std::string_view text);

/// Formats IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::chrono::sys_seconds time);

}  // namespace replycheck::protocol
