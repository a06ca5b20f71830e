#include "protocol/iso8601.hpp"

#include <optional>

#include <fmt/format.h>

namespace replycheck::protocol {

namespace {

using namespace std::chrono;

// date-time = full-date "T" full-time, time-offset "Z"   (RFC 3339 §5.6)
std::string format_utc(sys_time<milliseconds> time, bool with_millis) {
    const auto day_start = floor<days>(time);
    const year_month_day date{day_start};
    const hh_mm_ss clock{time - day_start};
    auto text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(date.year()), unsigned(date.month()),
                            unsigned(date.day()), clock.hours().count(), clock.minutes().count(),
                            clock.seconds().count());
    if (with_millis) text += fmt::format(".{:03}", clock.subseconds().count());
    return text + 'Z';
}

// Reads `width` digits at `pos` (advancing it); nullopt when they are not all digits.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, std::string_view chars) {
    if (pos >= text.size() || chars.find(text[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
}

}  // namespace

// date-time = full-date "T" partial-time [time-offset] (RFC 3339 §5.6); no offset is read as UTC.
// A space where the offset sign goes is read as "+", since a query string decodes "+" to a space.
std::optional<iso8601_time> parse_iso8601(std::string_view text) {
    std::size_t pos = 0;
    auto year = digits(text, pos, 4);
    if (!year || !expect(text, pos, "-")) return std::nullopt;
    auto month = digits(text, pos, 2);
    if (!month || !expect(text, pos, "-")) return std::nullopt;
    auto day = digits(text, pos, 2);
    if (!day || !expect(text, pos, "Tt")) return std::nullopt;
    auto hour = digits(text, pos, 2);
    if (!hour || !expect(text, pos, ":")) return std::nullopt;
    auto minute = digits(text, pos, 2);
    if (!minute || !expect(text, pos, ":")) return std::nullopt;
    auto second = digits(text, pos, 2);
    if (!second) return std::nullopt;
    microseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::int64_t scale = 100000;
        const auto start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += microseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size()) {
        const int sign = text[pos] == '-' ? -1 : 1;
        if (!expect(text, pos, "+- ")) return std::nullopt;
        auto oh = digits(text, pos, 2);
        if (!oh || !expect(text, pos, ":")) return std::nullopt;
        auto om = digits(text, pos, 2);
        if (!om) return std::nullopt;
        offset = minutes(sign * (*oh * 60 + *om));
    }
    if (pos != text.size()) return std::nullopt;
    const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                              std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    return sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second) + fraction - offset;
}

std::string iso8601_utc(system_clock::time_point time) {
    return format_utc(floor<seconds>(time), false);
}

std::string iso8601_utc_millis(system_clock::time_point time) {
    return format_utc(floor<milliseconds>(time), true);
}

}  // namespace replycheck::protocol
