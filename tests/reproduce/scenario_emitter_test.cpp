// The emitted scenario file: loads with the scenario loader, says where each case came from,
// carries passwords only as ${password_N}; the `substatus = "if-shown"` expectation; verdicts.
#include "harness/reproduce/scenario_emitter.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>

#include "harness/expectations.hpp"
#include "harness/reproduce/reproduce_verdicts.hpp"
#include "harness/scenario_loader.hpp"

using namespace replycheck;

namespace replycheck::harness {
std::ostream& operator<<(std::ostream& out, conformance_mode m) { return out << to_string(m); }
}  // namespace replycheck::harness

namespace {

constexpr const char* password = "Tr0ub4dor&3-never-written";

logs::log_record http(std::string method, std::string target, int status, std::optional<int> sub = {},
                      std::uint64_t line = 1) {
    logs::log_record r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.status = status;
    r.substatus = sub;
    r.file = "logs/u_ex261105.log";
    r.line = line;
    // 2026-11-05 10:12:01 UTC
    r.time = std::chrono::sys_days{std::chrono::year{2026} / 11 / 5} + std::chrono::hours{10} +
             std::chrono::minutes{12} + std::chrono::seconds{static_cast<int>(line)};
    return r;
}

logs::log_record ftp(std::string verb, std::string argument, int code, std::uint64_t line) {
    logs::log_record r;
    r.protocol = logs::log_protocol::ftp;
    r.session = "7";
    r.method = std::move(verb);
    r.target = std::move(argument);
    r.status = code;
    r.file = "vsftpd.log";
    r.line = line;
    return r;
}

reproduce::reproduce_plan sample_plan() {
    std::vector<logs::log_record> records;
    for (int i = 0; i < 12; ++i) records.push_back(http("GET", "/app/default.aspx", 500, 19, i == 0 ? 1 : 100 + i));
    records.front().win32 = 13;
    auto cached = http("GET", "/img/logo.png", 304, {}, 2);
    cached.user = "alice";
    records.push_back(cached);
    records.push_back(http("GET", "/video.mp4", 206, {}, 3));
    records.push_back(http("GET", "/big.iso", 416, {}, 4));
    auto denied = http("GET", "/private/report", 401, 1, 5);
    denied.user = "alice";
    records.push_back(denied);
    records.push_back(http("GET", "/form", 412, {}, 6));
    records.push_back(http("GET", "/odd path/${x}", 404, {}, 7));
    records.push_back(ftp("CONNECT", "", 220, 10));
    records.push_back(ftp("USER", "alice", 331, 11));
    records.push_back(ftp("PASS", "***", 530, 12));
    records.push_back(ftp("USER", "alice", 331, 13));
    records.push_back(ftp("PASS", "***", 230, 14));
    records.push_back(ftp("RETR", "missing.txt", 550, 15));
    records.push_back(ftp("LIST", "pub", 150, 16));
    reproduce::plan_options o;
    o.users_with_password = {"alice"};
    return reproduce::build_plan(records, o);
}

}  // namespace

BOOST_AUTO_TEST_CASE(description_says_where_the_case_came_from) {
    auto plan = sample_plan();
    BOOST_TEST(reproduce::describe(plan.http.at(0)) ==
               "logged 500.19 \u00d712 (first u_ex261105.log:1, 2026-11-05 10:12:01 UTC, win32 13 ERROR_INVALID_DATA), "
               "last 2026-11-05 10:13:51 UTC");
}

BOOST_AUTO_TEST_CASE(targets_are_made_url_safe_and_variable_free) {
    BOOST_TEST(reproduce::url_safe_target("/odd path/${x}?q=a%20b&r=\"") == "/odd%20path/$%7Bx%7D?q=a%20b&r=%22");
    BOOST_TEST(reproduce::url_safe_target("/100%") == "/100%25");
}

