#pragma once
// The scripted rules of a mock FTP server at run time: first match wins, `times = N` rules
// count their uses (shared by every session) and then let later rules or the default answer.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/ftp/ftp_mock_config.hpp"

namespace replycheck::mock {

/// True when `match` accepts the command (verb upper-cased) and argument. A regex too complex for
/// the argument is no match; `note` (when given) then says so.
bool ftp_rule_matches(const ftp_rule_match& match, std::string_view verb, std::string_view argument,
                      std::string* note = nullptr);

/// Thread-safe selection of the rule that answers a command.
class ftp_rule_book {
public:
    explicit ftp_rule_book(std::vector<ftp_rule> rules);

    /// The first matching rule with uses left (one use is taken), or nullptr.
    const ftp_rule* take(std::string_view verb, std::string_view argument);
    /// True when no rule exists at all (lets sessions skip the lock).
    bool empty() const noexcept { return rules_.empty(); }
    /// Uses taken so far of rule `index`.
    std::size_t uses(std::size_t index) const;
    /// What matching noticed (a regex too complex for an argument), once per rule; each note
    /// also goes to stderr.
    std::vector<std::string> notes() const;

private:
    std::vector<ftp_rule> rules_;
    std::vector<std::size_t> used_;
    std::vector<char> noted_;            // per rule: a note was given
    std::vector<std::string> notes_;
    mutable std::mutex mutex_;
};

}  // namespace replycheck::mock
