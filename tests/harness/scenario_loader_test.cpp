#include "harness/scenario_loader.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "harness/targets.hpp"
#include "harness/variables.hpp"

using namespace replycheck::harness;
using replycheck::protocol::config_error;

namespace {

/// Loads `text` as t.toml and returns the error text ("" when it loaded).
std::string error_of(const std::string& text) {
    try {
        (void)load_suite_text(text, "t.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

const char* minimal_step = "[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"GET ${http}/\"\n";

}  // namespace

BOOST_AUTO_TEST_CASE(loads_a_full_scenario) {
    auto s = load_suite_text(R"(
[suite]
name = "Conditional"
tags = ["http", "conditional"]
vars = { page = "/index.html" }
allow = ["http.date.missing"]

[[scenario]]
name = "etag gives 304"
tags = ["etag"]
conformance = "strict"
  [[scenario.step]]
  request = { method = "GET", url = "${http}${page}", headers = { Accept = "*/*" }, query = { a = "1" } }
  expect = { status = 200, headers = { ETag = { matches = '^"' } }, body = { contains = ["html"], size = 12 } }
  capture = { etag = { header = "ETag" } }
  [[scenario.step]]
  request = { url = "${http}${page}", headers = { If-None-Match = "${etag}" } }
  expect = { status = [304, "2xx"], body = { empty = true }, duration = "2s" }
  expect_on.nginx = { status = 200 }

[[scenario]]
name = "ftp"
skip_on = { vsftpd = "no such rule" }
  [[scenario.step]]
  ftp = { login = { user = "alice", password = "secret" } }
  expect = { code = 230, text_matches = "[Ll]ogged" }
  [[scenario.step]]
  ftp = { transfer = "RETR a.txt", data_mode = "pasv" }
  expect = { code = 226, preliminary = 150, body = { sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" } }
  [[scenario.step]]
  raw = { send = "GET / HTTP/1.1\r\n\r\n", tls = false }
  expect = { status = "404.3" }
  [[scenario.step]]
  ftp_url = "${ftp}/a.txt"
  timeout = "500ms"
)",
                             "t.toml");
    BOOST_TEST(s.name == "Conditional");
    BOOST_REQUIRE_EQUAL(s.scenarios.size(), 2u);
    const auto& a = s.scenarios[0];
    BOOST_TEST(a.tags.size() == 3u);
    BOOST_TEST((a.conformance == conformance_mode::strict));
    BOOST_REQUIRE_EQUAL(a.steps.size(), 2u);
    const auto& h = std::get<http_step>(a.steps[0].action);
    BOOST_TEST(h.method == "GET");
    BOOST_TEST(h.headers.size() == 1u);
    BOOST_TEST(h.query.size() == 1u);
    BOOST_TEST(a.steps[0].expect.code->exact == std::vector<int>{200});
    BOOST_TEST(a.steps[0].expect.headers[0].matches.value() == "^\"");
    BOOST_TEST(a.steps[0].expect.body->size.value() == 12u);
    BOOST_TEST(a.steps[0].captures[0].name == "etag");
    BOOST_TEST(a.steps[1].expect.code->exact == std::vector<int>{304});
    BOOST_TEST(a.steps[1].expect.code->classes == std::vector<int>{2});
    BOOST_TEST(a.steps[1].expect.body->size.value() == 0u);
    BOOST_TEST(a.steps[1].expect.max_duration->count() == 2000);
    // The override starts from the step's own expectation and replaces the keys it names.
    BOOST_TEST(a.steps[1].expect_on.at("nginx").code->exact == std::vector<int>{200});
    BOOST_TEST(a.steps[1].expect_on.at("nginx").max_duration->count() == 2000);
    BOOST_TEST(a.steps[0].where.line == 12);
    const auto& b = s.scenarios[1];
    BOOST_TEST(b.skip_on.at("vsftpd") == "no such rule");
    BOOST_TEST(std::get<ftp_step>(b.steps[0].action).user == "alice");
    BOOST_TEST((std::get<ftp_step>(b.steps[1].action).data_mode == ftp_data_connection::pasv));
    BOOST_TEST(b.steps[1].expect.body->sha256->substr(0, 4) == "e3b0");
    BOOST_TEST(b.steps[2].expect.code->iis.at(0).first == 404);
    BOOST_TEST(b.steps[2].expect.code->iis.at(0).second == 3);
    BOOST_TEST(b.steps[3].kind() == "ftp_url");
    BOOST_TEST(b.steps[3].timeout->count() == 500);
}

BOOST_AUTO_TEST_CASE(ftp_tls_options) {
    auto s = load_suite_text("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n"
                             "ftp = { greeting = true, tls = true, insecure = true }\n",
                             "t.toml");
    const auto& f = std::get<ftp_step>(s.scenarios[0].steps[0].action);
    BOOST_TEST(f.tls);
    BOOST_TEST(f.insecure);
    BOOST_TEST((f.what == ftp_step::action::greeting));
}

BOOST_AUTO_TEST_CASE(toml_syntax_error_is_located) {
    auto e = error_of("[[scenario]]\nname = \"a\nx = 1\n");
    BOOST_TEST(e.rfind("t.toml:2:", 0) == 0, e);
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_suggests) {
    BOOST_TEST(error_of("[suit]\nname = \"x\"\n") ==
               "t.toml:1:2: unknown key 'suit' in the file (did you mean 'suite'?)");
}

BOOST_AUTO_TEST_CASE(no_scenarios) {
    BOOST_TEST(error_of("[suite]\nname = \"x\"\n").find("no [[scenario]] in file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_suite_key) {
    BOOST_TEST(error_of(std::string("[suite]\nnmae = \"x\"\n") + minimal_step) ==
               "t.toml:2:1: unknown key 'nmae' in [suite] (did you mean 'name'?)");
}

BOOST_AUTO_TEST_CASE(unknown_scenario_key) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\ntgas = [\"x\"]\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:3:1: unknown key 'tgas' in [[scenario]] (did you mean 'tags'?)");
}

BOOST_AUTO_TEST_CASE(unknown_step_key) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nexpct = {}\n") ==
               "t.toml:5:1: unknown key 'expct' in [[scenario.step]] (did you mean 'expect'?)");
}

BOOST_AUTO_TEST_CASE(unknown_expect_key) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\n"
                        "expect = { stauts = 200 }\n") ==
               "t.toml:5:12: unknown key 'stauts' in 'expect' (did you mean 'status'?)");
}

