#include "protocol/wire/ftp_time.hpp"

#include <cstdio>

namespace replycheck::protocol {

using namespace std::chrono;

parse_result<sys_time<milliseconds>> parse_mdtm(std::string_view text) {
    // RFC 3659 §2.3: time-val = 14DIGIT [ "." 1*DIGIT ], always UTC.
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    if (text.starts_with("213 ")) text.remove_prefix(4);
    using result = parse_result<sys_time<milliseconds>>;
    if (text.size() < 14) return result::failure("time-val shorter than 14 digits");
    int f[6] = {};
    const int widths[6] = {4, 2, 2, 2, 2, 2};
    std::size_t pos = 0;
    for (int i = 0; i < 6; ++i) {
        int v = 0;
        for (int k = 0; k < widths[i]; ++k, ++pos) {
            char c = text[pos];
            if (c < '0' || c > '9') return result::failure("non-digit in time-val");
            v = v * 10 + (c - '0');
        }
        f[i] = v;
    }
    int millis = 0;
    std::vector<std::string> warnings;
    if (pos < text.size()) {
        if (text[pos] != '.') return result::failure("unexpected text after the 14 digits");
        ++pos;
        if (pos == text.size()) return result::failure("no digits after '.'");
        int scale = 100;
        for (; pos < text.size(); ++pos) {
            char c = text[pos];
            if (c < '0' || c > '9') return result::failure("non-digit in the fraction");
            millis += (c - '0') * scale;
            scale /= 10;
        }
    }
    year_month_day ymd{year{f[0]}, month{unsigned(f[1])}, day{unsigned(f[2])}};
    if (!ymd.ok() || f[3] > 23 || f[4] > 59 || f[5] > 60) return result::failure("date or time out of range");
    if (f[0] < 1970) warnings.push_back("year before 1970");
    auto t = sys_days{ymd} + hours{f[3]} + minutes{f[4]} + seconds{f[5] > 59 ? 59 : f[5]} + milliseconds{millis};
    return result::success(t, warnings);
}

std::string format_mdtm(sys_seconds time) {
    auto d = floor<days>(time);
    year_month_day ymd{d};
    hh_mm_ss hms{time - d};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02u%02u%02d%02d%02d", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
    return buffer;
}

}  // namespace replycheck::protocol
