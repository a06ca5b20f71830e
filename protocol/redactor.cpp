#include "protocol/redactor.hpp"

#include <algorithm>
#include <cctype>

#include "protocol/exchange.hpp"
#include "protocol/secret_names.hpp"
#include "protocol/wire/ascii.hpp"

namespace replycheck::protocol {

namespace {

void insert_longest_first(std::vector<std::string>& list, std::string value) {
    if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
    auto shorter = std::find_if(list.begin(), list.end(),
                                [&](const std::string& s) { return s.size() < value.size(); });
    list.insert(shorter, std::move(value));
}

bool starts_with_icase(std::string_view text, std::size_t at, std::string_view prefix) {
    return text.size() - at >= prefix.size() && iequals(text.substr(at, prefix.size()), prefix);
}

// True when `at` starts a word: a field name may follow any byte that cannot be part of a
// token (RFC 9110 §5.6.2), including control bytes a hostile server may put there. A hyphen
// counts as a break, so that X-Authorization and the like are masked too.
bool at_word_start(std::string_view text, std::size_t at) {
    if (at == 0) return true;
    unsigned char c = static_cast<unsigned char>(text[at - 1]);
    bool token_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c >= 0x80;
    return !token_char;
}

// True when `at` begins a command: the start of the text or of a line, optionally after a
// transcript direction marker ("> ", "< ", "-> "), or after a label such as "step 2: ".
bool at_command_start(std::string_view text, std::size_t at) {
    if (at >= 2 && text[at - 1] == ' ' && text[at - 2] == ':') return true;
    std::size_t p = at;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '>' || text[p - 1] == '<' ||
                     text[p - 1] == '-') && at - p < 4)
        --p;
    return p == 0 || text[p - 1] == '\n' || text[p - 1] == '\r';
}

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Part of a word: letters, digits, '_' and every byte of a UTF-8 sequence.
bool is_word_char(char c) { return is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

// What a field name is made of (RFC 9110 §5.6.2 tchar).
bool is_tchar(char c) { return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos; }

// True when nothing but a transcript marker ("> ", "< ", "! ") stands between the start of
// its line and `at`.
bool at_line_start(std::string_view text, std::size_t at) {
    std::size_t p = at;
    while (p > 0 && at - p < 3 && (text[p - 1] == ' ' || text[p - 1] == '>' || text[p - 1] == '<' || text[p - 1] == '!'))
        --p;
    return p == 0 || is_line_break(text[p - 1]);
}

// The positions where a secret of any length is a value, for the occurrence [begin, end).

// A whole line: a plain-text body, an FTP reply text, an expected or actual value.
bool whole_line(std::string_view text, std::size_t begin, std::size_t end) {
    return at_line_start(text, begin) && (end == text.size() || is_line_break(text[end]));
}

// A whole quoted string: a JSON string, a quoted parameter (RFC 9110 §5.6.4), a value quoted
// in a message.
bool quoted(std::string_view text, std::size_t begin, std::size_t end) {
    return begin > 0 && end < text.size() && text[begin - 1] == text[end] && (text[end] == '"' || text[end] == '\'');
}

// The value of "name=value": a query parameter (RFC 3986 §3.4), a form field, a cookie
// (RFC 6265 §4.2.1), an auth-param (RFC 9110 §11.2).
bool parameter_value(std::string_view text, std::size_t begin, std::size_t end) {
    if (begin < 2 || text[begin - 1] != '=' || !is_tchar(text[begin - 2])) return false;
    return end == text.size() || std::string_view("&;, \t\r\n#").find(text[end]) != std::string_view::npos;
}

// The whole value of a header field line "Name: value", optional whitespace around it
// (RFC 9110 §5.5). The scans are bounded, so that every occurrence costs O(1).
bool field_value(std::string_view text, std::size_t begin, std::size_t end) {
    std::size_t p = begin;
    while (p > 0 && begin - p < 16 && (text[p - 1] == ' ' || text[p - 1] == '\t')) --p;
    if (p == 0 || text[p - 1] != ':') return false;
    std::size_t colon = p - 1, name = colon;
    while (name > 0 && colon - name < 256 && is_tchar(text[name - 1])) --name;
    if (name == colon || !at_line_start(text, name)) return false;
    std::size_t q = end;
    while (q < text.size() && q - end < 16 && (text[q] == ' ' || text[q] == '\t')) ++q;
    return q == text.size() || is_line_break(text[q]);
}

// Not part of a longer word on either side (an edge of the secret that is not a word
// character is a boundary by itself).
bool whole_token(std::string_view text, std::size_t begin, std::size_t end) {
    bool open = begin == 0 || !is_word_char(text[begin - 1]) || !is_word_char(text[begin]);
    bool close = end == text.size() || !is_word_char(text[end]) || !is_word_char(text[end - 1]);
    return open && close;
}

// The password of URL userinfo "user:password@" (RFC 3986 §3.2.1), even where
// mask_credentials() cannot tell where the host ends.
bool userinfo_password(std::string_view text, std::size_t begin, std::size_t end) {
    return begin > 0 && end < text.size() && text[begin - 1] == ':' && text[end] == '@';
}

// The whole argument of an FTP PASS command (RFC 959 §4.1.1), also one with spaces in it,
// which mask_credentials() leaves alone so that prose stays readable.
bool pass_argument(std::string_view text, std::size_t begin, std::size_t end) {
    return begin >= 5 && starts_with_icase(text, begin - 5, "pass ") && at_command_start(text, begin - 5) &&
           (end == text.size() || is_line_break(text[end]));
}

bool masked_here(std::string_view text, std::size_t begin, std::size_t end) {
    if (whole_line(text, begin, end) || quoted(text, begin, end) || parameter_value(text, begin, end) ||
        field_value(text, begin, end) || userinfo_password(text, begin, end) || pass_argument(text, begin, end))
        return true;
    return end - begin >= redactor::token_length && whole_token(text, begin, end);
}

// `secrets` must be longest first, so that a secret inside a longer one cannot leave the
// rest of the longer one readable.
std::string mask_secrets(std::string text, const std::vector<std::string_view>& secrets) {
    for (std::string_view secret : secrets) {
        std::string out;
        std::size_t copied = 0;
        bool masked = false;
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
            if (at < copied || !masked_here(text, at, at + secret.size())) continue;
            out.append(text, copied, at - copied);
            out.append(redactor::mask);
            copied = at + secret.size();
            masked = true;
        }
        if (!masked) continue;
        out.append(text, copied);
        text = std::move(out);
    }
    return text;
}

