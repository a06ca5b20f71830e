#pragma once
// The script engine of the mock HTTP server: picks the first script that matches a request (those
// added at run time first, newest first), counts uses (`times`), steps through reply sequences and
// moves between named states. Thread-safe.

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

#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/incoming_request.hpp"
#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock::detail {

/// What a script looks at in a request.
struct script_request {
    std::string_view method;
    std::string_view path;      ///< percent-decoded path, no query
    std::string_view query;     ///< raw query, without '?'
    const http_request* request = nullptr;
    const tls::tls_session_info* tls = nullptr;   ///< what the handshake established; null over plain HTTP
};

/// True when every condition of `match` holds for `r` (ignores times and state). A regex too
/// complex for the request text it reads is no match; `note` (when given) then says so.
bool script_matches(const http_script_match& match, const script_request& r, std::string* note = nullptr);

/// Chooses scripts for requests, shared by every connection of one mock. Scripts added at run
/// time are tried before the file's, newest first; every access is under one mutex, and a mock
/// with no script at all never takes it.
class script_engine {
public:
    script_engine(const std::vector<http_script>& scripts, std::string initial_state);

    /// The script that answers `r`, with the reply of its sequence to send (null if none),
    /// after counting the use and applying next_state. script == nullptr when no script matches.
    /// `script` keeps a runtime script alive while the connection uses it, even once removed.
    struct choice {
        std::shared_ptr<const http_script> script;
        const http_script_reply* reply = nullptr;
    };
    choice choose(const script_request& r);

    /// Adds a runtime script (`definition`: what it was made from, shown by to_json); its
    /// `times` counts from now. Returns its id: 1, 2, ... never reused.
    std::uint64_t add(http_script script, boost::json::value definition);
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
    /// Number of times file script `index` answered.
    std::size_t uses(std::size_t index) const;
    /// Zeroes every use counter and returns to the initial state (runtime scripts stay).
    void reset();
    /// What the engine noticed while matching (a regex too complex for a request), once per
    /// script; each note also goes to stderr.
    std::vector<std::string> notes() const;

private:
    struct entry {
        std::shared_ptr<const http_script> script;
        std::uint64_t id = 0;              ///< 0: a script of the file
        std::size_t uses = 0;
        bool noted = false;                ///< a note was given
        boost::json::value definition;     ///< runtime scripts: as added
    };
    bool try_entry(entry& e, const script_request& r, choice& c);
    void add_note(entry& e, const std::string& note);

    std::string initial_state_;
    mutable std::mutex mutex_;
    std::vector<entry> file_;
    std::vector<entry> runtime_;           ///< oldest first; tried from the back
    std::atomic<std::size_t> count_{0};    ///< file_ + runtime_ sizes, read without the lock
    std::uint64_t last_id_ = 0;
    std::vector<std::string> notes_;
    std::string state_;
};

}  // namespace replycheck::mock::detail
