// Secrets in request content. A form (WHATWG URL §5.1) and a JSON document (RFC 8259) are cut
// where the values of secret-named fields stand, so a replay sends the same bytes with each value
// as a placeholder; JSON is cut in its original text (never re-serialized: 1.50, big integers,
// duplicate members and escapes stay as sent). Content of another kind is withheld when it names
// a secret, and the values that can still be found in it (multipart parts, XML elements, JSON
// sent as text, broken or nested too deep to parse) are collected, so the replies that echo
// them are masked all the same.

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "harness/record/http_exchange.hpp"
#include "protocol/url/url.hpp"
#include "protocol/utf8.hpp"
#include "protocol/wire/ascii.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::record {

namespace {

constexpr bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool name_char(char c) {
    return letter(c) || protocol::is_ascii_digit(c) || c == '_' || c == ':' || c == '.' || c == '-';
}

struct collected {
    std::vector<body_piece> pieces;
    std::vector<std::string> piece_values;
    std::set<std::string> values;

    void value(std::string_view v) {
        v = protocol::trim_ows(v);
        if (v.size() >= shortest_secret) values.insert(std::string(v));
    }
    void literal(std::string_view text) {
        if (text.empty()) return;
        if (pieces.empty() || pieces.back().secret) pieces.push_back({std::string(text), false, 0});
        else pieces.back().text += text;
    }
    void secret(std::string_view name, std::string_view raw) {
        pieces.push_back({std::string(name), true, 0});
        piece_values.emplace_back(raw);
    }
};

// name=value pairs joined by '&': a secret-named field's value becomes a secret piece. A pair
// without '=' that names a secret cannot be cut: nullopt, the content is withheld.
bool split_form(std::string_view body, collected& out) {
    for (bool first = true;; first = false) {
        if (!first) out.literal("&");
        const auto end = body.find('&');
        const auto pair = body.substr(0, end);
        const auto eq = pair.find('=');
        const auto name = protocol::form_decoded(pair.substr(0, eq));
        if (eq == std::string_view::npos && secret_name(name)) return false;
        if (eq != std::string_view::npos && secret_name(name)) {
            out.literal(pair.substr(0, eq + 1));
            out.secret(name, pair.substr(eq + 1));
            out.value(pair.substr(eq + 1));
            out.value(protocol::form_decoded(pair.substr(eq + 1)));
        } else {
            out.literal(pair);
        }
        if (end == std::string_view::npos) return true;
        body.remove_prefix(end + 1);
    }
}

// --- JSON ------------------------------------------------------------------------------------

// The byte span of one scalar under a secret-named member: a string's content between its
// quotes, or a number's digits.
struct json_span {
    std::size_t begin = 0, end = 0;
    std::string name;   // the innermost secret-named member it stands under
    bool string = false;
};

// Walks a document boost::json has already accepted (so it is well formed and at most as deep
// as that parser allows) and notes the spans of the scalars that stand under a secret name,
// in arrays and objects below it too. true, false and null are not secrets.
class json_scanner {
public:
    explicit json_scanner(std::string_view text) : s_(text) {}

