#include "mockserver/http/http_date.hpp"

#include <array>
#include <cctype>
#include <cstring>

namespace replycheck::mock::detail {

namespace {

constexpr std::array<const char*, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_index(std::string_view m) {
    for (int i = 0; i < 12; ++i)
        if (m == month_names[static_cast<std::size_t>(i)]) return i;
    return -1;
}

bool read_int(std::string_view& s, int digits_min, int digits_max, int& out) {
    int n = 0, v = 0;
    while (n < static_cast<int>(s.size()) && n < digits_max && std::isdigit(static_cast<unsigned char>(s[static_cast<std::size_t>(n)]))) {
        v = v * 10 + (s[static_cast<std::size_t>(n)] - '0');
        ++n;
    }
    if (n < digits_min) return false;
    out = v;
    s.remove_prefix(static_cast<std::size_t>(n));
    return true;
}

bool expect(std::string_view& s, char c) {
    if (s.empty() || s.front() != c) return false;
    s.remove_prefix(1);
    return true;
}

bool read_time(std::string_view& s, std::tm& tm) {
    return read_int(s, 2, 2, tm.tm_hour) && expect(s, ':') && read_int(s, 2, 2, tm.tm_min) &&
           expect(s, ':') && read_int(s, 2, 2, tm.tm_sec);
}

std::optional<std::time_t> finish(std::tm& tm) {
    if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60)
        return std::nullopt;
    return timegm(&tm);
}

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

std::optional<std::time_t> parse_http_date(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    std::tm tm{};
    auto comma = s.find(',');
    if (comma == 3) {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        s.remove_prefix(4);
        if (!expect(s, ' ') || !read_int(s, 2, 2, tm.tm_mday) || !expect(s, ' ')) return std::nullopt;
        if (s.size() < 3) return std::nullopt;
        tm.tm_mon = month_index(s.substr(0, 3));
        s.remove_prefix(3);
        int year = 0;
        if (!expect(s, ' ') || !read_int(s, 4, 4, year) || !expect(s, ' ') || !read_time(s, tm)) return std::nullopt;
        tm.tm_year = year - 1900;
        if (s != " GMT") return std::nullopt;
        return finish(tm);
    }
    if (comma != std::string_view::npos && comma > 3) {
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit year: RFC 9110 §5.6.7 50-year rule)
        s.remove_prefix(comma + 1);
        int year = 0;
        if (!expect(s, ' ') || !read_int(s, 2, 2, tm.tm_mday) || !expect(s, '-')) return std::nullopt;
        if (s.size() < 3) return std::nullopt;
        tm.tm_mon = month_index(s.substr(0, 3));
        s.remove_prefix(3);
        if (!expect(s, '-') || !read_int(s, 2, 2, year) || !expect(s, ' ') || !read_time(s, tm)) return std::nullopt;
        tm.tm_year = year < 70 ? year + 100 : year;
        if (s != " GMT") return std::nullopt;
        return finish(tm);
    }
    // asctime: Sun Nov  6 08:49:37 1994
    if (s.size() < 24) return std::nullopt;
    s.remove_prefix(3);
    if (!expect(s, ' ')) return std::nullopt;
    tm.tm_mon = month_index(s.substr(0, 3));
    s.remove_prefix(3);
    if (!expect(s, ' ')) return std::nullopt;
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    int year = 0;
    if (!read_int(s, 1, 2, tm.tm_mday) || !expect(s, ' ') || !read_time(s, tm) || !expect(s, ' ') ||
        !read_int(s, 4, 4, year) || !s.empty())
        return std::nullopt;
    tm.tm_year = year - 1900;
    return finish(tm);
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