std::size_t line_end(std::string_view text, std::size_t from) {
    return std::min(text.find_first_of("\r\n", from), text.size());
}

// Lines that go on with a field value ending at `end` (obs-fold, RFC 9112 §5.2: a line opening
// with SP or HT), each appended masked whole. Returns where the field ends.
std::size_t mask_folded_lines(std::string& out, std::string_view text, std::size_t end) {
    for (;;) {
        std::size_t next = end;
        if (next < text.size() && text[next] == '\r') ++next;
        if (next >= text.size() || text[next] != '\n') return end;
        ++next;
        if (next >= text.size() || (text[next] != ' ' && text[next] != '\t')) return end;
        while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
        out.append(text.substr(end, next - end));
        out.append(redactor::mask);
        end = line_end(text, next);
    }
}

// "name=value" at `name`, a query parameter (RFC 3986 §3.4) or a form field (the
// application/x-www-form-urlencoded serializer of the URL Standard): when the name is secret and
// the value not empty, appends "name=***" and returns where the value ends, else npos.
std::size_t mask_parameter(std::string& out, std::string_view text, std::size_t name) {
    std::size_t eq = name;
    while (eq < text.size() && eq - name < 256 && std::string_view("=&;?#/ \t\r\n\"'<>").find(text[eq]) == std::string_view::npos)
        ++eq;
    if (eq == name || eq + 1 >= text.size() || text[eq] != '=' || !secret_name(text.substr(name, eq - name)))
        return std::string_view::npos;
    const std::size_t end = std::min(text.find_first_of("&# \t\r\n\"'<>", eq + 1), text.size());
    const std::string_view value = text.substr(eq + 1, end - eq - 1);
    // Empty, or masked already and followed by the punctuation of a sentence ("?token=***: ...").
    if (value.empty() || (value.starts_with(redactor::mask) &&
                          value.find_first_not_of(":,.;)", redactor::mask.size()) == std::string_view::npos))
        return std::string_view::npos;
    out.append(text.substr(name, eq + 1 - name));
    out.append(redactor::mask);
    return end;
}

