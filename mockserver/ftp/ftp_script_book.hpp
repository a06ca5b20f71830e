#pragma once
// The scripts of a mock FTP server at run time: first match wins, `times = N` scripts count their
// uses (shared by every session) and then let later scripts or the default answer; a script with
// a `state` only matches in that state, and a match moves to its `next_state`. The bookkeeping is
// the shared script book; this file adds FTP matching.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/scripting/script_book.hpp"

namespace replycheck::mock {

/// True when `match` accepts the command (verb upper-cased) and argument. A regex too complex for
/// the argument is no match; `note` (when given) then says so.
bool ftp_script_matches(const ftp_script_match& match, std::string_view verb, std::string_view argument,
                      std::string* note = nullptr);

/// Which script answers a command: the script book (runtime scripts first, newest first; one
/// mutex a server with no script never takes) with FTP matching.
class ftp_script_book : public script_book<ftp_script> {
public:
    explicit ftp_script_book(std::vector<ftp_script> scripts, std::string initial_state = {});

    /// The first matching script in the current state with uses left (one use is taken, and its
    /// next_state entered), or null. The pointer keeps a runtime script alive while the session
    /// uses it, even once removed.
    std::shared_ptr<const ftp_script> take(std::string_view verb, std::string_view argument);
    /// True when a script would answer the command now (no use is taken).
    bool has_script_for(std::string_view verb, std::string_view argument) const;
};

}  // namespace replycheck::mock
