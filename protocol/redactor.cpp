#include "protocol/redactor.hpp"

#include <algorithm>

#include "protocol/exchange.hpp"

namespace replycheck::protocol {

void redactor::add_secret(std::string value) {
    if (value.empty()) return;
    if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
    secrets_.push_back(std::move(value));
    std::sort(secrets_.begin(), secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string redactor::apply(std::string_view text) const {
    std::string out = mask_credentials(text);
    for (const auto& secret : secrets_) {
        std::size_t pos = 0;
        while ((pos = out.find(secret, pos)) != std::string::npos) {
            out.replace(pos, secret.size(), mask);
            pos += mask.size();
        }
    }
    return out;
}

namespace {

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

}  // namespace

std::string mask_credentials(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        // Only 'a'/'A' (Authorization), 'p'/'P' (Proxy-Authorization, PASS) and ':' (URL
        // userinfo) can start something to mask: copy everything up to the next one at once.
        std::size_t next = text.find_first_of("aApP:", i);
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
                i = end;
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
