// Plan building: every provocation kind, dedupe with counts and times, safety skips,
// --status / --path / --limit, FTP sessions (wrong password after 530, missing passwords,
// anonymous logins, pseudo-commands, data setup, xferlog transfers).
#include "harness/reproduce/reproduce_plan.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ostream>

using namespace replycheck;
using reproduce::provocation;

namespace replycheck::reproduce {
std::ostream& operator<<(std::ostream& out, provocation p) { return out << to_string(p); }
}  // namespace replycheck::reproduce

namespace {

std::chrono::sys_seconds at(int seconds) {
    return std::chrono::sys_seconds{std::chrono::seconds{1793873521 + seconds}};
}

logs::log_record http(std::string method, std::string target, int status, std::optional<int> sub = {},
                      std::uint64_t line = 1) {
    logs::log_record r;
    r.protocol = logs::log_protocol::http;
    r.method = std::move(method);
    r.target = std::move(target);
    r.status = status;
    r.substatus = sub;
    r.file = "u_ex261105.log";
    r.line = line;
    r.time = at(static_cast<int>(line));
    return r;
}

logs::log_record ftp(std::string session, std::string verb, std::string argument, int code,
                     std::uint64_t line, std::string file = "ftp.log") {
    logs::log_record r;
    r.protocol = logs::log_protocol::ftp;
    r.session = std::move(session);
    r.method = std::move(verb);
    r.target = std::move(argument);
    r.status = code;
    r.file = std::move(file);
    r.line = line;
    return r;
}

const reproduce::http_case& only_http(const reproduce::reproduce_plan& plan) {
    BOOST_REQUIRE_EQUAL(plan.http.size(), 1u);
    return plan.http.front();
}

provocation how_of(logs::log_record r, reproduce::plan_options options = {}) {
    return only_http(reproduce::build_plan({std::move(r)}, options)).how;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_code_gets_its_provocation) {
    BOOST_TEST(how_of(http("GET", "/a", 200)) == provocation::plain);
    BOOST_TEST(how_of(http("GET", "/a", 404)) == provocation::plain);
    BOOST_TEST(how_of(http("GET", "/a", 500, 19)) == provocation::plain);
    BOOST_TEST(how_of(http("GET", "/a", 304)) == provocation::conditional);
    BOOST_TEST(how_of(http("GET", "/a", 416)) == provocation::range_past_end);
    BOOST_TEST(how_of(http("GET", "/a", 401)) == provocation::no_credentials);
    BOOST_TEST(how_of(http("HEAD", "/a", 405)) == provocation::method_not_allowed);
    BOOST_TEST(how_of(http("GET", "/a", 412)) == provocation::if_match_mismatch);
    BOOST_TEST(how_of(http("GET", "/a", 403, 14)) == provocation::plain);

    auto range = http("GET", "/video.mp4", 206);
    range.bytes = 4096;
    auto plan = reproduce::build_plan({range}, {});
    BOOST_TEST(only_http(plan).how == provocation::range);
    BOOST_TEST(only_http(plan).range_header == "bytes=0-4095");
    range.bytes.reset();
    BOOST_TEST(only_http(reproduce::build_plan({range}, {})).range_header == "bytes=0-0");
    auto past = only_http(reproduce::build_plan({http("GET", "/a", 416)}, {}));
    BOOST_TEST(past.range_header.rfind("bytes=", 0) == 0u);
    BOOST_TEST(past.range_header.back() == '-');
}

BOOST_AUTO_TEST_CASE(substatus_codes_use_the_logged_users_credential_when_given) {
    auto denied = http("GET", "/private/", 401, 1);
    denied.user = "CORP\\ana";
    reproduce::plan_options with;
    with.users_with_password = {"CORP\\ana"};
    auto plan = reproduce::build_plan({denied}, with);
    BOOST_TEST(only_http(plan).how == provocation::with_credential);
    BOOST_TEST(only_http(plan).password_var == "password_1");
    BOOST_REQUIRE_EQUAL(plan.passwords.size(), 1u);
    BOOST_TEST(plan.passwords[0].user == "CORP\\ana");
    // Without the password: no credentials at all (never guessed).
    BOOST_TEST(how_of(denied) == provocation::no_credentials);
    auto forbidden = http("GET", "/admin/", 403, 4);
    forbidden.user = "bob";
    reproduce::plan_options any;
    any.any_password = true;
    BOOST_TEST(how_of(forbidden, any) == provocation::with_credential);
    BOOST_TEST(how_of(forbidden) == provocation::plain);
}

BOOST_AUTO_TEST_CASE(distinct_method_target_code_is_one_case_with_count_and_times) {
    std::vector<logs::log_record> records{http("GET", "/app/default.aspx", 500, 19, 42),
                                          http("GET", "/app/default.aspx", 500, 19, 50),
                                          http("GET", "/app/default.aspx", 500, 19, 61),
                                          http("GET", "/app/default.aspx", 500, 0, 70),
                                          http("HEAD", "/app/default.aspx", 500, 19, 71)};
    records[0].win32 = 13;
    auto plan = reproduce::build_plan(records, {});
    BOOST_REQUIRE_EQUAL(plan.http.size(), 3u);
    const auto& first = plan.http[0];
    BOOST_TEST(first.code() == "500.19");
    BOOST_TEST(first.origin.count == 3u);
    BOOST_TEST(first.origin.line == 42u);
    BOOST_TEST(first.origin.file == "u_ex261105.log");
    BOOST_TEST(first.origin.first_time->time_since_epoch().count() == at(42).time_since_epoch().count());
    BOOST_TEST(first.origin.last_time->time_since_epoch().count() == at(61).time_since_epoch().count());
    BOOST_TEST(*first.win32 == 13u);
    BOOST_TEST(plan.http[1].code() == "500");   // substatus 0 is none
    BOOST_TEST(plan.http[2].method == "HEAD");
    // Names are unique.
    BOOST_TEST(plan.http[0].name != plan.http[1].name);
}

BOOST_AUTO_TEST_CASE(unsafe_methods_are_skipped_with_the_reason_unless_unsafe) {
    std::vector<logs::log_record> records{http("POST", "/api/orders", 404, 3, 1), http("POST", "/api/orders", 404, 3, 2),
                                          http("DELETE", "/a", 405, {}, 3), http("GET", "/b", 404, {}, 4),
                                          http("GET", "*", 400, {}, 5), http("\x16\x03\x01", "/", 400, {}, 6),
                                          http("GET", "/slow", 408, {}, 7)};
    auto plan = reproduce::build_plan(records, {});
    BOOST_REQUIRE_EQUAL(plan.http.size(), 1u);
    BOOST_REQUIRE_EQUAL(plan.skipped.size(), 5u);
    BOOST_TEST(plan.skipped[0].what == "POST /api/orders");
    BOOST_TEST(plan.skipped[0].code == "404.3");
    BOOST_TEST(plan.skipped[0].count == 2u);
    BOOST_TEST(plan.skipped[0].reason.find("--unsafe") != std::string::npos);
    BOOST_TEST(plan.skipped[1].reason.find("DELETE") != std::string::npos);
    reproduce::plan_options unsafe;
    unsafe.unsafe = true;
    auto all = reproduce::build_plan(records, unsafe);
    BOOST_TEST(all.http.size() == 3u);
}

BOOST_AUTO_TEST_CASE(status_path_and_limit_select) {
    std::vector<logs::log_record> records{http("GET", "/a", 200, {}, 1), http("GET", "/b", 404, {}, 2),
                                          http("GET", "/app/x.aspx?id=1", 500, 19, 3),
                                          http("GET", "/app/y.aspx", 500, 0, 4), http("GET", "/c", 503, {}, 5)};
    reproduce::plan_options o;
    o.statuses = {"5xx"};
    BOOST_TEST(reproduce::build_plan(records, o).http.size() == 3u);
    o.statuses = {"500.19"};
    BOOST_TEST(reproduce::build_plan(records, o).http.size() == 1u);
    o.statuses = {"500"};
    BOOST_TEST(reproduce::build_plan(records, o).http.size() == 2u);
    o.statuses = {"404,503"};
    BOOST_TEST(reproduce::build_plan(records, o).http.size() == 2u);
    o.statuses = {"4xx", "500.19"};
    BOOST_TEST(reproduce::build_plan(records, o).http.size() == 2u);
    o.statuses.clear();
    o.path_glob = "/app/*";
    auto app = reproduce::build_plan(records, o);
    BOOST_TEST(app.http.size() == 2u);
    BOOST_TEST(app.entries_selected == 2u);
    BOOST_TEST(app.entries_read == 5u);
    o.path_glob.clear();
    o.limit = 2;
    auto limited = reproduce::build_plan(records, o);
    BOOST_REQUIRE_EQUAL(limited.http.size(), 2u);
    BOOST_TEST(limited.http[1].target == "/b");
}

BOOST_AUTO_TEST_CASE(ftp_session_530_is_replayed_with_a_wrong_password) {
    std::vector<logs::log_record> records{
        ftp("s1", "ControlChannelOpened", "-", 0, 1), ftp("s1", "USER", "CORP\\ana", 331, 2),
        ftp("s1", "PASS", "***", 530, 3), ftp("s1", "ControlChannelClosed", "-", 0, 4)};
    auto plan = reproduce::build_plan(records, {});
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 1u);
    const auto& s = plan.ftp[0];
    BOOST_REQUIRE_EQUAL(s.commands.size(), 2u);
    BOOST_TEST(s.user == "CORP\\ana");
    BOOST_TEST(!s.login_succeeded);
    BOOST_TEST(s.commands[1].wrong_password);
    BOOST_TEST(s.commands[1].password_var.empty());
    BOOST_TEST(*s.wrong_password_at == 1u);
    BOOST_TEST(plan.passwords.empty());
}

