// /rules/http and /rules/ftp: the scripts a test adds while the mock runs (the
// [[mock.http.script]] / [[mock.ftp.script]] schema as JSON), listed with the file's.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "mockserver/admin/admin_routes.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "protocol/config_error.hpp"

namespace replycheck::mock {

namespace json = boost::json;

namespace {

auto script_from_json(const http_mock&, const json::value& v, const std::filesystem::path& root) {
    return http_script_from_json(v, root);
}
auto script_from_json(const ftp_mock&, const json::value& v, const std::filesystem::path& root) {
    return ftp_script_from_json(v, root);
}

std::optional<std::uint64_t> rule_id(std::string_view text) {
    std::uint64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return id;
}

// The listed script whose "id" is `id`, or null.
json::value find_rule(const json::array& rules, std::uint64_t id) {
    for (const auto& rule : rules)
        if (const auto* o = rule.if_object()) {
            // File scripts are listed with "id": null; only runtime scripts have ids.
            const auto* listed = o->if_contains("id");
            if (listed && listed->is_number() && listed->to_number<std::uint64_t>() == id) return rule;
        }
    return nullptr;
}

// The posted body as JSON; a syntax error names the byte offset where the parser stopped.
std::optional<json::value> parse_body(const std::string& body, admin_reply& error) {
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t at = parser.write(body.data(), body.size(), ec);
    if (!ec) {
        parser.finish(ec);
        at = body.size();
    }
    if (ec) {
        error = admin_error(400, "JSON syntax error at byte " + std::to_string(at) + ": " + ec.message(), "");
        error.body.as_object()["position"] = at;
        return std::nullopt;
    }
    return parser.release();
}

template <class Mock>
admin_reply rules_of(const admin_request& request, Mock& mock) {
    const std::string kind = request.segments[1];
    if (request.segments.size() == 3) {
        const auto id = rule_id(request.segments[2]);
        if (request.method == "DELETE") {
            if (id && mock.remove_script(*id)) return {204, nullptr, {}, {}};
            return admin_error(404, "no runtime rule " + request.segments[2] + " on the " + kind + " mock");
        }
        auto rule = id ? find_rule(mock.scripts_json(), *id) : json::value(nullptr);
        if (rule.is_null()) return admin_error(404, "no rule " + request.segments[2] + " on the " + kind + " mock");
        return {200, std::move(rule), {}, {}};
    }
    if (request.method == "GET") return {200, mock.scripts_json(), {}, {}};
    if (request.method == "DELETE") {
        mock.clear_runtime_scripts();
        return {204, nullptr, {}, {}};
    }
    admin_reply error;
    auto definition = parse_body(request.body, error);
    if (!definition) return error;
    try {
        auto script = script_from_json(mock, *definition, mock.config().root);
        const auto id = mock.add_script(std::move(script), *definition);
        auto rule = find_rule(mock.scripts_json(), id);
        if (rule.is_null()) rule = json::object{{"id", id}};
        return {201, std::move(rule), "/rules/" + kind + "/" + std::to_string(id), {}};
    } catch (const protocol::config_error& e) {
        return admin_error(400, e.message(), e.where().field);
    }
}

}  // namespace

admin_reply rules_endpoint(const admin_request& request, const admin_targets& targets) {
    if (request.segments[1] == "http") return rules_of(request, *targets.http);
    return rules_of(request, *targets.ftp);
}

}  // namespace replycheck::mock
