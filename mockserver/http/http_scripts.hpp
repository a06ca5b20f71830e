#pragma once
// The script engine of the mock HTTP server: which script answers a request (HTTP matching over the
// shared script book), and the reply of its sequence to send. Thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/incoming_request.hpp"
#include "mockserver/scripting/script_book.hpp"
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

/// Chooses scripts for requests, shared by every connection of one mock: the script book (runtime
/// scripts first, newest first; one mutex a mock with no script never takes) with HTTP matching.
class script_engine : public script_book<http_script> {
public:
    /// `scripts` must outlive the engine (the mock's config holds them).
    script_engine(const std::vector<http_script>& scripts, std::string initial_state);

    /// The script that answers `r`, with the reply of its sequence to send (null if none),
    /// after counting the use and applying next_state. script == nullptr when no script matches.
    /// `script` keeps a runtime script alive while the connection uses it, even once removed.
    struct choice {
        std::shared_ptr<const http_script> script;
        const http_script_reply* reply = nullptr;
    };
    choice choose(const script_request& r);

    /// True when a script that could answer now (uses left, in its state) names `method` in its
    /// `method` match; nothing is counted.
    bool names_method(std::string_view method) const;
};

}  // namespace replycheck::mock::detail
