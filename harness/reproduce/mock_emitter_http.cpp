// [mock.http] of an emitted mock: one or more scripts per HTTP case of the plan, answering the
// request the reproduce scenario sends with the logged status, and with the fields the
// conformance rules require of that status.

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include <boost/url/parse.hpp>

#include "harness/reproduce/mock_emitter_parts.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "protocol/wire/content_range.hpp"
#include "protocol/wire/http_date.hpp"

namespace replycheck::reproduce::detail {

namespace {

constexpr std::uint64_t default_size = 1024;   // body size when the log gives none
constexpr std::uint64_t small_body = 256;       // body size once the budget is spent
constexpr std::string_view challenge = "Basic realm=\"replycheck mock\"";
constexpr std::string_view safe_allow = "GET, HEAD, OPTIONS";

// One script and whether it asks for a request header (such scripts go first, so that the
// plain request of the same target falls through to the unconditioned script).
struct emitted_script {
    bool conditioned = false;
    std::string key;           // method + target: two unconditioned scripts with one key collide
    std::string code;          // as logged, for the collision note
    toml::table table;
};

// "bytes=a-b", "bytes=a-", "bytes=-n" (one range, RFC 9110 §14.1.2).
struct byte_range {
    std::optional<std::uint64_t> first, last, suffix;
};

std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::optional<byte_range> parse_range(std::string_view header) {
    constexpr std::string_view unit = "bytes=";
    if (!header.starts_with(unit)) return std::nullopt;
    header.remove_prefix(unit.size());
    auto dash = header.find('-');
    if (dash == std::string_view::npos || header.find(',') != std::string_view::npos) return std::nullopt;
    byte_range r;
    auto head = header.substr(0, dash), tail = header.substr(dash + 1);
    if (head.empty()) {
        r.suffix = number(tail);
        if (!r.suffix || *r.suffix == 0) return std::nullopt;
        return r;
    }
    r.first = number(head);
    if (!r.first) return std::nullopt;
    if (!tail.empty()) {
        r.last = number(tail);
        if (!r.last || *r.last < *r.first) return std::nullopt;
    }
    return r;
}

std::uint64_t logged_size(const http_case& c, const emit_mock_options& options) {
    return std::min<std::uint64_t>(c.bytes.value_or(default_size), options.max_body);
}

toml::table match_of(const http_case& c, std::string_view method) {
    toml::table match;
    match.is_inline(true);   // match = { ... } on the script's own line
    match.insert("method", std::string(method));
    // The scenario sends url_safe_target(target); the mock compares its percent-decoded path and
    // decoded query values (docs/mock.md), so the same decoding is done here.
    const auto sent = url_safe_target(c.target);
    auto parsed = boost::urls::parse_origin_form(sent);
    if (!parsed) {
        match.insert("path", sent);
        return match;
    }
    match.insert("path", std::string(parsed->path()));
    if (parsed->has_query()) {
        toml::table query;
        for (auto param : parsed->params()) query.insert(param.key, param.has_value ? param.value : std::string("*"));
        if (!query.empty()) match.insert("query", std::move(query));
    }
    return match;
}

// status = 404 or status = "500.19" (the mock's IIS substatus form).
void put_status(toml::table& reply, int status, std::optional<int> substatus) {
    if (substatus && *substatus > 0)
        reply.insert("status", std::to_string(status) + "." + std::to_string(*substatus));
    else
        reply.insert("status", status);
}

// headers = [["Name", "value"], ...]: the mock keeps their order. (Built item by item: a
// toml::array braced around one array would copy it instead of nesting it.)
toml::array field_list(std::initializer_list<std::pair<std::string, std::string>> fields) {
    toml::array out;
    for (const auto& [name, value] : fields) {
        toml::array pair;
        pair.push_back(name);
        pair.push_back(value);
        out.push_back(std::move(pair));
    }
    return out;
}

// ETag and Last-Modified of a target: the same in every 200 of that target, so a conditional
// GET after any of them gets its 304 (RFC 9110 §8.8.3, §13.1.2). FNV-1a keeps the tag stable.
toml::array validators_of(std::string_view target) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char ch : target) hash = (hash ^ ch) * 1099511628211ULL;
    char tag[24];
    std::snprintf(tag, sizeof tag, "\"rc-%016llx\"", static_cast<unsigned long long>(hash));
    // A fixed modification time: the file was "last modified" on 2025-01-01.
    const auto modified = std::chrono::sys_days{std::chrono::year{2025} / 1 / 1};
    return field_list({{"ETag", tag}, {"Last-Modified", protocol::format_http_date(std::chrono::sys_seconds{modified})}});
}

