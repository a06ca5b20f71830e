#pragma once
// Shared by the smoke tests: a temporary root with files, a mock set from TOML text, a smoke
// run in process, what failed, and small loopback HTTP peers behaving like a class of server.

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "clients/canned_server.hpp"
#include "harness/smoke/smoke.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/wire/http_date.hpp"

namespace replycheck::test::smoke_helpers {

namespace fs = std::filesystem;

struct temp_root {
    fs::path path;
    temp_root() {
        path = fs::temp_directory_path() / ("replycheck-smoke-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(path / "www");
        fs::create_directories(path / "ftp");
        std::ofstream(path / "www" / "index.html") << "hello world from the smoke test\n";
        std::ofstream(path / "ftp" / "file.txt") << "hello world from the smoke test\n";
    }
    ~temp_root() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

inline std::unique_ptr<mock::mock_set> start_mocks(const std::string& text, const fs::path& base) {
    auto doc = toml::parse(std::string_view(text), std::string_view("smoke.toml"));
    auto set = std::make_unique<mock::mock_set>(mock::load_mock_set_config(*doc["mock"].as_table(), base, "smoke.toml"));
    set->start();
    return set;
}

inline reports::run_result smoke(const std::string& url, harness::smoke_options options = {},
                                 std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
    options.timeout = timeout;
    protocol::redactor redact;
    return harness::run_smoke({url}, options, redact);
}

// Every (scenario, rule id) that failed.
inline std::vector<std::pair<std::string, std::string>> failed_rules(const reports::run_result& run) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& suite : run.suites)
        for (const auto& sc : suite.scenarios)
            for (const auto& st : sc.steps)
                for (const auto& f : st.findings)
                    if (protocol::is_failure(f, run.strict)) out.emplace_back(sc.name, f.rule_id);
    return out;
}

inline bool failed_with(const reports::run_result& run, const std::string& scenario, const std::string& rule) {
    for (const auto& [name, id] : failed_rules(run))
        if (name == scenario && id == rule) return true;
    return false;
}

inline std::string summary(const reports::run_result& run) {
    std::string out;
    for (const auto& suite : run.suites)
        for (const auto& sc : suite.scenarios)
            if (sc.result != reports::outcome::passed)
                out += std::string(reports::to_string(sc.result)) + " " + sc.name + ": " + sc.message + "\n";
    return out.empty() ? "all passed" : out;
}

inline const reports::scenario_result* scenario(const reports::run_result& run, const std::string& name) {
    for (const auto& suite : run.suites)
        for (const auto& sc : suite.scenarios)
            if (sc.name == name) return &sc;
    return nullptr;
}

// A reply with the fields the rules want of an origin server.
inline std::string http_reply(std::string_view status, std::string_view body, std::string_view extra = "") {
    return fmt::format("HTTP/1.1 {}\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\n{}"
                       "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
                       status, extra, body.size(), body);
}

// True when a request breaks the RFC 9112 framing rules every server must refuse with 400:
// no Host (§3.2), whitespace before a colon (§5.1), a folded line (§5.2, refusing is one of the
// two answers), two Content-Length values (§6.3).
inline bool malformed_request(std::string_view request) {
    const auto head = request.substr(0, request.find("\r\n\r\n") + 2);
    const auto first = head.find("\r\nContent-Length:");
    return head.find("\r\nHost:") == std::string_view::npos || head.find(" :") != std::string_view::npos ||
           head.find("\r\n ") != std::string_view::npos ||
           (first != std::string_view::npos && head.find("\r\nContent-Length:", first + 1) != std::string_view::npos);
}

// A loopback HTTP server that answers each request (one per connection) with `answer(request)`.
inline std::unique_ptr<test::canned_server> http_server(std::function<std::string(const std::string&)> answer) {
    return std::make_unique<test::canned_server>([answer](test::canned_connection& c) {
        const auto request = c.read_until("\r\n\r\n");
        c.write(answer(request));
        c.wait_close(std::chrono::seconds(2));
    });
}

// An HTTP server like http_server, that closes its side after each reply (as a server that
// said Connection: close does), so the client sees the end at once.
inline std::unique_ptr<test::canned_server> origin_server(std::function<std::string(const std::string&)> answer) {
    return std::make_unique<test::canned_server>([answer](test::canned_connection& c) {
        const auto request = c.read_until("\r\n\r\n");
        c.write(answer(request));
        ::shutdown(c.fd(), SHUT_WR);
        c.wait_close(std::chrono::seconds(2));
    });
}

// True when the request's header section has the field line `line` ("If-None-Match: *").
inline bool has_line(std::string_view request, std::string_view line) {
    return request.find(fmt::format("\r\n{}\r\n", line)) != std::string_view::npos ||
           (request.find(fmt::format("\r\n{}", line)) != std::string_view::npos && line.ends_with(':'));
}

// The validators of plain_origin's one resource.
inline constexpr std::string_view origin_etag = "\"v1\"";
inline constexpr std::string_view origin_modified = "Sat, 01 Jan 2022 00:00:00 GMT";

// A reply dated now (so Last-Modified is in the past), with Content-Type and Connection: close.
inline std::string origin_reply(std::string_view status, std::string_view body, std::string_view extra = "",
                                bool head = false) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format("HTTP/1.1 {}\r\nDate: {}\r\nContent-Type: text/plain\r\n{}Content-Length: {}\r\n"
                       "Connection: close\r\n\r\n{}",
                       status, protocol::format_http_date(now), extra, body.size(), head ? "" : body);
}