// A cookie list (RFC 6265 §4.2.1 "a=1; b=2") with the value of every cookie masked, or of the
// first only for a Set-Cookie (§4.1.1: the attributes after it, Path=/ and the like, are no secret).
void append_masked_cookies(std::string& out, std::string_view value, bool every) {
    for (bool first = true;; first = false) {
        const std::size_t semi = value.find(';');
        const std::string_view pair = value.substr(0, semi);
        const std::size_t eq = pair.find('=');
        const std::size_t lead = std::min(pair.find_first_not_of(" \t"), pair.size());
        if ((first || every) && lead < pair.size()) {
            out.append(pair.substr(0, eq == std::string_view::npos ? lead : eq + 1));   // a nameless cookie is all value
            out.append(redactor::mask);
        } else {
            out.append(pair);
        }
        if (semi == std::string_view::npos) return;
        out.push_back(';');
        value.remove_prefix(semi + 1);
    }
}

// At the start of a line (after a transcript marker "> "): a header field whose value is a
// secret, or a form body's first field. Appends the line's masked beginning and returns where
// the rest of the text goes on, or npos when nothing there is masked here (Authorization and
// Proxy-Authorization keep their scheme: mask_credentials() masks them wherever they stand).
std::size_t mask_line_start(std::string& out, std::string_view text, std::size_t i) {
    std::size_t name = i;
    while (name < text.size() && name - i < 3 && std::string_view(" ><!").find(text[name]) != std::string_view::npos) ++name;
    std::size_t colon = name;
    while (colon < text.size() && colon - name < 256 && is_tchar(text[colon])) ++colon;
    if (colon == name || colon >= text.size()) return std::string_view::npos;
    if (text[colon] != ':') {
        std::string masked(text.substr(i, name - i));
        const std::size_t end = mask_parameter(masked, text, name);
        if (end != std::string_view::npos) out.append(masked);
        return end;
    }
    const std::string_view field = text.substr(name, colon - name);
    const std::string lowered = protocol::ascii_lower(field);
    const bool cookie = lowered == "cookie", set_cookie = lowered == "set-cookie";
    if (lowered.ends_with("authorization") || (!cookie && !set_cookie && !secret_name(field))) return std::string_view::npos;
    std::size_t value = colon + 1;
    while (value < text.size() && (text[value] == ' ' || text[value] == '\t')) ++value;
    const std::size_t end = line_end(text, value);
    out.append(text.substr(i, value - i));
    if (value == end) return end;   // an empty value hides nothing
    std::size_t last = end;   // trailing whitespace is no part of the value (RFC 9110 §5.5)
    while (last > value && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (cookie || set_cookie) append_masked_cookies(out, text.substr(value, last - value), cookie);
    else out.append(redactor::mask);
    out.append(text.substr(last, end - last));
    return mask_folded_lines(out, text, end);
}

}  // namespace

void redactor::add_secret(std::string value) { insert_longest_first(secrets_, std::move(value)); }

void redactor::add_secret(std::string value, std::string_view scope) {
    if (scope.empty()) return add_secret(std::move(value));
    if (value.empty()) return;
    auto it = scoped_.find(scope);
    if (it == scoped_.end()) it = scoped_.emplace(std::string(scope), std::vector<std::string>{}).first;
    insert_longest_first(it->second, std::move(value));
}

std::string redactor::apply(std::string_view text) const {
    std::vector<std::string_view> secrets(secrets_.begin(), secrets_.end());
    return mask_secrets(mask_credentials(text), secrets);
}

std::string redactor::apply(std::string_view text, std::string_view scope) const {
    std::vector<std::string_view> secrets(secrets_.begin(), secrets_.end());
    if (auto it = scoped_.find(scope); it != scoped_.end()) {
        secrets.insert(secrets.end(), it->second.begin(), it->second.end());
        std::stable_sort(secrets.begin(), secrets.end(),
                         [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    }
    return mask_secrets(mask_credentials(text), secrets);
}

// A JSON member with a secret name ("password": "x", "api_key": 12): its string or number value
// is masked, the name kept. Returns the end of the member, or npos when `i` opens no such one.
std::size_t mask_json_member(std::string& out, std::string_view text, std::size_t i) {
    constexpr std::size_t longest_name = 64;
    const std::size_t close = text.find('"', i + 1);
    if (close == std::string_view::npos || close == i + 1 || close - i > longest_name) return std::string_view::npos;
    const auto name = text.substr(i + 1, close - i - 1);
    if (name.find('\\') != std::string_view::npos || !secret_name(name)) return std::string_view::npos;
    std::size_t p = close + 1;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    if (p >= text.size() || text[p] != ':') return std::string_view::npos;
    ++p;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    std::size_t end = p;
    if (p < text.size() && text[p] == '"') {
        // RFC 8259 §7: the string ends at the first quote no backslash escapes.
        for (end = p + 1; end < text.size() && text[end] != '"'; ++end)
            if (text[end] == '\\') ++end;
        if (end >= text.size()) return std::string_view::npos;
        out.append(text.substr(i, p + 1 - i));
        out.append(redactor::mask);
        return end;   // the closing quote is copied by the caller
    }
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '-' ||
                                 text[end] == '.' || text[end] == 'e' || text[end] == 'E' || text[end] == '+'))
        ++end;
    if (end == p) return std::string_view::npos;   // true, false, null, objects and arrays stay
    out.append(text.substr(i, p - i));
    out.append(redactor::mask);
    return end;
}

