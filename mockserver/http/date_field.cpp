#include "mockserver/http/date_field.hpp"

#include <chrono>

#include "protocol/wire/http_date.hpp"

namespace replycheck::mock::detail {

namespace {

std::chrono::sys_seconds seconds_since_epoch(std::time_t t) {
    return std::chrono::sys_seconds{std::chrono::seconds{t}};
}

}  // namespace

std::string_view current_http_date() {
    thread_local std::time_t cached_second = 0;
    thread_local char text[protocol::imf_fixdate_length];
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        protocol::format_http_date(seconds_since_epoch(now), text);
        cached_second = now;
    }
    return {text, sizeof text};
}

std::string format_http_date(std::time_t t) { return protocol::format_http_date(seconds_since_epoch(t)); }

std::optional<std::time_t> parse_http_date(std::string_view text) {
    auto parsed = protocol::parse_http_date(text);
    if (!parsed) return std::nullopt;
    return static_cast<std::time_t>(parsed->time_since_epoch().count());
}

}  // namespace replycheck::mock::detail