BOOST_AUTO_TEST_CASE(unknown_key_without_hint) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\n"
                        "expect = { zzzzzzzz = 1 }\n") ==
               "t.toml:5:12: unknown key 'zzzzzzzz' in 'expect'");
}

BOOST_AUTO_TEST_CASE(unknown_request_key) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n"
                        "request = { url = \"/\", hedaers = {} }\n") ==
               "t.toml:4:24: unknown key 'hedaers' in 'request' (did you mean 'headers'?)");
}

BOOST_AUTO_TEST_CASE(wrong_type_for_name) {
    BOOST_TEST(error_of("[[scenario]]\nname = 5\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:2:8: expected string for 'name', got integer");
}

BOOST_AUTO_TEST_CASE(missing_scenario_name) {
    BOOST_TEST(error_of("[[scenario]]\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:1:1: a scenario needs a non-empty 'name'");
}

BOOST_AUTO_TEST_CASE(scenario_without_steps) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n") ==
               "t.toml:1:1: scenario 'a' has no [[scenario.step]]");
}

BOOST_AUTO_TEST_CASE(duplicate_scenario_names) {
    BOOST_TEST(error_of(std::string(minimal_step) + minimal_step) ==
               "t.toml:5:1: duplicate scenario name 'a'");
}

BOOST_AUTO_TEST_CASE(step_needs_one_kind) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nexpect = { status = 200 }\n") ==
               "t.toml:3:1: a step needs one of 'request', 'raw', 'ftp', 'ftp_url'");
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nraw = \"x\"\n") ==
               "t.toml:3:1: a step takes only one of 'request', 'raw', 'ftp', 'ftp_url'");
}

BOOST_AUTO_TEST_CASE(bad_status_values) {
    auto with = [](const std::string& expect) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nexpect = " +
                        expect + "\n");
    };
    BOOST_TEST(with("{ status = 42 }") ==
               "t.toml:5:21: invalid 'status' value: 42 is not a three-digit code (write 200, "
               "\"4xx\", \"404.3\" or a list of them)");
    BOOST_TEST(with("{ status = \"4yy\" }").rfind("t.toml:5:21: invalid 'status' value: \"4yy\"", 0) == 0);
    BOOST_TEST(with("{ status = true }") ==
               "t.toml:5:21: expected integer, string or array for 'status', got boolean");
    BOOST_TEST(with("{ status = [] }") == "t.toml:5:21: 'status' list is empty");
    BOOST_TEST(with("{ status = [200, 1000] }").rfind("t.toml:5:27: invalid 'status' value: 1000", 0) == 0);
    BOOST_TEST(with("{ status = 200, code = 200 }") ==
               "t.toml:5:33: give 'status' (HTTP) or 'code' (FTP), not both");
}

