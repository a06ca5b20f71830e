// The emitted mock: parses back with the mock config loader, holds no password, and answers
// each provocation of the plan as the log says, with conformant replies (judged by
// protocol/rules) — checked by starting it in-process and asking with libcurl and raw FTP.
#include "harness/reproduce/mock_emitter.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "harness/clients/curl_http_client.hpp"
#include "mock_ftp/ftp_test_client.hpp"
#include "mock_http/support.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/rules/rules.hpp"
#include "protocol/toml_reader.hpp"

using namespace replycheck;
using reproduce::provocation;

namespace {

constexpr const char* secret = "Wx7-never-in-files";

reproduce::http_case http(std::string method, std::string target, int status, std::optional<int> sub,
                          provocation how = provocation::plain, std::string range = "") {
    reproduce::http_case c;
    c.name = "http " + method + " " + target;
    c.method = std::move(method);
    c.target = std::move(target);
    c.status = status;
    c.substatus = sub;
    c.how = how;
    c.range_header = std::move(range);
    c.origin.file = "ex261125.log";
    return c;
}

reproduce::ftp_command cmd(std::string verb, std::string arg, int code, bool transfer = false) {
    reproduce::ftp_command c;
    c.verb = std::move(verb);
    c.argument = std::move(arg);
    c.code = code;
    c.transfer = transfer;
    return c;
}

reproduce::reproduce_plan sample_plan() {
    reproduce::reproduce_plan plan;
    plan.http.push_back(http("GET", "/app/web.config", 500, 19));
    plan.http.push_back(http("GET", "/files/a.exe", 404, 3));
    plan.http.push_back(http("GET", "/listing/", 403, 14));
    plan.http.push_back(http("GET", "/private/report.pdf", 401, 2, provocation::no_credentials));
    plan.http.push_back(http("GET", "/img/logo.png", 304, std::nullopt, provocation::conditional));
    auto ranged = http("GET", "/video/clip.mp4", 206, std::nullopt, provocation::range, "bytes=0-99");
    ranged.bytes = 5000;
    plan.http.push_back(ranged);
    plan.http.push_back(http("GET", "/video/short.mp4", 416, std::nullopt, provocation::range_past_end, "bytes=1000000-"));
    plan.http.push_back(http("POST", "/search?q=a+b", 405, std::nullopt, provocation::method_not_allowed));
    plan.http.push_back(http("GET", "/doc.txt", 412, std::nullopt, provocation::if_match_mismatch));
    plan.http.push_back(http("GET", "/ok.html", 200, 0));

    reproduce::ftp_session_case good;
    good.name = "ftp-1 alice";
    good.session = "2b0c1f4e-3a5d-4e6f-8a9b-0c1d2e3f4a5b";
    good.user = "alice";
    good.login_succeeded = true;
    good.password_var = "password_1";
    good.commands = {cmd("CONNECT", "", 220), cmd("USER", "alice", 331), cmd("PASS", "***", 230),
                     cmd("CWD", "/pub", 250),  cmd("SIZE", "big.iso", 213), cmd("RETR", "missing.txt", 550, true),
                     cmd("RETR", "big.iso", 226, true), cmd("PWD", "", 257), cmd("QUIT", "", 221)};
    good.commands[6].bytes = 3000;   // the logged size of big.iso
    plan.ftp.push_back(good);
    reproduce::ftp_session_case bad;
    bad.name = "ftp-2 mallory";
    bad.user = "mallory";
    bad.wrong_password_at = 2;
    bad.commands = {cmd("CONNECT", "", 220), cmd("USER", "mallory", 331), cmd("PASS", "***", 530)};
    plan.ftp.push_back(bad);
    return plan;
}

struct started_mock {
    test_support::temp_dir dir;
    std::string text;
    std::unique_ptr<mock::mock_set> set;

    explicit started_mock(const reproduce::reproduce_plan& plan) {
        reproduce::emit_mock_options options;
        options.logs = {"ex261125.log"};
        reproduce::write_mock_config(dir.path / "m.toml", plan, options);
        std::ifstream in(dir.path / "m.toml");
        text.assign(std::istreambuf_iterator<char>(in), {});
        auto doc = protocol::parse_toml_file(dir.path / "m.toml");
        set = std::make_unique<mock::mock_set>(
            mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, (dir.path / "m.toml").string()));
        set->start();
    }
    std::string http_url() { return set->http()->base_url(); }
};

