#include "protocol/duration.hpp"

#include <cstdint>

namespace replycheck::protocol {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, bool* too_long) {
    if (text.empty()) return std::nullopt;
    double total_ms = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        // number: digits with an optional fraction
        std::size_t start = i;
        double whole = 0;
        bool any_digit = false;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            whole = whole * 10 + (text[i] - '0');
            ++i;
            any_digit = true;
        }
        if (i < text.size() && text[i] == '.') {
            ++i;
            double scale = 0.1;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
                whole += (text[i] - '0') * scale;
                scale /= 10;
                ++i;
                any_digit = true;
            }
        }
        if (!any_digit || i == start) return std::nullopt;
        // unit
        std::size_t unit_start = i;
        while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
        std::string_view unit = text.substr(unit_start, i - unit_start);
        double factor;
        if (unit == "ms") factor = 1;
        else if (unit == "s") factor = 1000;
        else if (unit == "m") factor = 60'000;
        else if (unit == "h") factor = 3'600'000;
        else return std::nullopt;
        total_ms += whole * factor;
    }
    if (total_ms > 1e12) {
        if (too_long) *too_long = true;
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(total_ms + 0.5));
}

std::string format_duration(std::chrono::milliseconds value) {
    auto ms = value.count();
    if (ms < 1000) return std::to_string(ms) + "ms";
    if (ms % 1000 != 0) {
        std::string s = std::to_string(ms / 1000) + ".";
        std::string frac = std::to_string(1000 + ms % 1000).substr(1);
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        return s + frac + "s";
    }
    auto seconds = ms / 1000;
    if (seconds < 60) return std::to_string(seconds) + "s";
    std::string out = std::to_string(seconds / 60) + "m";
    if (seconds % 60) out += std::to_string(seconds % 60) + "s";
    return out;
}

}  // namespace replycheck::protocol
