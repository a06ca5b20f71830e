// Recording → mock config. Every distinct request (method, path, query, the fields that decide
// a conditional or range reply, and those a reply's Vary names when they tell requests apart)
// gets a script whose raw reply is the recorded bytes; the same request answered differently
// over time gets the replies as a sequence.

#include <algorithm>
#include <map>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "harness/record/upstream_location.hpp"
#include "harness/reproduce/emit_text.hpp"
#include "harness/reproduce/mock_emitter.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "protocol/wire/http_response_parser.hpp"
#include "protocol/url/url.hpp"
#include "protocol/utf8.hpp"
#include "reports/writers.hpp"

namespace replycheck::record {

namespace {

using reproduce::inline_table;

// Fields whose value changes the reply: preconditions (RFC 9110 §13.1) and ranges (§14.2).
bool deciding_field(std::string_view name) {
    using protocol::iequals;
    return (name.size() > 3 && iequals(name.substr(0, 3), "If-")) || iequals(name, "Range");
}

// A Location value pointing back at the upstream made relative: the mock's own origin is known
// only once it listens, and a client resolves a relative reference against the request's URL
// (RFC 9110 §10.2.2), which reaches the mock again. Other values are returned as they are.
std::string relative_location(std::string_view value, std::string_view origin) {
    if (auto rest = same_origin_rest(value, origin)) return rest->empty() ? "/" : std::string(*rest);
    return std::string(value);
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
    protocol::header_list deciding;     // the deciding fields, in order ("*": present, value secret)
    bool authorized = false;            // the request carried credentials
    std::vector<const http_recorded_exchange*> exchanges;
};

// A target as a person reads it: one line, bytes that are not UTF-8 text percent-encoded.
std::string shown_target(std::string_view target) { return reproduce::one_line(protocol::visible_text(target), 120); }

std::string describe(const http_recorded_exchange& x) {
    return fmt::format("{} {} ({})", x.method, shown_target(x.target), x.status);
}

using request_key = std::pair<std::string, std::string>;   // method, target

// The request fields a recorded reply's Vary names (RFC 9110 §12.5.5) whose values differ
// between the recorded requests of one method and target: the server chose its reply by them
// (Accept-Encoding: identity against gzip), so the mock must tell those requests apart too.
std::map<request_key, std::vector<std::string>> varying_fields(const http_recording& recording) {
    std::map<request_key, std::vector<const http_recorded_exchange*>> same;
    for (const auto& x : recording.exchanges) same[{x.method, x.target}].push_back(&x);
    std::map<request_key, std::vector<std::string>> out;
    for (const auto& [key, exchanges] : same) {
        std::vector<std::string> named;
        for (const auto* x : exchanges)
            for (auto& name : protocol::list_members(x->reply_headers, "Vary"))
                if (name != "*" && std::find(named.begin(), named.end(), name) == named.end()) named.push_back(std::move(name));
        for (const auto& name : named) {
            const auto value = [&](const http_recorded_exchange* x) { return protocol::find_headers(x->request_headers, name); };
            const auto first = value(exchanges.front());
            if (std::any_of(exchanges.begin(), exchanges.end(), [&](const auto* x) { return value(x) != first; }))
                out[key].push_back(name);
        }
    }
    return out;
}

std::vector<script_group> group_requests(const http_recording& recording, std::vector<std::string>& notes) {
    const auto varying = varying_fields(recording);
    std::vector<script_group> groups;
    for (const auto& x : recording.exchanges) {
        if (x.reply_too_big)
            notes.push_back(fmt::format("{}: the reply was larger than the recording keeps; the mock sends {} "
                                        "deterministic byte(s) in its place",
                                        describe(x), x.body_size));
        script_group key{x.method, x.target, {}, false, {}};
        for (const auto& h : x.request_headers) {
            if (deciding_field(h.name) && protocol::valid_utf8(h.value)) key.deciding.push_back(h);
            if (protocol::iequals(h.name, "Authorization")) key.authorized = true;
        }
        if (const auto it = varying.find({x.method, x.target}); it != varying.end()) {
            for (const auto& name : it->second) {
                const auto field = std::find_if(x.request_headers.begin(), x.request_headers.end(),
                                                [&](const auto& h) { return protocol::iequals(h.name, name); });
                if (field == x.request_headers.end()) continue;   // absent: a script without this condition answers it
                // A secret (Cookie, a token field) is never written: its presence tells apart.
                const bool shown = !secret_name(name) && protocol::valid_utf8(field->value);
                key.deciding.push_back({field->name, shown ? field->value : "*"});
            }
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
    // The first matching script answers: the most specific first (more query parameters and
    // deciding fields, with credentials), because a script without a condition answers the
    // requests with it too; and HEAD before GET, because a GET script answers HEAD too.
    const auto weight = [](const script_group& g) {
        const auto conditions = protocol::split_target(g.target).query.size() + g.deciding.size() + g.authorized;
        return 2 * conditions + (g.method == "HEAD");
    };
    std::stable_sort(groups.begin(), groups.end(),
                     [&](const script_group& a, const script_group& b) { return weight(a) > weight(b); });
    return groups;
}

// Fields the mock writes itself when it sends a body from a file: the framing of the file's
// length (RFC 9112 §6.1, §6.2) and its own connection handling (RFC 9110 §7.6.1).
bool framing_field(std::string_view name) {
    using protocol::iequals;
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection") ||
           iequals(name, "Keep-Alive");
}

// One recorded reply as the mock sends it, the text that tells replies apart (Date aside), and
// whether it added a file to the output.
struct mock_reply {
    toml::table table;
    std::string identity;
    bool file = false;
    bool raw = true;   // sent as the recorded bytes (`raw` or `raw_file`)
};

// A reply TOML can hold as text is sent as the recorded bytes (`raw`); one whose head is not
// UTF-8 (a field or reason in another charset) as the same bytes from a file under the root
// (`raw_file`). Another (binary content, or too big to keep) is sent as its status and fields
// with the content from a file (`body_file`): the recorded bytes, or a deterministic payload of
// the recorded size.
mock_reply reply_for(const http_recorded_exchange& x, std::size_t number, std::string_view origin,
                     const std::string& root, http_mock_output& out) {
    mock_reply r{inline_table(), {}};
    const auto file = fmt::format("replies/{}.bin", number);
    const auto text_field = [](const protocol::header_field& h) {
        return protocol::valid_utf8(h.name) && protocol::valid_utf8(h.value);
    };
    const bool text_head = protocol::valid_utf8(x.reason) &&
                           std::all_of(x.reply_headers.begin(), x.reply_headers.end(), text_field);
    if (!x.reply_too_big) {
        auto raw = rewrite_location(x.raw_reply, origin, "");
        if (protocol::valid_utf8(raw) || !text_head) {
            r.identity = without_date(raw);
            if (protocol::valid_utf8(raw)) {
                r.table.insert("raw", std::move(raw));
            } else {
                r.table.insert("raw_file", root + "/" + file);
                out.files.emplace_back(file, std::move(raw));
                r.file = true;
            }
            return r;
        }
    }
    r.raw = false;
    std::string content;
    if (x.reply_too_big) {
        content = reproduce::mock_payload(x.body_size);
    } else {
        protocol::http_response_parser parser(x.method);
        parser.feed(x.raw_reply);
        parser.finish();
        content = parser.record().body;
    }
    r.table.insert("status", x.status);
    std::vector<std::string> dropped;
    if (protocol::valid_utf8(x.reason)) r.table.insert("reason", x.reason);
    else dropped.push_back("its reason phrase");
    toml::array headers;
    for (const auto& h : x.reply_headers) {
        if (framing_field(h.name)) continue;
        if (!protocol::valid_utf8(h.value) || !protocol::valid_utf8(h.name)) {
            dropped.push_back(protocol::visible_text(h.name));
            continue;
        }
        const auto value = protocol::iequals(h.name, "Location") ? relative_location(h.value, origin) : h.value;
        headers.push_back(toml::array{h.name, value});
        if (!protocol::iequals(h.name, "Date")) r.identity += h.name + ": " + value + "\n";
    }
    if (!dropped.empty())
        out.notes.push_back(fmt::format("{}: {} not UTF-8 (a TOML string cannot hold it); the mock's reply leaves it out",
                                        describe(x), fmt::join(dropped, ", ")));
    if (!headers.empty()) r.table.insert("headers", std::move(headers));
    r.table.insert("body_file", root + "/" + file);
    r.identity = fmt::format("{} {}\n{}{}", x.status, x.reason, r.identity, content);
    out.files.emplace_back(file, std::move(content));
    r.file = true;
    return r;
}

// Text for a regular expression (Perl syntax) matching exactly `text`, byte for byte: its
// metacharacters escaped, bytes that are not printable ASCII written \xHH.
std::string exact_regex(std::string_view text) {
    static constexpr std::string_view meta = "\\^$.|?*+()[]{}";
    std::string out;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b >= 0x7F) out += fmt::format("\\x{:02X}", b);
        else if (meta.find(c) != std::string_view::npos) out += std::string{'\\', c};
        else out += c;
    }
    return out;
}

// Inserts the match value of request text `value` under `key`: the text itself, or, when it is
// not UTF-8 (a TOML string cannot hold it), an anchored regex for its bytes (such a regex searches).
void insert_value(toml::table& table, const std::string& key, const std::string& value) {
    if (protocol::valid_utf8(value)) {
        table.insert(key, value);
        return;
    }
    auto regex = inline_table();
    regex.insert("regex", "^" + exact_regex(value) + "$");
    table.insert(key, std::move(regex));
}

toml::table script_for(const script_group& g, const http_recording& recording, const std::string& root,
                       http_mock_output& out) {
    toml::table script;
    const auto name = fmt::format("{} {}", g.method, shown_target(g.target));
    script.insert("name", name);
    auto match = inline_table();
    match.insert("method", g.method);
    // The mock matches the percent-decoded path and query (docs/mock.md): decoded bytes that are
    // not UTF-8 (`/caf%E9.txt`) are matched by a regex over those bytes.
    const auto parts = protocol::split_target(g.target);
    if (protocol::valid_utf8(parts.path)) match.insert("path", parts.path);
    else match.insert("path_regex", exact_regex(parts.path));
    if (!parts.query.empty()) {
        auto query = inline_table();
        for (const auto& [key, value] : parts.query) {
            if (!protocol::valid_utf8(key)) {
                out.notes.push_back(fmt::format("{}: the query parameter {} is not UTF-8 (a TOML key cannot hold it); "
                                                "the script matches any value of it",
                                                name, protocol::visible_text(key)));
                continue;
            }
            // A secret's value is not written: any value answers.
            if (secret_name(key)) query.insert(key, "*");
            else insert_value(query, key, value);
        }
        if (!query.empty()) match.insert("query", std::move(query));
    }
    auto headers = inline_table();
    for (const auto& h : g.deciding) headers.insert(h.name, h.value);
    if (g.authorized) headers.insert("Authorization", "*");   // any credentials: the mock checks none
    if (!headers.empty()) match.insert("headers", std::move(headers));
    script.insert("match", std::move(match));

    // Replies that differ only in Date are one reply; others form a sequence, the last repeating.
    std::vector<mock_reply> replies;
    for (const auto* x : g.exchanges) {
        auto reply = reply_for(*x, static_cast<std::size_t>(x - recording.exchanges.data()) + 1,
                               recording.upstream_origin, root, out);
        if (replies.empty() || replies.back().identity != reply.identity) replies.push_back(std::move(reply));
        else if (reply.file) out.files.pop_back();   // the same content is already written
    }
    const bool raw = replies.back().raw;
    if (replies.size() == 1 && replies.front().table.contains("raw")) {
        script.insert("raw", *replies.front().table.get_as<std::string>("raw"));
    } else if (replies.size() == 1) {
        script.insert("reply", std::move(replies.front().table));
    } else {
        toml::array sequence;
        for (auto& reply : replies) sequence.push_back(std::move(reply.table));
        script.insert("replies", std::move(sequence));
    }
    // A raw reply closes the connection unless told otherwise; keep it open as the upstream did.
    if (raw && g.exchanges.back()->keep_alive) script.insert("keep_open", true);
    out.answered += g.exchanges.size();
    return script;
}

// The recorder takes request heads and contents the mock refuses by default (414, 431, 413,
// docs/mock.md): a recorded request must reach its script, so the limits grow to what was
// recorded, with room for the fields a replaying client adds (User-Agent, Accept).
toml::table limits_for(const http_recording& recording) {
    constexpr std::size_t room = 4096;
    const mock::http_mock_limits defaults;
    std::size_t target = 0, section = 0, body = 0;
    for (const auto& x : recording.exchanges) {
        target = std::max(target, x.target.size());
        std::size_t bytes = 2;   // the empty line
        for (const auto& [name, value] : x.request_headers) bytes += name.size() + value.size() + 4;
        section = std::max(section, bytes);
        body = std::max(body, x.request_body.size());
    }
    toml::table limits;
    if (target > defaults.max_target) limits.insert("max_target", static_cast<std::int64_t>(target + room));
    if (section + room > defaults.max_header_section)
        limits.insert("max_header_section", static_cast<std::int64_t>(section + room));
    if (body > defaults.max_body) limits.insert("max_body", static_cast<std::int64_t>(body));
    return limits;
}

}  // namespace

http_mock_output http_mock(const http_recording& recorded, const std::string& root, const std::string& file_name) {
    const auto recording = without_secrets(recorded);
    http_mock_output out;
    toml::array scripts;
    for (const auto& g : group_requests(recording, out.notes)) scripts.push_back(script_for(g, recording, root, out));
    toml::table http;
    http.insert("listen", "127.0.0.1:0");
    http.insert("root", root);
    if (!scripts.empty()) http.insert("script", std::move(scripts));
    if (auto limits = limits_for(recorded); !limits.empty()) http.insert("limits", std::move(limits));
    toml::table mock;
    mock.insert("http", std::move(http));
    toml::table top;
    top.insert("mock", std::move(mock));

    std::ostringstream text;
    text << reproduce::comment("Mock config written by `replycheck record --emit-mock` from " +
                               std::to_string(recording.exchanges.size()) + " exchange(s) with " +
                               recording.upstream_origin + ": each request is answered with the recorded reply.");
    text << reproduce::comment("Start it: replycheck mock " + file_name + "  (prints `http 127.0.0.1:PORT`)");
    text << reproduce::comment("then run the recorded scenarios against it with --var http=http://127.0.0.1:PORT.");
    if (!out.files.empty())
        text << reproduce::comment("Replies that are not UTF-8 text send their recorded bytes from " + root +
                                   "/replies/ (raw_file), those too big to keep a payload of their size (body_file).");
    for (const auto& note : recording.notes) text << reproduce::comment("note: " + note);
    for (const auto& note : out.notes) text << reproduce::comment("note: " + note);
    text << '\n' << reproduce::toml_text(top) << '\n';
    out.config = text.str();
    return out;
}

std::size_t write_http_mock(const std::filesystem::path& file, const http_recording& recording,
                            std::vector<std::string>* notes) {
    const auto root = file.stem().string() + "-root";
    const auto folder = file.parent_path() / root;
    auto mock = http_mock(recording, root, file.filename().string());
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (!ec && !mock.files.empty()) std::filesystem::create_directories(folder / "replies", ec);
    if (ec) throw std::system_error(ec, "cannot create the mock root " + folder.string());
    // The files first: the config names them, and a mock refuses a body_file that is not there.
    for (const auto& [name, content] : mock.files) reports::write_file_atomically(folder / name, content);
    reports::write_file_atomically(file, mock.config);
    if (notes) *notes = std::move(mock.notes);
    return mock.answered;
}

}  // namespace replycheck::record
