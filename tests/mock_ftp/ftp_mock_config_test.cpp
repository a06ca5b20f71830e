// load_ftp_mock_config: a full [mock.ftp] table, and file:line:col errors for bad input.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include "mockserver/ftp/ftp_mock_config.hpp"
#include "protocol/config_error.hpp"

using namespace replycheck::mock;
using replycheck::protocol::config_error;

namespace {
ftp_mock_config load(const std::string& text) {
    auto document = toml::parse(std::string_view(text), std::string_view("mock.toml"));
    return load_ftp_mock_config(*document["mock"]["ftp"].as_table(), "/base", "mock.toml");
}

std::string error_of(const std::string& text) {
    try {
        load(text);
    } catch (const config_error& error) {
        return error.what();
    }
    return "no error";
}
}  // namespace

BOOST_AUTO_TEST_CASE(full_table) {
    auto config = load(R"(
[mock.ftp]
listen = "127.0.0.1:2121"
root = "ftproot"
users = [{ name = "alice", password = "secret" }]
anonymous = true
writable = true
pasv_ports = "50000-50010"
unknown_user = 530
flavour = "iis"
greeting = ["220-Hello", "220 Ready"]
limits = { max_sessions = 5, idle_timeout = "2s", quota_bytes = 1000, quota_code = 452 }

[[mock.ftp.script]]
match = { command = "retr", argument = "*.iso", pattern = "glob" }
times = 2
delay = "150ms"
preliminary = "125 Go"
final = ["451-Broken", "451 Really"]
data = { action = "close-early", after = 10 }
combine_replies = true

[[mock.ftp.script]]
match = { command = "PASV" }
bad_pasv_address = true

[[mock.ftp.script]]
match = { command = "NOOP" }
reply = "200 lf"
line_ending = "lf"
close = true

[[mock.ftp.script]]
match = { command = "LIST", argument = "^/x.*", pattern = "regex" }
data = { action = "never-open", fail = "none" }
)");
    BOOST_TEST(config.listen == "127.0.0.1:2121");
    BOOST_TEST(config.root == std::filesystem::path("/base/ftproot"));
    BOOST_REQUIRE_EQUAL(config.users.size(), 1u);
    BOOST_TEST(config.users[0].password == "secret");
    BOOST_TEST(config.anonymous);
    BOOST_TEST(config.writable);
    BOOST_TEST(config.pasv_port_min == 50000);
    BOOST_TEST(config.pasv_port_max == 50010);
    BOOST_TEST((config.unknown_user == ftp_unknown_user_policy::reject));
    BOOST_TEST((config.flavour == ftp_flavour::iis));
    BOOST_TEST(config.greeting.size() == 2u);
    BOOST_TEST(config.limits.max_sessions == 5u);
    BOOST_TEST(config.limits.idle_timeout.count() == 2000);
    BOOST_TEST(config.limits.quota_code == 452);
    BOOST_REQUIRE_EQUAL(config.scripts.size(), 4u);
    const auto& retr = config.scripts[0];
    BOOST_TEST(retr.match.command == "RETR");
    BOOST_TEST((retr.match.kind == ftp_match_kind::glob));
    BOOST_TEST(*retr.times == 2);
    BOOST_TEST(retr.delay.count() == 150);
    BOOST_TEST(retr.preliminary[0] == "125 Go");
    BOOST_TEST(retr.final_reply.size() == 2u);
    BOOST_TEST((retr.data == ftp_data_action::close_early));
    BOOST_TEST(retr.close_after == 10u);
    BOOST_TEST(retr.combine_replies);
    BOOST_TEST(retr.where.line == 14);
    BOOST_TEST(config.scripts[1].bad_pasv_address);
    BOOST_TEST(config.scripts[2].lf_only);
    BOOST_TEST(config.scripts[2].close_control);
    BOOST_TEST((config.scripts[3].match.kind == ftp_match_kind::regex));
    BOOST_TEST(config.scripts[3].match.compiled);
    BOOST_TEST(config.scripts[3].data_fail_code == 0);
}

BOOST_AUTO_TEST_CASE(errors_carry_file_line_and_column) {
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\nbogus = 1\n") ==
               "mock.toml:3:1: unknown key 'bogus' in [mock.ftp]");
    BOOST_TEST(error_of("[mock.ftp]\nroot = 5\n") == "mock.toml:2:8: expected string for 'root', got integer");
    BOOST_TEST(error_of("[mock.ftp]\nlisten = \"x\"\n") == "mock.toml:2:10: 'listen': no port in 'x' (HOST:PORT; 0 takes a free port)");
    // A bad port is a located load error, never a bind failure at start.
    BOOST_TEST(error_of("[mock.ftp]\nlisten = \"127.0.0.1:70000\"\n") ==
               "mock.toml:2:10: 'listen': invalid port '70000' in '127.0.0.1:70000' (0-65535)");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\", argument = \"(\", pattern = \"regex\" }\n")
                   .starts_with("mock.toml:4:40: bad regular expression"),
               error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\", argument = \"(\", pattern = \"regex\" }\n"));
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\" }\nreply = \"oops\"\n") ==
               "mock.toml:5:9: 'reply' must start with a 3-digit reply code");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\" }\ndata = \"explode\"\n") ==
               "mock.toml:5:8: 'action' must be one of normal, send, slow, close-early, reset, never-open");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\", colour = \"x\" }\n") ==
               "mock.toml:4:29: unknown key 'colour' in 'match'");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\nlimits = { quota_code = 500 }\n") ==
               "mock.toml:3:25: 'quota_code' must be 552 or 452");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\npasv_ports = \"9-1\"\n") ==
               "mock.toml:3:14: 'pasv_ports' must be \"A-B\" with 1024 <= A <= B <= 65535");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\ntimes = 1\n") ==
               "mock.toml:3:1: a script needs 'match' (use match = { command = \"CONNECT\" } for the greeting)");
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"RETR\" }\nhold = \"1s\"\n") ==
               "mock.toml:5:8: 'hold' needs match = { command = \"PASV\" } or \"EPSV\"");
    BOOST_TEST(load("[mock.ftp]\nroot = \"r\"\n[[mock.ftp.script]]\nmatch = { command = \"EPSV\" }\nhold = \"1s\"\n")
                   .scripts.front().hold == std::chrono::seconds(1));
    BOOST_TEST(error_of("[mock.ftp]\nroot = \"r\"\nusers = [{ name = \"a\", pass = \"b\" }]\n") ==
               "mock.toml:3:24: unknown key 'pass' in a user (did you mean 'password'?)");
}

BOOST_AUTO_TEST_CASE(old_rule_key_still_loads_scripts) {
    // [[mock.ftp.rule]] was the key before it was renamed to script; it still loads.
    auto config = load(R"(
[mock.ftp]
root = "r"
[[mock.ftp.rule]]
match = { command = "NOOP" }
reply = "200 old"
)");
    BOOST_REQUIRE_EQUAL(config.scripts.size(), 1u);
    BOOST_TEST(config.scripts[0].match.command == "NOOP");
    BOOST_TEST(config.scripts[0].reply.front() == "200 old");
}
