// Recording → scenario file. One scenario holds every exchange, in the order the replies
// completed: clients such as curl open a new connection per command, and a validator one reply
// gave is often sent back on another connection (If-None-Match on a second `curl`), so captures
// must cross connections; the runner's steps share one session anyway.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "harness/record/upstream_location.hpp"
#include "harness/reproduce/emit_text.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::record {

namespace {

using reproduce::inline_table;
using reproduce::escape_variables;

// Request fields replayed: preconditions (RFC 9110 §13.1), ranges (§14.2), proactive
// negotiation (§12.5), the content's type (§8.3) and the WebDAV fields that steer a method
// (RFC 4918 §10: Depth, Destination, If, Lock-Token, Overwrite, Timeout). Authorization becomes a
// placeholder; the fields a reply's Vary names are replayed too (replay_fields).
bool replayed_field(std::string_view name) {
    using protocol::iequals;
    if (name.size() > 3 && iequals(name.substr(0, 3), "If-")) return true;
    if (name.size() >= 6 && iequals(name.substr(0, 6), "Accept")) return true;
    for (std::string_view dav : {"Depth", "Destination", "If", "Lock-Token", "Overwrite", "Timeout"})
        if (iequals(name, dav)) return true;
    return iequals(name, "Range") || iequals(name, "Content-Type");
}

// Fields of the connection the runner makes, never replayed: Host and the framing (RFC 9112
// §3.2, §6), Expect (libcurl sends its own), the hop-by-hop fields and those Connection names
// (RFC 9110 §7.6.1).
bool connection_field(std::string_view name, const protocol::header_list& request) {
    using protocol::iequals;
    for (std::string_view hop : {"Host", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade",
                                 "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Authorization"})
        if (iequals(name, hop)) return true;
    const auto options = protocol::list_members(request, "Connection");
    return std::any_of(options.begin(), options.end(), [&](std::string_view o) { return iequals(o, name); });
}

// Which of `x`'s request fields a step sends: replayed_field's, the fields the reply's Vary names
// (RFC 9110 §12.5.5: User-Agent, Origin, ...), and every field when the reply is 400 or 431: a
// field too large or malformed may be what the server answered (RFC 6585 §5), and which one the
// reply does not say.
std::function<bool(std::string_view)> replay_fields(const http_recorded_exchange& x) {
    const bool every = x.status == 400 || x.status == 431;
    return [&x, vary = protocol::list_members(x.reply_headers, "Vary"), every](std::string_view name) {
        if (connection_field(name, x.request_headers)) return false;
        return every || replayed_field(name) ||
               std::any_of(vary.begin(), vary.end(), [&](std::string_view v) { return protocol::iequals(v, name); });
    };
}

// Request fields that carry a validator an earlier reply gave: ETag values (If-None-Match,
// If-Match, If-Range) or Last-Modified dates (If-Modified-Since, If-Unmodified-Since, If-Range).
bool carries_etag(std::string_view name) {
    return protocol::iequals(name, "If-None-Match") || protocol::iequals(name, "If-Match") ||
           protocol::iequals(name, "If-Range");
}
bool carries_date(std::string_view name) {
    return protocol::iequals(name, "If-Modified-Since") || protocol::iequals(name, "If-Unmodified-Since") ||
           protocol::iequals(name, "If-Range");
}

struct validator_use {
    std::string variable;   // "etag_3"
    std::string field;      // "ETag" or "Last-Modified"
    std::size_t step = 0;   // the step whose reply gave it
};

// For each (step, request field) that reuses an earlier reply's validator: the capture it uses;
// for each (step, cookie name) sent with the value an earlier Set-Cookie gave: the same.
struct capture_plan {
    std::map<std::pair<std::size_t, std::string>, std::string> uses;      // (step, field name) → variable
    std::map<std::size_t, std::vector<validator_use>> captures;           // step → what it captures
    std::map<std::pair<std::size_t, std::string>, std::string> cookies;   // (step, cookie name) → variable
    std::map<std::size_t, std::vector<std::pair<std::string, std::string>>> cookie_captures;   // step → (variable, name)
    std::map<std::pair<std::size_t, std::string>, std::string> carried;   // (step, secret value sent) → variable
    std::map<std::size_t, std::vector<std::pair<std::string, std::size_t>>> location_captures;   // step → (variable, masked run)
};

capture_plan plan_captures(const std::vector<http_recorded_exchange>& exchanges) {
    capture_plan plan;
    std::map<std::string, std::size_t> etags, dates;   // value → latest step that gave it
    std::set<std::pair<std::size_t, std::string>> captured;
    for (std::size_t i = 0; i < exchanges.size(); ++i) {
        for (const auto& h : exchanges[i].request_headers) {
            std::optional<validator_use> use;
            if (carries_etag(h.name))
                if (auto it = etags.find(h.value); it != etags.end())
                    use = validator_use{fmt::format("etag_{}", it->second + 1), "ETag", it->second};
            if (!use && carries_date(h.name))
                if (auto it = dates.find(h.value); it != dates.end())
                    use = validator_use{fmt::format("last_modified_{}", it->second + 1), "Last-Modified", it->second};
            if (!use) continue;
            plan.uses[{i, h.name}] = use->variable;
            if (captured.insert({use->step, use->field}).second) plan.captures[use->step].push_back(*use);
        }
        if (const auto* etag = protocol::find_header(exchanges[i].reply_headers, "ETag")) etags[*etag] = i;
        if (const auto* date = protocol::find_header(exchanges[i].reply_headers, "Last-Modified")) dates[*date] = i;
    }
    return plan;
}

// A Perl pattern matching `text` literally (\Q...\E; an "\E" inside is split out).
std::string quoted_pattern(std::string_view text) {
    std::string out = "\\Q";
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'E') {
            out += "\\E\\\\E\\Q";
            ++i;
        } else {
            out += text[i];
        }
    }
    return out + "\\E";
}

