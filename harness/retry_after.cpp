#include "harness/retry_after.hpp"

#include <charconv>

#include "protocol/wire/http_date.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::harness {

std::optional<std::chrono::milliseconds> retry_after_delay(std::string_view field,
                                                           std::chrono::system_clock::time_point now) {
    field = protocol::trim_ows(field);
    if (field.empty()) return std::nullopt;
    if (field.front() >= '0' && field.front() <= '9') {
        // delay-seconds = 1*DIGIT; a huge value is as good as "a day" for a test run.
        std::uint64_t seconds = 0;
        auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), seconds);
        if (end != field.data() + field.size()) return std::nullopt;
        if (ec == std::errc::result_out_of_range || seconds > 86400) seconds = 86400;
        return std::chrono::seconds(seconds);
    }
    auto date = protocol::parse_http_date(field);
    if (!date) return std::nullopt;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*date - now);
    return wait.count() > 0 ? wait : std::chrono::milliseconds(0);
}

}  // namespace replycheck::harness
