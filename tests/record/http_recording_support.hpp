#pragma once
// Hand-made HTTP recordings for the recorder's emitter tests (no network), and reading back the
// scenario file emitted from one.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "harness/scenario_loader.hpp"

namespace replycheck::record_test {

inline constexpr const char* origin = "http://127.0.0.1:8080";

inline std::string reply_bytes(int status, const std::string& reason, const protocol::header_list& headers,
                               const std::string& body, const std::string& date = "Thu, 26 Nov 2026 10:00:00 GMT") {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nDate: " + date + "\r\n";
    for (const auto& h : headers) out += h.name + ": " + h.value + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
}

inline record::http_recorded_exchange exchange(std::string method, std::string target, protocol::header_list request,
                                               int status, protocol::header_list reply, std::string body = {},
                                               std::string date = "Thu, 26 Nov 2026 10:00:00 GMT") {
    record::http_recorded_exchange x;
    x.connection = 1;
    x.method = std::move(method);
    x.target = std::move(target);
    x.request_headers = std::move(request);
    x.status = status;
    x.reason = "R";
    x.raw_reply = reply_bytes(status, "R", reply, body, date);
    x.reply_headers = std::move(reply);
    return x;
}

inline record::http_recording recording(std::vector<record::http_recorded_exchange> exchanges) {
    record::http_recording r;
    r.upstream_origin = origin;
    r.exchanges = std::move(exchanges);
    return r;
}

// The steps of the one emitted scenario, after checking the whole file loads.
inline toml::array steps_of(const std::string& text) {
    BOOST_REQUIRE_NO_THROW(harness::load_suite_text(text, "s.toml"));
    auto doc = toml::parse(text);
    auto* scenarios = doc["scenario"].as_array();
    BOOST_REQUIRE(scenarios && scenarios->size() == 1);
    return *(*scenarios)[0].as_table()->get_as<toml::array>("step");
}

inline std::string at(const toml::array& steps, std::size_t i, std::string_view path) {
    auto node = toml::node_view<const toml::node>(steps[i]).at_path(path);
    return node.value_or(std::string("<missing>"));
}

}  // namespace replycheck::record_test
