#pragma once
// The HTTP status code registry (IANA "HTTP Status Codes", 100-599), compiled into the binary.

#include <span>
#include <string_view>

namespace replycheck::protocol {

/// One registered HTTP status code and what a conforming reply with it looks like.
struct http_status_info {
    int code;                        ///< 100..599
    std::string_view reason;         ///< registered reason phrase, "Partial Content"
    std::string_view section;        ///< defining section, "RFC 9110 §15.3.7"
    bool body_allowed;               ///< false for 1xx, 204, 304 (RFC 9110 §6.4.1)
    bool cacheable_by_default;       ///< heuristically cacheable (RFC 9110 §15.1)
    std::string_view meaning;        ///< what the code says, one or two sentences
    std::string_view must_carry;     ///< header fields a conforming reply must carry ("" if none)
    std::string_view should_carry;   ///< header fields it should carry ("" if none)
    std::string_view provoke;        ///< a request that typically provokes it
};

/// The registered status code `code`, or nullptr when unregistered.
const http_status_info* find_http_status(int code) noexcept;

/// The registered reason phrase of `code`, "" when unknown.
std::string_view reason_phrase(int code) noexcept;

/// Every registered status code, sorted by code.
std::span<const http_status_info> all_http_statuses() noexcept;

/// The class name of a status code: "Informational", "Successful", "Redirection",
/// "Client Error", "Server Error" (RFC 9110 §15), "" outside 100..599.
std::string_view http_status_class(int code) noexcept;

}  // namespace replycheck::protocol
