#include "mockserver/http/http_scripts.hpp"

#include <algorithm>
#include <iostream>

#include <boost/beast/core/string.hpp>
#include <boost/json/object.hpp>

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
    : initial_state_(std::move(initial_state)), state_(initial_state_) {
    // The file's scripts live as long as the mock: no ownership to share.
    for (const auto& script : scripts) file_.push_back({std::shared_ptr<const http_script>(std::shared_ptr<const http_script>(), &script), 0, 0, false, {}});
    count_ = file_.size();
}

bool script_engine::try_entry(entry& e, const script_request& r, choice& c) {
    const auto& script = *e.script;
    if (script.times && e.uses >= static_cast<std::size_t>(*script.times)) return false;
    if (!script.state.empty() && script.state != state_) return false;
    std::string note;
    const bool matched = script_matches(script.match, r, &note);
    if (!note.empty()) add_note(e, note);
    if (!matched) return false;
    c.script = e.script;
    if (!script.replies.empty()) c.reply = &script.replies[std::min(e.uses, script.replies.size() - 1)];
    ++e.uses;
    if (!script.next_state.empty()) state_ = script.next_state;
    return true;
}

script_engine::choice script_engine::choose(const script_request& r) {
    if (count_.load(std::memory_order_acquire) == 0) return {};
    std::lock_guard lock(mutex_);
    choice c;
    for (auto it = runtime_.rbegin(); it != runtime_.rend(); ++it)
        if (try_entry(*it, r, c)) return c;
    for (auto& e : file_)
        if (try_entry(e, r, c)) return c;
    return {};
}

std::uint64_t script_engine::add(http_script script, boost::json::value definition) {
    std::lock_guard lock(mutex_);
    const auto id = ++last_id_;
    if (script.name.empty()) script.name = "script " + std::to_string(id);
    runtime_.push_back({std::make_shared<const http_script>(std::move(script)), id, 0, false, std::move(definition)});
    count_.store(file_.size() + runtime_.size(), std::memory_order_release);
    return id;
}

bool script_engine::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(runtime_.begin(), runtime_.end(), [&](const entry& e) { return e.id == id; });
    if (it == runtime_.end()) return false;
    runtime_.erase(it);
    count_.store(file_.size() + runtime_.size(), std::memory_order_release);
    return true;
}

void script_engine::clear_runtime() {
    std::lock_guard lock(mutex_);
    runtime_.clear();
    count_.store(file_.size(), std::memory_order_release);
}

boost::json::array script_engine::to_json() const {
    auto describe = [](const entry& e) {
        const auto& s = *e.script;
        boost::json::object o;
        if (e.id) o["id"] = e.id;
        else o["id"] = nullptr;
        o["source"] = e.id ? "runtime" : "file";
        o["name"] = s.name;
        o["uses"] = e.uses;
        if (s.times) o["times"] = *s.times;
        else o["times"] = nullptr;
        o["state"] = s.state;
        o["next_state"] = s.next_state;
        if (e.id) o["definition"] = e.definition;
        else o["where"] = s.where.to_string();
        return o;
    };
    std::lock_guard lock(mutex_);
    boost::json::array out;
    for (auto it = runtime_.rbegin(); it != runtime_.rend(); ++it) out.push_back(describe(*it));
    for (const auto& e : file_) out.push_back(describe(e));
    return out;
}

void script_engine::add_note(entry& e, const std::string& note) {
    // Once per script: the same request shape would repeat it on every request.
    if (e.noted) return;
    e.noted = true;
    const auto& script = *e.script;
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

void script_engine::set_state(std::string name) {
    std::lock_guard lock(mutex_);
    state_ = std::move(name);
}

std::vector<std::string> script_engine::known_states() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out{initial_state_};
    auto add = [&](const std::string& name) {
        if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    };
    for (const auto* list : {&file_, &runtime_})
        for (const auto& e : *list) {
            add(e.script->state);
            add(e.script->next_state);
        }
    return out;
}

std::size_t script_engine::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < file_.size() ? file_[index].uses : 0;
}

void script_engine::reset() {
    std::lock_guard lock(mutex_);
    for (auto* list : {&file_, &runtime_})
        for (auto& e : *list) e.uses = 0;
    state_ = initial_state_;
}

}  // namespace replycheck::mock::detail
