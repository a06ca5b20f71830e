// HTTP status code registry data and look-ups.
#include "protocol/codes/http_codes.hpp"

#include <algorithm>
#include <array>

namespace replycheck::protocol {
namespace {

// Sorted by code; the registry test checks the order.
constexpr std::array http_statuses{
    http_status_info{200, "OK", "RFC 9110 §15.3.1", true, true,
                     "The request succeeded; the content depends on the method.", "",
                     "Content-Type, Content-Length or Transfer-Encoding",
                     "GET / on any reachable resource"},
    http_status_info{206, "Partial Content", "RFC 9110 §15.3.7", true, true,
                     "The server is sending only the byte ranges the Range header asked for.",
                     "Content-Range (single part) or Content-Type multipart/byteranges (several parts); Date",
                     "ETag, Content-Location, Cache-Control, Expires, Vary if a 200 would carry them",
                     "GET /file with Range: bytes=0-99"},
};

}  // namespace

const http_status_info* find_http_status(int code) noexcept {
    auto it = std::lower_bound(http_statuses.begin(), http_statuses.end(), code,
                               [](const http_status_info& s, int c) { return s.code < c; });
    return (it != http_statuses.end() && it->code == code) ? &*it : nullptr;
}

std::string_view reason_phrase(int code) noexcept {
    const auto* info = find_http_status(code);
    return info ? info->reason : std::string_view{};
}

std::span<const http_status_info> all_http_statuses() noexcept { return http_statuses; }

std::string_view http_status_class(int code) noexcept {
    switch (code / 100) {
        case 1: return "Informational";
        case 2: return "Successful";
        case 3: return "Redirection";
        case 4: return "Client Error";
        case 5: return "Server Error";
        default: return {};
    }
}

}  // namespace replycheck::protocol
