#include "mockserver/http/http_scripts.hpp"

#include <algorithm>

#include <boost/beast/core/string.hpp>

#include "mockserver/http/http_files.hpp"
#include "protocol/glob_match.hpp"

namespace replycheck::mock::detail {

namespace {

// A script regex over request text, bounded (protocol/bounded_regex.hpp): a pattern too complex
// for the text is no match, and `note` says so.
bool regex_holds(const protocol::bounded_regex& re, std::string_view text, bool whole, std::string_view what,
                 std::string* note) {
    const auto outcome = whole ? re.match(text) : re.search(text);
    if (outcome == protocol::regex_outcome::too_complex && note)
        *note = re.too_complex_message(what, text.size()) + "; taken as no match";
    return outcome == protocol::regex_outcome::match;
}

bool value_matches(const http_value_match& m, std::string_view value, std::string_view what, std::string* note) {
    if (m.compiled) return regex_holds(*m.compiled, value, false, what, note);
    return m.value == "*" || value == m.value;
}

bool query_has(const http_value_match& m, std::string_view query, std::string* note) {
    std::string key, value;
    while (true) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (percent_decode(pair.substr(0, eq), key, true) && key == m.name) {
            std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
            if (percent_decode(raw_value, value, true) && value_matches(m, value, "query value", note)) return true;
        }
        if (amp == std::string_view::npos) return false;
        query.remove_prefix(amp + 1);
    }
}

// The config's scripts live as long as the mock: no ownership to share.
std::vector<std::shared_ptr<const http_script>> borrowed(const std::vector<http_script>& scripts) {
    std::vector<std::shared_ptr<const http_script>> out;
    for (const auto& script : scripts) out.emplace_back(std::shared_ptr<const http_script>(), &script);
    return out;
}

}  // namespace

bool script_matches(const http_script_match& m, const script_request& r, std::string* note) {
    if (!m.methods.empty()) {
        bool any = false;
        // HEAD is GET without the content (RFC 9110 §9.3.2): a GET script answers HEAD too.
        for (const auto& method : m.methods) any = any || method == r.method || (method == "GET" && r.method == "HEAD");
        if (!any) return false;
    }
    switch (m.path_kind) {
    case http_path_match::any: break;
    case http_path_match::exact:
        if (r.path != m.path) return false;
        break;
    case http_path_match::prefix:
        if (r.path.substr(0, m.path.size()) != m.path) return false;
        break;
    case http_path_match::glob:
        if (!protocol::glob_match(m.path, r.path)) return false;
        break;
    case http_path_match::regex:
        if (!regex_holds(*m.path_regex, r.path, true, "path", note)) return false;
        break;
    }
    for (const auto& q : m.query)
        if (!query_has(q, r.query, note)) return false;
    if (!m.headers.empty()) {
        const auto& req = *r.request;
        for (const auto& h : m.headers) {
            bool found = false;
            for (std::size_t i = 0; i < req.field_count && !found; ++i)
                found = boost::beast::iequals(req.fields[i].first, h.name) &&
                        value_matches(h, req.fields[i].second, "header value", note);
            if (!found) return false;
        }
    }
    if (m.body && r.request->body != *m.body) return false;
    if (m.body_contains && r.request->body.find(*m.body_contains) == std::string::npos) return false;
    if (m.body_regex && !regex_holds(*m.body_regex, r.request->body, false, "request content", note)) return false;
    if (m.tls && *m.tls != (r.tls != nullptr)) return false;
    if (m.client_cert) {
        // "*": any certificate was presented, whatever its verdict.
        if (!r.tls || r.tls->client_subject.empty()) return false;
        if (!value_matches(*m.client_cert, r.tls->client_subject, "client certificate subject", note)) return false;
    }
    return true;
}

script_engine::script_engine(const std::vector<http_script>& scripts, std::string initial_state)
    : script_book(borrowed(scripts), std::move(initial_state), "mock HTTP script") {}

script_engine::choice script_engine::choose(const script_request& r) {
    const auto hit = take_first([&](const http_script& s, std::string* note) { return script_matches(s.match, r, note); });
    choice c{hit.script};
    // Successive matches take successive replies; the last one repeats.
    if (c.script && !c.script->replies.empty())
        c.reply = &c.script->replies[std::min(hit.earlier_uses, c.script->replies.size() - 1)];
    return c;
}

bool script_engine::names_method(std::string_view method) const {
    return has_match([&](const http_script& s, std::string*) {
        return std::find(s.match.methods.begin(), s.match.methods.end(), method) != s.match.methods.end();
    });
}

}  // namespace replycheck::mock::detail