// Where without_secrets masked a request secret in a reply field value: the runs of '*' in
// `masked` that stand for other bytes in `raw` (same length: a secret becomes as many '*').
std::vector<std::pair<std::size_t, std::size_t>> masked_runs(std::string_view raw, std::string_view masked) {
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    if (raw.size() != masked.size()) {
        if (raw != masked) runs.emplace_back(0, masked.size());
        return runs;
    }
    for (std::size_t at = masked.find('*'); at != std::string_view::npos; at = masked.find('*', at)) {
        const auto end = std::min(masked.find_first_not_of('*', at), masked.size());
        if (raw.substr(at, end - at) != masked.substr(at, end - at)) runs.emplace_back(at, end);
        at = end;
    }
    return runs;
}

// A pattern for a reply field value that held masked secrets: its literal parts quoted (with `${`
// kept literal when the pattern is an expectation, whose variables are expanded), each masked run
// a wildcard that matches the value a server sends there (the recorded server's, the emitted
// mock's stars), and the run numbered `group`, if any, captured. The wildcard stops at the
// delimiters of a query or a parameter (& ; #) and at spaces unless the recorded value holds one.
std::string masked_pattern(std::string_view raw, std::string_view masked, bool expanded,
                           std::optional<std::size_t> group = std::nullopt) {
    const auto literal = [&](std::string_view text) {
        return text.empty() ? std::string() : quoted_pattern(expanded ? escape_variables(text) : std::string(text));
    };
    std::string out;
    std::size_t done = 0, n = 0;
    for (const auto& [from, to] : masked_runs(raw, masked)) {
        out += literal(masked.substr(done, from - done));
        const auto value = raw.substr(from, std::min(to, raw.size()) - from);
        const bool plain = value.find_first_of("&;# \t") == std::string_view::npos;
        const std::string wildcard = plain ? "[^&;#\\s]+" : ".+";
        out += group == n++ ? "(" + wildcard + ")" : wildcard;
        done = to;
    }
    return out + literal(masked.substr(done));
}

// A Location value as a pattern is made of it: what follows the upstream origin when it points
// back there ("/" for the origin alone, as the emitted mock sends it), else the whole value.
struct location_part {
    std::string_view raw, masked;
    bool same_origin = false;
};
location_part location_of(std::string_view raw, std::string_view masked, std::string_view origin) {
    const auto raw_rest = same_origin_rest(raw, origin), masked_rest = same_origin_rest(masked, origin);
    if (!raw_rest || !masked_rest) return {raw, masked, false};
    return {raw_rest->empty() ? "/" : *raw_rest, masked_rest->empty() ? "/" : *masked_rest, true};
}

