#pragma once
// HTTP dates (RFC 9110 §5.6.7) as the mock uses them: the Date field of every response,
// formatted once per second, and file times in Last-Modified and If-Modified-Since. The format
// and the parser are protocol/wire's.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::mock::detail {

/// The current Date field value, formatted at most once per second per thread.
std::string_view current_http_date();

/// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate) for a file time.
std::string format_http_date(std::time_t t);

/// IMF-fixdate, obsolete RFC 850 and asctime forms (protocol::parse_http_date); nullopt when none.
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace replycheck::mock::detail
