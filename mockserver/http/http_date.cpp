#include "mockserver/http/http_date.hpp"

#include "protocol/wire/http_date.hpp"

#include <array>
#include <cstring>

namespace replycheck::mock::detail {

namespace {

constexpr std::array<const char*, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

void format_http_date(std::time_t t, char* out) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    // Fixed width: "Www, DD Mmm YYYY HH:MM:SS GMT"
    std::memcpy(out, day_names[static_cast<std::size_t>(tm.tm_wday)], 3);
    out[3] = ',';
    out[4] = ' ';
    out[5] = static_cast<char>('0' + tm.tm_mday / 10);
    out[6] = static_cast<char>('0' + tm.tm_mday % 10);
    out[7] = ' ';
    std::memcpy(out + 8, month_names[static_cast<std::size_t>(tm.tm_mon)], 3);
    out[11] = ' ';
    int y = tm.tm_year + 1900;
    out[12] = static_cast<char>('0' + (y / 1000) % 10);
    out[13] = static_cast<char>('0' + (y / 100) % 10);
    out[14] = static_cast<char>('0' + (y / 10) % 10);
    out[15] = static_cast<char>('0' + y % 10);
    out[16] = ' ';
    out[17] = static_cast<char>('0' + tm.tm_hour / 10);
    out[18] = static_cast<char>('0' + tm.tm_hour % 10);
    out[19] = ':';
    out[20] = static_cast<char>('0' + tm.tm_min / 10);
    out[21] = static_cast<char>('0' + tm.tm_min % 10);
    out[22] = ':';
    out[23] = static_cast<char>('0' + tm.tm_sec / 10);
    out[24] = static_cast<char>('0' + tm.tm_sec % 10);
    std::memcpy(out + 25, " GMT", 4);
}

std::string format_http_date(std::time_t t) {
    std::string s(29, ' ');
    format_http_date(t, s.data());
    return s;
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
    auto parsed = protocol::parse_http_date(text);
    if (!parsed.value) return std::nullopt;
    return static_cast<std::time_t>(parsed.value->time_since_epoch().count());
}

std::string_view current_http_date() {
    thread_local std::time_t cached_second = 0;
    thread_local char text[29];
    std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        format_http_date(now, text);
        cached_second = now;
    }
    return {text, sizeof text};
}

}  // namespace replycheck::mock::detail
