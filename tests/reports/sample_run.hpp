#pragma once
// A representative run for the writer tests: passes, expectation failures, MUST and SHOULD
// conformance findings, transport errors, skips, hostile bytes a server could send, and a
// known secret planted in every kind of text field.

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"

namespace replycheck::reports::testing {

/// The secret planted in the sample run: no report may contain it.
inline const std::string secret = "hunter2-S3cr3t";
/// Base64 of "alice:hunter2-S3cr3t", as a Basic Authorization header would carry it.
inline const std::string secret_basic = "YWxpY2U6aHVudGVyMi1TM2NyM3Q=";

/// Every nasty byte sequence at once: C0 controls, NUL, ESC, lone CR, invalid UTF-8, a UTF-16
/// surrogate encoded in UTF-8, U+FFFF, a C1 control, a CDATA end and markup.
inline std::string hostile() {
    std::string s = "bad\x01\x1b[31mred\x7f";
    s.push_back('\0');
    s += "nul \xff\xfe \xc3\x28 \xed\xa0\x80 \xef\xbf\xbf \xc2\x85 ]]> <script>alert(\"x\")</script> & 'q' \rCR";
    return s;
}

inline protocol::redactor sample_redactor() {
    protocol::redactor r;
    r.add_secret(secret);
    return r;
}

inline step_result step(int index, std::string kind, std::string label, std::string code, outcome result,
                        double start, double seconds) {
    step_result s;
    s.index = index;
    s.kind = std::move(kind);
    s.label = std::move(label);
    s.code = std::move(code);
    s.result = result;
    s.start_seconds = start;
    s.seconds = seconds;
    return s;
}

inline run_result sample_run() {
    run_result run;
    run.tool_version = "0.1.0";
    run.command = "run";
    run.started_at = "2026-11-24T10:00:00Z";
    run.hostname = "ci-runner-7";
    run.seconds = 1.5;
    run.strict = false;

    suite_result http;
    http.name = "Conditional and range requests";
    http.file = "scenarios/http/conditional.toml";
    http.timestamp = "2026-11-24T10:00:00Z";
    http.seconds = 0.75;

    scenario_result pass;
    pass.name = "If-None-Match with the current ETag gives 304";
    pass.file = http.file;
    pass.tags = {"http", "conditional"};
    pass.seconds = 0.042;
    auto s1 = step(1, "http", "GET /index.html HTTP/1.1", "200", outcome::passed, 0.0, 0.012);
    s1.transcript = "> GET /index.html HTTP/1.1\r\n> Host: 127.0.0.1\r\n> Authorization: Basic " + secret_basic +
                    "\r\n>\r\n< HTTP/1.1 200 OK\r\n< ETag: \"abc\"\r\n< Content-Length: 5\r\n<\r\nhello";
    auto s2 = step(2, "http", "GET /index.html HTTP/1.1", "304", outcome::passed, 0.015, 0.009);
    s2.findings.push_back({"http.304.date", protocol::rule_level::should, "RFC 9110 \u00a76.6.1",
                           "304 without a Date header field"});
    s2.transcript = "> GET /index.html HTTP/1.1\r\n> If-None-Match: \"abc\"\r\n>\r\n< HTTP/1.1 304 Not Modified\r\n<\r\n";
    pass.steps = {s1, s2};
    http.scenarios.push_back(pass);

    scenario_result expectation;
    expectation.name = "Stale ETag gives 200";
    expectation.file = http.file;
    expectation.result = outcome::failed;
    expectation.message = "step 2: expected status 304, got 200";
    expectation.seconds = 0.031;
    auto e1 = step(1, "http", "GET /a.txt HTTP/1.1", "200", outcome::passed, 0.0, 0.010);
    e1.transcript = "> GET /a.txt HTTP/1.1\r\n< HTTP/1.1 200 OK\r\n";
    auto e2 = step(2, "http", "GET /a.txt HTTP/1.1", "200", outcome::failed, 0.012, 0.015);
    e2.failure = failure_kind::expectation;
    e2.message = "expected status 304, got 200";
    e2.expected = "status 304";
    e2.actual = "status 200";
    e2.transcript = "> GET /a.txt HTTP/1.1\r\n> X-Api-Key: " + secret + "\r\n< HTTP/1.1 200 OK\r\n< Content-Length: 3\r\n<\r\nabc";
    expectation.steps = {e1, e2};
    http.scenarios.push_back(expectation);

    scenario_result conformance;
    conformance.name = "304 carries no body";
    conformance.file = http.file;
    conformance.result = outcome::failed;
    conformance.seconds = 0.02;
    auto c1 = step(1, "raw", "GET /etag HTTP/1.1", "304", outcome::failed, 0.001, 0.018);
    c1.failure = failure_kind::conformance;
    c1.message = "http.304.no-body: a 304 response carried 12 bytes of body";
    c1.expected = "status 304";
    c1.actual = "status 304";
    c1.findings.push_back({"http.304.no-body", protocol::rule_level::must, "RFC 9110 \u00a715.4.5",
                           "a 304 response carried 12 bytes of body"});
    c1.findings.push_back({"http.date.missing", protocol::rule_level::should, "RFC 9110 \u00a76.6.1",
                           "no Date header field"});
    c1.transcript = "> GET /etag HTTP/1.1\r\n< HTTP/1.1 304 Not Modified\r\n<\r\n" + hostile();
    conformance.steps = {c1};
    http.scenarios.push_back(conformance);

    scenario_result hostile_case;
    hostile_case.name = "hostile server bytes " + hostile();
    hostile_case.file = http.file;
    hostile_case.result = outcome::failed;
    hostile_case.tags = {"hostile" + hostile()};
    hostile_case.seconds = 0.005;
    auto h1 = step(1, "raw", "GET /garbage HTTP/1.1", "200", outcome::failed, 0.0, 0.004);
    h1.failure = failure_kind::expectation;
    h1.message = "expected header X-Ok, got " + hostile();
    h1.expected = "header X-Ok";
    h1.actual = hostile();
    h1.transcript = "< HTTP/1.1 200 " + hostile() + "\r\n<\r\n]]>]]]]><![CDATA[x]]>";
    hostile_case.steps = {h1};
    http.scenarios.push_back(hostile_case);
    run.suites.push_back(http);

    suite_result ftp;
    ftp.name = "FTP login";
    ftp.file = "scenarios/ftp/login.toml";
    ftp.timestamp = "2026-11-24T10:00:01Z";
    ftp.seconds = 0.5;

    scenario_result login;
    login.name = "wrong password gives 530";
    login.file = ftp.file;
    login.seconds = 0.11;
    auto l0 = step(1, "ftp", "USER alice", "331", outcome::passed, 0.0, 0.02);
    l0.transcript = "> USER alice\r\n< 331 Password required for alice.\r\n";
    auto l1 = step(2, "ftp", "PASS " + secret, "530", outcome::passed, 0.021, 0.08);
    l1.transcript = "> PASS " + secret + "\r\n< 530 Login incorrect.\r\n";
    login.steps = {l0, l1};
    ftp.scenarios.push_back(login);

    scenario_result refused;
    refused.name = "download over ftp://alice:" + secret + "@127.0.0.1/pub/file.txt";
    refused.file = ftp.file;
    refused.result = outcome::error;
    refused.message = "step 1: connection refused";
    refused.seconds = 0.003;
    auto r1 = step(1, "ftp", "RETR pub/file.txt", "", outcome::error, 0.0, 0.003);
    r1.failure = failure_kind::transport;
    r1.message = "connection refused (ftp://alice:" + secret + "@127.0.0.1:2121/)";
    refused.steps = {r1};
    ftp.scenarios.push_back(refused);

    scenario_result transfer;
    transfer.name = "RETR sends 150 then 226";
    transfer.file = ftp.file;
    transfer.seconds = 0.2;
    transfer.attempts = 2;
    auto t1 = step(1, "ftp", "PASV", "227", outcome::passed, 0.0, 0.01);
    auto t2 = step(2, "ftp", "RETR readme.txt", "226", outcome::passed, 0.012, 0.15);
    t2.findings.push_back({"ftp.150.before-data", protocol::rule_level::info, "RFC 959 \u00a74.2",
                           "226 arrived before the data connection closed"});
    t2.transcript = "> RETR readme.txt\r\n< 150 Opening BINARY mode data connection.\r\n< 226 Transfer complete.\r\n";
    auto t3 = step(3, "probe", "QUIT", "221", outcome::passed, 0.17, 0.01);
    transfer.steps = {t1, t2, t3};
    ftp.scenarios.push_back(transfer);

    scenario_result skipped;
    skipped.name = "EPSV on IPv6";
    skipped.file = ftp.file;
    skipped.result = outcome::skipped;
    skipped.message = "tag 'ipv6' not selected";
    ftp.scenarios.push_back(skipped);
    run.suites.push_back(ftp);

    suite_result smoke;
    smoke.name = "smoke http://127.0.0.1:8080";
    smoke.file = "";
    smoke.timestamp = "2026-11-24T10:00:02Z";
    smoke.seconds = 0.25;
    scenario_result probe;
    probe.name = "unknown method gives 501 or 405";
    probe.result = outcome::failed;
    probe.seconds = 0.01;
    auto p1 = step(1, "probe", "BREW / HTTP/1.1", "500", outcome::failed, 0.0, 0.01);
    p1.failure = failure_kind::conformance;
    p1.expected = "status 501 or 405";
    p1.actual = "status 500";
    p1.findings.push_back({"http.method.unknown", protocol::rule_level::must, "RFC 9110 \u00a79.1",
                           "an unrecognised method must get 501 (or 405 when known but not allowed)"});
    probe.steps = {p1};
    smoke.scenarios.push_back(probe);
    run.suites.push_back(smoke);
    return run;
}

/// Replaces times, timestamps and host names with fixed placeholders, so golden files compare
/// only what a writer decides.
inline std::string mask_volatile(std::string text) {
    static const std::regex stamp(R"re(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?)re");
    static const std::regex xml_time(R"re((\btime|timestamp)="[^"]*")re");
    static const std::regex json_seconds(R"re("(seconds|start_seconds)":[-0-9.eE+]+)re");
    static const std::regex number_unit(R"re(\b\d+(\.\d+)? (s|ms)\b)re");
    static const std::regex duration(R"re(duration_ms: [0-9.]+)re");
    static const std::regex host(R"re(ci-runner-7)re");
    text = std::regex_replace(text, stamp, "TIMESTAMP");
    text = std::regex_replace(text, xml_time, "$1=\"T\"");
    text = std::regex_replace(text, json_seconds, "\"$1\":0");
    text = std::regex_replace(text, number_unit, "N $2");
    text = std::regex_replace(text, duration, "duration_ms: N");
    text = std::regex_replace(text, host, "HOST");
    return text;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The repository root (REPLYCHECK_SOURCE_DIR, set by ctest), or "" when unknown.
inline std::string source_dir() {
    const char* v = std::getenv("REPLYCHECK_SOURCE_DIR");
    return v ? v : "";
}

/// Compares `actual` with the golden file tests/fixtures/reports/<name>; with
/// REPLYCHECK_UPDATE_GOLDEN=1 it rewrites the golden file instead. Returns "" when equal,
/// else the first differing line.
inline std::string compare_golden(const std::string& name, const std::string& actual) {
    std::string path = source_dir() + "/tests/fixtures/reports/" + name;
    const char* update = std::getenv("REPLYCHECK_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        return "";
    }
    std::string expected = read_file(path);
    if (expected.empty()) return "golden file missing or empty: " + path;
    if (expected == actual) return "";
    std::istringstream a(actual), e(expected);
    std::string la, le;
    for (int line = 1;; ++line) {
        bool ga = static_cast<bool>(std::getline(a, la)), ge = static_cast<bool>(std::getline(e, le));
        if (!ga && !ge) return "differs (line endings?)";
        if (la != le || ga != ge) {
            // Show where in the line they part (JSON is one long line).
            std::size_t at = 0;
            while (at < la.size() && at < le.size() && la[at] == le[at]) ++at;
            std::size_t from = at > 80 ? at - 80 : 0;
            return path + ":" + std::to_string(line) + ":" + std::to_string(at + 1) + ": expected [" +
                   le.substr(from, 200) + "] got [" + la.substr(from, 200) + "] (REPLYCHECK_UPDATE_GOLDEN=1 rewrites)";
        }
    }
}

}  // namespace replycheck::reports::testing
