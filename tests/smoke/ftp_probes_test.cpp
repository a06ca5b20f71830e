// What the FTP smoke probes need from the control client, against the in-process FTP mock: a
// refused EPSV or EPRT is not sent again, an announced passive port is connected to (so a
// server that holds commands while its listener waits answers at once), and ABOR during a
// transfer.
#include "harness/clients/ftp_control_client.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

using namespace replycheck;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct mock_server {
    fs::path root;
    std::unique_ptr<mock::ftp_mock> ftp;
    explicit mock_server(std::vector<mock::ftp_script> scripts) {
        root = fs::temp_directory_path() / ("replycheck-ftp-probes-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(root);
        std::ofstream(root / "file.txt") << "hello world from the probe test\n";
        mock::ftp_mock_config config;
        config.root = root;
        config.anonymous = true;
        config.auth_tls = false;
        config.scripts = std::move(scripts);
        ftp = std::make_unique<mock::ftp_mock>(std::move(config));
        ftp->start();
    }
    ~mock_server() {
        ftp->stop();
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    // A logged-in client.
    std::unique_ptr<harness::ftp_control_client> client(harness::ftp_data_mode mode = harness::ftp_data_mode::passive,
                                                        std::chrono::milliseconds timeout = 2s) {
        harness::ftp_client_options options;
        options.timeout = timeout;
        options.data_mode = mode;
        auto c = std::make_unique<harness::ftp_control_client>(options);
        BOOST_REQUIRE_EQUAL(c->connect("127.0.0.1", ftp->port()).replies.back().code, 220);
        BOOST_REQUIRE_EQUAL(c->login("anonymous", "probe@example.com").back().replies.back().code, 230);
        return c;
    }
};

mock::ftp_script reply_script(const std::string& command, const std::string& line) {
    mock::ftp_script script;
    script.match.command = command;
    script.reply = {line};
    return script;
}

mock::ftp_script hold_script(const std::string& command) {
    mock::ftp_script script;
    script.match.command = command;
    script.hold = 30s;
    return script;
}

int code(const protocol::ftp_exchange& e) { return e.replies.empty() ? 0 : e.replies.back().code; }

// The commands sent, without the arguments of EPRT and PORT (addresses and ports vary).
std::vector<std::string> commands(const std::vector<protocol::ftp_exchange>& list) {
    std::vector<std::string> out;
    for (const auto& e : list) {
        const bool address = e.command.starts_with("EPRT ") || e.command.starts_with("PORT ");
        out.push_back(address ? e.command.substr(0, 4) : e.command);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_epsv_refused_by_a_probe_is_not_sent_again) {
    mock_server s({reply_script("EPSV", "502 EPSV not implemented.")});
    auto c = s.client();
    BOOST_TEST(code(c->command("EPSV")) == 502);
    const auto list = c->transfer("LIST");
    BOOST_TEST((commands(list) == std::vector<std::string>{"PASV", "LIST"}));
    BOOST_TEST(code(list.back()) == 226);
}

BOOST_AUTO_TEST_CASE(an_eprt_refused_once_leaves_port_for_the_next_transfers) {
    mock_server s({reply_script("EPRT", "502 EPRT not implemented.")});
    auto c = s.client(harness::ftp_data_mode::active);
    BOOST_TEST((commands(c->transfer("LIST")) == std::vector<std::string>{"EPRT", "PORT", "LIST"}));
    const auto second = c->transfer("LIST");
    BOOST_TEST((commands(second) == std::vector<std::string>{"PORT", "LIST"}));
    BOOST_TEST(code(second.back()) == 226);
}

BOOST_AUTO_TEST_CASE(a_checked_passive_port_frees_a_server_that_holds_commands) {
    mock_server s({hold_script("EPSV"), hold_script("PASV")});
    auto c = s.client(harness::ftp_data_mode::passive, 10s);
    for (const auto* verb : {"EPSV", "PASV"}) {
        const auto e = c->passive_check(verb);
        BOOST_TEST(e.data_connection_used);
        BOOST_TEST(!e.transport_code);
        const auto noop = c->command("NOOP");
        BOOST_TEST(code(noop) == 200);
        BOOST_TEST(noop.duration < std::chrono::microseconds(5s));   // not at the 10 s timeout
    }
    BOOST_TEST(code(c->transfer("LIST").back()) == 226);   // transfers still get their connection
}

BOOST_AUTO_TEST_CASE(an_unused_passive_port_stalls_a_server_that_holds_commands) {
    // The failure the check prevents: without a connection the next reply waits for the hold.
    mock_server s({hold_script("PASV")});
    auto c = s.client(harness::ftp_data_mode::passive, 500ms);
    BOOST_TEST(code(c->command("PASV")) == 227);
    BOOST_TEST(c->command("NOOP").transport_code == protocol::transport_errc::timeout);
}

BOOST_AUTO_TEST_CASE(abor_during_a_slow_transfer_gives_426_then_226) {
    mock::ftp_script slow;
    slow.match.command = "RETR";
    slow.data = mock::ftp_data_action::send_slowly;
    slow.data_bytes = std::string(400, 'x');
    slow.slow_chunk = 4;
    slow.slow_interval = 20ms;
    mock_server s({slow});
    auto c = s.client();
    const auto list = c->abort_transfer("RETR file.txt", 'I');
    BOOST_TEST((commands(list) == std::vector<std::string>{"TYPE I", "EPSV", "RETR file.txt", "ABOR"}));
    BOOST_TEST(list[2].replies.front().code == 150);
    BOOST_TEST(code(list[2]) == 426);
    BOOST_TEST(code(list[3]) == 226);
    BOOST_TEST(code(c->command("NOOP")) == 200);   // the session goes on
}

BOOST_AUTO_TEST_CASE(no_abor_without_a_running_transfer) {
    mock_server s({});
    auto c = s.client();
    const auto list = c->abort_transfer("RETR no-such-file.txt");
    BOOST_TEST((commands(list) == std::vector<std::string>{"EPSV", "RETR no-such-file.txt"}));
    BOOST_TEST(code(list.back()) == 550);
    BOOST_TEST(code(c->command("NOOP")) == 200);
}
