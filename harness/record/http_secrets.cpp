// Credentials a client sent never reach a written file. A server may reflect them (TRACE,
// RFC 9110 §9.3.8, echoes the request; an echo endpoint returns its fields; Set-Cookie hands out
// a session), so every request secret is masked in the replies too, with as many '*' as it has
// bytes. Only field values and content are masked, never a status line, a field name or the
// framing fields (Content-Length, Transfer-Encoding), so the reply stays the same HTTP message.

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "harness/record/http_exchange.hpp"
#include "protocol/base64.hpp"
#include "protocol/redactor.hpp"
#include "protocol/wire/ascii.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::record {

namespace {

void add(std::set<std::string>& out, std::string_view value) {
    value = protocol::trim_ows(value);
    if (value.size() >= shortest_secret) out.insert(std::string(value));
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
        // Set-Cookie values are masked whole by mask_set_cookie_lines; its name and attributes
        // (Path=/, HttpOnly) are no secret.
        if (colon != std::string_view::npos && !frames_message(line.substr(0, colon)) &&
            !protocol::iequals(protocol::trim_ows(line.substr(0, colon)), "Set-Cookie"))
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
    for (auto& v : find_content_secrets(x).values) found.insert(std::move(v));
    return {found.begin(), found.end()};
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
    // The same value has the same number across the recording, so a replay sends it again
    // under the same variable, and a different one under another.
    std::map<std::string, std::size_t> numbers;
    const auto number = [&](std::string value) { return numbers.emplace(std::move(value), numbers.size() + 1).first->second; };
    const auto hidden = [](std::string_view) { return stars(3); };
    for (auto& x : out.exchanges) {
        auto content = find_content_secrets(x);
        if (content.pieces) {
            std::size_t n = 0;
            for (auto& piece : *content.pieces)
                if (piece.secret) piece.value = number(content.piece_values.at(n++));
                else mask_in(piece.text, long_secrets);
            x.request_body_pieces = std::move(*content.pieces);
        } else {
            x.request_body_withheld = true;
        }
        x.request_body.clear();
        x.query_secret_values.clear();
        if (const auto q = x.target.find('?'); q != std::string::npos) {
            auto query = std::string_view(x.target).substr(q + 1);
            for (;;) {
                const auto end = query.find('&');
                const auto pair = query.substr(0, end);
                if (const auto eq = pair.find('='); eq != std::string_view::npos && secret_name(pair.substr(0, eq)))
                    x.query_secret_values.push_back(number(std::string(pair.substr(eq + 1))));
                if (end == std::string_view::npos) break;
                query.remove_prefix(end + 1);
            }
        }
        x.target = mask_query_secrets(x.target, hidden);
        mask_reply(x.raw_reply, secrets);
        mask_set_cookie_lines(x.raw_reply);
        for (auto& h : x.reply_headers) {
            // A Set-Cookie keeps its name and attributes: only its cookie-value is masked (RFC 6265 §4.1.1).
            if (protocol::iequals(h.name, "Set-Cookie")) h.value = masked_set_cookie(h.value);
            else if (!frames_message(h.name)) mask_in(h.value, secrets);
        }
    }
    for (auto& note : out.notes) mask_in(note, secrets);
    return out;
}

}  // namespace replycheck::record
