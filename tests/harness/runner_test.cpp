#include "harness/runner.hpp"

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "harness/expectations.hpp"
#include "harness/scenario_loader.hpp"

namespace fs = std::filesystem;
using namespace replycheck;
using namespace replycheck::harness;
using reports::outcome;

namespace {

/// A temporary project: www/ and ftproot/ content, a replycheck.toml, scenario files.
struct project {
    fs::path dir;

    project() {
        static std::atomic<int> counter{0};
        dir = fs::temp_directory_path() /
              ("rc-runner-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(dir / "www");
        fs::create_directories(dir / "ftproot" / "up");
        write("www/index.html", "<html>hello runner</html>\n");
        write("www/data.json", R"({"id":42,"name":"x","list":[1,2,3]})");
        write("ftproot/a.txt", "ftp content\n");
        write("replycheck.toml",
              "default_target = \"plain\"\n[targets.plain]\n[targets.other]\n"
              "[targets.other.vars]\ngreeting = \"from other\"\n");
    }
    ~project() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
    }
    /// Writes a scenario file with the standard [mock] header and returns its path.
    std::string scenario_file(const std::string& name, const std::string& body,
                              const std::string& mock_extra = "") const {
        std::string text = "[mock.http]\nroot = \"www\"\n" + mock_extra +
                           "[mock.ftp]\nroot = \"ftproot\"\nanonymous = true\nwritable = true\n"
                           "users = [{ name = \"alice\", password = \"pw\" }]\n" + body;
        write(name, text);
        return (dir / name).string();
    }
    run_request request(std::vector<std::string> paths) const {
        run_request r;
        r.paths = std::move(paths);
        r.config = (dir / "replycheck.toml").string();
        r.exec.jobs = 4;
        r.exec.timeout = std::chrono::milliseconds(3000);
        return r;
    }
};

reports::run_result run_all(run_request request) {
    runner r(std::move(request));
    std::vector<protocol::config_error> errors;
    bool ok = r.prepare(errors);
    for (const auto& e : errors) BOOST_TEST_MESSAGE(e.what());
    BOOST_REQUIRE(ok);
    r.start_mocks();
    return r.run();
}

std::vector<reports::scenario_result> scenarios_of(const reports::run_result& run) {
    std::vector<reports::scenario_result> out;
    for (const auto& s : run.suites) out.insert(out.end(), s.scenarios.begin(), s.scenarios.end());
    return out;
}

void require_all_passed(const reports::run_result& run) {
    for (const auto& sc : scenarios_of(run)) {
        BOOST_TEST_CONTEXT("scenario " << sc.name) {
            BOOST_TEST(sc.message == "");
            BOOST_TEST((sc.result == outcome::passed));
        }
    }
}

/// A TCP server that accepts and never answers (for timeouts).
struct silent_server {
    int fd = -1;
    std::uint16_t port = 0;
    std::atomic<bool> stop{false};
    std::thread thread;
    std::vector<int> clients;

    std::string first_bytes;  // sent on every accepted connection, then silence