BOOST_AUTO_TEST_CASE(ftp_successful_login_needs_the_password_or_is_skipped) {
    std::vector<logs::log_record> records{
        ftp("9", "CONNECT", "", 220, 1), ftp("9", "USER", "alice", 331, 2), ftp("9", "PASS", "***", 230, 3),
        ftp("9", "PASV", "", 227, 4), ftp("9", "DataChannelOpened", "-", 0, 5), ftp("9", "RETR", "a.txt", 550, 6),
        ftp("9", "STOR", "b.txt", 226, 7), ftp("9", "QUIT", "", 221, 8)};
    auto skipped = reproduce::build_plan(records, {});
    BOOST_TEST(skipped.ftp.empty());
    BOOST_REQUIRE(!skipped.skipped.empty());
    auto refusal = std::find_if(skipped.skipped.begin(), skipped.skipped.end(),
                                [](const auto& s) { return s.reason.find("password") != std::string::npos; });
    BOOST_REQUIRE(refusal != skipped.skipped.end());
    BOOST_TEST(refusal->reason.find("--credential alice:PASSWORD") != std::string::npos);

    reproduce::plan_options o;
    o.users_with_password = {"alice"};
    auto plan = reproduce::build_plan(records, o);
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 1u);
    const auto& s = plan.ftp[0];
    std::vector<std::string> verbs;
    for (const auto& c : s.commands) verbs.push_back(c.verb);
    // Pseudo-commands and PASV gone, STOR skipped as unsafe.
    BOOST_TEST((verbs == std::vector<std::string>{"CONNECT", "USER", "PASS", "RETR", "QUIT"}));
    BOOST_TEST(s.login_succeeded);
    BOOST_TEST(s.commands[2].password_var == "password_1");
    BOOST_TEST(s.commands[2].argument == "***");
    BOOST_TEST(s.commands[3].transfer);
    BOOST_TEST(s.password_var == "password_1");
    BOOST_TEST(std::any_of(plan.skipped.begin(), plan.skipped.end(),
                           [](const auto& k) { return k.what.rfind("STOR b.txt", 0) == 0; }));
    o.unsafe = true;
    BOOST_TEST(reproduce::build_plan(records, o).ftp[0].commands.size() == 6u);
}

