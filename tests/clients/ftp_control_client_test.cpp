#include "harness/clients/ftp_control_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"
#include "clients/temp_dir.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "protocol/wire/ftp_path.hpp"
#include "protocol/wire/mlsd_facts.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

using namespace std::chrono_literals;
using replycheck::harness::ftp_client_options;
using replycheck::harness::ftp_control_client;
using replycheck::harness::ftp_data_mode;
using replycheck::protocol::ftp_exchange;
using replycheck::test::canned_connection;
using replycheck::test::canned_server;

namespace {

const std::string file_content = "line one\r\nline two\r\n" + std::string(100000, 'x');

/// The FTP mock over a writable root with one file and one folder; user alice/secret.
struct mock_ftp {
    replycheck::test::temp_dir dir;
    std::unique_ptr<replycheck::mock::ftp_mock> mock;

    explicit mock_ftp(std::vector<replycheck::mock::ftp_script> scripts = {}) {
        dir.write("file.txt", file_content);
        dir.write("sub/inner.txt", "inner");
        replycheck::mock::ftp_mock_config config;
        config.root = dir.path;
        config.users.push_back({"alice", "secret"});
        config.writable = true;
        config.scripts = std::move(scripts);
        mock = std::make_unique<replycheck::mock::ftp_mock>(config);
        mock->start();
    }
};

int final_code(const ftp_exchange& exchange) {
    return exchange.replies.empty() ? 0 : exchange.replies.back().code;
}

ftp_client_options fast(ftp_data_mode mode = ftp_data_mode::passive) {
    ftp_client_options options;
    options.timeout = 3s;
    options.connect_timeout = 2s;
    options.data_mode = mode;
    return options;
}

void login(ftp_control_client& client, const mock_ftp& server) {
    auto greeting = client.connect("127.0.0.1", server.mock->port());
    BOOST_REQUIRE_EQUAL(final_code(greeting), 220);
    auto steps = client.login("alice", "secret");
    BOOST_REQUIRE_EQUAL(final_code(steps.back()), 230);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(greeting_login_and_masked_password) {
    mock_ftp server;
    ftp_control_client client(fast());
    auto greeting = client.connect("127.0.0.1", server.mock->port());
    BOOST_TEST(greeting.command.empty());
    BOOST_TEST(final_code(greeting) == 220);
    BOOST_TEST(greeting.server_address == "127.0.0.1");
    auto steps = client.login("alice", "secret");
    BOOST_REQUIRE(steps.size() == 2u);
    BOOST_TEST(steps[0].command == "USER alice");
    BOOST_TEST(final_code(steps[0]) == 331);
    BOOST_TEST(steps[1].command == "PASS ***");
    BOOST_TEST(final_code(steps[1]) == 230);
    auto account = client.command("acct billing-7");   // account information is masked as PASS is
    BOOST_TEST(account.command == "acct ***");
    BOOST_TEST(final_code(account) == 202);
    BOOST_TEST(client.current_type() == 0);
    BOOST_TEST(final_code(client.command("TYPE A")) == 200);
    BOOST_TEST(client.current_type() == 'A');
    auto pwd = client.command("PWD");
    BOOST_TEST(final_code(pwd) == 257);
    auto path = replycheck::protocol::parse_257(pwd.replies.back().lines[0]);
    BOOST_REQUIRE(path);
    BOOST_TEST(*path == "/");
    auto quit = client.quit();
    BOOST_TEST(final_code(quit) == 221);
    BOOST_TEST(quit.connection_closed);
    BOOST_TEST(!client.is_open());
}

BOOST_AUTO_TEST_CASE(wrong_password_gives_530) {
    mock_ftp server;
    ftp_control_client client(fast());
    client.connect("127.0.0.1", server.mock->port());
    auto steps = client.login("alice", "nope");
    BOOST_REQUIRE(steps.size() == 2u);
    BOOST_TEST(final_code(steps[1]) == 530);
    BOOST_TEST(steps[1].command == "PASS ***");
}

BOOST_AUTO_TEST_CASE(retr_in_every_data_mode) {
    mock_ftp server;
    for (auto mode : {ftp_data_mode::passive, ftp_data_mode::epsv, ftp_data_mode::pasv, ftp_data_mode::active,
                      ftp_data_mode::port}) {
        ftp_control_client client(fast(mode));
        login(client, server);
        auto steps = client.transfer("RETR file.txt", {}, 'I');
        BOOST_REQUIRE(steps.size() >= 3u);  // TYPE, data setup, RETR
        BOOST_TEST(steps.front().command == "TYPE I");
        const auto& retr = steps.back();
        BOOST_TEST(retr.command == "RETR file.txt");
        BOOST_TEST(retr.transport_error == "");
        BOOST_REQUIRE(retr.replies.size() == 2u);
        BOOST_TEST((retr.replies[0].code == 150 || retr.replies[0].code == 125));
        BOOST_TEST(retr.replies[1].code == 226);
        BOOST_TEST(retr.data_connection_used);
        BOOST_TEST(retr.data.size() == file_content.size());
        BOOST_TEST((retr.data == file_content));
        // The same TYPE is not sent twice.
        auto again = client.transfer("RETR sub/inner.txt", {}, 'I');
        BOOST_TEST(again.front().command != "TYPE I");
        BOOST_TEST(again.back().data == "inner");
    }
}

BOOST_AUTO_TEST_CASE(stor_list_mlsd_and_missing_file) {
    mock_ftp server;
    auto options = fast();
    options.timeout = 12s;   // a missing file must end the transfer at the 550, not at this timeout
    ftp_control_client client(options);
    login(client, server);
    auto stor = client.transfer("STOR up.bin", "uploaded bytes", 'I');
    BOOST_TEST(stor.back().transport_error == "");
    BOOST_TEST(final_code(stor.back()) == 226);
    BOOST_TEST(read_file(server.dir.path / "up.bin") == "uploaded bytes");

    auto list = client.transfer("LIST", {}, 'A');
    BOOST_TEST(final_code(list.back()) == 226);
    BOOST_TEST(list.back().data.find("file.txt") != std::string::npos);
    BOOST_TEST(list.back().data.find("up.bin") != std::string::npos);

    auto mlsd = client.transfer("MLSD");
    BOOST_TEST(final_code(mlsd.back()) == 226);
    auto entries = replycheck::protocol::parse_mlsd_listing(mlsd.back().data);
    bool found = false;
    for (const auto& entry : entries)
        if (entry && entry->name == "file.txt") {
            found = true;
            BOOST_TEST(entry->fact("type") == "file");
            BOOST_TEST(entry->fact("size") == std::to_string(file_content.size()));
        }
    BOOST_TEST(found);

    const auto start = std::chrono::steady_clock::now();
    auto missing = client.transfer("RETR nothing-here");
    BOOST_TEST(final_code(missing.back()) == 550);
    BOOST_TEST(missing.back().replies.size() == 1u);
    BOOST_TEST(missing.back().data.empty());
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
    // The session is still usable afterwards.
    BOOST_TEST(final_code(client.command("NOOP")) == 200);
}

BOOST_AUTO_TEST_CASE(epsv_refused_falls_back_to_pasv) {
    replycheck::mock::ftp_script refuse;
    refuse.match.command = "EPSV";
    refuse.reply = {"502 EPSV not implemented."};
    mock_ftp server({refuse});
    ftp_control_client client(fast());
    login(client, server);
    auto steps = client.transfer("RETR sub/inner.txt", {}, 'I');
    BOOST_REQUIRE(steps.size() == 4u);
    BOOST_TEST(steps[1].command == "EPSV");
    BOOST_TEST(final_code(steps[1]) == 502);
    BOOST_TEST(steps[2].command == "PASV");
    BOOST_TEST(final_code(steps[2]) == 227);
    BOOST_TEST(steps[3].data == "inner");
    // Once refused, PASV is used directly.
    auto next = client.transfer("RETR sub/inner.txt");
    BOOST_TEST(next.front().command == "PASV");
}

BOOST_AUTO_TEST_CASE(preliminary_and_final_in_one_write) {
    replycheck::mock::ftp_script combined;
    combined.match.command = "RETR";
    combined.combine_replies = true;
    combined.data = replycheck::mock::ftp_data_action::send;
    combined.data_bytes = "abc";
    mock_ftp server({combined});
    ftp_control_client client(fast());
    login(client, server);
    auto steps = client.transfer("RETR file.txt", {}, 'I');
    const auto& retr = steps.back();
    BOOST_TEST(retr.transport_error == "");
    BOOST_REQUIRE(retr.replies.size() == 2u);
    BOOST_TEST(retr.replies[0].code == 150);
    BOOST_TEST(retr.replies[1].code == 226);
    BOOST_TEST(retr.data == "abc");
}

BOOST_AUTO_TEST_CASE(data_connection_never_opened_is_bounded) {
    replycheck::mock::ftp_script never;
    never.match.command = "RETR";
    never.data = replycheck::mock::ftp_data_action::never_open;
    never.data_fail_code = 0;  // only the 150, then silence
    mock_ftp server({never});
    auto options = fast(ftp_data_mode::active);
    options.timeout = 500ms;
    ftp_control_client client(options);
    login(client, server);
    const auto start = std::chrono::steady_clock::now();
    auto steps = client.transfer("RETR file.txt");
    BOOST_TEST(steps.back().transport_error.find("timeout") != std::string::npos);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // the mock never opens it
}

BOOST_AUTO_TEST_CASE(reset_data_connection_after_550_is_no_transport_error) {
    // The passive listener resets the connection the client opened, then RETR gets 550 with
    // no 150 before it (what proftpd does for a missing file).
    canned_server data([](canned_connection& c) {
        std::this_thread::sleep_for(100ms);  // the client has sent RETR by now
        linger reset{1, 0};
        ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    });
    const auto data_port = data.port();
    canned_server control([data_port](canned_connection& c) {
        c.write("220 hi\r\n");
        c.read_until("\r\n");
        c.write("229 Entering Extended Passive Mode (|||" + std::to_string(data_port) + "|)\r\n");
        c.read_until("\r\n");
        std::this_thread::sleep_for(300ms);  // the reset reaches the client first
        c.write("550 missing: No such file or directory\r\n");
        c.wait_close(3s);
    });
    ftp_control_client client(fast());
    BOOST_REQUIRE_EQUAL(final_code(client.connect("127.0.0.1", control.port())), 220);
    auto steps = client.transfer("RETR missing");
    BOOST_REQUIRE_EQUAL(steps.size(), 2u);
    BOOST_TEST(steps[0].command == "EPSV");
    BOOST_TEST(final_code(steps[1]) == 550);
    BOOST_TEST(steps[1].transport_error == "");
    BOOST_TEST(data.connections() == 1);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out_at_greeting) {
    canned_server server([](canned_connection& c) { c.wait_close(20s); });
    auto options = fast();
    options.timeout = 300ms;
    ftp_control_client client(options);
    const auto start = std::chrono::steady_clock::now();
    auto greeting = client.connect("127.0.0.1", server.port());
    BOOST_TEST(greeting.replies.empty());
    BOOST_TEST(greeting.transport_error.find("timeout") != std::string::npos);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // not at the server's close after 20 s
}

BOOST_AUTO_TEST_CASE(service_closing_421_is_recorded) {
    canned_server server([](canned_connection& c) {
        c.write("220 hi\r\n");
        c.read_until("\r\n");
        c.write("421 Service not available, closing control connection.\r\n");
    });
    ftp_control_client client(fast());
    client.connect("127.0.0.1", server.port());
    auto user = client.command("USER bob");
    BOOST_TEST(final_code(user) == 421);
    std::this_thread::sleep_for(50ms);
    auto after = client.command("NOOP");
    BOOST_TEST(!after.transport_error.empty());
    BOOST_TEST(after.connection_closed);
    BOOST_TEST(!client.is_open());
}

BOOST_AUTO_TEST_CASE(connect_refused) {
    ftp_control_client client(fast());
    auto greeting = client.connect("127.0.0.1", replycheck::test::closed_port());
    BOOST_TEST(greeting.transport_error.find("refused") != std::string::npos);
    BOOST_TEST(!client.is_open());
    auto command = client.command("NOOP");
    BOOST_TEST(command.transport_error == "not connected");
}

namespace {

/// Writes `line` over and over until the client goes or 30 s pass.
void flood(canned_connection& c, const std::string& line) {
    std::string lines;
    for (int i = 0; i < 1000; ++i) lines += line;
    const auto end = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < end && !c.wait_close(10ms)) c.write(lines);
}

}  // namespace

BOOST_AUTO_TEST_CASE(endless_greeting_stops_at_the_reply_limit) {
    canned_server server([](canned_connection& c) { flood(c, "220-endless greeting line\r\n"); });
    auto options = fast();
    options.timeout = 12s;
    ftp_control_client client(options);
    const auto start = std::chrono::steady_clock::now();
    auto greeting = client.connect("127.0.0.1", server.port());
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // at the limit, not at the timeout
    BOOST_TEST(greeting.transport_error.find("reply larger than the limit of 1048576 bytes") == 0u);
    BOOST_REQUIRE(greeting.replies.size() == 1u);
    BOOST_TEST(greeting.replies[0].code == 0);  // never completed: not a final reply
    BOOST_TEST(!client.is_open());               // the rest of the stream cannot be framed
    BOOST_TEST(client.command("NOOP").transport_error == "not connected");
}

BOOST_AUTO_TEST_CASE(endless_reply_during_a_transfer_stops_at_the_reply_limit) {
    canned_server data([](canned_connection& c) { c.wait_close(20s); });
    const auto data_port = data.port();
    canned_server server([data_port](canned_connection& c) {
        c.write("220 ready\r\n");
        c.read_until("EPSV\r\n");
        c.write("229 Entering Extended Passive Mode (|||" + std::to_string(data_port) + "|)\r\n");
        c.read_until("LIST\r\n");
        flood(c, "150-endless preliminary line\r\n");
    });
    auto options = fast();
    options.timeout = 12s;
    ftp_control_client client(options);
    BOOST_REQUIRE_EQUAL(final_code(client.connect("127.0.0.1", server.port())), 220);
    const auto start = std::chrono::steady_clock::now();
    auto list = client.transfer("LIST");
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // at the limit, not at the timeout
    BOOST_REQUIRE(!list.empty());
    BOOST_TEST(list.back().transport_error.find("reply larger than the limit") == 0u, list.back().transport_error);
    BOOST_TEST(final_code(list.back()) == 0);
    BOOST_TEST(!client.is_open());
}

BOOST_AUTO_TEST_CASE(data_connection_never_closed_ends_at_the_deadline) {
    // 150 and 226 come, but the data connection stays open: the end of the file never arrives
    // (RFC 959 §3.4.1), so the transfer ends at its deadline, no later, with the data so far.
    canned_server data([](canned_connection& c) {
        c.write("partial");
        c.wait_close(20s);
    });
    const auto data_port = data.port();
    canned_server control([data_port](canned_connection& c) {
        c.write("220 hi\r\n");
        c.read_until("\r\n");
        c.write("229 Entering Extended Passive Mode (|||" + std::to_string(data_port) + "|)\r\n");
        c.read_until("\r\n");
        c.write("150 Opening data connection\r\n226 Transfer complete\r\n");
        c.wait_close(20s);
    });
    auto options = fast();
    options.timeout = 600ms;
    ftp_control_client client(options);
    BOOST_REQUIRE_EQUAL(final_code(client.connect("127.0.0.1", control.port())), 220);
    const auto start = std::chrono::steady_clock::now();
    auto steps = client.transfer("RETR endless");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE_EQUAL(steps.size(), 2u);
    const auto& retr = steps.back();
    BOOST_TEST(final_code(retr) == 226);
    BOOST_TEST(retr.transport_error == "timeout after 600ms waiting for the data connection to finish");
    BOOST_TEST(retr.data == "partial");
    BOOST_TEST((elapsed >= 600ms));
    BOOST_TEST((elapsed < 5s));   // not at the server's close after 20 s
    BOOST_TEST(client.is_open());
}
