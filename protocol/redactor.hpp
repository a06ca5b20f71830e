#pragma once
// Keeps passwords and secrets out of every report and log line.
// Reports, the console and mock journals pass all text they print through one redactor.
//
// Credentials are masked by position: the FTP PASS argument, the password of URL userinfo,
// Authorization / Proxy-Authorization values, whatever they hold, the values of Cookie (each
// cookie's), of the cookie a Set-Cookie sets, of other secret-named header fields, query
// parameters and form fields (protocol::secret_name: "X-Api-Key", "?access_token=",
// "password="). A known secret is masked
// where it stands as a whole value: a header field value, a "name=value" parameter, a quoted
// string or a whole line. Only secrets of at least `token_length` bytes are also masked
// wherever they stand as a whole token: a shorter one ("e", "x", "1234") is too likely to be
// an ordinary word or number, and masking it inside other words would garble the text and,
// through where the stars land, give the secret away.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::protocol {

/// Replaces credentials and known secrets with "***" (always three stars, whatever the length).
class redactor {
public:
    static constexpr std::string_view mask = "***";
    /// Secrets this long or longer are also masked wherever they stand as a whole token: 8 bytes
    /// is the shortest password NIST SP 800-63B allows, and an 8-byte token seldom occurs by chance.
    static constexpr std::size_t token_length = 8;

    /// Remembers a secret for every text (--secret, a secret target variable). Empty values are ignored.
    void add_secret(std::string value);
    /// Remembers a secret for the texts of `scope` only (one scenario's captures and credentials).
    void add_secret(std::string value, std::string_view scope);

    /// `text` with credentials and the global secrets masked.
    std::string apply(std::string_view text) const;
    /// `text` with credentials, the global secrets and the secrets of `scope` masked.
    std::string apply(std::string_view text, std::string_view scope) const;

    /// True when at least one secret is known.
    bool has_secrets() const noexcept { return !secrets_.empty() || !scoped_.empty(); }

private:
    std::vector<std::string> secrets_;                                    // longest first
    std::map<std::string, std::vector<std::string>, std::less<>> scoped_;  // by scope, longest first
};

/// Masks only what needs no list of secrets, keeping the names: Authorization /
/// Proxy-Authorization values (but the scheme), "PASS x" command arguments, the password part
/// of URL userinfo; at the start of a line (after a transcript marker "> "), the value of a
/// secret-named header field ("X-Api-Key: ***") and of each cookie ("Cookie: sid=***; lang=***",
/// "Set-Cookie: sid=***; Path=/"); the value of a secret-named "name=value" after '?' or '&' or
/// at the start of a line: query parameters ("?access_token=***") and form fields ("password=***").
std::string mask_credentials(std::string_view text);

}  // namespace replycheck::protocol
