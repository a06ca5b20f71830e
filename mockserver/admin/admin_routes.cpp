#include "mockserver/admin/admin_routes.hpp"

#include <algorithm>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/scripting/script_book.hpp"
#include "protocol/utf8.hpp"

namespace replycheck::mock {

namespace json = boost::json;

std::optional<std::string> admin_request::param(std::string_view name) const {
    for (const auto& [key, value] : params)
        if (key == name) return value;
    return std::nullopt;
}

std::optional<admin_request> make_admin_request(std::string method, std::string_view target, std::string body) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return std::nullopt;
    admin_request request{std::move(method), {}, {}, std::move(body)};
    for (auto segment : parsed->segments()) request.segments.push_back(segment);
    for (auto param : parsed->params()) request.params.emplace_back(param.key, param.value);
    return request;
}

admin_reply admin_error(unsigned status, std::string message, std::optional<std::string> path) {
    // Messages quote what the client sent, in any bytes; a JSON text is UTF-8 (RFC 8259 §8.1).
    json::object body{{"error", protocol::utf8_or_latin1(message)}};
    if (path) body["path"] = protocol::utf8_or_latin1(*path);
    return {status, std::move(body), {}, {}};
}

std::optional<admin_reply> refuse_unknown_params(const admin_request& request, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : request.params) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        std::string expected;
        for (auto name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
        // A parameter ignored could widen a destructive call ("DELETE /rules/http?id=5" removing all).
        return admin_error(400, "unknown parameter '" + key + "' (" +
                                    (expected.empty() ? request.method + " here takes none" : "expected " + expected) + ")");
    }
    return std::nullopt;
}

namespace {

// 405 with the methods the resource has (RFC 9110 §15.5.6: Allow is required).
admin_reply wrong_method(const admin_request& request, std::string allow) {
    auto reply = admin_error(405, request.method + " is not allowed here (allowed: " + allow + ")");
    reply.allow = std::move(allow);
    return reply;
}

bool is_one_of(const std::string& method, std::initializer_list<std::string_view> methods) {
    for (auto m : methods)
        if (method == m) return true;
    return false;
}

template <class Mock>
json::object state_of(const Mock& mock) {
    json::array known;
    for (const auto& name : mock.known_states()) known.emplace_back(name);
    return {{"state", mock.state()}, {"initial", mock.config().initial_state}, {"known", std::move(known)}};
}

json::object states_document(const admin_targets& t) {
    json::object doc;
    if (t.http) doc["http"] = state_of(*t.http);
    if (t.ftp) doc["ftp"] = state_of(*t.ftp);
    return doc;
}

admin_reply states_endpoint(const admin_request& request, const admin_targets& t) {
    if (request.segments.size() == 1) {
        if (request.method != "GET") return wrong_method(request, "GET");
        if (auto refused = refuse_unknown_params(request, {})) return *refused;
        return {200, states_document(t), {}, {}};
    }
    if (request.method != "PUT") return wrong_method(request, "PUT");
    const auto& name = request.segments[1];
    if (!valid_state_name(name)) return admin_error(400, std::string(state_name_rule));
    if (auto refused = refuse_unknown_params(request, {"mock"})) return *refused;
    const auto only = request.param("mock");
    if (only && *only != "http" && *only != "ftp") return admin_error(400, "mock=" + *only + ": expected http or ftp");
    if (only && *only == "http" && !t.http) return admin_error(404, "no HTTP mock is configured");
    if (only && *only == "ftp" && !t.ftp) return admin_error(404, "no FTP mock is configured");
    if (t.http && (!only || *only == "http")) t.http->set_state(name);
    if (t.ftp && (!only || *only == "ftp")) t.ftp->set_state(name);
    return {200, states_document(t), {}, {}};
}

admin_reply reset_endpoint(const admin_request& request, const admin_targets& t) {
    if (request.method != "POST") return wrong_method(request, "POST");
    if (auto refused = refuse_unknown_params(request, {})) return *refused;
    json::array reset;
    if (t.http) t.http->reset(), reset.emplace_back("http");
    if (t.ftp) t.ftp->reset(), reset.emplace_back("ftp");
    return {200, json::object{{"reset", std::move(reset)}}, {}, {}};
}

admin_reply health_endpoint(const admin_request& request, const admin_targets& t) {
    if (request.method != "GET") return wrong_method(request, "GET");
    if (auto refused = refuse_unknown_params(request, {})) return *refused;
    json::object doc{{"status", "ok"}};
    for (const auto& [key, value] : t.listeners) doc[key] = value;
    return {200, std::move(doc), {}, {}};
}

// /rules/KIND[/ID] and /journal/KIND: the mock KIND names must be configured.
std::optional<admin_reply> unknown_mock(const admin_request& request, const admin_targets& t) {
    const auto& kind = request.segments[1];
    if (kind == "http") return t.http ? std::nullopt : std::optional(admin_error(404, "no HTTP mock is configured"));
    if (kind == "ftp") return t.ftp ? std::nullopt : std::optional(admin_error(404, "no FTP mock is configured"));
    return admin_error(404, "unknown mock '" + kind + "' (expected http or ftp)");
}

}  // namespace

admin_reply route_admin_request(const admin_request& request, const admin_targets& targets) {
    const auto& s = request.segments;
    const auto n = s.size();
    const std::string first = n == 0 ? "" : s[0];
    // A repeated parameter is refused rather than one of its values silently chosen.
    for (auto it = request.params.begin(); it != request.params.end(); ++it)
        if (std::any_of(request.params.begin(), it, [&](const auto& p) { return p.first == it->first; }))
            return admin_error(400, "parameter '" + it->first + "' is given more than once: give it once");
    if (first == "health" && n == 1) return health_endpoint(request, targets);
    if (first == "states" && (n == 1 || n == 2)) return states_endpoint(request, targets);
    if (first == "reset" && n == 1) return reset_endpoint(request, targets);
    if (first == "rules" && (n == 2 || n == 3)) {
        const bool one = n == 3;
        if (!is_one_of(request.method, one ? std::initializer_list<std::string_view>{"GET", "DELETE"}
                                           : std::initializer_list<std::string_view>{"GET", "POST", "DELETE"}))
            return wrong_method(request, one ? "GET, DELETE" : "GET, POST, DELETE");
        if (auto missing = unknown_mock(request, targets)) return *missing;
        if (auto refused = refuse_unknown_params(request, {})) return *refused;
        return rules_endpoint(request, targets);
    }
    if (first == "journal" && n == 2) {
        if (!is_one_of(request.method, {"GET", "DELETE"})) return wrong_method(request, "GET, DELETE");
        if (auto missing = unknown_mock(request, targets)) return *missing;
        return journal_endpoint(request, targets);
    }
    return admin_error(404, "no such admin endpoint (see /health, /rules/http, /rules/ftp, /journal/http, "
                            "/journal/ftp, /states, /reset)");
}

}  // namespace replycheck::mock