BOOST_AUTO_TEST_CASE(bad_regex_and_duration_and_hash) {
    auto with = [](const std::string& expect) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nexpect = " +
                        expect + "\n");
    };
    BOOST_TEST(with("{ body = { matches = \"(\" } }")
                   .rfind("t.toml:5:31: invalid regular expression for 'matches'", 0) == 0);
    BOOST_TEST(with("{ duration = \"3 seconds\" }") ==
               "t.toml:5:23: invalid duration '3 seconds' for 'duration' (write 500ms, 3s, 1m)");
    BOOST_TEST(with("{ duration = 3 }") ==
               "t.toml:5:23: a duration needs a unit: write 'duration = \"3ms\"' or 'duration = \"3s\"', not a bare number");
    BOOST_TEST(with("{ body = { sha256 = \"abc\" } }") == "t.toml:5:30: 'sha256' must be 64 hexadecimal digits");
    BOOST_TEST(with("{ body = { json = { \"a/b\" = 1 } } }") ==
               "t.toml:5:30: JSON pointer 'a/b' must start with '/' (RFC 6901)");
    BOOST_TEST(with("{ body = 5 }") == "t.toml:5:19: expected string or table for 'body', got integer");
    BOOST_TEST(with("{ preliminary = 250 }") ==
               "t.toml:5:26: 'preliminary' must be between 100 and 199, got 250");
}

BOOST_AUTO_TEST_CASE(regex_validated_by_the_matching_engine) {
    auto with = [](const std::string& expect) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nexpect = " +
                        expect + "\n");
    };
    // A 20-digit back reference: rejected with its position, no overflow in the compiler.
    BOOST_TEST(with("{ headers = { e = { matches = '\\11111111111111111111' } } }")
                   .rfind("t.toml:5:", 0) == 0);
    BOOST_TEST(with("{ headers = { e = { matches = '\\11111111111111111111' } } }")
                   .find("invalid regular expression for 'matches'") != std::string::npos);
    BOOST_TEST(with("{ body = { matches = \"a{2,1}\" } }")
                   .rfind("t.toml:5:31: invalid regular expression for 'matches'", 0) == 0);
    // Perl/ECMAScript syntax the checks use loads.
    BOOST_TEST(with("{ body = { matches = '(?i)^hello\\s+\\w+$' } }") == "");
    BOOST_TEST(with("{ reason_matches = '(a.*)*b' }") == "");
}

BOOST_AUTO_TEST_CASE(bad_header_expectations) {
    auto with = [](const std::string& expect) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\nexpect = " +
                        expect + "\n");
    };
    BOOST_TEST(with("{ headers = { ETag = { absent = true, equals = \"x\" } } }") ==
               "t.toml:5:31: header 'ETag': 'absent' cannot be combined with other checks");
    BOOST_TEST(with("{ headers = { ETag = {} } }") ==
               "t.toml:5:31: header 'ETag': give one of equals, contains, matches, absent");
    BOOST_TEST(with("{ headers = { ETag = { matchs = \"x\" } } }") ==
               "t.toml:5:33: unknown key 'matchs' in header expectation 'ETag' (did you mean 'matches'?)");
    BOOST_TEST(with("{ headers = { ETag = true } }") ==
               "t.toml:5:31: expected string or table for header 'ETag', got boolean");
}

BOOST_AUTO_TEST_CASE(bad_conformance_and_skip) {
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\nconformance = \"strickt\"\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:3:15: invalid conformance 'strickt' (expected \"strict\", \"default\" or \"off\") "
               "(did you mean 'strict'?)");
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\nskip = 1\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:3:8: expected boolean or string (the reason) for 'skip', got integer");
    BOOST_TEST(error_of("[[scenario]]\nname = \"a\"\ntags = [1]\n[[scenario.step]]\nrequest = \"/\"\n") ==
               "t.toml:3:9: expected array of strings for 'tags', got integer");
}