// Fields a status needs to be conformant: a challenge on 401 (RFC 9110 §11.6.1), Allow on 405
// (§15.5.6), Location on a redirect (§15.4), Content-Range on 416 (§15.5.17).
toml::array fields_for(int status, std::uint64_t size) {
    toml::array headers;
    auto add = [&](std::string_view name, std::string value) {
        toml::array pair;
        pair.push_back(std::string(name));
        pair.push_back(std::move(value));
        headers.push_back(std::move(pair));
    };
    if (status == 401) add("WWW-Authenticate", std::string(challenge));
    if (status == 405) add("Allow", std::string(safe_allow));
    if (status >= 300 && status < 400 && status != 304) add("Location", "/");
    if (status == 416) {
        protocol::content_range range;
        range.unsatisfied = true;
        range.complete_length = size;
        add("Content-Range", protocol::format_content_range(range));
    }
    return headers;
}

bool carries_content(int status) { return status >= 200 && status != 204 && status != 304; }

class http_emitter {
public:
    http_emitter(const emit_mock_options& options) : options_(options) {}

    void add(const http_case& c) {
        switch (c.how) {
        case provocation::conditional: conditional(c); break;
        case provocation::range: range(c); break;
        case provocation::range_past_end: range_past_end(c); break;
        case provocation::if_match_mismatch: if_match(c); break;
        default: plain(c); break;
        }
    }

    std::vector<emitted_script>& scripts() { return scripts_; }

private:
    toml::table script(const http_case& c, std::string_view method, std::string_view suffix) const {
        toml::table t;
        t.insert("name", c.name + std::string(suffix));
        t.insert("match", match_of(c, method));
        return t;
    }

    void push(const http_case& c, toml::table t, bool conditioned, std::string_view method,
              std::optional<std::string> code = std::nullopt) {
        scripts_.push_back({conditioned, std::string(method) + " " + c.target, code.value_or(code_of(c)), std::move(t)});
    }

    static std::string code_of(const http_case& c) {
        return std::to_string(c.status) + (c.substatus && *c.substatus > 0 ? "." + std::to_string(*c.substatus) : "");
    }

    // The logged status for the logged method and target, whatever the request carries.
    void plain(const http_case& c) {
        const auto size = afford(logged_size(c, options_));
        toml::table reply;
        put_status(reply, c.status, c.substatus);
        auto headers = fields_for(c.status, size);
        if (c.status == 206) {
            // Logged 206 replayed without a Range the plan knows: the whole body as one range.
            protocol::content_range whole;
            whole.first = 0;
            whole.last = size == 0 ? 0 : size - 1;
            whole.complete_length = size == 0 ? 1 : size;
            headers.push_back(field_list({{"Content-Range", protocol::format_content_range(whole)}})[0]);
            reply.insert("body", mock_payload(whole.length()));
        } else if (c.status < 300 && carries_content(c.status) && c.method != "OPTIONS") {
            reply.insert("body", mock_payload(size));
            // The validators a conditional case of the same target asks for (one per target).
            for (auto&& field : validators_of(c.target)) headers.push_back(field);
        }
        if (c.method == "OPTIONS" && c.status < 300) headers.push_back(field_list({{"Allow", std::string(safe_allow)}})[0]);
        if (!headers.empty()) reply.insert("headers", std::move(headers));
        auto t = script(c, c.method, "");
        t.insert("reply", std::move(reply));
        // Replayed with the logged user's credential: answer requests carrying one, so the same
        // path without credentials can still get its own logged answer (often a 401).
        const bool with_credential = c.how == provocation::with_credential;
        if (with_credential) {
            toml::table headers_match;
            headers_match.insert("Authorization", "*");
            t["match"].as_table()->insert("headers", std::move(headers_match));
        }
        push(c, std::move(t), with_credential, c.method);
    }