// Letters, digits, '_', '-', '.': what may become part of a variable name.
bool plain_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

// The variable name for the secret query parameter, content field, cookie or request field
// `name`: `prefix` and its letters and digits ("query_access_token", "body_password"); a name
// that is not a plain name (JSON text, quotes) gives "field", so none of its bytes reach the file.
std::string secret_variable(std::string_view prefix, std::string_view name) {
    std::string out(prefix);
    if (!plain_name(name)) return out + "field";
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
    return out;
}

// One variable per field and value across the recording: the same value sent again reuses its
// variable, another value of the field gets the next free `_2`, `_3` (free among the names as
// written, so "a-pass" and "a_pass" with different values never share one).
class secret_variables {
public:
    // `value` tells values apart (kept in memory only): the value itself or its number.
    std::string of(std::string_view prefix, std::string_view name, const std::string& value) {
        auto base = secret_variable(prefix, name);
        auto key = std::make_pair(base, value);
        if (auto it = given_.find(key); it != given_.end()) return it->second;
        auto variable = base;
        for (int n = 2; taken_.count(variable) || reserved_.count(variable); ++n) variable = fmt::format("{}_{}", base, n);
        taken_.insert(variable);
        given_.emplace(std::move(key), variable);
        return variable;
    }
    const std::set<std::string>& all() const { return taken_; }
    // A name a capture gives (cookie_sid_1): never given to a value passed with --secret.
    void reserve(std::string name) { reserved_.insert(std::move(name)); }

private:
    std::set<std::string> reserved_;
    std::map<std::pair<std::string, std::string>, std::string> given_;
    std::set<std::string> taken_;
};

struct credential_use {
    bool basic = false;
    bool bearer = false;
    secret_variables variables;   // standing for secret query values, content fields, cookies and fields
};

// Cookies a reply set (in any of its Set-Cookie fields: a header capture with a regex searches
// them all) that a later request sends back; `recorded` holds the values (kept in memory,
// compared only).
void plan_cookie_captures(const std::vector<http_recorded_exchange>& recorded, capture_plan& plan) {
    std::map<std::pair<std::string, std::string>, std::size_t> given;   // (name, value) → latest step
    std::set<std::pair<std::size_t, std::string>> captured;
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        for (const auto& h : recorded[i].request_headers) {
            if (!protocol::iequals(h.name, "Cookie")) continue;
            for (auto pairs = std::string_view(h.value); !pairs.empty();) {
                const auto end = pairs.find(';');
                const auto pair = protocol::trim_ows(pairs.substr(0, end));
                pairs = end == std::string_view::npos ? std::string_view{} : pairs.substr(end + 1);
                const auto eq = pair.find('=');
                if (eq == std::string_view::npos) continue;
                const auto name = std::string(protocol::trim_ows(pair.substr(0, eq)));
                auto it = given.find({name, std::string(pair.substr(eq + 1))});
                if (it == given.end() || !plain_name(name)) continue;
                const auto variable = secret_variable("cookie_", name) + fmt::format("_{}", it->second + 1);
                plan.cookies[{i, name}] = variable;
                if (captured.insert({it->second, name}).second) plan.cookie_captures[it->second].emplace_back(variable, name);
            }
        }
        // RFC 6265 §3: one cookie per Set-Cookie field, and a reply may send several.
        for (const auto set : protocol::find_headers(recorded[i].reply_headers, "Set-Cookie")) {
            const auto cookie = set.substr(0, set.find(';'));
            if (const auto eq = cookie.find('='); eq != std::string_view::npos)
                given[{std::string(protocol::trim_ows(cookie.substr(0, eq))), std::string(protocol::trim_ows(cookie.substr(eq + 1)))}] = i;
        }
    }
}

// The secret-named query parameters of `target` (name, value as sent), in the order
// mask_query_secrets meets them.
std::vector<std::pair<std::string, std::string>> query_secrets(std::string_view target) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto q = target.find('?');
    for (auto query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1); !query.empty();) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        if (const auto eq = pair.find('='); eq != std::string_view::npos && secret_name(pair.substr(0, eq)))
            out.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
        query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
    }
    return out;
}

// A secret value a request sent where step_for writes a placeholder (a query parameter, a
// content field, a secret-named request field), with the prefix and name of its variable.
struct sent_secret {
    std::string_view prefix;
    std::string name, value;
};