BOOST_AUTO_TEST_CASE(ftp_anonymous_logins_need_no_password_and_sessions_filter_by_code) {
    std::vector<logs::log_record> records{
        ftp("a#1", "USER", "anonymous", 331, 1), ftp("b#2", "USER", "ftp", 331, 2),
        ftp("a#1", "PASS", "***", 230, 3), ftp("b#2", "PASS", "***", 230, 4),
        ftp("a#1", "RETR", "pub/missing.txt", 550, 5), ftp("b#2", "RETR", "pub/ok.txt", 226, 6)};
    auto plan = reproduce::build_plan(records, {});
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 2u);
    BOOST_TEST(plan.ftp[0].anonymous);
    BOOST_TEST(plan.ftp[0].commands.size() == 3u);   // interleaved sessions kept apart
    BOOST_TEST(plan.ftp[0].commands[2].argument == "pub/missing.txt");
    reproduce::plan_options o;
    o.statuses = {"550"};
    auto only = reproduce::build_plan(records, o);
    BOOST_REQUIRE_EQUAL(only.ftp.size(), 1u);
    BOOST_TEST(only.ftp[0].session == "a#1");
    o.statuses.clear();
    o.path_glob = "pub/ok*";
    BOOST_TEST(reproduce::build_plan(records, o).ftp.at(0).session == "b#2");
}