    // 304 (RFC 9110 §13.1.2, §15.4.5): the unconditional GET gets 200 with validators, the
    // conditional one (If-None-Match with that ETag, or If-Modified-Since) 304 with the same ETag.
    void conditional(const http_case& c) {
        auto validators = [&] { return validators_of(c.target); };
        for (std::string_view header : {"If-None-Match", "If-Modified-Since"}) {
            auto t = script(c, "GET", header == "If-None-Match" ? " (If-None-Match)" : " (If-Modified-Since)");
            toml::table headers;
            headers.insert(header, "*");
            t["match"].as_table()->insert("headers", std::move(headers));
            toml::table reply;
            put_status(reply, 304, c.substatus);
            reply.insert("headers", validators());
            t.insert("reply", std::move(reply));
            push(c, std::move(t), true, "GET");
        }
        auto t = script(c, "GET", " (validators)");
        toml::table reply;
        reply.insert("status", 200);
        reply.insert("headers", validators());
        reply.insert("body", mock_payload(afford(logged_size(c, options_))));
        t.insert("reply", std::move(reply));
        push(c, std::move(t), false, "GET", "200");
    }

    // 206 (RFC 9110 §14.2, §15.3.7): the scenario's Range gets its slice with Content-Range; the
    // same target without Range gets the whole representation.
    void range(const http_case& c) {
        auto r = parse_range(c.range_header);
        // Unparsable, or starting past any size the mock would send: the logged status as it is.
        if (!r || (r->first && *r->first >= options_.max_body)) return plain(c);
        auto size = afford(logged_size(c, options_));
        std::uint64_t first = 0, last = 0;
        if (r->suffix) {
            size = std::max<std::uint64_t>(size, 1);
            first = size - std::min(size, *r->suffix);
            last = size - 1;
        } else {
            first = *r->first;
            // A range starting past the capped size: grow the representation so it is satisfiable.
            size = std::max(size, first + 1);
            last = std::min(r->last.value_or(size - 1), size - 1);
        }
        const auto whole = mock_payload(size);
        protocol::content_range cr;
        cr.first = first;
        cr.last = last;
        cr.complete_length = size;
        auto t = script(c, c.method, " (Range)");
        toml::table headers;
        headers.insert("Range", c.range_header);
        t["match"].as_table()->insert("headers", std::move(headers));
        toml::table reply;
        put_status(reply, 206, c.substatus);
        reply.insert("headers",
                     field_list({{"Content-Range", protocol::format_content_range(cr)}, {"Accept-Ranges", "bytes"}}));
        reply.insert("body", whole.substr(first, last - first + 1));
        t.insert("reply", std::move(reply));
        push(c, std::move(t), true, c.method);
        full_body(c, size, whole);
    }

    // 416 (RFC 9110 §15.5.17): a Range starting at or past the end, answered with bytes */SIZE.
    void range_past_end(const http_case& c) {
        auto r = parse_range(c.range_header);
        auto size = afford(logged_size(c, options_));
        if (r && r->first) size = std::min(size, *r->first);
        auto t = script(c, c.method, " (Range)");
        toml::table headers;
        headers.insert("Range", c.range_header.empty() ? std::string("*") : c.range_header);
        t["match"].as_table()->insert("headers", std::move(headers));
        toml::table reply;
        put_status(reply, 416, c.substatus);
        reply.insert("headers", fields_for(416, size));
        t.insert("reply", std::move(reply));
        push(c, std::move(t), true, c.method);
        full_body(c, size, mock_payload(size));
    }

