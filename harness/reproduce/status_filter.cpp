// --status items: a class ("4xx"), a code ("404", FTP "550") or an IIS code with substatus ("500.19").

#include "harness/reproduce/status_filter.hpp"

#include <charconv>

namespace replycheck::reproduce {

namespace {

bool parse_int(std::string_view text, int& out) {
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::optional<status_item> parse_item(std::string_view text) {
    status_item item;
    if (text.size() == 3 && text[0] >= '1' && text[0] <= '9' && (text[1] == 'x' || text[1] == 'X') &&
        (text[2] == 'x' || text[2] == 'X')) {
        item.status_class = text[0] - '0';
        return item;
    }
    auto dot = text.find('.');
    auto code = text.substr(0, dot);
    if (code.size() != 3 || !parse_int(code, item.code) || item.code < 100) return std::nullopt;
    if (dot != std::string_view::npos) {
        int sub = 0;
        auto rest = text.substr(dot + 1);
        if (rest.size() > 3 || !parse_int(rest, sub) || sub < 0) return std::nullopt;
        item.substatus = sub;
    }
    return item;
}

}  // namespace

bool status_filter::matches(int status, std::optional<int> substatus) const noexcept {
    if (items.empty()) return true;
    int sub = substatus.value_or(0);
    for (const auto& item : items) {
        if (item.status_class != 0) {
            if (status / 100 == item.status_class) return true;
        } else if (item.code == status && (!item.substatus || *item.substatus == sub)) {
            return true;
        }
    }
    return false;
}

std::optional<status_filter> parse_status_filter(const std::vector<std::string>& items, std::string& error) {
    status_filter out;
    for (const auto& item : items) {
        std::string_view rest = item;
        while (true) {
            auto comma = rest.find(',');
            auto part = rest.substr(0, comma);
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
            if (!part.empty()) {
                auto parsed = parse_item(part);
                if (!parsed) {
                    error = "invalid status '" + std::string(part) +
                            "' (write a class 4xx, a code 404 or 550, or an IIS code 500.19)";
                    return std::nullopt;
                }
                out.items.push_back(*parsed);
            }
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

}  // namespace replycheck::reproduce
