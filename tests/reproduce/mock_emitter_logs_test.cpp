// From IIS W3C samples (tests/fixtures/logs/mockemit/) to a plan, to an emitted mock started
// in-process, then every case asked as the reproduce scenario asks it (conditional GET, Range,
// If-Match, wrong password, passive transfers): each must come back with its logged code.
// The CLI round trip is tests/integration/reproduce_mock_emit.sh.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "harness/clients/curl_http_client.hpp"
#include "harness/reproduce/mock_emitter.hpp"
#include "harness/reproduce/reproduce_plan.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "mock_ftp/ftp_test_client.hpp"
#include "mock_http/support.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/logs/log_reader.hpp"
#include "protocol/toml_reader.hpp"

using namespace replycheck;

namespace {

constexpr const char* password = "Pw-unit-7";

std::filesystem::path fixtures() {
    if (const char* src = std::getenv("REPLYCHECK_SOURCE_DIR"))
        return std::filesystem::path(src) / "tests/fixtures/logs/mockemit";
    return std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures/logs/mockemit";
}

reproduce::reproduce_plan plan_of(const std::string& name) {
    std::vector<logs::log_record> records;
    logs::log_reader reader(fixtures() / name);
    logs::log_entry entry;
    while (reader.next(entry)) records.push_back(logs::log_record::from(entry, name));
    BOOST_TEST_REQUIRE(!records.empty());
    reproduce::plan_options options;
    options.any_password = true;
    return reproduce::build_plan(records, options);
}

struct running {
    test_support::temp_dir dir;
    std::unique_ptr<mock::mock_set> set;
    std::string text;
    explicit running(const reproduce::reproduce_plan& plan) {
        ::setenv("REPLYCHECK_PASSWORD", password, 1);
        reproduce::write_mock_config(dir.path / "m.toml", plan, {});
        std::ifstream in(dir.path / "m.toml");
        text.assign(std::istreambuf_iterator<char>(in), {});
        if (std::getenv("DUMP_MOCK")) std::cout << text;
        auto doc = protocol::parse_toml_file(dir.path / "m.toml");
        set = std::make_unique<mock::mock_set>(mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml"));
        set->start();
    }
    ~running() { ::unsetenv("REPLYCHECK_PASSWORD"); }
};

protocol::http_exchange ask(const std::string& base, const reproduce::http_case& c, const std::string& method,
                            protocol::header_list headers, bool with_auth = false) {
    harness::curl_http_client client;
    harness::http_request_spec spec;
    spec.method = method;
    spec.url = base + reproduce::url_safe_target(c.target);
    spec.headers = std::move(headers);
    if (with_auth) {
        spec.auth = harness::http_auth::basic;
        spec.user = c.user;
        spec.password = password;
    }
    auto e = client.perform(spec);
    BOOST_REQUIRE_MESSAGE(e.response, c.name + ": " + e.transport_error);
    return e;
}

// The request of the scenario emitter (scenario_emitter.cpp) for each provocation.
void replay_http(const std::string& base, const reproduce::http_case& c) {
    using reproduce::provocation;
    protocol::header_list headers;
    switch (c.how) {
    case provocation::conditional: {
        auto first = ask(base, c, "GET", {});
        BOOST_TEST(first.response->status == 200, c.name);
        auto etag = protocol::find_header(first.response->headers, "ETag");
        BOOST_REQUIRE_MESSAGE(etag, c.name + ": no ETag");
        headers.push_back({"If-None-Match", *etag});
        break;
    }
    case provocation::range:
    case provocation::range_past_end: headers.push_back({"Range", c.range_header}); break;
    case provocation::if_match_mismatch: headers.push_back({"If-Match", "\"replycheck-mismatch\""}); break;
    default: break;
    }
    auto e = ask(base, c, c.method, headers, c.how == provocation::with_credential);
    BOOST_TEST(e.response->status == c.status, c.name << ": got " << e.response->status);
    if (c.substatus && *c.substatus > 0) {
        auto title = "HTTP Error " + std::to_string(c.status) + "." + std::to_string(*c.substatus);
        BOOST_TEST(e.response->body.find(title) != std::string::npos, c.name);
    }
    if (c.status == 401) BOOST_TEST(protocol::find_header(e.response->headers, "WWW-Authenticate"), c.name);
    if (c.status == 206) {
        auto range = protocol::find_header(e.response->headers, "Content-Range");
        BOOST_TEST((range && range->rfind("bytes 0-", 0) == 0), c.name);
    }
}

void replay_ftp(std::uint16_t port, const reproduce::ftp_session_case& s) {
    test::ftp_test_client client(port);
    // Without a logged greeting (IIS logs none) the step reads it all the same.
    if (s.commands.empty() || s.commands.front().verb != "CONNECT") BOOST_TEST(client.read_reply().code == 220);
    for (const auto& c : s.commands) {
        int code = 0;
        if (c.verb == "CONNECT") {
            code = client.read_reply().code;
        } else if (c.verb == "PASS") {
            code = client.command(c.wrong_password ? "PASS wrong-on-purpose"
                                  : c.password_var.empty() ? "PASS guest@example.org"
                                                           : std::string("PASS ") + password).code;
        } else if (c.transfer) {
            auto data = client.open_passive();
            auto first = client.command(c.verb + (c.argument.empty() ? "" : " " + c.argument));
            code = first.code;
            if (code >= 100 && code < 200) {
                data.receive_all();
                code = client.read_reply().code;
            }
        } else {
            code = client.command(c.verb + (c.argument.empty() ? "" : " " + c.argument)).code;
        }
        if (c.code != 0) BOOST_TEST(code == c.code, s.name << ": " << c.verb << " " << c.argument << " got " << code);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(iis_http_log_replays_against_its_mock) {
    auto plan = plan_of("u_ex261120.log");
    BOOST_TEST(plan.http.size() >= 9u);
    running m(plan);
    BOOST_TEST(m.text.find(password) == std::string::npos);
    for (const auto& c : plan.http) replay_http(m.set->http()->base_url(), c);
}

BOOST_AUTO_TEST_CASE(iis_ftp_log_replays_against_its_mock) {
    auto plan = plan_of("u_ex261120_ftp.log");
    BOOST_TEST(plan.ftp.size() == 3u);
    running m(plan);
    BOOST_TEST(m.text.find(password) == std::string::npos);
    for (const auto& s : plan.ftp) replay_ftp(m.set->ftp()->port(), s);
}
