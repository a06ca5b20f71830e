#pragma once
// The scripts of a mock FTP server at run time: first match wins, `times = N` scripts
// count their uses (shared by every session) and then let later scripts or the default answer.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/ftp/ftp_mock_config.hpp"

namespace replycheck::mock {

/// True when `match` accepts the command (verb upper-cased) and argument. A regex too complex for
/// the argument is no match; `note` (when given) then says so.
bool ftp_script_matches(const ftp_script_match& match, std::string_view verb, std::string_view argument,
                      std::string* note = nullptr);

/// Thread-safe selection of the script that answers a command.
class ftp_script_book {
public:
    explicit ftp_script_book(std::vector<ftp_script> scripts);

    /// The first matching script with uses left (one use is taken), or nullptr.
    const ftp_script* take(std::string_view verb, std::string_view argument);
    /// True when a script with uses left would answer the command (no use is taken).
    bool has_script_for(std::string_view verb, std::string_view argument) const;
    /// True when no script exists at all (lets sessions skip the lock).
    bool empty() const noexcept { return scripts_.empty(); }
    /// Uses taken so far of script `index`.
    std::size_t uses(std::size_t index) const;
    /// What matching noticed (a regex too complex for an argument), once per script; each note
    /// also goes to stderr.
    std::vector<std::string> notes() const;

private:
    std::vector<ftp_script> scripts_;
    std::vector<std::size_t> used_;
    std::vector<char> noted_;            // per script: a note was given
    std::vector<std::string> notes_;
    mutable std::mutex mutex_;
};

}  // namespace replycheck::mock
