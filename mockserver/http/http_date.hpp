#pragma once
// HTTP dates (RFC 9110 §5.6.7) for the mock: formatting IMF-fixdate and reading the three forms
// a recipient must accept.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::mock::detail {

/// "Sun, 06 Nov 1994 08:49:37 GMT" (29 characters).
std::string format_http_date(std::time_t t);
/// Writes the 29 characters of format_http_date into `out`.
void format_http_date(std::time_t t, char* out);
/// IMF-fixdate, obsolete RFC 850 and asctime forms (protocol::parse_http_date); nullopt when none.
std::optional<std::time_t> parse_http_date(std::string_view text);

/// The current Date field value, formatted at most once per second per thread.
std::string_view current_http_date();

}  // namespace replycheck::mock::detail