    // 412 (RFC 9110 §13.1.1): If-Match that cannot match fails the precondition.
    void if_match(const http_case& c) {
        auto t = script(c, c.method, " (If-Match)");
        toml::table headers;
        headers.insert("If-Match", "*");
        t["match"].as_table()->insert("headers", std::move(headers));
        toml::table reply;
        put_status(reply, 412, c.substatus);
        t.insert("reply", std::move(reply));
        push(c, std::move(t), true, c.method);
    }

    void full_body(const http_case& c, std::uint64_t size, const std::string& whole) {
        auto t = script(c, c.method, " (whole)");
        toml::table reply;
        reply.insert("status", 200);
        reply.insert("headers", field_list({{"Accept-Ranges", "bytes"}}));
        reply.insert("body", whole.substr(0, size));
        t.insert("reply", std::move(reply));
        push(c, std::move(t), false, c.method, "200");
    }

    // Bodies draw on options.max_total_body; past it they shrink to a small size (the scenarios
    // check codes and ranges, not lengths), so a large log does not give a huge file.
    std::uint64_t afford(std::uint64_t want) {
        if (want <= budget_) {
            budget_ -= want;
            return want;
        }
        return std::min(want, small_body);
    }

    const emit_mock_options& options_;
    std::uint64_t budget_ = options_.max_total_body;
    std::vector<emitted_script> scripts_;
};

}  // namespace

}  // namespace replycheck::reproduce::detail

namespace replycheck::reproduce {

std::string mock_payload(std::uint64_t size) {
    // 64-octet lines: "replycheck mock payload " then a counter, padded, then LF.
    std::string out;
    out.reserve(size);
    std::uint64_t line = 0;
    while (out.size() < size) {
        std::string text = "replycheck mock payload line " + std::to_string(line++);
        text.resize(63, '.');
        text += '\n';
        out.append(text, 0, std::min<std::size_t>(text.size(), size - out.size()));
    }
    return out;
}

}  // namespace replycheck::reproduce

namespace replycheck::reproduce::detail {

toml::table emit_http_mock(const reproduce_plan& plan, const emit_mock_options& options, bool iis,
                           std::vector<std::string>& notes) {
    toml::table http;
    http.insert("listen", options.http_listen);
    http.insert("root", options.root);
    if (iis) http.insert("flavour", "iis");
    http_emitter emitter(options);
    for (const auto& c : plan.http) emitter.add(c);
    // A GET script answers HEAD too (docs/mock.md): HEAD scripts go first, so a logged HEAD
    // keeps its own answer.
    std::stable_partition(emitter.scripts().begin(), emitter.scripts().end(),
                          [](const emitted_script& s) { return s.key.starts_with("HEAD "); });
    // Scripts that ask for a request header first, then those that ask for a query (a script
    // without one takes every query of its path); of two unconditioned scripts for the same
    // method and target the first logged answers, and the other case cannot pass against the mock.
    toml::array scripts;
    enum class pass { conditioned, with_query, rest };
    auto pass_of = [](const emitted_script& s) {
        if (s.conditioned) return pass::conditioned;
        return s.key.find('?') != std::string::npos ? pass::with_query : pass::rest;
    };
    std::map<std::string, std::string> taken;   // key → code
    std::set<std::string> names_taken;
    for (pass current : {pass::conditioned, pass::with_query, pass::rest}) {
        const bool conditioned = current == pass::conditioned;
        for (auto& s : emitter.scripts()) {
            if (pass_of(s) != current) continue;
            if (!conditioned) {
                auto [it, fresh] = taken.emplace(s.key, s.code);
                if (!fresh) {
                    if (it->second != s.code)
                        notes.push_back(s.key + " is logged with " + it->second + " and " + s.code + "; the mock answers " +
                                        it->second);
                    continue;
                }
            } else if (!names_taken.insert(s.key + " " + s.code + " " + *s.table["name"].value<std::string>()).second) {
                continue;
            }
            scripts.push_back(std::move(s.table));
        }
    }
    if (!scripts.empty()) http.insert("script", std::move(scripts));
    return http;
}

}  // namespace replycheck::reproduce::detail
