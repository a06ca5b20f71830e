// What a new user meets on `run` and `lint`: undefined ${names} as located load errors,
// --retry-interval and Retry-After between attempts, --repeat, --glob.

#include "harness/runner.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "harness/retry_after.hpp"

namespace fs = std::filesystem;
using namespace replycheck;
using namespace replycheck::harness;
using reports::outcome;

namespace {

/// A temporary folder of scenario files, without replycheck.toml (as outside the repository).
struct folder {
    fs::path dir;
    folder() {
        static std::atomic<int> counter{0};
        dir = fs::temp_directory_path() / ("rc-run-options-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(counter++));
        fs::create_directories(dir / "www");
        std::ofstream(dir / "www" / "index.html") << "hello";
    }
    ~folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string file(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
    run_request request(std::vector<std::string> paths) const {
        run_request r;
        r.paths = std::move(paths);
        r.config = "";
        r.target = "mock";
        r.exec.jobs = 1;
        r.exec.timeout = std::chrono::milliseconds(3000);
        return r;
    }
};

std::vector<std::string> prepare_errors(run_request request) {
    // Away from the repository: no replycheck.toml above, no bundled www/ftproot.
    auto here = fs::current_path();
    fs::current_path(fs::temp_directory_path());
    runner r(std::move(request));
    std::vector<protocol::config_error> errors;
    (void)r.prepare(errors);
    fs::current_path(here);
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.what());
    return out;
}

reports::run_result run_all(run_request request) {
    runner r(std::move(request));
    std::vector<protocol::config_error> errors;
    bool ok = r.prepare(errors);
    for (const auto& e : errors) BOOST_TEST_MESSAGE(e.what());
    BOOST_REQUIRE(ok);
    r.start_mocks();
    return r.run();
}

const char* mock_header = "[mock.http]\nroot = \"www\"\n";

}  // namespace

BOOST_AUTO_TEST_CASE(undefined_variables_are_located_load_errors) {
    folder f;
    auto file = f.file("my.toml", R"T([[scenario]]
name = "home"
  [[scenario.step]]
  request = "GET ${http}/"
  [[scenario.step]]
  request = { url = "${htp}/x", headers = { A = "${tokn}" } }
  expect = { body = { contains = "${http}" } }
)T");
    auto errors = prepare_errors(f.request({file}));
    BOOST_REQUIRE_EQUAL(errors.size(), 3u);   // ${http} once, at its first use
    BOOST_TEST(errors[0].find("my.toml:3:3: step 1, url: undefined variable ${http}; give the server with "
                              "--var http=URL, choose a target with --target NAME (no replycheck.toml found") != std::string::npos);
    BOOST_TEST(errors[0].find("or add a [mock] section to this file") != std::string::npos);
    BOOST_TEST(errors[1].find("my.toml:5:3: step 2, url: undefined variable ${htp} (did you mean ${http}?); "
                              "define it with --var htp=VALUE") != std::string::npos);
    BOOST_TEST(errors[2].find("step 2, header A: undefined variable ${tokn}") != std::string::npos);

    // Defined by --var, a [mock], [suite] vars or an earlier capture: no error.
    auto request = f.request({file});
    request.vars = {"http=http://127.0.0.1:9", "htp=x", "tokn=y"};
    BOOST_TEST(prepare_errors(request).empty());
    auto mocked = f.file("mocked.toml", std::string(mock_header) + R"T([suite]
vars = { base = "/" }
[[scenario]]
name = "captures"
  [[scenario.step]]
  request = "GET ${http}${base}"
  capture = { got = { status = true } }
  [[scenario.step]]
  request = "GET ${http}/${got}"
  [[scenario.step]]
  request = "GET ${https}/${env.HOME}"
)T");
    errors = prepare_errors(f.request({mocked}));
    // ${https} is only there when the mock has an HTTPS listener.
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].find("step 3, url: undefined variable ${https}") != std::string::npos);

    // A capture is defined for the steps after it only; an unterminated ${ is an error too.
    auto early = f.file("early.toml", std::string(mock_header) + R"T([[scenario]]
name = "too early"
  [[scenario.step]]
  request = "GET ${http}/${later}"
  [[scenario.step]]
  request = "GET ${http}/"
  capture = { later = { status = true } }
  [[scenario.step]]
  request = "GET ${http}/${open"
)T");
    errors = prepare_errors(f.request({early}));
    BOOST_REQUIRE_EQUAL(errors.size(), 2u);
    BOOST_TEST(errors[0].find("step 1, url: undefined variable ${later}") != std::string::npos);
    BOOST_TEST(errors[1].find("step 3, url: unterminated ${") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(scenarios_not_planned_may_use_what_the_run_lacks) {
    folder f;
    auto file = f.file("t.toml", std::string(mock_header) + R"T([[scenario]]
name = "http"
tags = ["http"]
  [[scenario.step]]
  request = "GET ${http}/"
[[scenario]]
name = "ftp"
tags = ["ftp"]
  [[scenario.step]]
  ftp = { greeting = true }
[[scenario]]
name = "skipped"
skip = "not yet"
  [[scenario.step]]
  request = "GET ${nothing}/"
)T");
    auto request = f.request({file});
    request.plan.exclude_tags = {"ftp"};
    BOOST_TEST(prepare_errors(request).empty());
    request.plan.exclude_tags.clear();
    auto errors = prepare_errors(request);
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].find("step 1, to (default): undefined variable ${ftp}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(retry_waits_the_interval_or_what_retry_after_asks) {
    folder f;
    auto file = f.file("busy.toml", std::string(mock_header) + R"T([[mock.http.script]]
match = { path = "/busy" }
reply = { status = 503, headers = { Retry-After = "1" } }
[[mock.http.script]]
match = { path = "/plain" }
reply = { status = 500 }
[[scenario]]
name = "busy"
  [[scenario.step]]
  request = "GET ${http}/busy"
  expect = { status = 200 }
[[scenario]]
name = "plain"
  [[scenario.step]]
  request = "GET ${http}/plain"
  expect = { status = 200 }
)T");
    auto request = f.request({file});
    request.exec.retry = 2;
    request.exec.retry_interval = std::chrono::milliseconds(100);
    auto run = run_all(request);
    const auto& busy = run.suites.at(0).scenarios.at(0);
    const auto& plain = run.suites.at(0).scenarios.at(1);
    BOOST_TEST(busy.attempts == 3);
    BOOST_TEST(busy.seconds >= 1.9);            // two waits of Retry-After: 1
    BOOST_TEST(plain.attempts == 3);
    BOOST_TEST(plain.seconds >= 0.19);          // two waits of --retry-interval

    // Eight waits of --retry-interval, not of the default 1 s (8 s).
    auto plain_only = f.file("plain.toml", std::string(mock_header) + R"T([[mock.http.script]]
match = { path = "/plain" }
reply = { status = 500 }
[[scenario]]
name = "plain"
  [[scenario.step]]
  request = "GET ${http}/plain"
  expect = { status = 200 }
)T");
    request = f.request({plain_only});
    request.exec.retry = 8;
    request.exec.retry_interval = std::chrono::milliseconds(100);
    run = run_all(request);
    const auto& eight = run.suites.at(0).scenarios.at(0);
    BOOST_TEST(eight.attempts == 9);
    BOOST_TEST(eight.seconds >= 0.79);
    BOOST_TEST(eight.seconds < 4.0);

    // The step timeout caps Retry-After: one wait of 300 ms, not of 30 s.
    auto long_wait = f.file("long-wait.toml", std::string(mock_header) + R"T([[mock.http.script]]
match = { path = "/busy" }
reply = { status = 503, headers = { Retry-After = "30" } }
[[scenario]]
name = "busy for long"
  [[scenario.step]]
  request = "GET ${http}/busy"
  expect = { status = 200 }
)T");
    request = f.request({long_wait});
    request.exec.timeout = std::chrono::milliseconds(300);
    request.exec.retry = 1;
    run = run_all(request);
    BOOST_TEST(run.suites.at(0).scenarios.at(0).attempts == 2);
    BOOST_TEST(run.suites.at(0).scenarios.at(0).seconds >= 0.29);
    BOOST_TEST(run.suites.at(0).scenarios.at(0).seconds < 5.0);
}

BOOST_AUTO_TEST_CASE(retry_after_reads_seconds_and_dates) {
    using namespace std::chrono;
    auto now = sys_seconds(seconds(784111777));  // Sun, 06 Nov 1994 08:49:37 GMT
    auto millis_of = [&](std::string_view field) { return retry_after_delay(field, now).value_or(milliseconds(-1)).count(); };
    BOOST_TEST(millis_of("120") == 120000);
    BOOST_TEST(millis_of(" 0 ") == 0);
    BOOST_TEST(millis_of("Sun, 06 Nov 1994 08:49:47 GMT") == 10000);
    BOOST_TEST(millis_of("Sun, 06 Nov 1994 08:49:27 GMT") == 0);
    BOOST_TEST(!retry_after_delay("soon", now).has_value());
    BOOST_TEST(!retry_after_delay("12s", now).has_value());
    BOOST_TEST(!retry_after_delay("", now).has_value());
}

BOOST_AUTO_TEST_CASE(repeat_runs_the_selection_again_and_glob_selects_files) {
    folder f;
    const std::string body = std::string(mock_header) + R"T([[scenario]]
name = "one"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { status = 200 }
)T";
    auto a = f.file("a.toml", body);
    f.file("b.toml", body);
    auto request = f.request({f.dir.string()});
    request.repeat = 3;
    request.globs = {"a.toml"};
    auto run = run_all(request);
    BOOST_REQUIRE_EQUAL(run.suites.size(), 1u);
    BOOST_TEST(run.suites[0].file == a);
    BOOST_REQUIRE_EQUAL(run.suites[0].scenarios.size(), 3u);
    for (const auto& sc : run.suites[0].scenarios) BOOST_TEST((sc.result == outcome::passed));
}