BOOST_AUTO_TEST_CASE(bad_step_kinds) {
    auto step = [](const std::string& body) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n" + body + "\n");
    };
    BOOST_TEST(step("request = { method = \"GET\" }") == "t.toml:4:11: 'request' needs a 'url'");
    BOOST_TEST(step("request = 5") == "t.toml:4:11: expected table or string for 'request', got integer");
    BOOST_TEST(step("request = { url = \"/\", version = \"3\" }") ==
               "t.toml:4:34: invalid version '3' (expected \"1.0\", \"1.1\" or \"2\") (did you mean '2'?)");
    BOOST_TEST(step("request = { url = \"/\", auth = { user = \"u\", type = \"ntlm\" } }") ==
               "t.toml:4:52: invalid type 'ntlm' (expected \"basic\" or \"digest\")");
    BOOST_TEST(step("request = { url = \"/\", body = \"x\", body_file = \"f\" }") ==
               "t.toml:4:48: give 'body' or 'body_file', not both");
    BOOST_TEST(step("raw = { to = \"x\" }") == "t.toml:4:7: 'raw' needs 'send' (the bytes to write)");
    BOOST_TEST(step("raw = { send = \"x\", read = \"smtp\" }") ==
               "t.toml:4:28: invalid read 'smtp' (expected \"http\", \"ftp\" or \"none\") (did you mean 'http'?)");
    BOOST_TEST(step("ftp = \"\"") ==
               "t.toml:4:7: empty FTP command (use ftp = { greeting = true } to read the greeting)");
    BOOST_TEST(step("ftp = { command = \"NOOP\", greeting = true }") ==
               "t.toml:4:7: 'ftp' needs exactly one of command, greeting, login, transfer");
    BOOST_TEST(step("ftp = { transfer = \"DELE x\" }") ==
               "t.toml:4:20: transfer 'DELE x' must start with RETR, STOR, APPE, STOU, LIST, NLST or MLSD");
    BOOST_TEST(step("ftp = { login = { user = \"a\", pass = \"b\" } }") ==
               "t.toml:4:31: unknown key 'pass' in 'login' (did you mean 'password'?)");
    BOOST_TEST(step("ftp = { command = \"NOOP\", data_mode = \"epsvv\" }") ==
               "t.toml:4:39: invalid data_mode 'epsvv' (expected \"auto\", \"epsv\", \"pasv\" or \"active\") "
               "(did you mean 'epsv'?)");
    BOOST_TEST(step("ftp_url = { user = \"a\" }") == "t.toml:4:11: 'ftp_url' needs a 'url'");
    BOOST_TEST(step("ftp_url = { url = \"ftp://x/\", ssl = \"maybe\" }") ==
               "t.toml:4:37: invalid ssl 'maybe' (expected \"try\", \"control\" or \"all\")");
    BOOST_TEST(step("request = \"/\"\ntimeout = \"soon\"") ==
               "t.toml:5:11: invalid duration 'soon' for 'timeout' (write 500ms, 3s, 1m)");
}

