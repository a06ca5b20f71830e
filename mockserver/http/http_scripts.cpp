#include "mockserver/http/http_scripts.hpp"

#include <iostream>

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
    : scripts_(scripts), initial_state_(std::move(initial_state)), uses_(scripts.size(), 0), noted_(scripts.size(), 0),
      state_(initial_state_) {}

script_engine::choice script_engine::choose(const script_request& r) {
    if (scripts_.empty()) return {};
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
        const auto& script = scripts_[i];
        if (script.times && uses_[i] >= static_cast<std::size_t>(*script.times)) continue;
        if (!script.state.empty() && script.state != state_) continue;
        std::string note;
        const bool matched = script_matches(script.match, r, &note);
        if (!note.empty()) add_note(i, note);
        if (!matched) continue;
        choice c;
        c.script = &script;
        if (!script.replies.empty()) c.reply = &script.replies[std::min(uses_[i], script.replies.size() - 1)];
        ++uses_[i];
        if (!script.next_state.empty()) state_ = script.next_state;
        return c;
    }
    return {};
}

void script_engine::add_note(std::size_t index, const std::string& note) {
    // Once per script: the same request shape would repeat it on every request.
    if (noted_[index]) return;
    noted_[index] = 1;
    const auto& script = scripts_[index];
    const auto where = script.where.file.empty() ? std::string() : " (" + script.where.to_string() + ")";
    notes_.push_back("mock HTTP script '" + script.name + "'" + where + ": " + note);
    std::cerr << "replycheck mock: " << notes_.back() << '\n';
}

std::vector<std::string> script_engine::notes() const {
    std::lock_guard lock(mutex_);
    return notes_;
}

std::string script_engine::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::size_t script_engine::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < uses_.size() ? uses_[index] : 0;
}

void script_engine::reset() {
    std::lock_guard lock(mutex_);
    std::fill(uses_.begin(), uses_.end(), 0);
    state_ = initial_state_;
}

}  // namespace replycheck::mock::detail