std::vector<sent_secret> sent_secrets(const http_recorded_exchange& raw, const http_recorded_exchange& masked) {
    std::vector<sent_secret> out;
    for (auto& [name, value] : query_secrets(raw.target)) out.push_back({"query_", std::move(name), std::move(value)});
    if (!masked.request_body_withheld) {
        const auto values = find_content_secrets(raw).piece_values;
        std::size_t n = 0;
        for (const auto& piece : masked.request_body_pieces)
            if (piece.secret && n < values.size()) out.push_back({"body_", piece.text, values[n++]});
    }
    for (const auto& h : raw.request_headers)
        if (secret_name(h.name) && !protocol::iequals(h.name, "Authorization") &&
            !protocol::iequals(h.name, "Proxy-Authorization") && !protocol::iequals(h.name, "Cookie"))
            out.push_back({"header_", h.name, h.value});
    return out;
}

// Secrets a server hands out in a Location (a login redirect to `/cb?session_token=...`) that a
// later request sends: the step that received the Location captures the value from it (secret),
// and the later request sends the capture, so a value issued per login replays. Values are
// compared in memory only; `masked` is without_secrets(recorded).
void plan_location_captures(const http_recording& recorded, const http_recording& masked, capture_plan& plan) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> carried;   // value → (step, masked run), the latest
    std::map<std::pair<std::size_t, std::size_t>, std::string> variables;  // (step, masked run) → variable
    std::set<std::string> names;
    for (std::size_t i = 0; i < recorded.exchanges.size(); ++i) {
        for (const auto& s : sent_secrets(recorded.exchanges[i], masked.exchanges[i])) {
            const auto it = carried.find(s.value);
            if (it == carried.end()) continue;
            auto& variable = variables[it->second];
            if (variable.empty()) {
                const auto base = fmt::format("{}_{}", secret_variable(s.prefix, s.name), it->second.first + 1);
                variable = base;
                for (int n = 2; names.count(variable); ++n) variable = fmt::format("{}_{}", base, n);
                names.insert(variable);
                plan.location_captures[it->second.first].emplace_back(variable, it->second.second);
            }
            plan.carried[{i, s.value}] = variable;
        }
        const auto* raw = protocol::find_header(recorded.exchanges[i].reply_headers, "Location");
        const auto* hidden = protocol::find_header(masked.exchanges[i].reply_headers, "Location");
        if (!raw || !hidden) continue;
        const auto part = location_of(*raw, *hidden, recorded.upstream_origin);
        const auto runs = masked_runs(part.raw, part.masked);
        for (std::size_t k = 0; k < runs.size(); ++k)
            carried[std::string(part.raw.substr(runs[k].first, runs[k].second - runs[k].first))] = {i, k};
    }
}

// What a step expects of a reply field whose value `raw` is written as `masked`: the value, or
// where a request secret was masked in it a pattern that takes any value there. A mask is never
// expected: the recorded server sends the secret, another server its own.
void expect_field(toml::table& checks, std::string_view name, std::string_view raw, std::string_view masked) {
    if (raw == masked) {
        checks.insert(name, escape_variables(masked));
        return;
    }
    auto check = inline_table();
    check.insert("matches", "^" + masked_pattern(raw, masked, true) + "$");
    checks.insert(name, std::move(check));
}

// A Destination (RFC 4918 §10.3) is an absolute URI as clients send it: one at the recorder (the
// Host the client reached it at) or at the upstream names the same place on whichever server runs
// the scenario, `${http}` and its path, as a Location back at the upstream does.
std::string destination(std::string_view value, std::string_view origin, const protocol::header_list& request) {
    auto rest = same_origin_rest(value, origin);
    if (const auto* host = protocol::find_header(request, "Host"); !rest && host && !host->empty())
        rest = same_origin_rest(value, "http://" + *host);
    if (!rest) return escape_variables(value);
    return "${http}" + escape_variables(rest->empty() ? "/" : *rest);
}

