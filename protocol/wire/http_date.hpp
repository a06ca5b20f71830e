#pragma once
// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.

#include "protocol/wire/parse_result.hpp"

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Parses an HTTP-date. Obsolete forms parse with a warning naming the form
/// (senders MUST generate IMF-fixdate).
parse_result<std::chrono::sys_seconds> parse_http_date(std::string_view text);

/// True when `text` is exactly an IMF-fixdate whose day name agrees with its date: the only
/// form senders may generate (RFC 9110 §5.6.7).
bool is_imf_fixdate(std::string_view text);

/// Characters of an IMF-fixdate.
inline constexpr std::size_t imf_fixdate_length = 29;

/// Formats IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::chrono::sys_seconds time);

/// Writes the IMF-fixdate of `time` into `out` without allocating (a Date field per response).
/// Years past 9999 keep their last four digits.
void format_http_date(std::chrono::sys_seconds time, std::span<char, imf_fixdate_length> out) noexcept;

}  // namespace replycheck::protocol
