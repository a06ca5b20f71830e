#pragma once
// The scripts of a mock FTP server at run time: first match wins, `times = N` scripts count their
// uses (shared by every session) and then let later scripts or the default answer; a script with
// a `state` only matches in that state, and a match moves to its `next_state`. Scripts added at
// run time are tried before the file's, newest first.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "mockserver/ftp/ftp_mock_config.hpp"

namespace replycheck::mock {

/// True when `match` accepts the command (verb upper-cased) and argument. A regex too complex for
/// the argument is no match; `note` (when given) then says so.
bool ftp_script_matches(const ftp_script_match& match, std::string_view verb, std::string_view argument,
                      std::string* note = nullptr);

/// Thread-safe selection of the script that answers a command: every access is under one mutex,
/// and a book with no script at all never takes it.
class ftp_script_book {
public:
    explicit ftp_script_book(std::vector<ftp_script> scripts, std::string initial_state = {});

    /// The first matching script in the current state with uses left (one use is taken, and its
    /// next_state entered), or null. The pointer keeps a runtime script alive while the session
    /// uses it, even once removed.
    std::shared_ptr<const ftp_script> take(std::string_view verb, std::string_view argument);
    /// True when a script would answer the command now (no use is taken).
    bool has_script_for(std::string_view verb, std::string_view argument) const;
    /// True when no script exists at all (lets sessions skip the lock).
    bool empty() const noexcept { return count_.load(std::memory_order_acquire) == 0; }
    /// Uses taken so far of file script `index`.
    std::size_t uses(std::size_t index) const;
    /// What matching noticed (a regex too complex for an argument), once per script; each note
    /// also goes to stderr.
    std::vector<std::string> notes() const;

    /// Adds a runtime script (`definition`: what it was made from, shown by to_json); its
    /// `times` counts from now. Returns its id: 1, 2, ... never reused.
    std::uint64_t add(ftp_script script, boost::json::value definition);
    /// Removes runtime script `id`; false when there is none.
    bool remove(std::uint64_t id);
    /// Removes every runtime script.
    void clear_runtime();
    /// Every script in match order (runtime newest first, then the file's), as the admin API
    /// lists them.
    boost::json::array to_json() const;

    /// The current state name.
    std::string state() const;
    /// Enters state `name`.
    void set_state(std::string name);
    /// The initial state, then every other state or next_state a script names, once each.
    std::vector<std::string> known_states() const;
    /// Zeroes every use counter and returns to the initial state (runtime scripts stay).
    void reset();

private:
    struct entry {
        std::shared_ptr<const ftp_script> script;
        std::uint64_t id = 0;              ///< 0: a script of the file
        std::size_t uses = 0;
        bool noted = false;                ///< a note was given
        boost::json::value definition;     ///< runtime scripts: as added
    };
    // True when `e` answers the command now (uses left, in its state, matching).
    bool answers(const entry& e, std::string_view verb, std::string_view argument, std::string* noticed) const;
    void note(entry& e, const std::string& noticed);
    // The first entry in match order (runtime newest first, then the file's) for which `pick` holds.
    template <class Book, class Pick>
    static auto* first_in_order(Book& book, Pick&& pick) {
        for (auto it = book.runtime_.rbegin(); it != book.runtime_.rend(); ++it)
            if (pick(*it)) return &*it;
        for (auto& e : book.file_)
            if (pick(e)) return &e;
        return static_cast<decltype(&book.file_.front())>(nullptr);
    }

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