// A small origin server right on every HTTP probe (Range ignored, as RFC 9110 §14.2 allows):
// the baseline a test peer departs from in the one behaviour it tests.
inline std::string plain_origin(const std::string& r) {
    const std::string validators = fmt::format("ETag: {}\r\nLast-Modified: {}\r\n", origin_etag, origin_modified);
    const std::string allow = "Allow: GET, HEAD, OPTIONS\r\n";
    if (malformed_request(r)) return origin_reply("400 Bad Request", "");
    if (r.find(" HTTP/3.1\r\n") != std::string::npos) return origin_reply("505 HTTP Version Not Supported", "");
    if (r.find("?replycheck=") != std::string::npos) return origin_reply("414 URI Too Long", "");
    if (r.find("\r\nX-Replycheck-Padding") != std::string::npos)
        return origin_reply("431 Request Header Fields Too Large", "");
    if (r.find("\r\nExpect: replycheck") != std::string::npos) return origin_reply("417 Expectation Failed", "");
    const auto method = r.substr(0, r.find(' '));
    if (method == "OPTIONS") return origin_reply("200 OK", "", allow);
    if (method == "POST" || method == "TRACE") return origin_reply("405 Method Not Allowed", "", allow);
    if (method != "GET" && method != "HEAD") return origin_reply("501 Not Implemented", "");
    if (r.find("replycheck-missing-") != std::string::npos) return origin_reply("404 Not Found", "");
    if (has_line(r, "If-Match:") && !has_line(r, fmt::format("If-Match: {}", origin_etag)))
        return origin_reply("412 Precondition Failed", "");
    if (has_line(r, "If-Unmodified-Since:") && !has_line(r, fmt::format("If-Unmodified-Since: {}", origin_modified)))
        return origin_reply("412 Precondition Failed", "");
    // If-None-Match decides when present (weak comparison); else an exact If-Modified-Since.
    const bool not_modified =
        has_line(r, "If-None-Match:")
            ? has_line(r, fmt::format("If-None-Match: {}", origin_etag)) || has_line(r, "If-None-Match: *") ||
                  has_line(r, fmt::format("If-None-Match: W/{}", origin_etag))
            : has_line(r, fmt::format("If-Modified-Since: {}", origin_modified));
    if (not_modified) {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return fmt::format("HTTP/1.1 304 Not Modified\r\nDate: {}\r\nETag: {}\r\nConnection: close\r\n\r\n",
                           protocol::format_http_date(now), origin_etag);
    }
    return origin_reply("200 OK", "hello", validators, method == "HEAD");
}

}  // namespace replycheck::test::smoke_helpers
