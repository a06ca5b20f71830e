#include "protocol/exchange.hpp"

#include <algorithm>

namespace replycheck::protocol {

namespace {
char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const std::string* find_header(const header_list& headers, std::string_view name) noexcept {
    for (const auto& field : headers)
        if (iequals(field.name, name)) return &field.value;
    return nullptr;
}

std::vector<std::string_view> find_headers(const header_list& headers, std::string_view name) {
    std::vector<std::string_view> values;
    for (const auto& field : headers)
        if (iequals(field.name, name)) values.emplace_back(field.value);
    return values;
}

void http_exchange::set_transport_error(transport_fault fault) {
    transport_code = fault.code;
    transport_error = std::move(fault.text);
}

void ftp_exchange::set_transport_error(transport_fault fault) {
    transport_code = fault.code;
    transport_error = std::move(fault.text);
}

}  // namespace replycheck::protocol
