// HTTP/2-only rules (RFC 9113): what an HTTP/2 response must not carry. They apply to replies
// whose version is HTTP/2 (libcurl shows "HTTP/2 200"); HTTP/1.x replies are never judged here.

#include <fmt/format.h>

#include "protocol/rules/rules_detail.hpp"

namespace replycheck::protocol {

bool is_connection_specific_field(std::string_view name) noexcept {
    for (std::string_view field : {"Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade"})
        if (iequals(name, field)) return true;
    return false;
}

namespace detail {

namespace {

void check_block(const header_list& headers, std::string_view what, finding_sink& sink) {
    for (const auto& field : headers) {
        if (is_connection_specific_field(field.name))
            sink.add("http.h2.connection-specific-field",
                     fmt::format("{} carries the connection-specific field {}: {}", what, field.name,
                                 field.value.substr(0, 80)));
        // TE is allowed with the value "trailers" alone.
        if (iequals(field.name, "TE") && !iequals(trim(field.value), "trailers"))
            sink.add("http.h2.connection-specific-field",
                     fmt::format("{} carries TE: {} (only \"trailers\" is allowed)", what, field.value.substr(0, 80)));
    }
}

}  // namespace

bool is_http2_response(const http_response_record& response) noexcept {
    return response.version == "HTTP/2" || response.version == "HTTP/2.0";
}

void check_http2_fields(const http_response_record& response, finding_sink& sink) {
    if (!is_http2_response(response)) return;
    for (const auto& interim : response.interim) check_block(interim.headers, fmt::format("interim {}", interim.status), sink);
    check_block(response.headers, fmt::format("the HTTP/2 {} response", response.status), sink);
    check_block(response.trailers, "the trailer section", sink);
}

}  // namespace detail

}  // namespace replycheck::protocol