BOOST_AUTO_TEST_CASE(closed_sets_load_as_enums) {
    auto only_step = [](const std::string& body) {
        return load_suite_text("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n" + body + "\n", "t.toml")
            .scenarios.at(0).steps.at(0);
    };
    auto request = [&](const std::string& keys) {
        return std::get<http_step>(only_step("request = { url = \"/\"" + keys + " }").action);
    };
    auto raw = [&](const std::string& keys) {
        return std::get<raw_step>(only_step("raw = { send = \"x\"" + keys + " }").action);
    };
    auto ftp = [&](const std::string& keys) {
        return std::get<ftp_step>(only_step("ftp = { transfer = \"LIST\"" + keys + " }").action);
    };
    auto ftp_url = [&](const std::string& keys) {
        return std::get<ftp_url_step>(only_step("ftp_url = { url = \"ftp://x/\"" + keys + " }").action);
    };
    BOOST_TEST((request("").version == http_version_choice::http1_1));
    BOOST_TEST((request(", version = \"1.0\"").version == http_version_choice::http1_0));
    BOOST_TEST((request(", version = \"1.1\"").version == http_version_choice::http1_1));
    BOOST_TEST((request(", version = \"2\"").version == http_version_choice::http2));
    BOOST_TEST((request(", auth = { user = \"u\" }").auth_type == http_auth_scheme::basic));
    BOOST_TEST((request(", auth = { user = \"u\", type = \"basic\" }").auth_type == http_auth_scheme::basic));
    BOOST_TEST((request(", auth = { user = \"u\", type = \"digest\" }").auth_type == http_auth_scheme::digest));
    BOOST_TEST((raw("").read == raw_read_mode::http));
    BOOST_TEST((raw(", read = \"http\"").read == raw_read_mode::http));
    BOOST_TEST((raw(", read = \"ftp\"").read == raw_read_mode::ftp));
    BOOST_TEST((raw(", read = \"none\"").read == raw_read_mode::none));
    BOOST_TEST((ftp("").data_mode == ftp_data_connection::automatic));
    BOOST_TEST((ftp(", data_mode = \"auto\"").data_mode == ftp_data_connection::automatic));
    BOOST_TEST((ftp(", data_mode = \"epsv\"").data_mode == ftp_data_connection::epsv));
    BOOST_TEST((ftp(", data_mode = \"pasv\"").data_mode == ftp_data_connection::pasv));
    BOOST_TEST((ftp(", data_mode = \"active\"").data_mode == ftp_data_connection::active));
    BOOST_TEST((ftp_url("").ssl == ftp_tls_use::none));
    BOOST_TEST((ftp_url(", ssl = \"\"").ssl == ftp_tls_use::none));
    BOOST_TEST((ftp_url(", ssl = \"try\"").ssl == ftp_tls_use::attempt));
    BOOST_TEST((ftp_url(", ssl = \"control\"").ssl == ftp_tls_use::control));
    BOOST_TEST((ftp_url(", ssl = \"all\"").ssl == ftp_tls_use::all));
    BOOST_TEST((only_step("request = \"/\"").conformance == conformance_mode::inherit));
    BOOST_TEST((only_step("request = \"/\"\nconformance = \"strict\"").conformance == conformance_mode::strict));
    BOOST_TEST((only_step("request = \"/\"\nconformance = \"default\"").conformance == conformance_mode::standard));
    BOOST_TEST((only_step("request = \"/\"\nconformance = \"off\"").conformance == conformance_mode::off));

    // A near miss is an error at the value itself, with the closest spelling as a hint
    // (conformance: bad_conformance_and_skip).
    auto error_at_value = [](const std::string& body, const std::string& value) {
        const auto column = std::to_string(body.find(value) + 1);
        return std::make_pair(error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n" + body + "\n"),
                              "t.toml:4:" + column + ": ");
    };
    auto [version, at_version] = error_at_value("request = { url = \"/\", version = \"11\" }", "\"11\"");
    BOOST_TEST(version == at_version + "invalid version '11' (expected \"1.0\", \"1.1\" or \"2\") "
                                       "(did you mean '1.1'?)");
    auto [type, at_type] = error_at_value("request = { url = \"/\", auth = { user = \"u\", type = \"digets\" } }",
                                          "\"digets\"");
    BOOST_TEST(type == at_type + "invalid type 'digets' (expected \"basic\" or \"digest\") (did you mean 'digest'?)");
    auto [read, at_read] = error_at_value("raw = { send = \"x\", read = \"fpt\" }", "\"fpt\"");
    BOOST_TEST(read == at_read + "invalid read 'fpt' (expected \"http\", \"ftp\" or \"none\") (did you mean 'ftp'?)");
    auto [mode, at_mode] = error_at_value("ftp = { transfer = \"LIST\", data_mode = \"actve\" }", "\"actve\"");
    BOOST_TEST(mode == at_mode + "invalid data_mode 'actve' (expected \"auto\", \"epsv\", \"pasv\" or \"active\") "
                                 "(did you mean 'active'?)");
    auto [ssl, at_ssl] = error_at_value("ftp_url = { url = \"ftp://x/\", ssl = \"controll\" }", "\"controll\"");
    BOOST_TEST(ssl == at_ssl + "invalid ssl 'controll' (expected \"try\", \"control\" or \"all\") "
                               "(did you mean 'control'?)");
}

