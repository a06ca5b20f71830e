#pragma once
// Shared by the smoke tests: a temporary root with files, a mock set from TOML text, a smoke
// run in process, what failed, and small loopback HTTP peers behaving like a class of server.

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

}  // namespace replycheck::test::smoke_helpers
