// Recording → mock config. Every distinct request (method, path, query, and the fields that
// decide a conditional or range reply) gets a script whose raw reply is the recorded bytes; the
// same request answered differently over time gets the replies as a sequence.

#include <algorithm>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "harness/reproduce/emit_text.hpp"
#include "protocol/url/url.hpp"
#include "reports/writers.hpp"

namespace replycheck::record {

namespace {

using reproduce::inline_table;

// Fields whose value changes the reply: preconditions (RFC 9110 §13.1) and ranges (§14.2).
bool deciding_field(std::string_view name) {
    using protocol::iequals;
    return (name.size() > 3 && iequals(name.substr(0, 3), "If-")) || iequals(name, "Range");
}

// The reply with a Location pointing back at the upstream made relative: the mock's own
// origin is known only once it listens, and a client resolves a relative reference against
// the request's URL (RFC 9110 §10.2.2), which reaches the mock again. Content is unchanged.
std::string rewrite_location(const std::string& raw, std::string_view origin) {
    const auto head_end = raw.find("\r\n\r\n");
    std::size_t pos = 0;
    while (pos < raw.size() && (head_end == std::string::npos || pos < head_end)) {
        auto eol = raw.find('\n', pos);
        if (eol == std::string::npos) break;
        std::string_view line(raw.data() + pos, eol - pos);
        constexpr std::string_view name = "Location:";
        if (line.size() > name.size() && protocol::iequals(line.substr(0, name.size()), name)) {
            auto value_at = pos + name.size();
            while (value_at < eol && (raw[value_at] == ' ' || raw[value_at] == '\t')) ++value_at;
            std::string_view value(raw.data() + value_at, eol - value_at);
            if (value.size() >= origin.size() && protocol::iequals(value.substr(0, origin.size()), origin)) {
                const char next = value.size() > origin.size() ? value[origin.size()] : '\r';
                if (next == '/' || next == '?' || next == '#')
                    return raw.substr(0, value_at) + raw.substr(value_at + origin.size());
                if (next == '\r') return raw.substr(0, value_at) + "/" + raw.substr(value_at + origin.size());
            }
        }
        pos = eol + 1;
    }
    return raw;
}

// The reply without its Date field, to tell a changed reply from one sent at another second.
std::string without_date(const std::string& raw) {
    std::string out;
    std::size_t pos = 0;
    const auto head_end = raw.find("\r\n\r\n");
    while (pos < raw.size()) {
        auto eol = raw.find('\n', pos);
        if (eol == std::string::npos || (head_end != std::string::npos && pos > head_end)) {
            out += raw.substr(pos);
            break;
        }
        std::string_view line(raw.data() + pos, eol + 1 - pos);
        if (!(line.size() > 5 && protocol::iequals(line.substr(0, 5), "Date:"))) out += line;
        pos = eol + 1;
    }
    return out;
}

struct script_group {
    std::string method;
    std::string target;
    protocol::header_list deciding;     // the deciding fields, in order
    bool authorized = false;            // the request carried credentials
    std::vector<const http_recorded_exchange*> exchanges;
};

std::string describe(const http_recorded_exchange& x) {
    return fmt::format("{} {} ({})", x.method, reproduce::one_line(x.target, 120), x.status);
}

std::vector<script_group> group_requests(const http_recording& recording, std::vector<std::string>& notes) {
    std::vector<script_group> groups;
    for (const auto& x : recording.exchanges) {
        if (x.reply_too_big) {
            notes.push_back(describe(x) + ": the reply was larger than the recording keeps; not answered");
            continue;
        }
        if (!reproduce::valid_utf8(x.raw_reply) || !reproduce::valid_utf8(x.target)) {
            notes.push_back(describe(x) + ": not UTF-8 text, which a TOML string cannot hold; not answered");
            continue;
        }
        script_group key{x.method, x.target, {}, false, {}};
        for (const auto& h : x.request_headers) {
            if (deciding_field(h.name) && reproduce::valid_utf8(h.value)) key.deciding.push_back(h);
            if (protocol::iequals(h.name, "Authorization")) key.authorized = true;
        }
        auto same = [&](const script_group& g) {
            return g.method == key.method && g.target == key.target && g.authorized == key.authorized &&
                   std::equal(g.deciding.begin(), g.deciding.end(), key.deciding.begin(), key.deciding.end(),
                              [](const auto& a, const auto& b) { return protocol::iequals(a.name, b.name) && a.value == b.value; });
        };
        auto it = std::find_if(groups.begin(), groups.end(), same);
        if (it == groups.end()) it = groups.insert(groups.end(), std::move(key));
        it->exchanges.push_back(&x);
    }
    // The first matching script answers: the most specific first (more deciding fields, with
    // credentials), and HEAD before GET, because a GET script answers HEAD too.
    std::stable_sort(groups.begin(), groups.end(), [](const script_group& a, const script_group& b) {
        const auto weight = [](const script_group& g) { return 2 * (g.deciding.size() + g.authorized) + (g.method == "HEAD"); };
        return weight(a) > weight(b);
    });
    return groups;
}

toml::table script_for(const script_group& g, std::string_view origin) {
    toml::table script;
    script.insert("name", fmt::format("{} {}", g.method, reproduce::one_line(g.target, 120)));
    auto match = inline_table();
    match.insert("method", g.method);
    const auto parts = protocol::split_target(g.target);
    match.insert("path", parts.path);
    if (!parts.query.empty()) {
        auto query = inline_table();
        for (const auto& [name, value] : parts.query) query.insert(name, value);
        match.insert("query", std::move(query));
    }
    auto headers = inline_table();
    for (const auto& h : g.deciding) headers.insert(h.name, h.value);
    if (g.authorized) headers.insert("Authorization", "*");   // any credentials: the mock checks none
    if (!headers.empty()) match.insert("headers", std::move(headers));
    script.insert("match", std::move(match));

    // Replies that differ only in Date are one reply; others form a sequence, the last repeating.
    std::vector<std::string> replies;
    for (const auto* x : g.exchanges) {
        auto raw = rewrite_location(x->raw_reply, origin);
        if (replies.empty() || without_date(replies.back()) != without_date(raw)) replies.push_back(std::move(raw));
    }
    if (replies.size() == 1) {
        script.insert("raw", replies.front());
    } else {
        toml::array sequence;
        for (auto& raw : replies) {
            auto reply = inline_table();
            reply.insert("raw", std::move(raw));
            sequence.push_back(std::move(reply));
        }
        script.insert("replies", std::move(sequence));
    }
    // A raw reply closes the connection unless told otherwise; keep it open as the upstream did.
    if (g.exchanges.back()->keep_alive) script.insert("keep_open", true);
    return script;
}

}  // namespace

std::string http_mock_text(const http_recording& recording, const std::string& root, const std::string& file_name) {
    std::vector<std::string> notes = recording.notes;
    toml::array scripts;
    for (const auto& g : group_requests(recording, notes)) scripts.push_back(script_for(g, recording.upstream_origin));
    toml::table http;
    http.insert("listen", "127.0.0.1:0");
    http.insert("root", root);
    if (!scripts.empty()) http.insert("script", std::move(scripts));
    toml::table mock;
    mock.insert("http", std::move(http));
    toml::table top;
    top.insert("mock", std::move(mock));

    std::ostringstream out;
    out << reproduce::comment("Mock config written by `replycheck record --emit-mock` from " +
                              std::to_string(recording.exchanges.size()) + " exchange(s) with " +
                              recording.upstream_origin + ": each request is answered with the recorded reply.");
    out << reproduce::comment("Start it: replycheck mock " + file_name + "  (prints `http 127.0.0.1:PORT`)");
    out << reproduce::comment("then run the recorded scenarios against it with --var http=http://127.0.0.1:PORT.");
    for (const auto& note : notes) out << reproduce::comment("note: " + note);
    out << '\n' << toml::toml_formatter{top} << '\n';
    return out.str();
}

void write_http_mock(const std::filesystem::path& file, const http_recording& recording) {
    const auto root = file.stem().string() + "-root";
    const auto folder = file.parent_path() / root;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw std::system_error(ec, "cannot create the mock root " + folder.string());
    reports::write_file_atomically(file, http_mock_text(recording, root, file.filename().string()));
}

}  // namespace replycheck::record
