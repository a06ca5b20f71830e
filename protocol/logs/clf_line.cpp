// CLF as Apache mod_log_config and nginx write it. Quoted parts may hold escaped quotes:
// Apache writes `\"` and `\\`, nginx `\x22`; a quote only ends the part when not escaped.

#include "protocol/logs/clf_line.hpp"

#include "protocol/logs/log_text.hpp"

namespace replycheck::logs {

namespace {

// `rest` starts with '"': takes the quoted part; false when there is no closing quote.
// A quote is escaped exactly when an odd run of backslashes precedes it (each `\\` pair is
// one escaped backslash), so the scan can jump from quote to quote with memchr instead of
// walking every byte: the request, referer and user agent are most of a combined line.
bool take_quoted(std::string_view& rest, std::string_view& out) {
    std::size_t i = 1;
    while (i < rest.size()) {
        std::size_t quote = rest.find('"', i);
        if (quote == std::string_view::npos) return false;
        std::size_t backslashes = 0;
        while (quote - backslashes > 1 && rest[quote - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) {
            out = rest.substr(1, quote - 1);
            rest.remove_prefix(quote + 1);
            return true;
        }
        i = quote + 1;
    }
    return false;
}

void skip_spaces(std::string_view& rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
}

}  // namespace

bool split_clf_line(std::string_view line, clf_line& out, std::string& why) {
    std::string_view rest = line;
    out.host = text::next_token(rest);
    out.ident = text::next_token(rest);
    skip_spaces(rest);
    // %u is a plain token; a few servers quote it when it holds spaces.
    if (!rest.empty() && rest.front() == '"') {
        if (!take_quoted(rest, out.user)) {
            why = "no closing quote in the user name";
            return false;
        }
    } else {
        out.user = text::next_token(rest);
    }
    skip_spaces(rest);
    out.vhost = {};
    if (!rest.empty() && rest.front() != '[' && rest.front() != '"') {
        // "%v:%p %h %l %u %t …": one more token before the date.
        out.vhost = out.host;
        out.host = out.ident;
        out.ident = out.user;
        out.user = text::next_token(rest);
        skip_spaces(rest);
    }
    if (out.host.empty() || out.user.empty() || rest.empty() || rest.front() != '[') {
        why = "expected `host ident user [date] \"request\" status bytes`";
        return false;
    }
    auto close = rest.find(']');
    if (close == std::string_view::npos) {
        why = "no closing ']' after the date";
        return false;
    }
    out.date = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    skip_spaces(rest);
    if (rest.empty() || rest.front() != '"') {
        why = "expected the quoted request after the date";
        return false;
    }
    if (!take_quoted(rest, out.request)) {
        why = "no closing quote in the request";
        return false;
    }
    out.status = text::next_token(rest);
    out.bytes = text::next_token(rest);
    if (out.status.empty()) {
        why = "no status after the request";
        return false;
    }
    if (out.bytes.empty()) {
        why = "no byte count after the status";
        return false;
    }
    out.referer = {};
    out.user_agent = {};
    out.combined = false;
    skip_spaces(rest);
    if (!rest.empty() && rest.front() == '"') {
        if (!take_quoted(rest, out.referer)) {
            why = "no closing quote in the referer";
            return false;
        }
        skip_spaces(rest);
        if (!rest.empty() && rest.front() == '"') {
            if (!take_quoted(rest, out.user_agent)) {
                why = "no closing quote in the user agent";
                return false;
            }
            out.combined = true;
        }
    }
    return true;
}

}  // namespace replycheck::logs
