// What the smoke probes need from the mock FTP server: HOST (RFC 7151), a PASV/EPSV script that
// holds the next command until its port is used (like a server waiting in accept()), and a
// scripted ABOR that is answered after the transfer (like vsftpd without async ABOR).
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "ftp_test_client.hpp"
#include "ftp_test_server.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

using namespace std::chrono_literals;
using replycheck::mock::ftp_data_action;
using replycheck::mock::ftp_mock_config;
using replycheck::mock::ftp_script;
using replycheck::test::server;

namespace {

ftp_script script_for(const std::string& command) {
    ftp_script script;
    script.match.command = command;
    return script;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_CASE(host_before_user_gets_220_and_feat_announces_it) {
    server s;
    auto c = s.client();
    const auto feat = c.command("FEAT");
    BOOST_TEST(feat.raw.find("\r\n HOST\r\n") != std::string::npos);
    BOOST_TEST(c.command("HOST").code == 501);
    BOOST_TEST(c.command("HOST ftp.example.com").code == 220);
    BOOST_TEST(c.command("USER alice").code == 331);
    BOOST_TEST(c.command("HOST ftp.example.com").code == 503);   // RFC 7151 §3: before USER only
    BOOST_TEST(c.command("PASS secret").code == 230);
    BOOST_TEST(c.command("HOST ftp.example.com").code == 503);
}

BOOST_AUTO_TEST_CASE(held_pasv_delays_the_next_command_until_the_hold_runs_out) {
    server s([](ftp_mock_config& config) {
        auto script = script_for("PASV");
        script.hold = 800ms;
        config.scripts.push_back(script);
    });
    auto c = s.logged_in();
    BOOST_TEST(c.command("PASV").code == 227);   // the port is never connected to
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(seconds_since(start) >= 0.7);
}

BOOST_AUTO_TEST_CASE(held_epsv_answers_at_once_when_the_port_is_used) {
    server s([](ftp_mock_config& config) {
        auto script = script_for("EPSV");
        script.hold = 30s;
        config.scripts.push_back(script);
    });
    replycheck::test::ftp_test_client c(s.mock->port(), 15s);   // a NOOP held 30 s would time out
    BOOST_REQUIRE_EQUAL(c.read_reply().code, 220);
    BOOST_REQUIRE_EQUAL(c.login("alice", "secret").code, 230);
    {
        auto data = c.open_passive(true);   // connects, then closes
    }
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(seconds_since(start) < 5.0);
}

BOOST_AUTO_TEST_CASE(scripted_abor_is_answered_by_its_script_after_the_transfer) {
    server s([](ftp_mock_config& config) {
        auto slow = script_for("RETR");
        slow.data = ftp_data_action::send_slowly;
        slow.data_bytes = std::string(20, 'x');
        slow.slow_chunk = 4;
        slow.slow_interval = 50ms;
        config.scripts.push_back(slow);
        auto abor = script_for("ABOR");
        abor.reply = {"502 ABOR not implemented."};
        config.scripts.push_back(abor);
    });
    auto c = s.logged_in();
    auto data = c.open_passive();
    c.send_line("RETR hello.txt");
    BOOST_TEST(c.read_reply().code == 150);
    c.send_line("ABOR");
    BOOST_TEST(data.receive_all() == std::string(20, 'x'));   // the transfer went on to its end
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(c.read_reply().code == 502);
}

BOOST_AUTO_TEST_CASE(abor_without_a_script_aborts_the_transfer) {
    server s([](ftp_mock_config& config) {
        auto slow = script_for("RETR");
        slow.data = ftp_data_action::send_slowly;
        slow.data_bytes = std::string(200, 'x');
        slow.slow_chunk = 4;
        slow.slow_interval = 50ms;
        config.scripts.push_back(slow);
    });
    auto c = s.logged_in();
    auto data = c.open_passive();
    c.send_line("RETR hello.txt");
    BOOST_TEST(c.read_reply().code == 150);
    c.send_line("ABOR");
    BOOST_TEST(c.read_reply().code == 426);
    BOOST_TEST(c.read_reply().code == 226);
}
