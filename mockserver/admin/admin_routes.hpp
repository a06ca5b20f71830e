#pragma once
// The admin API's requests and replies as values, and the dispatch from a method and a path to
// the endpoint that answers: no sockets here (admin_server reads and writes them).

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "mockserver/admin/admin_server.hpp"

namespace replycheck::mock {

/// One admin request, its target taken apart.
struct admin_request {
    std::string method;                                       ///< "GET", as sent
    std::vector<std::string> segments;                        ///< path segments, percent-decoded
    std::vector<std::pair<std::string, std::string>> params;  ///< query parameters, decoded
    std::string body;

    /// The value of query parameter `name` (the first one), nullopt when absent.
    std::optional<std::string> param(std::string_view name) const;
};

/// Takes an origin-form target ("/journal/http?since=3") apart; nullopt when it is not one.
std::optional<admin_request> make_admin_request(std::string method, std::string_view target, std::string body);

/// What an endpoint answers: always JSON (no content for 204).
struct admin_reply {
    unsigned status = 200;
    boost::json::value body;   ///< null for 204
    std::string location;      ///< Location of a created rule (201)
    std::string allow;         ///< Allow of a 405 (RFC 9110 §15.5.6)
};

/// {"error": message} with `status`; with `path` also {"path": path} (the JSON field at fault).
admin_reply admin_error(unsigned status, std::string message, std::optional<std::string> path = std::nullopt);

/// 400 naming the first query parameter of `request` that is not in `allowed` (an endpoint that
/// takes none lists none), nullopt when every one is known.
std::optional<admin_reply> refuse_unknown_params(const admin_request& request, std::initializer_list<std::string_view> allowed);

/// The reply of the endpoint `request` names, or 404/405/400 (a parameter given twice is 400 everywhere).
admin_reply route_admin_request(const admin_request& request, const admin_targets& targets);

// The endpoints of their own files (admin_rules.cpp, admin_journal_query.cpp); `kind` is
// "http" or "ftp", and its mock is configured.

/// /rules/KIND and /rules/KIND/ID.
admin_reply rules_endpoint(const admin_request& request, const admin_targets& targets);
/// /journal/KIND.
admin_reply journal_endpoint(const admin_request& request, const admin_targets& targets);

}  // namespace replycheck::mock
