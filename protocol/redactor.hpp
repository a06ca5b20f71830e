#pragma once
// Keeps passwords and secrets out of every report and log line.
// Reports, the console and mock journals pass all text they print through one redactor.

#include <string>
#include <string_view>
#include <vector>

namespace replycheck::protocol {

/// Replaces known secrets, credentials in header fields, URL userinfo passwords and FTP PASS
/// arguments with "***".
class redactor {
public:
    static constexpr std::string_view mask = "***";

    /// Remembers a secret value (a password, a variable marked secret). Empty values are ignored.
    void add_secret(std::string value);

    /// `text` with every secret and credential masked.
    std::string apply(std::string_view text) const;

    /// True when at least one secret is known.
    bool has_secrets() const noexcept { return !secrets_.empty(); }

private:
    std::vector<std::string> secrets_;  // longest first, so overlapping secrets mask fully
};

/// Masks only what needs no list of secrets: Authorization / Proxy-Authorization values,
/// "PASS x" command arguments, and the password part of URL userinfo.
std::string mask_credentials(std::string_view text);

}  // namespace replycheck::protocol
