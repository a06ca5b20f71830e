#pragma once
// The runtime bookkeeping of mock scripts, shared by the HTTP and FTP mocks: the file's scripts and
// those added at run time (tried first, newest first), use counts (`times`), named states, the
// listing the admin API shows and the notes matching leaves. The mock brings only its matching.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "protocol/utf8.hpp"

namespace replycheck::mock {

/// A state name is shown in JSON, journals and console lines: printable UTF-8, no control
/// characters. The same rule for a script's `state`/`next_state` and for PUT /states/NAME.
inline bool valid_state_name(std::string_view name) {
    return protocol::valid_utf8(name) &&
           std::none_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}
inline constexpr std::string_view state_name_rule = "a state name is printable UTF-8 text (no control characters)";

/// The scripts of one mock, shared by all its connections. `Script` has name, times, state,
/// next_state and where (http_script, ftp_script). Every access is under one mutex, and a book
/// with no script at all never takes it.
template <class Script>
class script_book {
public:
    /// `file`: the config's scripts in its order; `label` begins each note ("mock HTTP script").
    script_book(std::vector<std::shared_ptr<const Script>> file, std::string initial_state, std::string label)
        : label_(std::move(label)), initial_state_(std::move(initial_state)), state_(initial_state_) {
        for (auto& script : file) file_.push_back({std::move(script), 0, 0, false, {}});
        count_ = file_.size();
    }

    /// A script that answers, and how often it answered before (its place in a reply sequence).
    /// `script` keeps a runtime script alive while it is used, even once removed; null: none.
    struct taken {
        std::shared_ptr<const Script> script;
        std::size_t earlier_uses = 0;
    };

    /// The first script in match order, in the current state, with uses left, for which
    /// `matches(const Script&, std::string* note)` holds: one use is counted and its next_state
    /// entered. A note the matching leaves (a regex too complex for the text) is kept once per script.
    template <class Matches>
    taken take_first(Matches&& matches) {
        if (empty()) return {};
        std::lock_guard lock(mutex_);
        auto* e = first_in_order(*this, [&](entry& candidate) {
            if (!ready(candidate)) return false;
            std::string note;
            const bool matched = matches(*candidate.script, &note);
            if (!note.empty()) add_note(candidate, note);
            return matched;
        });
        if (!e) return {};
        taken t{e->script, e->uses++};
        if (!e->script->next_state.empty()) state_ = e->script->next_state;
        return t;
    }
    /// True when take_first(matches) would find a script now; nothing is counted or noted
    /// (`matches` is given a null note).
    template <class Matches>
    bool has_match(Matches&& matches) const {
        if (empty()) return false;
        std::lock_guard lock(mutex_);
        return first_in_order(*this, [&](const entry& e) { return ready(e) && matches(*e.script, nullptr); }) != nullptr;
    }
    /// True when no script exists at all (the hot path skips the lock).
    bool empty() const noexcept { return count_.load(std::memory_order_acquire) == 0; }

    /// Adds a runtime script (`definition`: what it was made from, shown by to_json); its
    /// `times` counts from now. Returns its id: 1, 2, ... never reused.
    std::uint64_t add(Script script, boost::json::value definition) {
        std::lock_guard lock(mutex_);
        const auto id = ++last_id_;
        if (script.name.empty()) script.name = "script " + std::to_string(id);
        runtime_.push_back({std::make_shared<const Script>(std::move(script)), id, 0, false, std::move(definition)});
        count_.store(file_.size() + runtime_.size(), std::memory_order_release);
        return id;
    }
    /// Removes runtime script `id`; false when there is none.
    bool remove(std::uint64_t id) {
        std::lock_guard lock(mutex_);
        const auto it = std::find_if(runtime_.begin(), runtime_.end(), [&](const entry& e) { return e.id == id; });
        if (it == runtime_.end()) return false;
        runtime_.erase(it);
        count_.store(file_.size() + runtime_.size(), std::memory_order_release);
        return true;
    }
    /// Removes every runtime script.
    void clear_runtime() {
        std::lock_guard lock(mutex_);
        runtime_.clear();
        count_.store(file_.size(), std::memory_order_release);
    }
    /// Every script in match order (runtime newest first, then the file's), as the admin API
    /// lists them.
    boost::json::array to_json() const {
        std::lock_guard lock(mutex_);
        boost::json::array out;
        for (auto it = runtime_.rbegin(); it != runtime_.rend(); ++it) out.push_back(describe(*it));
        for (const auto& e : file_) out.push_back(describe(e));
        return out;
    }

