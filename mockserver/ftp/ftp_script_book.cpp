#include "mockserver/ftp/ftp_script_book.hpp"

#include <algorithm>
#include <iostream>

#include <boost/json/object.hpp>

#include "protocol/glob_match.hpp"

namespace replycheck::mock {

bool ftp_script_matches(const ftp_script_match& match, std::string_view verb, std::string_view argument,
                      std::string* note) {
    if (!match.command.empty() && match.command != verb) return false;
    switch (match.kind) {
        case ftp_match_kind::any:
            return true;
        case ftp_match_kind::exact:
            return match.argument == argument;
        case ftp_match_kind::glob:
            return protocol::glob_match(match.argument, argument);
        case ftp_match_kind::regex: {
            if (!match.compiled) return false;
            // Bounded (protocol/bounded_regex.hpp): too complex for the argument is no match.
            const auto outcome = match.compiled->match(argument);
            if (outcome == protocol::regex_outcome::too_complex && note)
                *note = match.compiled->too_complex_message("argument", argument.size()) + "; taken as no match";
            return outcome == protocol::regex_outcome::match;
        }
    }
    return false;
}

ftp_script_book::ftp_script_book(std::vector<ftp_script> scripts, std::string initial_state)
    : initial_state_(std::move(initial_state)), state_(initial_state_) {
    for (auto& script : scripts) {
        if (script.name.empty()) script.name = "rule " + std::to_string(file_.size() + 1);
        file_.push_back({std::make_shared<const ftp_script>(std::move(script)), 0, 0, false, {}});
    }
    count_ = file_.size();
}

bool ftp_script_book::answers(const entry& e, std::string_view verb, std::string_view argument,
                              std::string* noticed) const {
    const auto& script = *e.script;
    if (script.times && e.uses >= static_cast<std::size_t>(*script.times)) return false;
    if (!script.state.empty() && script.state != state_) return false;
    return ftp_script_matches(script.match, verb, argument, noticed);
}

void ftp_script_book::note(entry& e, const std::string& noticed) {
    // Once per script: a client repeating the command would repeat the note.
    if (e.noted) return;
    e.noted = true;
    const auto& script = *e.script;
    const auto where = script.where.file.empty() ? std::string() : " (" + script.where.to_string() + ")";
    notes_.push_back("mock FTP script '" + script.name + "'" + where + ": " + noticed);
    std::cerr << "replycheck mock: " << notes_.back() << '\n';
}

std::shared_ptr<const ftp_script> ftp_script_book::take(std::string_view verb, std::string_view argument) {
    if (empty()) return nullptr;
    std::lock_guard lock(mutex_);
    auto* e = first_in_order(*this, [&](entry& candidate) {
        std::string noticed;
        const bool matched = answers(candidate, verb, argument, &noticed);
        if (!noticed.empty()) note(candidate, noticed);
        return matched;
    });
    if (!e) return nullptr;
    ++e->uses;
    if (!e->script->next_state.empty()) state_ = e->script->next_state;
    return e->script;
}

bool ftp_script_book::has_script_for(std::string_view verb, std::string_view argument) const {
    if (empty()) return false;
    std::lock_guard lock(mutex_);
    return first_in_order(*this, [&](const entry& e) { return answers(e, verb, argument, nullptr); }) != nullptr;
}

std::uint64_t ftp_script_book::add(ftp_script script, boost::json::value definition) {
    std::lock_guard lock(mutex_);
    const auto id = ++last_id_;
    if (script.name.empty()) script.name = "script " + std::to_string(id);
    runtime_.push_back({std::make_shared<const ftp_script>(std::move(script)), id, 0, false, std::move(definition)});
    count_.store(file_.size() + runtime_.size(), std::memory_order_release);
    return id;
}

bool ftp_script_book::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(runtime_.begin(), runtime_.end(), [&](const entry& e) { return e.id == id; });
    if (it == runtime_.end()) return false;
    runtime_.erase(it);
    count_.store(file_.size() + runtime_.size(), std::memory_order_release);
    return true;
}

void ftp_script_book::clear_runtime() {
    std::lock_guard lock(mutex_);
    runtime_.clear();
    count_.store(file_.size(), std::memory_order_release);
}

boost::json::array ftp_script_book::to_json() const {
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

std::vector<std::string> ftp_script_book::notes() const {
    std::lock_guard lock(mutex_);
    return notes_;
}

std::size_t ftp_script_book::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < file_.size() ? file_[index].uses : 0;
}

std::string ftp_script_book::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

void ftp_script_book::set_state(std::string name) {
    std::lock_guard lock(mutex_);
    state_ = std::move(name);
}

std::vector<std::string> ftp_script_book::known_states() const {
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

void ftp_script_book::reset() {
    std::lock_guard lock(mutex_);
    for (auto* list : {&file_, &runtime_})
        for (auto& e : *list) e.uses = 0;
    state_ = initial_state_;
}

}  // namespace replycheck::mock
