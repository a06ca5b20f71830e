#include "protocol/iso8601.hpp"

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

}  // namespace

std::string iso8601_utc(system_clock::time_point time) {
    return format_utc(floor<seconds>(time), false);
}

std::string iso8601_utc_millis(system_clock::time_point time) {
    return format_utc(floor<milliseconds>(time), true);
}

}  // namespace replycheck::protocol
