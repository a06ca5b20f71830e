#pragma once
// Regular expressions over text a peer sent (bodies, reply texts, request content): one dialect,
// Perl syntax (Boost.Regex), everywhere a user writes a pattern. Boost's matcher is not
// recursive (a large subject cannot overflow the stack) and counts the states it visits: a
// pattern that would backtrack for minutes gives up with `too_complex` instead.

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::protocol {

/// A pattern that does not compile; what() says why (and where in the pattern).
class regex_syntax_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a bounded search or match found.
enum class regex_outcome {
    no_match,
    match,
    too_complex,  ///< the matcher gave up (backtracking or memory bound); count it as no match
};

/// A compiled Perl-syntax regular expression whose searches are bounded in work and stack.
class bounded_regex {
public:
    /// Compiles `pattern`; throws regex_syntax_error when it is not a valid pattern.
    explicit bounded_regex(std::string pattern, bool ignore_case = false);

    /// The pattern as written.
    const std::string& pattern() const noexcept { return pattern_; }

    /// Searches `text` for the pattern anywhere. On a match, `groups` (when given) receives the
    /// whole match then each group, as views into `text` (empty for a group that took no part).
    regex_outcome search(std::string_view text, std::vector<std::string_view>* groups = nullptr) const;

    /// Matches the pattern against the whole of `text`.
    regex_outcome match(std::string_view text) const;

    /// "regex /PATTERN/ too complex to match against 1.0 MB of WHAT": the note for `too_complex`.
    std::string too_complex_message(std::string_view what, std::size_t subject_bytes) const;

private:
    struct compiled;
    std::string pattern_;
    std::shared_ptr<const compiled> compiled_;
};

/// The compiled form of `pattern` (case-sensitive), compiled once and kept: patterns that differ
/// only by variable expansion keep the cache small (it is cleared when it grows past 512).
/// Throws regex_syntax_error. Thread-safe.
std::shared_ptr<const bounded_regex> cached_regex(const std::string& pattern);

/// "12 bytes", "3.4 KB", "16.0 MB": a subject size in messages.
std::string byte_size_text(std::size_t bytes);

}  // namespace replycheck::protocol
