#include "protocol/wire/http_date.hpp"

#include <algorithm>
#include <array>

#include "protocol/wire/ows.hpp"

namespace replycheck::protocol {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> short_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_days{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

int month_index(std::string_view s) {
    for (std::size_t i = 0; i < months.size(); ++i)
        if (months[i] == s) return int(i) + 1;
    return 0;
}

int day_index(std::string_view s, const std::array<std::string_view, 7>& names) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == s) return int(i);
    return -1;
}

parse_result<sys_seconds> build(int y, int mo, int d, int h, int mi, int s, int wday, std::vector<std::string> warnings) {
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60)
        return parse_result<sys_seconds>::failure("date or time field out of range");
    year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok()) return parse_result<sys_seconds>::failure("no such calendar date");
    sys_days days{ymd};
    if (wday >= 0 && weekday{days}.c_encoding() != unsigned(wday))
        warnings.push_back("day name does not match the date");
    auto t = days + hours{h} + minutes{mi} + seconds{s > 59 ? 59 : s};
    return parse_result<sys_seconds>::success(t, std::move(warnings));
}

}  // namespace

parse_result<sys_seconds> parse_http_date(std::string_view text) {
    // RFC 9110 §5.6.7: recipients accept IMF-fixdate and the obsolete rfc850-date and asctime-date.
    text = trim_ows(text);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (text.size() == 29 && text[3] == ',' && text[4] == ' ') {
        int wd = day_index(text.substr(0, 3), short_days);
        if (wd < 0) return parse_result<sys_seconds>::failure("unknown day name");
        mo = month_index(text.substr(8, 3));
        if (!digits(text, 5, 2, d) || text[7] != ' ' || mo == 0 || text[11] != ' ' || !digits(text, 12, 4, y) ||
            text[16] != ' ' || !digits(text, 17, 2, h) || text[19] != ':' || !digits(text, 20, 2, mi) ||
            text[22] != ':' || !digits(text, 23, 2, s) || text.substr(25) != " GMT")
            return parse_result<sys_seconds>::failure("malformed IMF-fixdate");
        return build(y, mo, d, h, mi, s, wd, {});
    }
    // rfc850-date: "Sunday, 06-Nov-94 08:49:37 GMT"
    auto comma = text.find(',');
    if (comma != std::string_view::npos && comma > 3) {
        int wd = day_index(text.substr(0, comma), long_days);
        auto rest = text.substr(comma + 1);
        if (wd < 0) return parse_result<sys_seconds>::failure("unknown day name");
        if (rest.size() != 23 || rest[0] != ' ' || !digits(rest, 1, 2, d) || rest[3] != '-' ||
            (mo = month_index(rest.substr(4, 3))) == 0 || rest[7] != '-' || !digits(rest, 8, 2, y) ||
            rest[10] != ' ' || !digits(rest, 11, 2, h) || rest[13] != ':' || !digits(rest, 14, 2, mi) ||
            rest[16] != ':' || !digits(rest, 17, 2, s) || rest.substr(19) != " GMT")
            return parse_result<sys_seconds>::failure("malformed rfc850-date");
        // A two-digit year more than 50 years in the future means the most recent past year
        // with those digits (RFC 9110 §5.6.7).
        auto now_year = int(year_month_day{floor<days>(system_clock::now())}.year());
        int full = (now_year / 100) * 100 + y;
        if (full > now_year + 50) full -= 100;
        return build(full, mo, d, h, mi, s, wd, {"obsolete rfc850-date format"});
    }
    // asctime-date: "Sun Nov  6 08:49:37 1994"
    if (text.size() == 24 && text[3] == ' ' && text[7] == ' ') {
        int wd = day_index(text.substr(0, 3), short_days);
        mo = month_index(text.substr(4, 3));
        if (wd < 0 || mo == 0) return parse_result<sys_seconds>::failure("malformed asctime-date");
        if (text[8] == ' ') {
            if (!digits(text, 9, 1, d)) return parse_result<sys_seconds>::failure("malformed asctime-date");
        } else if (!digits(text, 8, 2, d)) {
            return parse_result<sys_seconds>::failure("malformed asctime-date");
        }
        if (text[10] != ' ' || !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) ||
            text[16] != ':' || !digits(text, 17, 2, s) || text[19] != ' ' || !digits(text, 20, 4, y))
            return parse_result<sys_seconds>::failure("malformed asctime-date");
        return build(y, mo, d, h, mi, s, wd, {"obsolete asctime-date format"});
    }
    return parse_result<sys_seconds>::failure("not an HTTP-date");
}

bool is_imf_fixdate(std::string_view text) {
    // The obsolete forms and a day name that disagrees parse with a warning; surrounding
    // whitespace is not part of the value.
    const auto parsed = parse_http_date(text);
    return text.size() == imf_fixdate_length && parsed && parsed.warnings.empty();
}

void format_http_date(sys_seconds time, std::span<char, imf_fixdate_length> out) noexcept {
    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT   (RFC 9110 §5.6.7)
    const auto day_start = floor<days>(time);
    const year_month_day date{day_start};
    const hh_mm_ss clock{time - day_start};
    char* p = out.data();
    auto put = [&p](std::string_view text) { p = std::copy(text.begin(), text.end(), p); };
    auto put_digits = [&p](long value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = static_cast<char>('0' + value % 10);
        p += width;
    };
    put(short_days[weekday{day_start}.c_encoding()]);
    put(", ");
    put_digits(unsigned(date.day()), 2);
    put(" ");
    put(months[unsigned(date.month()) - 1]);
    put(" ");
    put_digits((int(date.year()) % 10000 + 10000) % 10000, 4);
    put(" ");
    put_digits(clock.hours().count(), 2);
    put(":");
    put_digits(clock.minutes().count(), 2);
    put(":");
    put_digits(clock.seconds().count(), 2);
    put(" GMT");
}

std::string format_http_date(sys_seconds time) {
    std::string out(imf_fixdate_length, ' ');
    format_http_date(time, std::span<char, imf_fixdate_length>(out.data(), imf_fixdate_length));
    return out;
}

}  // namespace replycheck::protocol