    std::vector<json_span> scan() {
        value({});
        return std::move(spans_);
    }

private:
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    // At '"': the content's span; past the closing quote after.
    std::pair<std::size_t, std::size_t> string() {
        const auto begin = ++i_;
        while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
        const auto end = std::min(i_, s_.size());
        ++i_;
        return {begin, end};
    }
    void value(const std::string& secret) {
        space();
        if (i_ >= s_.size()) return;
        const char c = s_[i_];
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++i_;
            for (;;) {
                space();
                if (i_ >= s_.size() || s_[i_] == close) break;
                std::string inner = secret;
                if (close == '}') {
                    const auto [b, e] = string();
                    const auto key = decoded(b, e);
                    if (secret_name(key)) inner = key;
                    space();
                    ++i_;   // ':'
                }
                value(inner);
                space();
                if (i_ < s_.size() && s_[i_] == ',') ++i_;
            }
            ++i_;
        } else if (c == '"') {
            const auto [b, e] = string();
            if (!secret.empty()) spans_.push_back({b, e, secret, true});
        } else {
            const auto b = i_;
            while (i_ < s_.size() && std::string_view("+-.0123456789eE").find(s_[i_]) != std::string_view::npos) ++i_;
            if (i_ == b) {   // true, false, null
                while (i_ < s_.size() && letter(s_[i_])) ++i_;
            } else if (!secret.empty()) {
                spans_.push_back({b, i_, secret, false});
            }
        }
    }

public:
    // The decoded value of the string whose content spans [b, e).
    std::string decoded(std::size_t b, std::size_t e) const {
        boost::system::error_code ec;
        const auto v = boost::json::parse(s_.substr(b - 1, e - b + 2), ec);
        return !ec && v.is_string() ? std::string(v.as_string()) : std::string(s_.substr(b, e - b));
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
    std::vector<json_span> spans_;
};

bool is_json(std::string_view body) {
    body = protocol::trim_ows(body);
    if (body.empty() || (body.front() != '{' && body.front() != '[')) return false;
    boost::system::error_code ec;
    boost::json::parse(body, ec);
    return !ec;
}

void split_json(std::string_view body, collected& out) {
    json_scanner scanner(body);
    std::size_t from = 0;
    for (const auto& span : scanner.scan()) {
        const auto raw = body.substr(span.begin, span.end - span.begin);
        // A number loses its place between quotes: the placeholder stands bare, as the value did.
        out.literal(body.substr(from, span.begin - from));
        out.secret(span.name, raw);
        out.value(raw);
        if (span.string) out.value(scanner.decoded(span.begin, span.end));
        from = span.end;
    }
    out.literal(body.substr(from));
}

// --- content that is withheld -----------------------------------------------------------------

// The value of parameter `name` in a field value such as `multipart/form-data; boundary=b` or
// `form-data; name="password"` (RFC 9110 §5.6.6), quotes taken off.
std::string parameter(std::string_view value, std::string_view name) {
    for (auto at = value.find(';'); at != std::string_view::npos; at = value.find(';', at + 1)) {
        auto rest = protocol::trim_ows(value.substr(at + 1));
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos || !protocol::iequals(protocol::trim_ows(rest.substr(0, eq)), name)) continue;
        auto v = protocol::trim_ows(rest.substr(eq + 1));
        if (!v.empty() && v.front() == '"') return std::string(v.substr(1, v.find('"', 1) - 1));
        return std::string(v.substr(0, v.find(';')));
    }
    return {};
}

// multipart/form-data (RFC 7578 §4.2): the content of each part whose name is a secret name.
void multipart_values(std::string_view body, std::string_view content_type, collected& out) {
    const auto boundary = parameter(content_type, "boundary");
    if (boundary.empty()) return;
    const auto delimiter = "--" + boundary;
    for (auto at = body.find(delimiter); at != std::string_view::npos;) {
        const auto next = body.find("\r\n" + delimiter, at + delimiter.size());
        const auto part = body.substr(at + delimiter.size(), next == std::string_view::npos ? std::string_view::npos
                                                                                            : next - at - delimiter.size());
        const auto head_end = part.find("\r\n\r\n");
        if (head_end != std::string_view::npos) {
            std::string name;
            auto head = part.substr(0, head_end);
            while (!head.empty()) {
                const auto eol = head.find("\r\n");
                const auto line = head.substr(0, eol);
                const auto colon = line.find(':');
                if (colon != std::string_view::npos &&
                    protocol::iequals(protocol::trim_ows(line.substr(0, colon)), "Content-Disposition"))
                    name = parameter(line.substr(colon + 1), "name");
                head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
            }
            if (secret_name(name)) out.value(part.substr(head_end + 4));
        }
        at = next == std::string_view::npos ? next : next + 2;
    }
}