BOOST_AUTO_TEST_CASE(emitted_file_loads_and_holds_no_password) {
    auto plan = sample_plan();
    auto text = reproduce::scenario_file_text(plan, "reproduce test", {"logs/u_ex261105.log", "vsftpd.log"});
    BOOST_TEST(text.find(password) == std::string::npos);
    BOOST_TEST(text.find("${password_1} is the password of alice") != std::string::npos);
    BOOST_TEST(text.find("PASS ${password_1}") != std::string::npos);
    BOOST_TEST(text.find("PASS replycheck-deliberately-wrong") != std::string::npos);

    harness::suite su;
    BOOST_REQUIRE_NO_THROW(su = harness::load_suite_text(text, "emitted.toml"));
    BOOST_REQUIRE_EQUAL(su.scenarios.size(), plan.http.size() + plan.ftp.size());
    BOOST_TEST(su.conformance == harness::conformance_mode::off);

    const auto& iis = su.scenarios[0];
    BOOST_TEST(iis.description.find("logged 500.19") == 0u);
    const auto& expect = iis.steps.at(0).expect;
    BOOST_REQUIRE(expect.code.has_value());
    BOOST_TEST(expect.code->substatus_if_shown);
    BOOST_TEST(std::get<harness::http_step>(iis.steps[0].action).url == "${http}/app/default.aspx");

    const auto& conditional = su.scenarios[1];
    BOOST_REQUIRE_EQUAL(conditional.steps.size(), 2u);
    BOOST_TEST(conditional.steps[0].captures.at(0).selector == "ETag");
    // Logged with alice: both requests carry her credential, the password as a variable.
    BOOST_TEST(std::get<harness::http_step>(conditional.steps[0].action).auth_password == "${password_1}");
    const auto& cond = std::get<harness::http_step>(conditional.steps[1].action);
    BOOST_TEST(cond.auth_user == "alice");
    BOOST_TEST(cond.headers.at(0).first == "If-None-Match");
    BOOST_TEST(cond.headers.at(0).second == "${etag}");

    const auto& range = std::get<harness::http_step>(su.scenarios[2].steps[0].action);
    BOOST_TEST(range.headers.at(0).second == "bytes=0-0");
    BOOST_TEST(su.scenarios[2].steps[0].expect.headers.at(0).name == "Content-Range");
    const auto& past = std::get<harness::http_step>(su.scenarios[3].steps[0].action);
    BOOST_TEST(past.headers.at(0).first == "Range");

    const auto& auth = std::get<harness::http_step>(su.scenarios[4].steps[0].action);
    BOOST_TEST(auth.auth_user == "alice");
    BOOST_TEST(auth.auth_password == "${password_1}");
    BOOST_TEST(su.scenarios[4].steps[0].expect.headers.at(0).name == "WWW-Authenticate");

    const auto& mismatch = std::get<harness::http_step>(su.scenarios[5].steps[0].action);
    BOOST_TEST(mismatch.headers.at(0).second == "\"replycheck-mismatch\"");
    BOOST_TEST(std::get<harness::http_step>(su.scenarios[6].steps[0].action).url == "${http}/odd%20path/$%7Bx%7D");

    const auto& session = su.scenarios[7];
    BOOST_REQUIRE_EQUAL(session.steps.size(), 7u);
    const auto& greeting = std::get<harness::ftp_step>(session.steps[0].action);
    BOOST_TEST((greeting.what == harness::ftp_step::action::greeting));
    BOOST_TEST(session.steps[0].expect.code->exact.at(0) == 220);
    BOOST_TEST(session.steps[2].expect.code->exact.at(0) == 530);
    const auto& retr = std::get<harness::ftp_step>(session.steps[5].action);
    BOOST_TEST((retr.what == harness::ftp_step::action::transfer));
    BOOST_TEST(retr.command == "RETR missing.txt");
    BOOST_TEST(session.steps[6].expect.preliminary.value_or(0) == 150);
}

BOOST_AUTO_TEST_CASE(substatus_if_shown_compares_the_status_when_no_iis_page_shows_one) {
    auto su = harness::load_suite_text(
        "[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"GET http://x/\"\n"
        "expect = { status = \"500.19\", substatus = \"if-shown\" }\n"
        "[[scenario.step]]\nrequest = \"GET http://x/\"\nexpect = { status = \"500.19\" }\n",
        "t.toml");
    const auto& shown = *su.scenarios[0].steps[0].expect.code;
    const auto& required = *su.scenarios[0].steps[1].expect.code;
    BOOST_TEST(harness::code_matches(shown, 500, ""));
    BOOST_TEST(harness::code_matches(shown, 500, "500.19"));
    BOOST_TEST(!harness::code_matches(shown, 500, "500.21"));
    BOOST_TEST(!harness::code_matches(shown, 404, ""));
    BOOST_TEST(!harness::code_matches(required, 500, ""));
    BOOST_TEST(harness::code_matches(required, 500, "500.19"));

    auto error_of = [](const std::string& expect) {
        try {
            harness::load_suite_text("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"GET http://x/\"\n"
                                     "expect = " + expect + "\n", "t.toml");
        } catch (const protocol::config_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    BOOST_TEST(error_of("{ status = \"500.19\", substatus = \"maybe\" }").find("t.toml:5:") == 0u);
    BOOST_TEST(error_of("{ status = 500, substatus = \"if-shown\" }").find("needs an IIS code") != std::string::npos);
    BOOST_TEST(error_of("{ status = \"500.19\", substatus = \"required\" }").empty());
}

BOOST_AUTO_TEST_CASE(verdicts_say_logged_and_now) {
    auto plan = sample_plan();
    reports::run_result run;
    run.suites.emplace_back();
    auto add = [&](const std::string& name, std::vector<std::string> codes, int failing) {
        reports::scenario_result r;
        r.name = name;
        for (std::size_t i = 0; i < codes.size(); ++i) {
            reports::step_result st;
            st.index = static_cast<int>(i + 1);
            st.code = codes[i];
            if (static_cast<int>(i + 1) == failing) {
                st.result = reports::outcome::failed;
                r.result = reports::outcome::failed;
            }
            r.steps.push_back(st);
        }
        run.suites[0].scenarios.push_back(r);
    };
    add(plan.http[0].name, {"500"}, 0);         // 500.19 seen as 500: not observable
    add(plan.http[1].name, {"200", "200"}, 2);  // 304 now 200
    add(plan.http[2].name, {"206"}, 0);
    add(plan.http[3].name, {"404"}, 1);
    add(plan.http[4].name, {"401.1"}, 0);
    add(plan.http[5].name, {"412"}, 0);
    // http[6] missing: not run, differs
    add(plan.ftp[0].name, {"220", "331", "530", "331", "230", "226", "150"}, 6);
    auto v = reproduce::judge(plan, run);
    BOOST_TEST(v.reproduced == 4u);
    BOOST_TEST(v.differ == 4u);
    BOOST_TEST(v.cases[0].substatus_not_observable);
    BOOST_TEST(v.cases[0].line == "reproduced 500 \u00d712 (substatus not observable) — GET /app/default.aspx");
    BOOST_TEST(run.suites[0].scenarios[0].steps[0].message.find("substatus not observable") == 0u);
    BOOST_TEST(v.cases[1].line == "logged 304, now 200 — GET /img/logo.png");
    BOOST_TEST(v.cases[3].line == "logged 416, now 404 — GET /big.iso");
    BOOST_TEST(v.cases[7].line == "logged 550, now 226 — RETR missing.txt in FTP session 7 (alice)");
    BOOST_TEST(reproduce::summary_line(v, plan) == "4 reproduced, 4 differ, 0 skipped");
}
