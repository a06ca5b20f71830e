#pragma once
// The script engine of the mock HTTP server: picks the first script that matches a request, counts
// uses (`times`), steps through reply sequences and moves between named states. Thread-safe.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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

/// Chooses scripts for requests, shared by every connection of one mock.
class script_engine {
public:
    script_engine(const std::vector<http_script>& scripts, std::string initial_state);

    /// The script that answers `r`, with the reply of its sequence to send (null if none),
    /// after counting the use and applying next_state. script == nullptr when no script matches.
    struct choice {
        const http_script* script = nullptr;
        const http_script_reply* reply = nullptr;
    };
    choice choose(const script_request& r);

    /// The current state name.
    std::string state() const;
    /// Number of times script `index` answered.
    std::size_t uses(std::size_t index) const;
    /// Resets counters and the state.
    void reset();
    /// What the engine noticed while matching (a regex too complex for a request), once per
    /// script; each note also goes to stderr.
    std::vector<std::string> notes() const;

private:
    void add_note(std::size_t index, const std::string& note);

    const std::vector<http_script>& scripts_;
    std::string initial_state_;
    mutable std::mutex mutex_;
    std::vector<std::size_t> uses_;
    std::vector<char> noted_;            // per script: a note was given
    std::vector<std::string> notes_;
    std::string state_;
};

}  // namespace replycheck::mock::detail
