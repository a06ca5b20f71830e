// GET and DELETE /journal/http and /journal/ftp: the journal's entries, filtered by the query,
// in the journal's own JSON form (credentials masked), each with its sequence number.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "mockserver/admin/admin_routes.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock.hpp"
#include "protocol/url/url.hpp"
#include "protocol/exchange.hpp"

namespace replycheck::mock {

namespace json = boost::json;
// Microseconds: a time far in the future (year 2999) does not overflow as nanoseconds would.
using since_time = std::chrono::sys_time<std::chrono::microseconds>;

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
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

// An ISO 8601 / RFC 3339 date-time: "2026-01-01T08:49:37[.123][Z|+01:00]" (no zone: UTC).
// A "+" decoded from a query string is a space; a space there is read as "+".
std::optional<since_time> parse_time(std::string_view text) {
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
    std::chrono::microseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::int64_t scale = 100000;
        const auto start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += std::chrono::microseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    std::chrono::minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size()) {
        const int sign = text[pos] == '-' ? -1 : 1;
        if (!expect(text, pos, "+- ")) return std::nullopt;
        auto oh = digits(text, pos, 2);
        if (!oh || !expect(text, pos, ":")) return std::nullopt;
        auto om = digits(text, pos, 2);
        if (!om) return std::nullopt;
        offset = std::chrono::minutes(sign * (*oh * 60 + *om));
    }
    if (pos != text.size()) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(*second) + fraction - offset;
}

// since=N (entries recorded after sequence number N) or since=TIME (entries at or after TIME).
using since_filter = std::variant<std::monostate, std::uint64_t, since_time>;

template <class Entry>
bool after(const since_filter& since, const Entry& entry) {
    if (auto* seq = std::get_if<std::uint64_t>(&since)) return entry.seq > *seq;
    if (auto* time = std::get_if<since_time>(&since))
        return std::chrono::time_point_cast<std::chrono::microseconds>(entry.time) >= *time;
    return true;
}

// The path of a request-target without its query (absolute-form reduced to origin-form).
std::string_view target_path(std::string_view target) {
    auto path = protocol::origin_form(target);
    return path.substr(0, path.find('?'));
}

// path=/a exact, path=/a/* a prefix.
bool path_matches(std::string_view pattern, std::string_view path) {
    if (!pattern.empty() && pattern.back() == '*') return path.starts_with(pattern.substr(0, pattern.size() - 1));
    return path == pattern;
}

// The entries in the journal's JSON form: a journal of their own renders them (their credentials
// were masked when the mock recorded them), then each gets its sequence number.
template <class Journal, class Entry>
json::value entries_json(const std::vector<Entry>& entries) {
    Journal selected(entries.size());
    for (const auto& entry : entries) selected.record(entry);
    auto array = selected.to_json();
    auto& items = array.as_array();
    for (std::size_t i = 0; i < items.size() && i < entries.size(); ++i) items[i].as_object()["seq"] = entries[i].seq;
    return array;
}

template <class Entry>
std::uint64_t last_seq(const std::vector<Entry>& all, const since_filter& since) {
    std::uint64_t last = all.empty() ? 0 : all.back().seq;
    if (auto* seq = std::get_if<std::uint64_t>(&since)) last = std::max(last, *seq);
    return last;
}

admin_reply query(const admin_request& request, const http_mock& mock, const since_filter& since) {
    for (const auto& [key, value] : request.params)
        if (key != "method" && key != "path" && key != "since")
            return admin_error(400, "unknown parameter '" + key + "' (expected method, path, since)");
    const auto method = request.param("method");
    const auto path = request.param("path");
    const auto all = mock.journal().snapshot();
    std::vector<http_journal_entry> selected;
    for (const auto& entry : all) {
        if (!after(since, entry)) continue;
        if (method && !protocol::iequals(entry.method, *method)) continue;
        if (path && !path_matches(*path, target_path(entry.target))) continue;
        selected.push_back(entry);
    }
    return {200, json::object{{"entries", entries_json<http_journal>(selected)}, {"last_seq", last_seq(all, since)}}, {}, {}};
}

admin_reply query(const admin_request& request, const ftp_mock& mock, const since_filter& since) {
    for (const auto& [key, value] : request.params)
        if (key != "session" && key != "command" && key != "since")
            return admin_error(400, "unknown parameter '" + key + "' (expected session, command, since)");
    const auto command = request.param("command");
    std::optional<std::uint64_t> session;
    if (auto text = request.param("session")) {
        session = number(*text);
        if (!session) return admin_error(400, "session=" + *text + ": expected a session number");
    }
    const auto all = mock.journal().snapshot();
    std::vector<ftp_journal_entry> selected;
    for (const auto& entry : all) {
        if (!after(since, entry)) continue;
        if (session && entry.session_id != *session) continue;
        if (command && !protocol::iequals(entry.command, *command)) continue;
        selected.push_back(entry);
    }
    return {200, json::object{{"entries", entries_json<ftp_journal>(selected)}, {"last_seq", last_seq(all, since)}}, {}, {}};
}

}  // namespace

admin_reply journal_endpoint(const admin_request& request, const admin_targets& targets) {
    const bool http = request.segments[1] == "http";
    if (request.method == "DELETE") {
        if (http) targets.http->journal().clear();
        else targets.ftp->journal().clear();
        return {204, nullptr, {}, {}};
    }
    since_filter since;
    if (auto text = request.param("since")) {
        if (auto seq = number(*text)) since = *seq;
        else if (auto time = parse_time(*text)) since = *time;
        else return admin_error(400, "since=" + *text + ": expected a sequence number or an ISO 8601 time");
    }
    return http ? query(request, *targets.http, since) : query(request, *targets.ftp, since);
}

}  // namespace replycheck::mock