protocol::http_exchange ask(const std::string& url, std::string method = "GET", protocol::header_list headers = {}) {
    harness::curl_http_client client;
    harness::http_request_spec spec;
    spec.method = std::move(method);
    spec.url = url;
    spec.headers = std::move(headers);
    auto exchange = client.perform(spec);
    BOOST_REQUIRE_MESSAGE(exchange.response, url + ": " + exchange.transport_error);
    // The replies must pass the conformance rules the runner applies.
    for (const auto& f : protocol::check_http(exchange, {}))
        BOOST_TEST(!protocol::is_failure(f, false), url << ": " << f.rule_id << " " << f.message);
    return exchange;
}

std::string header(const protocol::http_exchange& e, std::string_view name) {
    auto value = protocol::find_header(e.response->headers, name);
    return value ? *value : std::string();
}

struct env_password {
    env_password() { ::setenv("REPLYCHECK_PASSWORD", secret, 1); }
    ~env_password() { ::unsetenv("REPLYCHECK_PASSWORD"); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(emitted_mock, env_password)

BOOST_AUTO_TEST_CASE(emitted_text_loads_and_holds_no_password) {
    reproduce::emit_mock_options options;
    options.logs = {"ex261125.log"};
    auto text = reproduce::emit_mock_config(sample_plan(), options);
    if (std::getenv("DUMP_MOCK")) std::cout << text;
    BOOST_TEST(text.find(secret) == std::string::npos);
    BOOST_TEST(text.find("# Mock config written by `replycheck reproduce --emit-mock` from ex261125.log") == 0);
    BOOST_TEST(text.find("replycheck mock mock.toml") != std::string::npos);
    BOOST_TEST(text.find("password = '${env:REPLYCHECK_PASSWORD}'") != std::string::npos, text);
    BOOST_TEST(text.find("flavour = 'iis'") != std::string::npos);
    BOOST_TEST(text.find("status = '500.19'") != std::string::npos);
    BOOST_TEST(text.find("mallory") == std::string::npos);   // a failed login is no user of the mock
    test_support::temp_dir dir;
    auto doc = protocol::parse_toml(text, "m.toml");
    std::filesystem::create_directories(dir.path / "mock-root");
    auto config = mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml");
    BOOST_REQUIRE(config.http && config.ftp);
    BOOST_TEST(config.ftp->users.at(0).password == secret);
    BOOST_TEST((config.http->flavour == mock::http_flavour::iis));
    BOOST_TEST((config.ftp->flavour == mock::ftp_flavour::iis));
}

BOOST_AUTO_TEST_CASE(iis_substatus_pages) {
    started_mock m(sample_plan());
    for (auto [path, code, title] : {std::tuple{"/app/web.config", 500, "HTTP Error 500.19"},
                                     std::tuple{"/files/a.exe", 404, "HTTP Error 404.3"},
                                     std::tuple{"/listing/", 403, "HTTP Error 403.14"}}) {
        auto e = ask(m.http_url() + path);
        BOOST_TEST(e.response->status == code);
        BOOST_TEST(e.response->body.find(title) != std::string::npos, path);
    }
    auto ok = ask(m.http_url() + "/ok.html");
    BOOST_TEST(ok.response->status == 200);
}

BOOST_AUTO_TEST_CASE(challenge_method_and_precondition) {
    started_mock m(sample_plan());
    auto e401 = ask(m.http_url() + "/private/report.pdf");
    BOOST_TEST(e401.response->status == 401);
    BOOST_TEST(header(e401, "WWW-Authenticate").find("Basic realm=") == 0);
    BOOST_TEST(e401.response->body.find("HTTP Error 401.2") != std::string::npos);
    auto e405 = ask(m.http_url() + "/search?q=a+b", "POST");
    BOOST_TEST(e405.response->status == 405);
    BOOST_TEST(!header(e405, "Allow").empty());
    auto e412 = ask(m.http_url() + "/doc.txt", "GET", {{"If-Match", "\"replycheck-mismatch\""}});
    BOOST_TEST(e412.response->status == 412);
}

BOOST_AUTO_TEST_CASE(conditional_get_gives_200_then_304) {
    started_mock m(sample_plan());
    auto full = ask(m.http_url() + "/img/logo.png");
    BOOST_TEST(full.response->status == 200);
    auto etag = header(full, "ETag");
    BOOST_REQUIRE(!etag.empty());
    BOOST_TEST(!header(full, "Last-Modified").empty());
    auto again = ask(m.http_url() + "/img/logo.png", "GET", {{"If-None-Match", etag}});
    BOOST_TEST(again.response->status == 304);
    BOOST_TEST(header(again, "ETag") == etag);
    for (const auto& f : protocol::check_http_against_full(again, full, {}))
        BOOST_TEST(!protocol::is_failure(f, false), f.rule_id << " " << f.message);
    auto since = ask(m.http_url() + "/img/logo.png", "GET", {{"If-Modified-Since", header(full, "Last-Modified")}});
    BOOST_TEST(since.response->status == 304);
}

BOOST_AUTO_TEST_CASE(range_and_range_past_end) {
    started_mock m(sample_plan());
    auto full = ask(m.http_url() + "/video/clip.mp4");
    BOOST_TEST(full.response->status == 200);
    BOOST_TEST(full.response->body.size() == 5000u);
    auto part = ask(m.http_url() + "/video/clip.mp4", "GET", {{"Range", "bytes=0-99"}});
    BOOST_TEST(part.response->status == 206);
    BOOST_TEST(header(part, "Content-Range") == "bytes 0-99/5000");
    BOOST_TEST(part.response->body == full.response->body.substr(0, 100));
    for (const auto& f : protocol::check_http_against_full(part, full, {}))
        BOOST_TEST(!protocol::is_failure(f, false), f.rule_id << " " << f.message);
    auto past = ask(m.http_url() + "/video/short.mp4", "GET", {{"Range", "bytes=1000000-"}});
    BOOST_TEST(past.response->status == 416);
    BOOST_TEST(header(past, "Content-Range") == "bytes */1024");
}

BOOST_AUTO_TEST_CASE(ftp_session_replays_to_logged_codes) {
    started_mock m(sample_plan());
    auto port = m.set->ftp()->port();
    {
        test::ftp_test_client c(port);
        BOOST_TEST(c.read_reply().code == 220);
        BOOST_TEST(c.command("USER alice").code == 331);
        BOOST_TEST(c.command(std::string("PASS ") + secret).code == 230);
        BOOST_TEST(c.command("CWD /pub").code == 250);
        auto size = c.command("SIZE big.iso");
        BOOST_TEST(size.code == 213);
        BOOST_TEST(size.lines.at(0) == "213 3000");   // the size its RETR logged
        {
            auto data = c.open_passive();
            BOOST_TEST(c.command("RETR missing.txt").code == 550);
        }
        auto data = c.open_passive();
        BOOST_TEST(c.command("RETR big.iso").code == 150);
        BOOST_TEST(data.receive_all().size() == 3000u);
        BOOST_TEST(c.read_reply().code == 226);
        BOOST_TEST(c.command("PWD").code == 257);
        BOOST_TEST(c.command("QUIT").code == 221);
    }
    {
        // A logged 530 after PASS: the replay sends a wrong password, and the mock refuses it.
        test::ftp_test_client c(port);
        BOOST_TEST(c.read_reply().code == 220);
        BOOST_TEST(c.command("USER mallory").code == 331);
        BOOST_TEST(c.command("PASS wrong-on-purpose").code == 530);
        test::ftp_test_client d(port);
        BOOST_TEST(d.read_reply().code == 220);
        BOOST_TEST(d.command("USER alice").code == 331);
        BOOST_TEST(d.command("PASS wrong-on-purpose").code == 530);
    }
}

BOOST_AUTO_TEST_CASE(one_target_logged_with_two_codes_is_noted) {
    reproduce::reproduce_plan plan;
    plan.http.push_back(http("GET", "/flaky", 200, std::nullopt));
    plan.http.push_back(http("GET", "/flaky", 503, std::nullopt));
    auto text = reproduce::emit_mock_config(plan, {});
    BOOST_TEST(text.find("# note: GET /flaky is logged with 200 and 503; the mock answers 200") != std::string::npos,
               text);
    BOOST_TEST(text.find("[mock.ftp]") == std::string::npos);
    BOOST_TEST(text.find("flavour") == std::string::npos);   // an NCSA-like plan: standard pages
}

BOOST_AUTO_TEST_CASE(a_query_case_is_not_taken_by_its_path_alone) {
    reproduce::reproduce_plan plan;
    plan.http.push_back(http("GET", "/page", 200, std::nullopt));
    plan.http.push_back(http("GET", "/page?id=7&q=a%20b", 500, std::nullopt));
    started_mock m(plan);
    BOOST_TEST(ask(m.http_url() + "/page?id=7&q=a%20b").response->status == 500);
    BOOST_TEST(ask(m.http_url() + "/page").response->status == 200);
    BOOST_TEST(ask(m.http_url() + "/page?id=8").response->status == 200);
}

BOOST_AUTO_TEST_CASE(a_path_logged_401_and_200_for_a_user_answers_both) {
    reproduce::reproduce_plan plan;
    plan.http.push_back(http("GET", "/private/secret.txt", 401, std::nullopt, provocation::no_credentials));
    auto with_user = http("GET", "/private/secret.txt", 200, std::nullopt, provocation::with_credential);
    with_user.user = "reader";
    with_user.password_var = "password_1";
    plan.http.push_back(with_user);
    started_mock m(plan);
    BOOST_TEST(m.text.find("note:") == std::string::npos, m.text);
    BOOST_TEST(ask(m.http_url() + "/private/secret.txt").response->status == 401);
    BOOST_TEST(ask(m.http_url() + "/private/secret.txt", "GET", {{"Authorization", "Basic cmVhZGVyOng="}})
                   .response->status == 200);
}

BOOST_AUTO_TEST_CASE(ftp_refusals_and_listings_keep_their_shape) {
    reproduce::reproduce_plan plan;
    reproduce::ftp_session_case refused;
    refused.name = "ftp-1 anonymous refused";
    refused.user = "anonymous";
    refused.commands = {cmd("USER", "anonymous", 530)};
    plan.ftp.push_back(refused);
    reproduce::ftp_session_case ok;
    ok.name = "ftp-2 carol";
    ok.user = "carol";
    ok.login_succeeded = true;
    ok.commands = {cmd("USER", "carol", 331), cmd("PASS", "***", 230), cmd("MLST", "notes.txt", 250)};
    plan.ftp.push_back(ok);
    started_mock m(plan);
    BOOST_TEST(m.text.find("anonymous = true") == std::string::npos);   // never logged in
    test::ftp_test_client c(m.set->ftp()->port());
    BOOST_TEST(c.read_reply().code == 220);
    BOOST_TEST(c.command("USER anonymous").code == 530);
    BOOST_TEST(c.command("USER carol").code == 331);
    BOOST_TEST(c.command(std::string("PASS ") + secret).code == 230);
    auto mlst = c.command("MLST notes.txt");
    BOOST_TEST(mlst.code == 250);
    BOOST_REQUIRE(mlst.lines.size() == 3u);
    BOOST_TEST(mlst.lines[1].find(" type=file;size=") == 0, mlst.lines[1]);
}

BOOST_AUTO_TEST_CASE(bodies_stay_within_the_total_budget) {
    reproduce::reproduce_plan plan;
    for (int i = 0; i < 40; ++i) {
        auto c = http("GET", "/big/" + std::to_string(i), 200, std::nullopt);
        c.bytes = 1 << 30;   // logged 1 GiB each
        plan.http.push_back(c);
    }
    reproduce::emit_mock_options options;
    options.max_total_body = 4 * 1024 * 1024;
    auto text = reproduce::emit_mock_config(plan, options);
    BOOST_TEST(text.size() < 6u * 1024 * 1024);   // 4 MiB of bodies, then small ones
    auto doc = protocol::parse_toml(text, "m.toml");
    BOOST_TEST(doc["mock"]["http"]["script"].as_array()->size() == 40u);
}

BOOST_AUTO_TEST_SUITE_END()
