#include "mockserver/http/http_auth.hpp"

#include <boost/beast/core/string.hpp>

#include "mockserver/http/http_files.hpp"
#include "protocol/base64.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::mock::detail {

namespace {

struct credentials {
    std::string user, password;
};

// RFC 7617 §2: "Basic" SP base64(user-id ":" password).
bool parse_basic(std::string_view authorization, credentials& out) {
    auto v = protocol::trim_ows(authorization);
    if (v.size() <= 6 || !boost::beast::iequals(v.substr(0, 6), "basic ")) return false;
    std::string decoded;
    if (!protocol::base64_decode(protocol::trim_ows(v.substr(6)), decoded)) return false;
    auto colon = decoded.find(':');
    if (colon == std::string::npos) return false;
    out.user = decoded.substr(0, colon);
    out.password = decoded.substr(colon + 1);
    return true;
}

}  // namespace

auth_verdict check_basic_auth(const std::vector<auth_prefix>& prefixes, std::string_view path,
                              std::string_view authorization) {
    auth_verdict verdict;
    credentials given;
    verdict.had_credentials = !authorization.empty() && parse_basic(authorization, given);
    auto fits = [&](const auth_prefix& a) {
        return verdict.had_credentials && a.user == given.user && a.password == given.password;
    };
    for (const auto& a : prefixes) {
        if (!path_in_prefix(a.prefix, path)) continue;
        if (!verdict.realm_of) verdict.realm_of = &a;
        if (fits(a)) return {auth_verdict::kind::allowed, nullptr, true};
    }
    if (!verdict.realm_of) return verdict;
    bool known_elsewhere = false;
    for (const auto& a : prefixes) known_elsewhere = known_elsewhere || fits(a);
    verdict.outcome = known_elsewhere ? auth_verdict::kind::forbidden : auth_verdict::kind::challenge;
    return verdict;
}

std::string basic_challenge(const auth_prefix& prefix) {
    // RFC 7617 §2.1: the charset parameter announces UTF-8 for user-id and password.
    return "WWW-Authenticate: Basic realm=\"" + prefix.realm + "\", charset=\"UTF-8\"\r\n";
}

}  // namespace replycheck::mock::detail
