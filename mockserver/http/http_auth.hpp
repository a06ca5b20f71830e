#pragma once
// HTTP Basic authentication of the mock (RFC 7617) over the configured path prefixes.

#include <string>
#include <string_view>
#include <vector>

#include "mockserver/http/http_mock_config.hpp"

namespace replycheck::mock::detail {

/// What a request under the auth prefixes gets.
struct auth_verdict {
    enum class kind {
        allowed,     ///< no prefix covers the path, or the credentials fit one that does
        forbidden,   ///< valid credentials of a user not allowed here: 403 (RFC 9110 §15.5.4)
        challenge,   ///< no or wrong credentials: 401 with a challenge (RFC 9110 §11.6.1)
    } outcome = kind::allowed;
    const auth_prefix* realm_of = nullptr;   ///< for challenge: the first prefix covering the path
    bool had_credentials = false;            ///< Basic credentials were sent (IIS: 401.1, else 401.2)
};

/// Checks `authorization` (the field value, "" when absent) for `path` against `prefixes`.
auth_verdict check_basic_auth(const std::vector<auth_prefix>& prefixes, std::string_view path,
                              std::string_view authorization);

/// The WWW-Authenticate field of a 401 for `prefix`, formatted with its CRLF.
std::string basic_challenge(const auth_prefix& prefix);

}  // namespace replycheck::mock::detail
