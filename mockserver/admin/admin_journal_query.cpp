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
#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock.hpp"
#include "protocol/url/url.hpp"
#include "protocol/exchange.hpp"
#include "protocol/iso8601.hpp"

namespace replycheck::mock {

namespace json = boost::json;
using since_time = protocol::iso8601_time;

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
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

// The path of a request-target without its query (absolute-form reduced to origin-form),
// percent-decoded as scripts match it; a path that does not decode is compared as sent.
std::string target_path(std::string_view target) {
    auto path = protocol::origin_form(target);
    path = path.substr(0, path.find('?'));
    std::string decoded;
    return detail::percent_decode(path, decoded) ? decoded : std::string(path);
}

// path=/a exact, path=/a/* a prefix.
bool path_matches(std::string_view pattern, std::string_view path) {
    if (!pattern.empty() && pattern.back() == '*') return path.starts_with(pattern.substr(0, pattern.size() - 1));
    return path == pattern;
}

// The entries in the journal's own JSON form (snapshots hold them with credentials masked), each
// with its sequence number.
template <class Entry>
json::array entries_json(const std::vector<Entry>& entries) {
    json::array array;
    array.reserve(entries.size());
    for (const auto& entry : entries) {
        auto object = to_json(entry);
        object["seq"] = entry.seq;
        array.push_back(std::move(object));
    }
    return array;
}

template <class Entry>
std::uint64_t last_seq(const std::vector<Entry>& all, const since_filter& since) {
    std::uint64_t last = all.empty() ? 0 : all.back().seq;
    if (auto* seq = std::get_if<std::uint64_t>(&since)) last = std::max(last, *seq);
    return last;
}

admin_reply query(const admin_request& request, const http_mock& mock, const since_filter& since) {
    if (auto refused = refuse_unknown_params(request, {"method", "path", "since"})) return *refused;
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
    return {200, json::object{{"entries", entries_json(selected)}, {"last_seq", last_seq(all, since)}}, {}, {}};
}

admin_reply query(const admin_request& request, const ftp_mock& mock, const since_filter& since) {
    if (auto refused = refuse_unknown_params(request, {"session", "command", "since"})) return *refused;
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
    return {200, json::object{{"entries", entries_json(selected)}, {"last_seq", last_seq(all, since)}}, {}, {}};
}

}  // namespace

admin_reply journal_endpoint(const admin_request& request, const admin_targets& targets) {
    const bool http = request.segments[1] == "http";
    if (request.method == "DELETE") {
        if (auto refused = refuse_unknown_params(request, {})) return *refused;
        if (http) targets.http->journal().clear();
        else targets.ftp->journal().clear();
        return {204, nullptr, {}, {}};
    }
    since_filter since;
    if (auto text = request.param("since")) {
        if (auto seq = number(*text)) since = *seq;
        else if (auto time = protocol::parse_iso8601(*text)) since = *time;
        else return admin_error(400, "since=" + *text + ": expected a sequence number or an ISO 8601 time");
    }
    return http ? query(request, *targets.http, since) : query(request, *targets.ftp, since);
}

}  // namespace replycheck::mock