// One step: `x` as written (without_secrets), `raw` as recorded (its secrets only compared).
toml::table step_for(const http_recorded_exchange& x, const http_recorded_exchange& raw, std::size_t index,
                     const capture_plan& plan, const std::string& origin, credential_use& credentials,
                     std::vector<std::string>& notes) {
    const auto label = fmt::format("step {} ({} {})", index + 1, x.method, reproduce::one_line(x.target, 80));
    auto request = inline_table();
    request.insert("method", x.method);
    // A secret value is a placeholder: the capture of the earlier Location that carried it, else
    // a variable passed with --secret when the scenario runs (`key` tells values apart).
    const auto placeholder = [&](std::string_view prefix, std::string_view name, const std::string& key,
                                 const std::string& value) {
        if (auto it = plan.carried.find({index, value}); it != plan.carried.end()) return "${" + it->second + "}";
        return "${" + credentials.variables.of(prefix, name, key) + "}";
    };
    const auto raw_query = query_secrets(raw.target);
    std::size_t query_secret = 0;
    request.insert("url", "${http}" + mask_query_secrets(reproduce::url_safe_target(x.target), [&](std::string_view name) {
                       const auto n = query_secret++;
                       return placeholder("query_", name,
                                          "#" + std::to_string(n < x.query_secret_values.size() ? x.query_secret_values[n] : 0),
                                          n < raw_query.size() ? raw_query[n].second : std::string());
                   }));
    auto headers = inline_table();
    const auto replayed = replay_fields(x);
    for (const auto& h : x.request_headers) {
        if (protocol::iequals(h.name, "Authorization")) {
            const auto space = h.value.find(' ');
            const auto scheme = std::string_view(h.value).substr(0, space);
            if (protocol::iequals(scheme, "Basic")) {
                // RFC 7617: the runner builds the field again from ${http_user} and ${http_password}.
                auto auth = inline_table();
                auth.insert("user", "${http_user}");
                auth.insert("password", "${http_password}");
                request.insert("auth", std::move(auth));
                credentials.basic = true;
            } else if (protocol::iequals(scheme, "Bearer")) {
                headers.insert_or_assign("Authorization", "Bearer ${http_token}");   // RFC 6750 §2.1
                credentials.bearer = true;
            } else {
                notes.push_back(label + ": an Authorization field of another scheme is not replayed");
            }
            continue;
        }
        if (protocol::iequals(h.name, "Cookie")) {
            // RFC 6265 §4.2.1: each cookie replayed with its value as a variable: captured from the
            // Set-Cookie an earlier reply gave, else passed with --secret.
            std::string value;
            for (auto pairs = std::string_view(h.value); !pairs.empty();) {
                const auto end = pairs.find(';');
                const auto pair = protocol::trim_ows(pairs.substr(0, end));
                pairs = end == std::string_view::npos ? std::string_view{} : pairs.substr(end + 1);
                const auto eq = pair.find('=');
                if (pair.empty()) continue;
                if (eq == std::string_view::npos) {
                    notes.push_back(label + ": a cookie without '=' is not replayed");
                    continue;
                }
                const auto name = std::string(protocol::trim_ows(pair.substr(0, eq)));
                if (!plain_name(name)) {
                    notes.push_back(label + ": a cookie whose name is not a plain name is not replayed");
                    continue;
                }
                std::string variable;
                if (auto it = plan.cookies.find({index, name}); it != plan.cookies.end()) variable = "${" + it->second + "}";
                else variable = placeholder("cookie_", name, std::string(pair.substr(eq + 1)), {});
                value += (value.empty() ? "" : "; ") + name + "=" + variable;
            }
            if (!value.empty()) headers.insert_or_assign("Cookie", value);
            continue;
        }
        if (secret_name(h.name) && !protocol::iequals(h.name, "Proxy-Authorization")) {
            headers.insert_or_assign(h.name, placeholder("header_", h.name, h.value, h.value));   // X-Api-Key, X-Auth-Token
            continue;
        }
        if (!replayed(h.name)) continue;
        std::string value;
        if (auto it = plan.uses.find({index, h.name}); it != plan.uses.end()) {
            value = "${" + it->second + "}";
        } else if (!protocol::valid_utf8(h.value)) {
            notes.push_back(label + ": the " + reproduce::one_line(h.name, 80) + " field is not UTF-8 text and is not replayed");
            continue;
        } else if (protocol::iequals(h.name, "Destination")) {
            value = destination(h.value, origin, raw.request_headers);
        } else {
            value = escape_variables(h.value);
        }
        if (auto* existing = headers.get_as<std::string>(h.name)) value = existing->get() + ", " + value;
        headers.insert_or_assign(h.name, value);
    }
    if (!headers.empty()) request.insert("headers", std::move(headers));
    if (x.request_body_withheld) {
        notes.push_back(label + ": the request content names a secret (a password, a token) in a form other than a "
                                "URL-encoded form or JSON, where its value cannot be told apart; it is left out");
    } else if (!x.request_body_pieces.empty()) {
        // A secret field's value is a placeholder: one variable per field and value.
        std::string body;
        bool text = true;
        const auto values = find_content_secrets(raw).piece_values;
        std::size_t n = 0;
        for (const auto& piece : x.request_body_pieces) {
            if (!piece.secret) {
                text = text && protocol::valid_utf8(piece.text);
                body += escape_variables(piece.text);
                continue;
            }
            body += placeholder("body_", piece.text, "#" + std::to_string(piece.value), n < values.size() ? values[n] : "");
            ++n;
        }
        if (text) request.insert("body", body);
        else notes.push_back(label + ": the request content is not UTF-8 text and is left out");
    }

    auto expect = inline_table();
    expect.insert("status", x.status);
    if (x.reply_too_big) {
        // The content was not kept (the emitted mock sends a payload of the same size instead):
        // the status and the size are what both servers can be held to.
        notes.push_back(fmt::format("{}: the reply was over {} bytes; only its status and size are checked", label,
                                    max_recorded_reply));
        if (x.method != "HEAD") {
            auto body = inline_table();
            body.insert("size", static_cast<std::int64_t>(x.body_size));
            expect.insert("body", std::move(body));
        }
    }
    auto checks = inline_table();
    // The reply fields of `raw` and `x` pair up: without_secrets changes values only.
    const auto recorded_value = [&](std::string_view name) { return protocol::find_header(raw.reply_headers, name); };
    if (const auto* range = protocol::find_header(x.reply_headers, "Content-Range"))
        expect_field(checks, "Content-Range", *recorded_value("Content-Range"), *range);   // RFC 9110 §14.4: the exact range sent
    auto captures = inline_table();
    if (const auto* location = protocol::find_header(x.reply_headers, "Location")) {
        const auto part = location_of(*recorded_value("Location"), *location, origin);
        auto check = inline_table();
        // Back at the upstream: the same place on whichever server runs the scenario, given
        // absolute (${http}...) or, as the emitted mock answers, relative (RFC 9110 §10.2.2).
        if (part.same_origin)
            check.insert("matches", "^(\\Q${http}\\E)?" + masked_pattern(part.raw, part.masked, true) + "$");
        else if (part.raw == part.masked)
            check.insert("equals", escape_variables(*location));
        else
            check.insert("matches", "^" + masked_pattern(part.raw, part.masked, true) + "$");
        checks.insert("Location", std::move(check));
        if (auto it = plan.location_captures.find(index); it != plan.location_captures.end())
            for (const auto& [variable, run] : it->second) {
                // Searched, not anchored at the start: the value may come absolute or relative.
                auto capture = inline_table();
                capture.insert("header", "Location");
                capture.insert("regex", (part.same_origin ? "" : "^") + masked_pattern(part.raw, part.masked, false, run) + "$");
                capture.insert("secret", true);
                captures.insert(variable, std::move(capture));
            }
    }
    if (auto it = plan.cookie_captures.find(index); it != plan.cookie_captures.end())
        for (const auto& [variable, name] : it->second) {
            auto capture = inline_table();
            capture.insert("header", "Set-Cookie");
            capture.insert("regex", "^\\s*" + quoted_pattern(name) + "=([^;]*)");
            capture.insert("secret", true);
            captures.insert(variable, std::move(capture));
        }
    if (auto it = plan.captures.find(index); it != plan.captures.end())
        for (const auto& c : it->second) {
            auto capture = inline_table();
            capture.insert("header", c.field);
            captures.insert(c.variable, std::move(capture));
        }
    // Validators only present: a server may give a new one at any time (the file changed, an
    // ETag per reply), and one a later request sends back is captured, not expected equal.
    for (const char* field : {"ETag", "Last-Modified"}) {
        if (!protocol::find_header(x.reply_headers, field)) continue;
        auto present = inline_table();
        present.insert("matches", "\\S");
        checks.insert(field, std::move(present));
    }
    if (!checks.empty() && !x.reply_too_big) expect.insert("headers", std::move(checks));

    toml::table step;
    step.insert("name", fmt::format("{} {} gave {}", x.method, reproduce::one_line(x.target, 120), x.status));
    step.insert("request", std::move(request));
    step.insert("expect", std::move(expect));
    if (!captures.empty()) step.insert("capture", std::move(captures));
    return step;
}

}  // namespace