    /// The current state name.
    std::string state() const {
        std::lock_guard lock(mutex_);
        return state_;
    }
    /// Enters state `name`.
    void set_state(std::string name) {
        std::lock_guard lock(mutex_);
        state_ = std::move(name);
    }
    /// The initial state, then every other state or next_state a script names, once each.
    std::vector<std::string> known_states() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out{initial_state_};
        auto add_name = [&](const std::string& name) {
            if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        };
        for (const auto* list : {&file_, &runtime_})
            for (const auto& e : *list) {
                add_name(e.script->state);
                add_name(e.script->next_state);
            }
        return out;
    }
    /// Uses counted so far of file script `index`.
    std::size_t uses(std::size_t index) const {
        std::lock_guard lock(mutex_);
        return index < file_.size() ? file_[index].uses : 0;
    }
    /// Zeroes every use counter and returns to the initial state (runtime scripts stay).
    void reset() {
        std::lock_guard lock(mutex_);
        for (auto* list : {&file_, &runtime_})
            for (auto& e : *list) e.uses = 0;
        state_ = initial_state_;
    }
    /// What matching noticed, once per script; each note also goes to stderr.
    std::vector<std::string> notes() const {
        std::lock_guard lock(mutex_);
        return notes_;
    }

private:
    struct entry {
        std::shared_ptr<const Script> script;
        std::uint64_t id = 0;              ///< 0: a script of the file
        std::size_t uses = 0;
        bool noted = false;                ///< a note was given
        boost::json::value definition;     ///< runtime scripts: as added
    };

    // Uses left and in its state (under the lock).
    bool ready(const entry& e) const {
        const auto& script = *e.script;
        if (script.times && e.uses >= static_cast<std::size_t>(*script.times)) return false;
        return script.state.empty() || script.state == state_;
    }
    // The first entry in match order (runtime newest first, then the file's) for which `pick` holds.
    template <class Book, class Pick>
    static auto* first_in_order(Book& book, Pick&& pick) {
        for (auto it = book.runtime_.rbegin(); it != book.runtime_.rend(); ++it)
            if (pick(*it)) return &*it;
        for (auto& e : book.file_)
            if (pick(e)) return &e;
        return static_cast<decltype(&book.file_.front())>(nullptr);
    }
    void add_note(entry& e, const std::string& note) {
        // Once per script: a client repeating the request would repeat the note.
        if (e.noted) return;
        e.noted = true;
        const auto& script = *e.script;
        const auto where = script.where.file.empty() ? std::string() : " (" + script.where.to_string() + ")";
        notes_.push_back(label_ + " '" + script.name + "'" + where + ": " + note);
        std::cerr << "replycheck mock: " << notes_.back() << '\n';
    }
    static boost::json::object describe(const entry& e) {
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
    }

    std::string label_;
    std::string initial_state_;
    mutable std::mutex mutex_;
    std::vector<entry> file_;
    std::vector<entry> runtime_;           ///< oldest first; tried from the back
    std::atomic<std::size_t> count_{0};    ///< file_ + runtime_ sizes, read without the lock
    std::uint64_t last_id_ = 0;
    std::vector<std::string> notes_;
    std::string state_;
};

}  // namespace replycheck::mock