std::string mask_credentials(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        // A line may open with a secret field (Cookie, X-Api-Key) or form field.
        if (i == 0 || is_line_break(text[i - 1])) {
            if (std::size_t end = mask_line_start(out, text, i); end != std::string_view::npos) {
                i = end;
                continue;
            }
        }
        // Only 'a'/'A' (Authorization), 'p'/'P' (Proxy-Authorization, PASS), ':' (URL
        // userinfo), '?' and '&' (parameters), '"' (JSON members) and a line break can start
        // something to mask:
        // copy everything up to the next one at once.
        std::size_t next = text.find_first_of("aApP:?&\"\r\n", i);
        if (next == std::string_view::npos) next = text.size();
        if (next > i) {
            out.append(text.substr(i, next - i));
            i = next;
            if (i == text.size()) break;
        }
        // Header fields carrying credentials (RFC 9110 §11.6.2, §11.7.2): keep the scheme,
        // mask the rest of the line.
        bool masked = false;
        for (std::string_view field : {std::string_view("authorization:"),
                                       std::string_view("proxy-authorization:")}) {
            if (at_word_start(text, i) && starts_with_icase(text, i, field)) {
                std::size_t value = i + field.size();
                std::size_t end = text.find_first_of("\r\n", value);
                if (end == std::string_view::npos) end = text.size();
                out.append(text.substr(i, field.size()));
                std::size_t p = value;
                while (p < end && text[p] == ' ') out.push_back(text[p++]);
                std::size_t scheme_end = text.find(' ', p);
                if (scheme_end != std::string_view::npos && scheme_end < end) {
                    out.append(text.substr(p, scheme_end - p + 1));
                }
                out.append(redactor::mask);
                i = mask_folded_lines(out, text, end);
                masked = true;
                break;
            }
        }
        if (masked) continue;
        // FTP "PASS secret" (RFC 959 §4.1.1): only a command line whose argument is one word,
        // so that prose such as "PASS before USER gives 503" stays readable.
        if (at_command_start(text, i) && starts_with_icase(text, i, "pass ")) {
            std::size_t end = text.find_first_of("\r\n", i + 5);
            if (end == std::string_view::npos) end = text.size();
            std::string_view argument = text.substr(i + 5, end - i - 5);
            if (argument.empty() || argument.find(' ') != std::string_view::npos) {
                out.push_back(text[i]);
                ++i;
                continue;
            }
            out.append(text.substr(i, 5));
            out.append(redactor::mask);
            i = end;
            continue;
        }
        if (text[i] == '"') {
            if (std::size_t end = mask_json_member(out, text, i); end != std::string_view::npos) {
                i = end;
                continue;
            }
            out.push_back(text[i++]);
            continue;
        }
        // A secret query parameter or form field after the first: "?access_token=", "&password=".
        if (text[i] == '?' || text[i] == '&') {
            out.push_back(text[i]);
            if (std::size_t end = mask_parameter(out, text, i + 1); end != std::string_view::npos) i = end;
            else ++i;
            continue;
        }
        // URL userinfo "scheme://user:password@host" (RFC 3986 §3.2.1).
        if (text.compare(i, 3, "://") == 0) {
            std::size_t host_end = text.find_first_of("/ \r\n\"'<>", i + 3);
            if (host_end == std::string_view::npos) host_end = text.size();
            std::size_t at = text.rfind('@', host_end);
            if (at != std::string_view::npos && at > i + 3) {
                std::size_t colon = text.find(':', i + 3);
                if (colon != std::string_view::npos && colon < at) {
                    out.append(text.substr(i, colon + 1 - i));
                    out.append(redactor::mask);
                    i = at;
                    continue;
                }
            }
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

}  // namespace replycheck::protocol
