#include "mockserver/http/http_rules.hpp"

#include <iostream>

#include <boost/beast/core/string.hpp>

#include "mockserver/http/http_files.hpp"
#include "protocol/glob_match.hpp"

namespace replycheck::mock::detail {

namespace {

// A rule regex over request text, bounded (protocol/bounded_regex.hpp): a pattern too complex
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

bool rule_matches(const http_rule_match& m, const rule_request& r, std::string* note) {
    if (!m.methods.empty()) {
        bool any = false;
        // HEAD is GET without the content (RFC 9110 §9.3.2): a GET rule answers HEAD too.
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
    return true;
}

rule_engine::rule_engine(const std::vector<http_rule>& rules, std::string initial_state)
    : rules_(rules), initial_state_(std::move(initial_state)), uses_(rules.size(), 0), noted_(rules.size(), 0),
      state_(initial_state_) {}

rule_engine::choice rule_engine::choose(const rule_request& r) {
    if (rules_.empty()) return {};
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const auto& rule = rules_[i];
        if (rule.times && uses_[i] >= static_cast<std::size_t>(*rule.times)) continue;
        if (!rule.state.empty() && rule.state != state_) continue;
        std::string note;
        const bool matched = rule_matches(rule.match, r, &note);
        if (!note.empty()) add_note(i, note);
        if (!matched) continue;
        choice c;
        c.rule = &rule;
        if (!rule.replies.empty()) c.reply = &rule.replies[std::min(uses_[i], rule.replies.size() - 1)];
        ++uses_[i];
        if (!rule.next_state.empty()) state_ = rule.next_state;
        return c;
    }
    return {};
}

void rule_engine::add_note(std::size_t index, const std::string& note) {
    // Once per rule: the same request shape would repeat it on every request.
    if (noted_[index]) return;
    noted_[index] = 1;
    const auto& rule = rules_[index];
    const auto where = rule.where.file.empty() ? std::string() : " (" + rule.where.to_string() + ")";
    notes_.push_back("mock HTTP rule '" + rule.name + "'" + where + ": " + note);
    std::cerr << "replycheck mock: " << notes_.back() << '\n';
}

std::vector<std::string> rule_engine::notes() const {
    std::lock_guard lock(mutex_);
    return notes_;
}

std::string rule_engine::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::size_t rule_engine::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < uses_.size() ? uses_[index] : 0;
}

void rule_engine::reset() {
    std::lock_guard lock(mutex_);
    std::fill(uses_.begin(), uses_.end(), 0);
    state_ = initial_state_;
}

}  // namespace replycheck::mock::detail