// XML (and HTML forms sent as text): the text of each element with a secret name,
// `<password>value</password>`, prefixes allowed.
void element_values(std::string_view body, collected& out) {
    for (auto at = body.find('<'); at != std::string_view::npos; at = body.find('<', at + 1)) {
        auto end = at + 1;
        while (end < body.size() && name_char(body[end])) ++end;
        const auto name = body.substr(at + 1, end - at - 1);
        const auto open_end = body.find('>', end);
        if (name.empty() || open_end == std::string_view::npos || !secret_name(name.substr(name.rfind(':') + 1))) continue;
        const auto close = body.find("</", open_end);
        if (close != std::string_view::npos) out.value(body.substr(open_end + 1, close - open_end - 1));
    }
}

// JSON that could not be cut (broken, two documents, nested past the parser's depth): each
// `"name": value` whose name is a secret name, found in the text as it stands.
void json_like_values(std::string_view body, collected& out) {
    const auto string_end = [&](std::size_t open) {   // the closing quote of the string at `open`
        for (auto i = open + 1; i < body.size(); ++i) {
            if (body[i] == '\\') ++i;
            else if (body[i] == '"') return i;
        }
        return std::string_view::npos;
    };
    for (auto open = body.find('"'); open != std::string_view::npos;) {
        const auto close = string_end(open);
        if (close == std::string_view::npos) return;
        auto at = close + 1;
        while (at < body.size() && (body[at] == ' ' || body[at] == '\t' || body[at] == '\r' || body[at] == '\n')) ++at;
        if (at < body.size() && body[at] == ':' && secret_name(body.substr(open + 1, close - open - 1))) {
            ++at;
            while (at < body.size() && (body[at] == ' ' || body[at] == '\t' || body[at] == '\r' || body[at] == '\n')) ++at;
            if (at < body.size() && body[at] == '"') {
                const auto value_end = string_end(at);
                if (value_end == std::string_view::npos) {
                    out.value(body.substr(at + 1));   // cut off inside the value
                    return;
                }
                out.value(body.substr(at + 1, value_end - at - 1));
            } else {
                const auto value_end = body.find_first_of(",}] \t\r\n", at);
                const auto value = body.substr(at, value_end == std::string_view::npos ? std::string_view::npos : value_end - at);
                if (value != "true" && value != "false" && value != "null") out.value(value);
            }
        }
        open = body.find('"', close + 1);
    }
}

}  // namespace

content_secrets find_content_secrets(const http_recorded_exchange& x) {
    collected found;
    const auto& body = x.request_body;
    content_secrets result;
    if (body.empty()) {
        result.pieces.emplace();
        return result;
    }
    std::string media, type;
    if (const auto* t = protocol::find_header(x.request_headers, "Content-Type")) {
        type = *t;
        media = protocol::ascii_lower(protocol::trim_ows(std::string_view(type).substr(0, type.find(';'))));
    }
    const bool form_typed = media == "application/x-www-form-urlencoded";
    const bool json_typed = media == "application/json" || media.ends_with("+json");
    // curl -d types JSON as a form: form-typed or untyped content that parses as JSON is JSON.
    const bool untyped_form = media.empty() && body.find('=') != std::string::npos &&
                              std::none_of(body.begin(), body.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r'; });
    bool cut = false;
    if ((form_typed || json_typed || media.empty()) && is_json(body)) {
        split_json(body, found);
        cut = true;
    } else if (form_typed || untyped_form) {
        cut = split_form(body, found);
    }
    if (!cut) {
        // Withheld: the values found so far (a form's other fields) and those that can still be
        // found are collected; no piece is written.
        if (media.starts_with("multipart/")) multipart_values(body, type, found);
        element_values(body, found);
        if (is_json(body)) split_json(body, found);
        else json_like_values(body, found);
        found.pieces.clear();
        found.piece_values.clear();
        // Binary content is no text to name anything; the scenario leaves it out as not UTF-8.
        if (!protocol::valid_utf8(body) || !secret_name(body)) found.literal(body);
        cut = !found.pieces.empty();
    }
    if (cut) result.pieces = std::move(found.pieces);
    result.piece_values = std::move(found.piece_values);
    result.values.assign(found.values.begin(), found.values.end());
    return result;
}

}  // namespace replycheck::record