BOOST_AUTO_TEST_CASE(xferlog_transfers_get_a_login) {
    auto line = ftp("", "RETR", "/pub/a.iso", 226, 1, "xferlog");
    line.user = "alice";
    auto none = reproduce::build_plan({line}, {});
    BOOST_TEST(none.ftp.empty());
    BOOST_TEST(none.skipped.size() == 1u);
    reproduce::plan_options o;
    o.any_password = true;
    auto plan = reproduce::build_plan({line, line}, o);
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 2u);   // one transfer = one session
    const auto& s = plan.ftp[0];
    BOOST_REQUIRE_EQUAL(s.commands.size(), 3u);
    BOOST_TEST(s.commands[0].synthesized);
    BOOST_TEST(s.commands[1].password_var == "password_1");
    BOOST_TEST(plan.ftp[1].commands[1].password_var == "password_1");
    BOOST_TEST(plan.passwords.size() == 1u);
}

BOOST_AUTO_TEST_CASE(streaming_builder_matches_build_plan) {
    std::vector<logs::log_record> records{http("GET", "/a", 404, {}, 1), http("GET", "/a", 404, {}, 2),
                                          ftp("s", "USER", "anonymous", 331, 3), ftp("s", "PASS", "***", 230, 4)};
    reproduce::plan_builder builder({});
    for (const auto& r : records) builder.add(r);
    auto plan = builder.finish();
    BOOST_TEST(plan.http.size() == 1u);
    BOOST_TEST(plan.http[0].origin.count == 2u);
    BOOST_TEST(plan.ftp.size() == 1u);
    BOOST_TEST(plan.entries_read == 4u);
}

BOOST_AUTO_TEST_CASE(authenticated_requests_carry_the_users_credential_or_are_skipped) {
    reproduce::plan_options with;
    with.users_with_password = {"reader"};
    auto ok = http("GET", "/private/secret.txt", 200);
    ok.user = "reader";
    auto plan = reproduce::build_plan({ok}, with);
    BOOST_TEST(only_http(plan).how == provocation::with_credential);
    BOOST_TEST(only_http(plan).password_var == "password_1");
    // Without the password: skipped, never guessed, never replayed anonymously.
    auto none = reproduce::build_plan({ok}, {});
    BOOST_TEST(none.http.empty());
    BOOST_REQUIRE_EQUAL(none.skipped.size(), 1u);
    BOOST_TEST(none.skipped[0].reason.find("authenticated as reader") != std::string::npos);
    // The provocation stays; the credential comes along.
    auto cached = http("GET", "/private/a.txt", 304);
    cached.user = "reader";
    auto conditional = only_http(reproduce::build_plan({cached}, with));
    BOOST_TEST(conditional.how == provocation::conditional);
    BOOST_TEST(conditional.password_var == "password_1");
    // A bare 401 is the challenge to a request without credentials, whoever the log names.
    auto challenge = http("GET", "/private/a.txt", 401);
    challenge.user = "reader";
    auto bare = only_http(reproduce::build_plan({challenge}, with));
    BOOST_TEST(bare.how == provocation::no_credentials);
    BOOST_TEST(bare.password_var.empty());
    // Errors logged with a user and no password are replayed as they are.
    auto missing = http("GET", "/private/gone", 404);
    missing.user = "reader";
    BOOST_TEST(how_of(missing) == provocation::plain);
}

BOOST_AUTO_TEST_CASE(ftp_session_starting_at_pass_sends_the_logged_user_first) {
    auto pass = ftp("s1", "PASS", "***", 530, 1);
    pass.user = "CORP\\ana";
    auto plan = reproduce::build_plan({pass}, {});
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 1u);
    const auto& s = plan.ftp[0];
    BOOST_REQUIRE_EQUAL(s.commands.size(), 2u);
    BOOST_TEST(s.commands[0].verb == "USER");
    BOOST_TEST(s.commands[0].argument == "CORP\\ana");
    BOOST_TEST(s.commands[0].synthesized);
    BOOST_TEST(s.commands[1].wrong_password);
}

BOOST_AUTO_TEST_CASE(commands_logged_after_quit_are_skipped_not_replayed) {
    // Two interleaved connections in a format without a session key read as one session.
    std::vector<logs::log_record> records{
        ftp("c#1", "USER", "anonymous", 331, 1), ftp("c#1", "PASS", "***", 230, 2),
        ftp("c#1", "QUIT", "", 221, 3), ftp("c#1", "QUIT", "", 221, 4)};
    auto plan = reproduce::build_plan(records, {});
    BOOST_REQUIRE_EQUAL(plan.ftp.size(), 1u);
    BOOST_TEST(plan.ftp[0].commands.size() == 3u);
    BOOST_REQUIRE_EQUAL(plan.skipped.size(), 1u);
    BOOST_TEST(plan.skipped[0].line == 4u);
    BOOST_TEST(plan.skipped[0].reason.find("after QUIT") != std::string::npos);
}