std::string http_scenario_text(const http_recording& recorded) {
    const auto recording = without_secrets(recorded);
    auto plan = plan_captures(recorded.exchanges);
    plan_cookie_captures(recorded.exchanges, plan);
    plan_location_captures(recorded, recording, plan);
    std::vector<std::string> notes = recording.notes;
    credential_use credentials;
    for (const auto& [step, list] : plan.cookie_captures)
        for (const auto& capture : list) credentials.variables.reserve(capture.first);
    for (const auto& [step, list] : plan.location_captures)
        for (const auto& capture : list) credentials.variables.reserve(capture.first);
    toml::array steps;
    for (std::size_t i = 0; i < recording.exchanges.size(); ++i) {
        const auto& x = recording.exchanges[i];
        // The asterisk-form (RFC 9112 §3.2.4, OPTIONS *) names the server, not a resource: a
        // request step has no URL for it.
        if (x.target.empty() || x.target.front() != '/') {
            notes.push_back(fmt::format("step {} ({} {}): a request-target that is not a path; left out", i + 1,
                                        x.method, reproduce::one_line(x.target, 80)));
            continue;
        }
        steps.push_back(step_for(x, recorded.exchanges[i], i, plan, recording.upstream_origin, credentials, notes));
    }

    toml::table root;
    toml::table suite;
    suite.insert("name", "recorded");
    suite.insert("description", "Exchanges recorded by replycheck record from " + recording.upstream_origin);
    suite.insert("tags", toml::array{"record", "http"});
    // The recorded server is the reference here, whether or not it is conformant.
    suite.insert("conformance", "off");
    root.insert("suite", std::move(suite));
    toml::table scenario;
    scenario.insert("name", "recorded exchanges");
    scenario.insert("description", fmt::format("{} exchange(s) with {}, in the order they completed",
                                               recording.exchanges.size(), recording.upstream_origin));
    scenario.insert("tags", toml::array{"record", "http"});
    scenario.insert("step", std::move(steps));
    toml::array scenarios;
    scenarios.push_back(std::move(scenario));
    root.insert("scenario", std::move(scenarios));

    std::ostringstream out;
    out << reproduce::comment("Written by `replycheck record` from " + std::to_string(recording.exchanges.size()) +
                              " exchange(s) with " + recording.upstream_origin + ".");
    const auto* scheme = protocol::url_scheme(recording.upstream_origin);
    const bool tls = scheme && scheme->tls != protocol::tls_mode::none;
    std::string run = fmt::format("Run it: replycheck run THIS.toml --var http={}://HOST:PORT", tls ? "https" : "http");
    if (credentials.basic) run += " --var http_user=USER --secret http_password=...";
    if (credentials.bearer) run += " --secret http_token=...";
    for (const auto& variable : credentials.variables.all()) run += " --secret " + variable + "=...";
    out << reproduce::comment(run);
    if (tls)
        out << reproduce::comment("The server speaks TLS: add --cacert FILE when its certificate is not from an "
                                  "authority this system trusts (or --insecure to skip the check).");
    if (credentials.basic)
        out << reproduce::comment("Basic credentials were sent: pass the user as --var http_user and the password as "
                                  "--secret http_password (they are not in this file).");
    if (credentials.bearer)
        out << reproduce::comment("A bearer token was sent: pass it as --secret http_token (it is not in this file).");
    if (!credentials.variables.all().empty())
        out << reproduce::comment("Secret query parameters, content fields, cookies or secret-named request fields were "
                                  "sent: pass each as --secret, encoded as the request carried it (they are not in this "
                                  "file); a cookie an earlier reply set, or a value an earlier Location carried, is captured "
                                  "from that reply instead.");
    for (const auto& note : notes) out << reproduce::comment("note: " + note);
    out << '\n' << reproduce::toml_text(root) << '\n';
    return out.str();
}

}  // namespace replycheck::record
