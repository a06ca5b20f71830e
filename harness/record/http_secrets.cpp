// Credentials a client sent never reach a written file. A server may reflect them (TRACE,
// RFC 9110 §9.3.8, echoes the request; an echo endpoint returns its fields; Set-Cookie hands out
// a session), so every request secret is masked in the replies too, with as many '*' as it has
// bytes. Only field values and content are masked, never a status line, a field name or the
// framing fields (Content-Length, Transfer-Encoding), so the reply stays the same HTTP message.

#include <algorithm>
#include <functional>
#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "harness/record/http_exchange.hpp"
#include "protocol/base64.hpp"
#include "protocol/redactor.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/ascii.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::record {

namespace {

// Shorter values ("1", "on") are too likely to stand in a reply by chance.
constexpr std::size_t shortest_masked = 4;

void add(std::set<std::string>& out, std::string_view value) {
    value = protocol::trim_ows(value);
    if (value.size() >= shortest_masked) out.insert(std::string(value));
}

// The values of `name=value` pairs separated by `separator` ("; " for Cookie, RFC 6265 §4.2.1;
// "," for the auth-params of a challenge response, RFC 9110 §11.4; "&" for a query), quotes
// taken off, of the names `wanted` accepts.
void pair_values(std::string_view text, char separator, std::set<std::string>& out,
                 const std::function<bool(std::string_view)>& wanted) {
    while (!text.empty()) {
        const auto end = text.find(separator);
        const auto pair = text.substr(0, end);
        if (const auto eq = pair.find('='); eq != std::string_view::npos) {
            auto value = protocol::trim_ows(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            if (wanted(protocol::trim_ows(pair.substr(0, eq)))) add(out, value);
        }
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

std::string stars(std::size_t n) { return std::string(n, '*'); }

// --- request content -----------------------------------------------------------------------

enum class content_kind { form, json, other };

// The kind of the request content by its media type (RFC 9110 §8.3.1); without one, by its look
// (curl -d sends a form; a client posting JSON without a type still opens with '{' or '[').
content_kind kind_of(const http_recorded_exchange& x) {
    std::string media;
    if (const auto* type = protocol::find_header(x.request_headers, "Content-Type"))
        media = protocol::ascii_lower(protocol::trim_ows(std::string_view(*type).substr(0, type->find(';'))));
    if (media == "application/x-www-form-urlencoded") return content_kind::form;
    if (media == "application/json" || media.ends_with("+json")) return content_kind::json;
    if (!media.empty()) return content_kind::other;
    const auto body = protocol::trim_ows(x.request_body);
    if (!body.empty() && (body.front() == '{' || body.front() == '[')) return content_kind::json;
    const bool form_like = body.find('=') != std::string_view::npos &&
                           std::none_of(body.begin(), body.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r'; });
    return form_like ? content_kind::form : content_kind::other;
}

void append_literal(std::vector<body_piece>& pieces, std::string_view text) {
    if (text.empty()) return;
    if (pieces.empty() || pieces.back().secret) pieces.push_back({std::string(text), false});
    else pieces.back().text += text;
}

// name=value pairs joined by '&' (WHATWG URL §5.1): a secret-named field's value becomes a
// secret piece; its raw and decoded values go to `values`.
std::vector<body_piece> split_form(std::string_view body, std::set<std::string>& values) {
    std::vector<body_piece> pieces;
    for (bool first = true;; first = false) {
        if (!first) append_literal(pieces, "&");
        const auto end = body.find('&');
        const auto pair = body.substr(0, end);
        const auto eq = pair.find('=');
        const auto name = protocol::form_decoded(pair.substr(0, eq));
        if (eq != std::string_view::npos && secret_name(name)) {
            append_literal(pieces, pair.substr(0, eq + 1));
            pieces.push_back({name, true});
            add(values, pair.substr(eq + 1));
            add(values, protocol::form_decoded(pair.substr(eq + 1)));
        } else {
            append_literal(pieces, pair);
        }
        if (end == std::string_view::npos) break;
        body.remove_prefix(end + 1);
    }
    return pieces;
}

// A JSON document (RFC 8259) with each scalar member of a secret name replaced by a marker
// string; the markers' names and whether the value was a string, in order.
struct json_secret {
    std::string name;
    bool string = false;
};

void mark_json(boost::json::value& v, std::string_view nonce, std::vector<json_secret>& found,
               std::set<std::string>& values) {
    if (auto* array = v.if_array()) {
        for (auto& item : *array) mark_json(item, nonce, found, values);
        return;
    }
    auto* object = v.if_object();
    if (!object) return;
    for (auto& member : *object) {
        auto& value = member.value();
        if (value.is_object() || value.is_array()) {
            mark_json(value, nonce, found, values);
        } else if (!value.is_null() && secret_name(member.key())) {
            const bool string = value.is_string();
            add(values, string ? std::string(value.as_string()) : boost::json::serialize(value));
            value = fmt::format("{}{}@@", nonce, found.size());
            found.push_back({std::string(member.key()), string});
        }
    }
}

std::optional<std::vector<body_piece>> split_json(std::string_view body, std::set<std::string>& values) {
    constexpr std::string_view nonce = "@@replycheck-secret-";
    boost::system::error_code ec;
    auto document = boost::json::parse(body, ec);
    if (ec || body.find(nonce) != std::string_view::npos) return std::nullopt;
    std::vector<json_secret> found;
    mark_json(document, nonce, found, values);
    if (found.empty()) return std::vector<body_piece>{{std::string(body), false}};   // sent as it was

    // The document written again, cut at the markers; a value that was no string loses its quotes.
    const auto text = boost::json::serialize(document);
    std::vector<body_piece> pieces;
    std::size_t from = 0;
    for (auto at = text.find(nonce); at != std::string::npos; at = text.find(nonce, from)) {
        const auto digits = at + nonce.size();
        const auto close = text.find("@@", digits);
        const auto& secret = found.at(std::stoul(text.substr(digits, close - digits)));
        const bool unquote = !secret.string;
        append_literal(pieces, std::string_view(text).substr(from, at - from - (unquote ? 1 : 0)));
        pieces.push_back({secret.name, true});
        from = close + 2 + (unquote ? 1 : 0);
    }
    append_literal(pieces, std::string_view(text).substr(from));
    return pieces;
}

// True when a secret word ("password", "token", ...) stands anywhere in `text`.
bool holds_secret_word(std::string_view text) { return secret_name(text); }

std::optional<std::vector<body_piece>> split_content(const http_recorded_exchange& x, std::set<std::string>& values) {
    if (x.request_body.empty()) return std::vector<body_piece>{};
    switch (kind_of(x)) {
    case content_kind::form:
        return split_form(x.request_body, values);
    case content_kind::json:
        if (auto pieces = split_json(x.request_body, values)) return pieces;
        break;
    case content_kind::other:
        break;
    }
    if (holds_secret_word(x.request_body)) return std::nullopt;
    return std::vector<body_piece>{{x.request_body, false}};
}

// Every occurrence of each secret in text[from, to) replaced by as many '*' (longest first).
void mask_in(std::string& text, const std::vector<std::string>& secrets, std::size_t from = 0,
             std::size_t to = std::string::npos) {
    to = std::min(to, text.size());
    for (const auto& s : secrets)
        for (auto at = text.find(s, from); at != std::string::npos && at + s.size() <= to; at = text.find(s, at + s.size()))
            text.replace(at, s.size(), stars(s.size()));
}

// The fields whose values frame the message (RFC 9112 §6): masking a digit there would break it.
bool frames_message(std::string_view name) {
    return protocol::iequals(name, "Content-Length") || protocol::iequals(name, "Transfer-Encoding");
}

// Secrets masked in raw reply bytes: in each field value but the framing ones and in the
// content; every header section of the bytes (a 1xx comes before the final reply).
void mask_reply(std::string& raw, const std::vector<std::string>& secrets) {
    std::size_t pos = raw.find('\n');   // past the status line
    while (pos != std::string::npos && pos + 1 < raw.size()) {
        const auto start = pos + 1;
        const auto eol = raw.find('\n', start);
        if (eol == std::string::npos) return;
        const std::string_view line(raw.data() + start, eol - start);
        if (line.empty() || line == "\r") {
            if (raw.compare(eol + 1, 5, "HTTP/") == 0) {   // the 1xx ended; a status line follows
                pos = raw.find('\n', eol + 1);
                continue;
            }
            mask_in(raw, secrets, eol + 1);   // the content
            return;
        }
        const auto colon = line.find(':');
        if (colon != std::string_view::npos && !frames_message(line.substr(0, colon)))
            mask_in(raw, secrets, start + colon + 1, eol);
        pos = eol;
    }
}

// The cookie value of a Set-Cookie field value (RFC 6265 §4.1.1: name=value, then attributes).
std::string masked_set_cookie(std::string value) {
    const auto eq = value.find('=');
    if (eq == std::string::npos) return value;
    const auto end = std::min(value.find(';', eq), value.size());
    value.replace(eq + 1, end - eq - 1, stars(end - eq - 1));
    return value;
}

// Set-Cookie values masked in the header section of raw reply bytes (every reply, 1xx included).
void mask_set_cookie_lines(std::string& raw) {
    constexpr std::string_view name = "Set-Cookie:";
    std::size_t pos = 0;
    while (pos < raw.size()) {
        const auto eol = raw.find('\n', pos);
        if (eol == std::string::npos) break;
        const std::string_view line(raw.data() + pos, eol - pos);
        if (line.empty() || line == "\r") {
            // The end of a header section: a 1xx may be followed by another status line.
            const auto next = eol + 1;
            if (raw.compare(next, 5, "HTTP/") != 0) break;
        } else if (line.size() > name.size() && protocol::iequals(line.substr(0, name.size()), name)) {
            const auto value_at = pos + name.size();
            auto end = eol;
            if (end > value_at && raw[end - 1] == '\r') --end;
            raw.replace(value_at, end - value_at, masked_set_cookie(raw.substr(value_at, end - value_at)));
        }
        pos = eol + 1;
    }
}

}  // namespace

bool secret_name(std::string_view name) {
    const auto n = protocol::ascii_lower(name);
    static constexpr std::string_view words[] = {"token", "secret", "pass", "pwd", "key", "auth",
                                                 "session", "signature", "credential", "cookie"};
    return std::any_of(std::begin(words), std::end(words), [&](auto w) { return n.find(w) != std::string::npos; });
}

std::vector<std::string> request_secrets(const http_recorded_exchange& x) {
    std::set<std::string> found;
    for (const auto& h : x.request_headers) {
        if (protocol::iequals(h.name, "Authorization") || protocol::iequals(h.name, "Proxy-Authorization")) {
            add(found, h.value);
            const auto space = h.value.find(' ');
            if (space == std::string::npos) continue;
            const auto credentials = protocol::trim_ows(std::string_view(h.value).substr(space + 1));
            add(found, credentials);
            std::string decoded;
            if (protocol::base64_decode(credentials, decoded)) {   // Basic: user-id ":" password (RFC 7617 §2)
                if (const auto colon = decoded.find(':'); colon != std::string::npos) {
                    add(found, decoded);
                    add(found, std::string_view(decoded).substr(colon + 1));
                }
            }
            // Digest (RFC 7616 §3.4): only the response proves the password; uri, realm, qop, nc
            // and the nonces are no secret (and the uri is the request's own path).
            pair_values(credentials, ',', found, [](std::string_view name) { return protocol::iequals(name, "response"); });
        } else if (protocol::iequals(h.name, "Cookie")) {
            add(found, h.value);
            pair_values(h.value, ';', found, [](std::string_view) { return true; });
        } else if (secret_name(h.name)) {   // X-Api-Key, X-Auth-Token, ...
            add(found, h.value);
        }
    }
    if (const auto q = x.target.find('?'); q != std::string::npos)
        pair_values(std::string_view(x.target).substr(q + 1), '&', found, secret_name);
    split_content(x, found);
    return {found.begin(), found.end()};
}

std::optional<std::vector<body_piece>> split_body_secrets(const http_recorded_exchange& x) {
    std::set<std::string> values;
    return split_content(x, values);
}

std::string mask_query_secrets(std::string_view target, const std::function<std::string(std::string_view)>& replace) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return std::string(target);
    std::string out(target.substr(0, q + 1));
    auto query = target.substr(q + 1);
    for (bool first = true; ; first = false) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        if (!first) out += '&';
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && secret_name(pair.substr(0, eq)))
            out += std::string(pair.substr(0, eq + 1)) + replace(pair.substr(0, eq));
        else
            out += pair;
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return out;
}

http_recording without_secrets(const http_recording& recording) {
    std::set<std::string> all;
    for (const auto& x : recording.exchanges)
        for (auto& s : request_secrets(x)) all.insert(std::move(s));
    std::vector<std::string> secrets(all.begin(), all.end());
    std::stable_sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

    // In request content a short header secret ("true", a 4-digit cookie) may be the content's
    // own syntax; only those of the length the redactor masks anywhere are taken out of it.
    std::vector<std::string> long_secrets;
    std::copy_if(secrets.begin(), secrets.end(), std::back_inserter(long_secrets),
                 [](const std::string& s) { return s.size() >= protocol::redactor::token_length; });

    http_recording out = recording;
    const auto hidden = [](std::string_view) { return stars(3); };
    for (auto& x : out.exchanges) {
        if (auto pieces = split_body_secrets(x)) {
            for (auto& piece : *pieces)
                if (!piece.secret) mask_in(piece.text, long_secrets);
            x.request_body_pieces = std::move(*pieces);
        } else {
            x.request_body_withheld = true;
        }
        x.request_body.clear();
        x.target = mask_query_secrets(x.target, hidden);
        mask_reply(x.raw_reply, secrets);
        mask_set_cookie_lines(x.raw_reply);
        for (auto& h : x.reply_headers) {
            if (!frames_message(h.name)) mask_in(h.value, secrets);
            if (protocol::iequals(h.name, "Set-Cookie")) h.value = masked_set_cookie(h.value);
        }
    }
    for (auto& note : out.notes) mask_in(note, secrets);
    return out;
}

}  // namespace replycheck::record