BOOST_AUTO_TEST_CASE(bad_captures) {
    auto cap = [](const std::string& body) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\ncapture = " +
                        body + "\n");
    };
    BOOST_TEST(cap("{ e = \"ETag\" }") ==
               "t.toml:5:17: expected table for capture 'e', got string (write { header = \"ETag\" })");
    BOOST_TEST(cap("{ e = { header = \"ETag\", json = \"/a\" } }") ==
               "t.toml:5:17: capture 'e' needs exactly one of header, body, json, reply, status");
    BOOST_TEST(cap("{ e = { json = \"a\" } }") == "t.toml:5:26: JSON pointer 'a' must start with '/'");
    BOOST_TEST(cap("{ e = { body = \"[\" } }").rfind("t.toml:5:26: invalid regular expression for 'body'", 0) == 0);
    BOOST_TEST(cap("{ e = { header = \"ETag\", grup = 1 } }") ==
               "t.toml:5:36: unknown key 'grup' in capture 'e' (did you mean 'group'?)");
    BOOST_TEST(cap("{ \"a b\" = { header = \"ETag\" } }") == "t.toml:5:21: invalid capture name 'a b'");
}

BOOST_AUTO_TEST_CASE(bad_received_and_expect_on) {
    auto with = [](const std::string& body) {
        return error_of("[[scenario]]\nname = \"a\"\n[[scenario.step]]\nrequest = \"/\"\n" + body + "\n");
    };
    BOOST_TEST(with("expect = { received = { method = \"GET\", command = \"STOR\" } }") ==
               "t.toml:5:23: 'received' mixes HTTP (method/path) and FTP (command) keys");
    BOOST_TEST(with("expect_on = { nginx = 5 }") == "t.toml:5:23: expected table for 'nginx', got integer");
    BOOST_TEST(with("expect_on = { nginx = { stats = 5 } }") ==
               "t.toml:5:25: unknown key 'stats' in 'expect' (did you mean 'status'?)");
}

BOOST_AUTO_TEST_CASE(edit_distance_and_suggestions) {
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(edit_distance("", "abc") == 3u);
    BOOST_TEST(suggest("hedaers", {"headers", "method"}) == "headers");
    BOOST_TEST(suggest("qqqqqq", {"headers", "method"}).empty());
}