    explicit silent_server(std::string first = "") : first_bytes(std::move(first)) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        BOOST_REQUIRE(::listen(fd, 16) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        // Accepted connections are held open, silent, until the server is destroyed.
        thread = std::thread([this] {
            timeval tv{0, 100000};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            for (int i = 0; i < 600 && !stop; ++i) {
                int c = ::accept(fd, nullptr, nullptr);
                if (c < 0) continue;
                clients.push_back(c);
                if (!first_bytes.empty()) (void)::send(c, first_bytes.data(), first_bytes.size(), MSG_NOSIGNAL);
            }
        });
    }
    ~silent_server() {
        stop = true;
        thread.join();
        for (int c : clients) ::close(c);
        ::close(fd);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(http_steps_expectations_and_captures_pass) {
    project p;
    auto file = p.scenario_file("http.toml", R"T(
[[mock.http.script]]
match = { method = "POST", path = "/echo" }
reply = { status = 201, reason = "Created", headers = { Location = "/things/9", X-Token = "tok-123" }, body = '{"id":9,"tags":["a","b"]}' }

[[scenario]]
name = "every HTTP expectation"
  [[scenario.step]]
  request = { url = "${http}/index.html", query = { q = "a b", n = "1" }, headers = { X-Trace = "t1" } }
  expect = { status = 200, reason = "OK", reason_matches = "^O", duration = "5s", headers = { Content-Type = { contains = "text/html" }, Content-Length = "26", ETag = { matches = '^(W/)?"' }, X-Nothing = { absent = true } }, body = { equals = "<html>hello runner</html>\n", contains = ["hello", "runner"], matches = "h.llo", size = 26 }, received = { method = "GET", target = "/index.html?n=1&q=a%20b", headers = { X-Trace = "t1" } } }
  capture = { etag = { header = "ETag" }, word = { body = "hello (\\w+)" } }
  [[scenario.step]]
  request = { url = "${http}/index.html", headers = { If-None-Match = "${etag}" } }
  expect = { status = [304, 412], body = { size = 0 } }
  [[scenario.step]]
  request = "GET ${http}/data.json"
  expect = { status = "2xx", body = { json = { "/id" = 42, "/list/2" = 3, "/name" = "x", "/none" = { exists = false } } } }
  capture = { id = { json = "/id" } }
  [[scenario.step]]
  request = { method = "POST", url = "${http}/echo", body = "id=${id}&w=${word}" }
  expect = { status = 201, headers = { Location = "/things/9" }, received = { method = "POST", path = "/echo", body_contains = "id=42&w=runner" } }
  capture = { token = { header = "X-Token", regex = "tok-(\\d+)" }, code = { status = true } }
  [[scenario.step]]
  request = { url = "${http}/index.html", headers = { X-Token = "${token}-${code}" } }
  expect = { status = 200, received = { headers = { X-Token = "123-201" } } }
  [[scenario.step]]
  request = { url = "${http}/index.html", version = "1.0" }
  expect = { status = 200 }
  [[scenario.step]]
  request = { method = "HEAD", url = "${http}/index.html" }
  expect = { status = 200, body = { size = 0 } }
)T");
    auto run = run_all(p.request({file}));
    require_all_passed(run);
    auto sc = scenarios_of(run).at(0);
    BOOST_REQUIRE_EQUAL(sc.steps.size(), 7u);
    BOOST_TEST(sc.steps[0].kind == "http");
    BOOST_TEST(sc.steps[0].label == "GET /index.html?n=1&q=a%20b HTTP/1.1");
    BOOST_TEST(sc.steps[3].code == "201");
    BOOST_TEST(sc.steps[0].transcript.find("X-Trace: t1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failing_expectations_say_what_differs) {
    project p;
    auto file = p.scenario_file("fail.toml", R"T(
[[scenario]]
name = "wrong status"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { status = [201, "3xx"] }
[[scenario]]
name = "wrong header"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { headers = { Content-Type = { absent = true } } }
[[scenario]]
name = "wrong body"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { body = { contains = "goodbye" } }
[[scenario]]
name = "wrong json"
  [[scenario.step]]
  request = "GET ${http}/data.json"
  expect = { body = { json = { "/id" = 41 } } }
[[scenario]]
name = "wrong digest"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { body = { sha256 = "0000000000000000000000000000000000000000000000000000000000000000" } }
[[scenario]]
name = "stops at the first failing step"
  [[scenario.step]]
  request = "GET ${http}/missing"
  expect = { status = 200 }
  [[scenario.step]]
  request = "GET ${http}/index.html"
[[scenario]]
name = "capture finds nothing"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  capture = { x = { header = "X-Absent" } }
[[scenario]]
name = "journal did not receive it"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { received = { method = "DELETE", path = "/index.html" } }
)T");
    auto run = run_all(p.request({file}));
    auto s = scenarios_of(run);
    BOOST_REQUIRE_EQUAL(s.size(), 8u);
    BOOST_TEST((s[0].result == outcome::failed));
    BOOST_TEST(s[0].message == "step 1: expected status [201, 3xx], got 200");
    BOOST_TEST((s[0].steps[0].failure == reports::failure_kind::expectation));
    BOOST_TEST(s[0].steps[0].expected == "[201, 3xx]");
    BOOST_TEST(s[0].steps[0].actual == "200");
    BOOST_TEST(s[1].message.find("header Content-Type should be absent") != std::string::npos);
    BOOST_TEST(s[2].message.find("body does not contain \"goodbye\"") != std::string::npos);
    BOOST_TEST(s[3].message.find("JSON pointer /id is 42") != std::string::npos);
    BOOST_TEST(s[4].message.find("sha256 differs") != std::string::npos);
    BOOST_TEST(s[5].steps.size() == 1u);
    BOOST_TEST(s[5].message == "step 1: expected status 200, got 404");
    BOOST_TEST(s[6].message == "step 1: capture 'x' found nothing: the reply has no X-Absent field");
    BOOST_TEST(s[7].message.find("the mock received 0 matching request(s) for DELETE /index.html") !=
               std::string::npos);
    for (const auto& sc : s) BOOST_TEST((sc.result != outcome::passed));
}

BOOST_AUTO_TEST_CASE(raw_steps_send_exact_bytes) {
    project p;
    auto file = p.scenario_file("raw.toml", R"T(
[[scenario]]
name = "raw"
  [[scenario.step]]
  raw = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
  expect = { status = 200, body = { contains = "hello" }, closed = false }
  [[scenario.step]]
  raw = "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
  expect = { status = 200, body = { size = 0 }, headers = { Content-Length = "26" } }
  [[scenario.step]]
  raw = { send = "GET /index.html HTTP/1.1\r\n\r\n", new_connection = true }
  expect = { status = 400 }
  [[scenario.step]]
  raw = { send = "GET /index.html HTTP/1.0\r\n\r\n", to = "${http_host}:${http_port}", new_connection = true }
  expect = { status = 200 }
[[scenario]]
name = "raw ftp"
  [[scenario.step]]
  raw = { send = "", read = "ftp" }
  expect = { code = 220 }
  [[scenario.step]]
  raw = { send = "NOOP\r\n", read = "ftp" }
  expect = { code = 200 }
  [[scenario.step]]
  raw = { send = "QUIT\r\n", read = "ftp" }
  expect = { code = 221 }
)T");
    auto run = run_all(p.request({file}));
    require_all_passed(run);
    auto s = scenarios_of(run);
    BOOST_TEST(s[0].steps[0].kind == "raw");
    BOOST_TEST(s[0].steps[0].label == "GET /index.html HTTP/1.1");
}

BOOST_AUTO_TEST_CASE(ftp_steps_login_commands_transfers_and_urls) {
    project p;
    auto file = p.scenario_file("ftp.toml", R"T(
[[scenario]]
name = "ftp session"
  [[scenario.step]]
  ftp = { greeting = true }
  expect = { code = 220 }
  [[scenario.step]]
  ftp = { login = { user = "alice", password = "pw" } }
  expect = { code = 230, received = { command = "USER", argument = "alice" } }
  [[scenario.step]]
  ftp = "PWD"
  expect = { code = 257, text_matches = '"/"' }
  capture = { cwd = { reply = '"([^"]*)"' } }
  [[scenario.step]]
  ftp = "CWD ${cwd}"
  expect = { code = 250 }
  [[scenario.step]]
  ftp = { transfer = "RETR a.txt" }
  expect = { preliminary = 150, code = 226, body = { equals = "ftp content\n", size = 12 } }
  [[scenario.step]]
  ftp = { transfer = "STOR up/new.txt", upload = "uploaded\n" }
  expect = { preliminary = 150, code = 226, received = { command = "STOR", argument = "up/new.txt" } }
  [[scenario.step]]
  ftp = { transfer = "LIST up" }
  expect = { code = 226, body = { contains = "new.txt" } }
  [[scenario.step]]
  ftp = { transfer = "MLSD" }
  expect = { code = 226, body = { contains = ["a.txt", "type="] } }
  [[scenario.step]]
  ftp = "SIZE missing.txt"
  expect = { code = 550 }
[[scenario]]
name = "ftp wrong password"
  [[scenario.step]]
  ftp = "USER alice"
  expect = { code = 331 }
  [[scenario.step]]
  ftp = "PASS wrong"
  expect = { code = 530 }
[[scenario]]
name = "ftp url"
  [[scenario.step]]
  ftp_url = { url = "${ftp}/a.txt", user = "alice", password = "pw" }
  expect = { code = 226, body = "ftp content\n" }
  [[scenario.step]]
  ftp_url = { url = "${ftp}/up/", user = "alice", password = "pw" }
  expect = { code = 226 }
)T");
    auto run = run_all(p.request({file}));
    require_all_passed(run);
    BOOST_TEST(fs::exists(p.dir / "ftproot" / "up" / "new.txt"));
    auto s = scenarios_of(run);
    BOOST_TEST(s[0].steps[4].code == "226");
    BOOST_TEST(s[0].steps[4].transcript.find("> RETR a.txt") != std::string::npos);
    BOOST_TEST(s[1].steps[1].label == "PASS ***");
}

BOOST_AUTO_TEST_CASE(ftp_transfers_keep_the_type_a_step_set) {
    project p;
    auto file = p.scenario_file("ftp_type.toml", R"T(
[[scenario]]
name = "ftp type"
  [[scenario.step]]
  ftp = { login = { user = "alice", password = "pw" } }
  expect = { code = 230 }
  [[scenario.step]]
  ftp = { transfer = "RETR a.txt" }
  expect = { code = 226, body = { size = 12 } }
  [[scenario.step]]
  ftp = "TYPE A"
  expect = { code = 200 }
  [[scenario.step]]
  ftp = { transfer = "RETR a.txt" }
  expect = { code = 226, body = { equals = "ftp content\r\n", size = 13 } }
  [[scenario.step]]
  ftp = "TYPE I"
  expect = { code = 200 }
  [[scenario.step]]
  ftp = { transfer = "RETR a.txt" }
  expect = { code = 226, body = { size = 12 } }
)T");
    auto run = run_all(p.request({file}));
    require_all_passed(run);
    auto s = scenarios_of(run);
    // Before any TYPE step the transfer sets image itself; after one, it sends no TYPE of its own.
    BOOST_TEST(s[0].steps[1].transcript.find("> TYPE I") != std::string::npos);
    BOOST_TEST(s[0].steps[3].transcript.find("> TYPE") == std::string::npos);
    BOOST_TEST(s[0].steps[5].transcript.find("> TYPE") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(parallel_runs_overlap_and_keep_file_order) {
    project p;
    std::string body;
    for (int i = 0; i < 16; ++i)
        body += "[[scenario]]\nname = \"slow " + std::to_string(i) +
                "\"\n  [[scenario.step]]\n  request = \"GET ${http}/slow\"\n  expect = { status = 200 }\n";
    auto file = p.scenario_file("parallel.toml", body,
                                "[[mock.http.script]]\nmatch = { path = \"/slow\" }\ndelay = \"625ms\"\n"
                                "reply = { status = 200, body = \"slow\" }\n");
    auto request = p.request({file});
    request.exec.jobs = 8;
    auto start = std::chrono::steady_clock::now();
    auto run = run_all(request);
    auto wall = std::chrono::steady_clock::now() - start;
    require_all_passed(run);
    auto s = scenarios_of(run);
    BOOST_REQUIRE_EQUAL(s.size(), 16u);
    for (int i = 0; i < 16; ++i) BOOST_TEST(s[i].name == "slow " + std::to_string(i));
    // 16 x 625 ms one at a time would take 10 s; 8 workers need about 1.25 s.
    BOOST_TEST(wall < std::chrono::seconds(5));
}

BOOST_AUTO_TEST_CASE(sharding_splits_deterministically) {
    std::string text;
    for (int i = 0; i < 30; ++i)
        text += "[[scenario]]\nname = \"s" + std::to_string(i) + "\"\n[[scenario.step]]\nrequest = \"/\"\n";
    std::vector<suite> suites{load_suite_text(text, "a.toml"), load_suite_text(text, "b.toml")};
    for (auto strategy : {shard_strategy::index, shard_strategy::hash}) {
        std::multiset<std::string> seen;
        for (int i = 1; i <= 3; ++i) {
            plan_options o;
            o.shard_index = i;
            o.shard_total = 3;
            o.sharding = strategy;
            auto plan = make_plan(suites, o, nullptr);
            auto again = make_plan(suites, o, nullptr);
            BOOST_REQUIRE_EQUAL(plan.size(), again.size());
            for (std::size_t n = 0; n < plan.size(); ++n) {
                BOOST_TEST(plan[n].scenario_index == again[n].scenario_index);
                seen.insert(suites[plan[n].suite_index].file + "/" +
                            suites[plan[n].suite_index].scenarios[plan[n].scenario_index].name);
            }
            if (strategy == shard_strategy::index) BOOST_TEST(plan.size() == 20u);
            else BOOST_TEST(plan.size() > 5u);
        }
        BOOST_TEST(seen.size() == 60u);
        std::set<std::string> unique(seen.begin(), seen.end());
        BOOST_TEST(unique.size() == 60u);  // every scenario in exactly one shard
    }
    BOOST_TEST((parse_shard("2/3").value() == std::make_pair(2, 3)));
    BOOST_TEST(!parse_shard("0/3"));
    BOOST_TEST(!parse_shard("4/3"));
    BOOST_TEST(!parse_shard("1-3"));
}

BOOST_AUTO_TEST_CASE(tags_filter_and_target_selection) {
    auto s = load_suite_text(R"T(
[suite]
tags = ["http"]
[[scenario]]
name = "alpha"
tags = ["fast"]
[[scenario.step]]
request = "/"
[[scenario]]
name = "beta"
tags = ["mock-only"]
[[scenario.step]]
request = "/"
[[scenario]]
name = "gamma"
skip_on = { nginx = "differs" }
[[scenario.step]]
request = "/"
[[scenario]]
name = "delta"
skip = "later"
[[scenario.step]]
request = "/"
)T",
                             "t.toml");
    std::vector<suite> suites{s};
    plan_options o;
    o.tags = {"fast"};
    BOOST_TEST(make_plan(suites, o, nullptr).size() == 1u);
    o = {};
    o.exclude_tags = {"mock-only"};
    BOOST_TEST(make_plan(suites, o, nullptr).size() == 3u);
    o = {};
    o.filter = "^t / (al|be)";
    BOOST_TEST(make_plan(suites, o, nullptr).size() == 2u);
    target nginx;
    nginx.name = "nginx";
    nginx.exclude_tags = {"mock-only"};
    auto plan = make_plan(suites, {}, &nginx);
    BOOST_REQUIRE_EQUAL(plan.size(), 3u);
    BOOST_TEST(plan[1].skip.value() == "not on target nginx: differs");
    BOOST_TEST(plan[2].skip.value() == "later");
}

BOOST_AUTO_TEST_CASE(timeouts_against_a_silent_server) {
    silent_server silent;
    project p;
    std::string port = std::to_string(silent.port);
    auto file = p.scenario_file("timeout.toml",
                                "[[scenario]]\nname = \"http\"\n[[scenario.step]]\nrequest = \"GET http://127.0.0.1:" +
                                    port + "/\"\ntimeout = \"300ms\"\n"
                                    "[[scenario]]\nname = \"raw\"\n[[scenario.step]]\nraw = { send = \"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n\", to = \"127.0.0.1:" +
                                    port + "\" }\ntimeout = \"300ms\"\n"
                                    "[[scenario]]\nname = \"ftp\"\n[[scenario.step]]\nftp = { greeting = true, to = \"ftp://127.0.0.1:" +
                                    port + "\" }\ntimeout = \"300ms\"\n"
                                    "[[scenario]]\nname = \"default timeout\"\n[[scenario.step]]\nrequest = \"GET http://127.0.0.1:" +
                                    port + "/\"\n"
                                    "[[scenario]]\nname = \"raw default timeout\"\n[[scenario.step]]\nraw = { send = \"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n\", to = \"127.0.0.1:" +
                                    port + "\" }\n");
    auto request = p.request({file});
    request.exec.timeout = std::chrono::milliseconds(400);
    auto start = std::chrono::steady_clock::now();
    auto run = run_all(request);
    auto wall = std::chrono::steady_clock::now() - start;
    auto s = scenarios_of(run);
    BOOST_REQUIRE_EQUAL(s.size(), 5u);
    for (const auto& sc : s) {
        BOOST_TEST_CONTEXT(sc.name) {
            BOOST_TEST((sc.result == outcome::error));
            BOOST_TEST((sc.steps.at(0).failure == reports::failure_kind::transport));
            BOOST_TEST(sc.seconds < 4.0);   // the server never answers nor closes
        }
    }
    // The step's own timeout wins; without one, the run's 400 ms applies (not the 5 s default).
    BOOST_TEST(s[1].steps.at(0).message.find("timeout after 300ms") == 0u, s[1].steps.at(0).message);
    BOOST_TEST(s[4].steps.at(0).message.find("timeout after 400ms") == 0u, s[4].steps.at(0).message);
    BOOST_TEST(wall < std::chrono::seconds(8));
}

BOOST_AUTO_TEST_CASE(a_reply_cut_by_the_timeout_is_a_timeout_not_a_verdict) {
    // The status line comes, the header section never ends: neither the expectation (status
    // 200) nor a rule ("200 without Date") may judge it; the step is the timeout.
    silent_server slow("HTTP/1.1 200 OK\r\n");
    project p;
    const std::string port = std::to_string(slow.port);
    auto file = p.scenario_file("cut.toml",
                                "[[scenario]]\nname = \"curl\"\n[[scenario.step]]\nrequest = \"GET http://127.0.0.1:" +
                                    port + "/\"\nexpect = { status = 200 }\ntimeout = \"400ms\"\n"
                                    "[[scenario]]\nname = \"raw\"\n[[scenario.step]]\nraw = { send = \"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n\", to = \"127.0.0.1:" +
                                    port + "\" }\nexpect = { status = 200 }\ntimeout = \"400ms\"\n");
    auto run = run_all(p.request({file}));
    auto s = scenarios_of(run);
    BOOST_REQUIRE_EQUAL(s.size(), 2u);
    for (const auto& sc : s) {
        BOOST_TEST_CONTEXT(sc.name) {
            BOOST_TEST((sc.result == outcome::error), sc.message);
            BOOST_REQUIRE(!sc.steps.empty());
            const auto& step = sc.steps.at(0);
            BOOST_TEST((step.failure == reports::failure_kind::transport));
            BOOST_TEST(step.message.find("timeout") != std::string::npos, step.message);
            BOOST_TEST(step.findings.empty());
            BOOST_TEST(step.transcript.find("! ") != std::string::npos);
        }
    }
    BOOST_TEST(s[1].steps.at(0).message == "timeout after 400ms while reading the header section");
}

BOOST_AUTO_TEST_CASE(an_unterminated_multiline_ftp_reply_shows_its_lines_and_the_timeout) {
    silent_server stuck("211-start of a reply that never ends\r\n more\r\n");
    project p;
    auto file = p.scenario_file("multiline.toml",
                                "[[scenario]]\nname = \"ftp\"\n[[scenario.step]]\nraw = { send = \"\", read = \"ftp\", to = \"127.0.0.1:" +
                                    std::to_string(stuck.port) + "\" }\nexpect = { code = 211 }\ntimeout = \"300ms\"\n");
    auto s = scenarios_of(run_all(p.request({file})));
    BOOST_REQUIRE_EQUAL(s.size(), 1u);
    BOOST_REQUIRE(!s[0].steps.empty());
    const auto& step = s[0].steps[0];
    BOOST_TEST((s[0].result == outcome::error), s[0].message);
    BOOST_TEST(step.message == "timeout after 300ms waiting for the reply");
    BOOST_TEST(step.transcript.find("< 211-start of a reply that never ends\n<  more\n") != std::string::npos,
               step.transcript);
    bool multiline = false;
    for (const auto& f : step.findings) multiline = multiline || f.rule_id == "ftp.reply.multiline";
    BOOST_TEST(multiline);
}

BOOST_AUTO_TEST_CASE(retry_fail_fast_and_conformance) {
    project p;
    auto file = p.scenario_file("retry.toml", R"T(
[[scenario]]
name = "flaky then fine"
  [[scenario.step]]
  request = "GET ${http}/flaky"
  expect = { status = 200 }
[[scenario]]
name = "405 without Allow breaks a MUST"
  [[scenario.step]]
  request = "GET ${http}/no-allow"
  expect = { status = 405 }
[[scenario]]
name = "405 without Allow, allowed on purpose"
allow = ["http.405.allow"]
  [[scenario.step]]
  request = "GET ${http}/no-allow"
  expect = { status = 405 }
[[scenario]]
name = "405 without Allow, conformance off"
conformance = "off"
  [[scenario.step]]
  request = "GET ${http}/no-allow"
  expect = { status = 405 }
)T",
                                "[[mock.http.script]]\nmatch = { path = \"/flaky\" }\ntimes = 1\nreply = { status = 503 }\n"
                                "[[mock.http.script]]\nmatch = { path = \"/flaky\" }\nreply = { status = 200 }\n"
                                "[[mock.http.script]]\nmatch = { path = \"/no-allow\" }\nreply = { status = 405 }\n");
    auto request = p.request({file});
    request.exec.jobs = 1;
    request.exec.retry = 1;
    auto s = scenarios_of(run_all(request));
    BOOST_REQUIRE_EQUAL(s.size(), 4u);
    BOOST_TEST((s[0].result == outcome::passed));
    BOOST_TEST(s[0].attempts == 2);
    BOOST_TEST((s[1].result == outcome::failed));
    BOOST_TEST((s[1].steps[0].failure == reports::failure_kind::conformance));
    BOOST_TEST(s[1].message.find("http.405.allow") != std::string::npos);
    BOOST_TEST((s[2].result == outcome::passed));
    BOOST_TEST((s[3].result == outcome::passed));

    request.exec.retry = 0;
    request.exec.fail_fast = true;
    request.plan.filter = "MUST|allowed";
    auto f = scenarios_of(run_all(request));
    BOOST_REQUIRE_EQUAL(f.size(), 2u);
    BOOST_TEST((f[0].result == outcome::failed));
    BOOST_TEST((f[1].result == outcome::skipped));
    BOOST_TEST(f[1].message == "not run (--fail-fast)");
}

BOOST_AUTO_TEST_CASE(targets_vars_secrets_and_overrides) {
    project p;
    auto file = p.scenario_file("vars.toml", R"T(
[suite]
vars = { greeting = "from file", path = "/index.html" }
[[scenario]]
name = "vars"
  [[scenario.step]]
  request = { url = "${http}${path}", headers = { X-Greeting = "${greeting}", X-Key = "${api_key}", X-Env = "${env.RC_TEST_ENV}" } }
  expect = { status = 201, received = { headers = { X-Greeting = "${greeting}", X-Env = "env-value" } } }
  expect_on.plain = { status = 200 }
  expect_on.other = { status = 200 }
)T");
    ::setenv("RC_TEST_ENV", "env-value", 1);
    auto request = p.request({file});
    request.secret_vars = {"api_key=s3cr3t-value"};
    {
        runner r(request);
        std::vector<protocol::config_error> errors;
        BOOST_REQUIRE(r.prepare(errors));
        r.start_mocks();
        auto run = r.run();
        require_all_passed(run);
        auto sc = scenarios_of(run).at(0);
        BOOST_TEST(sc.steps[0].transcript.find("X-Greeting: from file") != std::string::npos);
        BOOST_TEST(sc.steps[0].transcript.find("s3cr3t-value") == std::string::npos);
        BOOST_TEST(sc.steps[0].transcript.find("X-Key: ***") != std::string::npos);
        BOOST_TEST(r.redactor().apply("key s3cr3t-value") == "key ***");
    }
    request.target = "other";
    request.vars = {"path=/data.json"};
    auto run = run_all(request);
    require_all_passed(run);
    auto sc = scenarios_of(run).at(0);
    BOOST_TEST(sc.steps[0].transcript.find("X-Greeting: from other") != std::string::npos);
    BOOST_TEST(sc.steps[0].label.find("/data.json") != std::string::npos);

    request.target = "nosuch";
    runner r(request);
    std::vector<protocol::config_error> errors;
    BOOST_TEST(!r.prepare(errors));
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(std::string(errors[0].what()).find("unknown target 'nosuch'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_files_stop_the_whole_run) {
    project p;
    auto good = p.scenario_file("good.toml", "[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"${http}/\"\n");
    p.write("bad.toml", "[[scenario]]\nname = \"b\"\n[[scenario.step]]\nrequest = { url = \"/\", methd = \"GET\" }\n");
    p.write("badmock.toml", "[mock.htp]\nroot = \"www\"\n[[scenario]]\nname = \"c\"\n[[scenario.step]]\nrequest = \"/\"\n");
    runner r(p.request({good, (p.dir / "bad.toml").string(), (p.dir / "badmock.toml").string()}));
    std::vector<protocol::config_error> errors;
    BOOST_TEST(!r.prepare(errors));
    BOOST_REQUIRE_EQUAL(errors.size(), 2u);
    BOOST_TEST(std::string(errors[0].what()).find("bad.toml:4:24: unknown key 'methd' in 'request' (did you mean 'method'?)") !=
               std::string::npos);
    BOOST_TEST(std::string(errors[1].what()).find("badmock.toml:1:7: unknown key 'htp' in [mock] (did you mean 'http'?)") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(replies_are_compared_with_the_full_200_of_the_scenario) {
    project p;
    auto file = p.scenario_file("full.toml", R"T(
[[scenario]]
name = "304 without the ETag of the 200"
  [[scenario.step]]
  request = "GET ${http}/cmp"
  expect = { status = 200 }
  [[scenario.step]]
  request = { url = "${http}/cmp", headers = { If-None-Match = '"a"' } }
  expect = { status = 304 }
)T",
                                "[[mock.http.script]]\nmatch = { path = \"/cmp\" }\n"
                                "replies = [{ status = 200, headers = { ETag = '\"a\"' }, body = \"x\" }, { status = 304 }]\n");
    auto s = scenarios_of(run_all(p.request({file})));
    BOOST_REQUIRE_EQUAL(s.size(), 1u);
    BOOST_TEST((s[0].result == outcome::failed));
    BOOST_REQUIRE_EQUAL(s[0].steps.size(), 2u);
    BOOST_TEST((s[0].steps[1].failure == reports::failure_kind::conformance));
    BOOST_TEST(s[0].message.find("http.304.cache-fields") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_targets_in_exceptions_are_errors) {
    project p;
    p.write("typo.toml", "[[scenario]]\nname = \"a\"\nskip_on = { othr = \"x\" }\n[[scenario.step]]\n"
                         "request = \"/\"\nexpect_on.plain = { status = 200 }\nexpect_on.nginx = { status = 200 }\n");
    runner r(p.request({(p.dir / "typo.toml").string()}));
    std::vector<protocol::config_error> errors;
    BOOST_TEST(!r.prepare(errors));
    BOOST_REQUIRE_EQUAL(errors.size(), 2u);
    BOOST_TEST(std::string(errors[0].what()).find("typo.toml:3:13: unknown target 'othr' (not in replycheck.toml) "
                                                  "(did you mean 'other'?)") != std::string::npos);
    BOOST_TEST(std::string(errors[1].what()).find("typo.toml:7:11: unknown target 'nginx'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(iis_substatus_detection_and_code_matching) {
    BOOST_TEST(detect_iis_substatus(404, "<title>IIS</title><h3>HTTP Error 404.3 - Not Found</h3>") == "404.3");
    BOOST_TEST(detect_iis_substatus(403, "HTTP Error 404.3 - Not Found") == "");
    BOOST_TEST(detect_iis_substatus(404, "plain not found") == "");
    code_expectation e;
    e.iis = {{404, 3}};
    BOOST_TEST(code_matches(e, 404, "404.3"));
    BOOST_TEST(!code_matches(e, 404, ""));
    BOOST_TEST(!code_matches(e, 404, "404.0"));
    e = {};
    e.classes = {4};
    BOOST_TEST(code_matches(e, 431, ""));
    BOOST_TEST(!code_matches(e, 531, ""));
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(a_sequential_suite_runs_its_scenarios_in_file_order) {
    // Three answers given once each, in turn: only a run in file order gets 201, 202, 203 (the
    // delay makes parallel requests overlap).
    project p;
    std::string mock, body = "[suite]\nsequential = true\n";
    for (int i = 1; i <= 3; ++i) {
        mock += "[[mock.http.script]]\nmatch = { path = \"/turn\" }\ntimes = 1\ndelay = \"100ms\"\nreply = { status = " +
                std::to_string(200 + i) + " }\n";
        body += "[[scenario]]\nname = \"turn " + std::to_string(i) + "\"\n  [[scenario.step]]\n  request = \"GET ${http}/turn\"\n" +
                "  expect = { status = " + std::to_string(200 + i) + " }\n";
    }
    auto request = p.request({p.scenario_file("turns.toml", body, mock)});
    request.exec.jobs = 8;
    auto run = run_all(request);
    require_all_passed(run);
    BOOST_TEST(scenarios_of(run).size() == 3u);

    // A value that is not a boolean is refused, naming the key.
    std::vector<protocol::config_error> errors;
    auto bad = p.request({p.scenario_file("bad.toml", "[suite]\nsequential = \"yes\"\n" + body.substr(body.find("[[scenario]]")))});
    runner r(std::move(bad));
    BOOST_TEST(!r.prepare(errors));
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(std::string(errors.front().what()).find("sequential") != std::string::npos, errors.front().what());
}

BOOST_AUTO_TEST_CASE(received_compares_an_ftp_password_as_sent_and_never_prints_it) {
    project p;
    auto file = p.scenario_file("pass.toml", R"T(
[[scenario]]
name = "right"
  [[scenario.step]]
  ftp = "USER alice"
  expect = { code = 331 }
  [[scenario.step]]
  ftp = "PASS pw"
  expect = { code = 230, received = { command = "PASS", argument = "pw" } }
[[scenario]]
name = "wrong"
  [[scenario.step]]
  ftp = "USER alice"
  expect = { code = 331 }
  [[scenario.step]]
  ftp = "PASS pw"
  expect = { code = 230, received = { command = "PASS", argument = "Other-Pw-77" } }
)T");
    auto request = p.request({file});
    request.exec.jobs = 1;
    auto run = run_all(request);
    auto s = scenarios_of(run);
    BOOST_REQUIRE_EQUAL(s.size(), 2u);
    BOOST_TEST((s[0].result == outcome::passed), s[0].message);
    BOOST_TEST((s[1].result == outcome::failed));
    BOOST_TEST(s[1].message.find("PASS ****") != std::string::npos, s[1].message);
    BOOST_TEST(s[1].message.find("Other-Pw-77") == std::string::npos, s[1].message);
}
