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

std::vector<std::string> list_members(const header_list& headers, std::string_view name) {
    std::vector<std::string> out;
    for (auto value : find_headers(headers, name)) {
        while (!value.empty()) {
            const auto comma = value.find(',');
            auto member = value.substr(0, comma);
            const auto first = member.find_first_not_of(" \t");   // OWS (RFC 9110 §5.6.3)
            member = first == std::string_view::npos ? std::string_view{}
                                                     : member.substr(first, member.find_last_not_of(" \t") - first + 1);
            if (!member.empty()) {
                std::string lower(member);
                std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return ascii_lower(c); });
                out.push_back(std::move(lower));
            }
            if (comma == std::string_view::npos) break;
            value.remove_prefix(comma + 1);
        }
    }
    return out;
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