BOOST_AUTO_TEST_CASE(load_paths_collects_errors_per_file) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("rc-loader-" + std::to_string(::getpid()));
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "good.toml") << minimal_step;
    std::ofstream(dir / "sub" / "bad.toml") << "[[scenario]]\nname = 1\n";
    std::ofstream(dir / "notes.txt") << "not a scenario";
    auto result = load_paths({dir.string(), (dir / "missing.toml").string()});
    BOOST_TEST(result.files == 2u);
    BOOST_TEST(result.suites.size() == 1u);
    // Every error of bad.toml, not only its first: the name's type and the missing step.
    BOOST_REQUIRE_EQUAL(result.errors.size(), 3u);
    BOOST_TEST(std::string(result.errors[0].what()).find("missing.toml: no such file or folder") !=
               std::string::npos);
    BOOST_TEST(std::string(result.errors[1].what()).find("bad.toml:1:1: scenario '' has no [[scenario.step]]") !=
               std::string::npos);
    BOOST_TEST(std::string(result.errors[2].what()).find("bad.toml:2:8: expected string for 'name'") !=
               std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(project_config_targets) {
    namespace fs = std::filesystem;
    auto file = fs::temp_directory_path() / ("rc-project-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(file) << "[targets.nginx]\nexclude_tags = [\"mock-only\"]\nsecrets = [\"token\"]\n"
                           "[targets.nginx.vars]\nhttp = \"http://127.0.0.1:1\"\ntoken = \"t0p\"\n"
                           "pw = { value = \"x\", secret = true }\n";
    auto config = load_project_config(file);
    const auto& t = config.targets.at("nginx");
    BOOST_TEST(t.vars.at("http").value == "http://127.0.0.1:1");
    BOOST_TEST(t.vars.at("token").secret);
    BOOST_TEST(t.vars.at("pw").secret);
    BOOST_TEST(!t.vars.at("http").secret);
    BOOST_TEST(t.exclude_tags.at(0) == "mock-only");
    std::ofstream(file) << "[targets.nginx]\nexclude_tag = []\n";
    try {
        (void)load_project_config(file);
        BOOST_FAIL("expected an error");
    } catch (const config_error& e) {
        BOOST_TEST(std::string(e.what()) == file.string() +
                   ":2:1: unknown key 'exclude_tag' in [targets.nginx] (did you mean 'exclude_tags'?)");
    }
    fs::remove(file);
}

BOOST_AUTO_TEST_CASE(body_and_upload_files_are_read_at_load) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("replycheck-load-files-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "payload.bin", std::ios::binary) << "a ${literal} and $${x}";
    std::ofstream(dir / "empty.bin", std::ios::binary);
    auto load = [&](const std::string& step) {
        return load_suite_text("[[scenario]]\nname = \"a\"\n[[scenario.step]]\n" + step + "\n", "t.toml", dir);
    };
    auto error = [&](const std::string& step) {
        try {
            (void)load(step);
        } catch (const config_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    // The content is kept as a template that expands to exactly the file's bytes.
    auto http = std::get<http_step>(load("request = { url = \"/\", body_file = \"payload.bin\" }").scenarios[0].steps[0].action);
    BOOST_TEST(!http.body_file);
    std::string expand_error;
    BOOST_TEST(variables{}.expand(*http.body, expand_error).value_or("?") == "a ${literal} and $${x}");
    auto ftp = std::get<ftp_step>(
        load("ftp = { transfer = \"STOR a\", upload_file = \"empty.bin\" }").scenarios[0].steps[0].action);
    BOOST_TEST(ftp.upload.value_or("?") == "");
    // A missing file is a load error at its key, not a step that sends nothing.
    BOOST_TEST(error("ftp = { transfer = \"STOR a\", upload_file = \"missing.bin\" }") ==
               "t.toml:4:44: cannot read upload_file '" + (dir / "missing.bin").string() + "': no such file");
    BOOST_TEST(error("request = { url = \"/\", body_file = \"missing.bin\" }") ==
               "t.toml:4:36: cannot read body_file '" + (dir / "missing.bin").string() + "': no such file");
    BOOST_TEST(error("ftp = { transfer = \"STOR a\", upload = \"x\", upload_file = \"empty.bin\" }") ==
               "t.toml:4:58: give 'upload' or 'upload_file', not both");
    // A path with variables can only be read when the step runs.
    auto later = std::get<http_step>(load("request = { url = \"/\", body_file = \"${dir}/x\" }").scenarios[0].steps[0].action);
    BOOST_TEST(later.body_file.value_or("") == "${dir}/x");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(every_independent_error_of_a_file_is_reported) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / ("rc-loader-all-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "three.toml") << "[suite]\nnam = \"x\"\n"
                                         "[[scenario]]\nname = \"a\"\n[[scenario.step]]\n"
                                         "request = { url = \"/\", methd = \"GET\", hedaers = {} }\n"
                                         "[[scenario]]\nname = \"b\"\n[[scenario.step]]\n"
                                         "request = \"GET /\"\ntimeout = 5\n";
    std::ofstream(dir / "open.toml") << "[[scenario]]\nname = \"x\n";
    std::ofstream(dir / "fine.toml") << minimal_step;
    auto result = load_paths({(dir / "three.toml").string(), (dir / "open.toml").string(),
                              (dir / "fine.toml").string()});
    BOOST_TEST(result.suites.size() == 1u);
    std::vector<std::string> texts;
    for (const auto& e : result.errors) texts.push_back(e.what());
    BOOST_REQUIRE_EQUAL(texts.size(), 5u);
    // In line order within the file.
    BOOST_TEST(texts[0].find("three.toml:2:1: unknown key 'nam' in [suite]") != std::string::npos);
    BOOST_TEST(texts[1].find("three.toml:6:24: unknown key 'methd'") != std::string::npos);
    BOOST_TEST(texts[2].find("unknown key 'hedaers'") != std::string::npos);
    BOOST_TEST(texts[3].find("three.toml:11:11: a duration needs a unit") != std::string::npos);
    BOOST_TEST(texts[4].find("open.toml:2:8: unterminated string") != std::string::npos);
    // The throwing form still gives the first error.
    BOOST_TEST(error_of("[[scenario]]\nname = 'x\n").find("t.toml:2:8: unterminated string") != std::string::npos);
    BOOST_TEST(error_of("a = \"\"\"multi\nline\n").find("unterminated string") == std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(glob_selects_scenario_files_by_path_or_name) {
    BOOST_TEST(file_matches_glob("scenarios/http/a.toml", "scenarios/http/*.toml"));
    BOOST_TEST(file_matches_glob("scenarios/http/a.toml", "a.toml"));
    BOOST_TEST(file_matches_glob("scenarios/http/a.toml", "*/http/*"));
    BOOST_TEST(!file_matches_glob("scenarios/ftp/a.toml", "scenarios/http/*.toml"));
    BOOST_TEST(!file_matches_glob("scenarios/http/ab.toml", "a.toml"));
}
