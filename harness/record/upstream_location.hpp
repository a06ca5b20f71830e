#pragma once
// A Location pointing back at the recorded server (RFC 9110 §10.2.2), told apart and rewritten:
// toward the recorder for the client that follows it, relative in the emitted mock, `${http}`
// in the emitted scenarios. Text only; no I/O.

#include <optional>
#include <string>
#include <string_view>

namespace replycheck::record {

/// What follows `origin` in `location` ("", "/path", "?q", "#f") when it points at that origin
/// (scheme and host compared without case); nullopt when it points elsewhere.
std::optional<std::string_view> same_origin_rest(std::string_view location, std::string_view origin);

/// The reply bytes (1xx replies included) with each Location field that points at `from` made
/// to point at `to` instead, or made relative when `to` is empty ("/" for the bare origin).
/// Nothing past the header sections is touched.
std::string rewrite_location(std::string_view raw, std::string_view from, std::string_view to);

}  // namespace replycheck::record
