// The mock FTP server on port 0 in-process, driven by a raw control-connection client
// (plain sockets with timeouts): login matrix, sequencing, transfers, listings, safety,
// limits and every script action.
#include "mockserver/ftp/ftp_mock.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <thread>

#include <boost/json.hpp>

#include "ftp_test_client.hpp"
#include "ftp_test_server.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using replycheck::mock::ftp_data_action;
using replycheck::mock::ftp_mock;
using replycheck::mock::ftp_mock_config;
using replycheck::mock::ftp_script;
using replycheck::test::ftp_test_client;
using replycheck::test::test_socket;
using replycheck::test::read_file;
using replycheck::test::server;
using replycheck::test::temp_root;
using replycheck::test::write_file;

namespace {

ftp_script script_for(const std::string& command) {
    ftp_script script;
    script.match.command = command;
    return script;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login)

BOOST_AUTO_TEST_CASE(known_user_right_password_gets_331_then_230) {
    server s;
    auto c = s.client();
    BOOST_TEST(c.command("USER alice").code == 331);
    BOOST_TEST(c.command("PASS secret").code == 230);
    BOOST_TEST(c.command("PWD").code == 257);
}

BOOST_AUTO_TEST_CASE(wrong_password_gets_530_and_commands_stay_refused) {
    server s;
    auto c = s.client();
    BOOST_TEST(c.command("USER alice").code == 331);
    BOOST_TEST(c.command("PASS wrong").code == 530);
    BOOST_TEST(c.command("PWD").code == 530);
    BOOST_TEST(c.command("RETR hello.txt").code == 530);
}

BOOST_AUTO_TEST_CASE(unknown_user_gets_331_by_default_then_530) {
    server s;
    auto c = s.client();
    BOOST_TEST(c.command("USER mallory").code == 331);
    BOOST_TEST(c.command("PASS anything").code == 530);
}

BOOST_AUTO_TEST_CASE(unknown_user_gets_530_when_configured) {
    server s([](ftp_mock_config& config) {
        config.unknown_user = replycheck::mock::ftp_unknown_user_policy::reject;
    });
    auto c = s.client();
    BOOST_TEST(c.command("USER mallory").code == 530);
    BOOST_TEST(c.command("USER alice").code == 331);
}

BOOST_AUTO_TEST_CASE(anonymous_only_when_enabled) {
    {
        server s;
        auto c = s.client();
        BOOST_TEST(c.command("USER anonymous").code == 331);
        BOOST_TEST(c.command("PASS me@example.com").code == 530);
    }
    server s([](ftp_mock_config& config) { config.anonymous = true; });
    auto c = s.client();
    BOOST_TEST(c.command("USER anonymous").code == 331);
    BOOST_TEST(c.command("PASS me@example.com").code == 230);
    BOOST_TEST(c.command("SIZE hello.txt").lines[0] == "213 12");
}

BOOST_AUTO_TEST_CASE(sequence_errors_and_unknown_commands) {
    server s;
    auto c = s.client();
    BOOST_TEST(c.command("PASS secret").code == 503);   // PASS without USER
    BOOST_TEST(c.command("ACCT x").code == 503);
    BOOST_TEST(c.command("FOOBAR").code == 500);
    BOOST_TEST(c.command("ADAT x").code == 502);        // known, not offered (RFC 2228)
    BOOST_TEST(c.command("AUTH XYZ").code == 504);      // AUTH TLS itself: ftp_mock_tls_test
    BOOST_TEST(c.command("R3TR x").code == 500);
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    BOOST_TEST(c.command("RNTO b.txt").code == 503);     // RNTO without RNFR
    BOOST_TEST(c.command("RNFR hello.txt").code == 350);
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(c.command("RNTO moved.txt").code == 503); // RNFR must come right before
    BOOST_TEST(c.command("RNFR hello.txt").code == 350);
    BOOST_TEST(c.command("RNTO moved.txt").code == 250);
    BOOST_TEST(fs::exists(s.root.path / "moved.txt"));
    BOOST_TEST(c.command("ACCT x").code == 202);
    BOOST_TEST(c.command("TYPE X").code == 501);
    BOOST_TEST(c.command("TYPE E").code == 504);
    BOOST_TEST(c.command("MODE B").code == 504);
    BOOST_TEST(c.command("STRU F").code == 200);
    BOOST_TEST(c.command("REST abc").code == 501);
    BOOST_TEST(c.command("ABOR").code == 225);
    BOOST_TEST(c.command("ALLO 100").code == 202);
    BOOST_TEST(c.command("SITE HELP").code == 214);
    BOOST_TEST(c.command("OPTS UTF8 ON").code == 200);
    BOOST_TEST(c.command("OPTS FOO").code == 501);
    BOOST_TEST(c.command("SYST").lines[0] == "215 UNIX Type: L8");
    BOOST_TEST(c.command("REIN").code == 220);
    BOOST_TEST(c.command("PWD").code == 530);
    BOOST_TEST(c.command("QUIT").code == 221);
    BOOST_TEST(c.closed_by_server());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(files)

BOOST_AUTO_TEST_CASE(missing_file_gets_550) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("RETR nope.txt").code == 550);
    BOOST_TEST(c.command("SIZE nope.txt").code == 550);
    BOOST_TEST(c.command("MDTM nope.txt").code == 550);
    BOOST_TEST(c.command("CWD nope").code == 550);
    BOOST_TEST(c.command("DELE nope.txt").code == 550);
    BOOST_TEST(c.command("RNFR nope.txt").code == 550);
    BOOST_TEST(c.command("MLST nope.txt").code == 550);
    BOOST_TEST(c.command("SIZE sub").code == 550);
}

BOOST_AUTO_TEST_CASE(a_fifo_or_device_in_the_root_gets_550_and_is_never_opened) {
    server s;
    BOOST_REQUIRE(::mkfifo((s.root.path / "pipe").c_str(), 0644) == 0);
    const bool device = ::mknod((s.root.path / "null").c_str(), S_IFCHR | 0666, ::makedev(1, 3)) == 0;
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE I").code == 200);
    for (const std::string name : {"pipe", "null"}) {
        if (name == "null" && !device) continue;
        for (const std::string verb : {"RETR", "SIZE", "MDTM"}) {
            auto r = c.command(verb + " " + name);
            BOOST_TEST(r.code == 550, verb << " " << name << ": " << r.lines[0]);
        }
        for (const std::string verb : {"STOR", "APPE"}) {
            auto data = c.open_passive(true);
            BOOST_TEST(c.command(verb + " " + name).code == 550, verb << " " << name);
        }
    }
    // Opening the FIFO would have blocked the mock's thread: another session is still served.
    auto other = s.logged_in();
    BOOST_TEST(other.command("TYPE I").code == 200);
    auto data = other.open_passive(false);
    BOOST_TEST(other.command("RETR hello.txt").code == 150);
    BOOST_TEST(data.receive_all() == "Hello, FTP!\n");
    BOOST_TEST(other.read_reply().code == 226);
    BOOST_TEST(c.command("SIZE hello.txt").lines[0] == "213 12");
}

BOOST_AUTO_TEST_CASE(pasv_retr_gives_150_data_226) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE I").code == 200);
    auto data = c.open_passive(false);
    auto preliminary = c.command("RETR hello.txt");
    BOOST_TEST(preliminary.code == 150);
    BOOST_TEST(data.receive_all() == "Hello, FTP!\n");
    BOOST_TEST(c.read_reply().code == 226);
}

BOOST_AUTO_TEST_CASE(epsv_stor_gives_150_226_and_stores_the_bytes) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE I").code == 200);
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("STOR up.bin").code == 150);
    data.send_all(std::string("\x00\x01\r\n\xff", 5));
    data.close();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(read_file(s.root.path / "up.bin") == std::string("\x00\x01\r\n\xff", 5));
    // APPE adds, STOU picks a name.
    auto more = c.open_passive(true);
    BOOST_TEST(c.command("APPE up.bin").code == 150);
    more.send_all("++");
    more.close();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(fs::file_size(s.root.path / "up.bin") == 7u);
    auto unique = c.open_passive(true);
    auto stou = c.command("STOU");
    BOOST_TEST(stou.code == 150);
    BOOST_TEST(stou.lines[0].find("FILE: ") != std::string::npos);
    unique.send_all("u");
    unique.close();
    auto done = c.read_reply();
    BOOST_TEST(done.code == 226);
    BOOST_TEST(done.lines[0].find("unique file name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ascii_type_sends_crlf) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE A").code == 200);
    auto data = c.open_passive(false);
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(data.receive_all() == "Hello, FTP!\r\n");
    BOOST_TEST(c.read_reply().code == 226);
}

BOOST_AUTO_TEST_CASE(ascii_upload_stores_lf_and_unused_passive_port_times_out_with_425) {
    server s([](ftp_mock_config& config) { config.limits.data_timeout = 400ms; });
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE A").code == 200);
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("STOR text.txt").code == 150);
    data.send_all("one\r\ntwo\r\nbare\rcr\r\n");
    data.close();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(read_file(s.root.path / "text.txt") == "one\ntwo\nbare\rcr\n");
    // PASV announced, but the client never connects: bounded by data_timeout, then 425.
    BOOST_TEST(c.command("EPSV").code == 229);
    auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.command("RETR hello.txt").code == 425);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 350ms));
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(rest_resumes_download_and_upload) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE I").code == 200);
    BOOST_TEST(c.command("REST 7").code == 350);
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(data.receive_all() == "FTP!\n");
    BOOST_TEST(c.read_reply().code == 226);
    // The marker is used once.
    auto again = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(again.receive_all() == "Hello, FTP!\n");
    BOOST_TEST(c.read_reply().code == 226);
    // REST beyond the end: 554 (RFC 3659 §5.3).
    BOOST_TEST(c.command("REST 100").code == 350);
    BOOST_TEST(c.command("RETR hello.txt").code == 554);
    // REST + STOR continues an upload.
    BOOST_TEST(c.command("REST 6").code == 350);
    auto up = c.open_passive(true);
    BOOST_TEST(c.command("STOR hello.txt").code == 150);
    up.send_all("mock!\n");
    up.close();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(read_file(s.root.path / "hello.txt") == "Hello,mock!\n");
}

BOOST_AUTO_TEST_CASE(mlsd_and_mlst_facts) {
    server s([](ftp_mock_config& config) { config.writable = false; });
    fs::last_write_time(s.root.path / "hello.txt",
                        std::chrono::file_clock::from_sys(std::chrono::sys_days{std::chrono::year{2020} /
                                                                                 1 / 2} + 3h + 4min + 5s));
    auto c = s.logged_in();
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("MLSD").code == 150);
    auto listing = data.receive_all();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(listing.find("type=file;size=12;modify=20200102030405;perm=r; hello.txt\r\n") !=
               std::string::npos, listing);
    BOOST_TEST(std::regex_search(listing, std::regex(R"(type=dir;modify=\d{14};perm=el; sub\r\n)")), listing);
    // Symlinks leading out of the root are not listed.
    BOOST_TEST(listing.find("escape") == std::string::npos);
    auto mlst = c.command("MLST hello.txt");
    BOOST_REQUIRE_EQUAL(mlst.lines.size(), 3u);
    BOOST_TEST(mlst.lines[0].substr(0, 4) == "250-");
    BOOST_TEST(mlst.lines[1] == " type=file;size=12;modify=20200102030405;perm=r; /hello.txt");
    BOOST_TEST(mlst.lines[2].substr(0, 4) == "250 ");
    BOOST_TEST(c.command("MDTM hello.txt").lines[0] == "213 20200102030405");
    BOOST_TEST(c.command("MLSD hello.txt").code == 501);
    BOOST_TEST(c.command("MLSD nope").code == 550);
}

BOOST_AUTO_TEST_CASE(feat_is_well_formed) {
    server s;
    auto c = s.client();
    auto feat = c.command("FEAT");
    BOOST_TEST(feat.code == 211);
    BOOST_TEST(feat.lines.front() == "211-Features:");
    BOOST_TEST(feat.lines.back() == "211 End");
    BOOST_TEST(feat.raw.find("\r\n MDTM\r\n") != std::string::npos);
    BOOST_TEST(feat.raw.find("\r\n REST STREAM\r\n") != std::string::npos);
    for (std::size_t i = 1; i + 1 < feat.lines.size(); ++i) {
        BOOST_TEST(feat.lines[i].size() > 1);
        BOOST_TEST(feat.lines[i][0] == ' ');
        BOOST_TEST(feat.lines[i][1] != ' ');
    }
    BOOST_TEST(c.command("FEAT x").code == 501);
    auto help = c.command("HELP");
    BOOST_TEST(help.lines.front().substr(0, 4) == "214-");
    BOOST_TEST(help.lines.back().substr(0, 4) == "214 ");
    BOOST_TEST(c.login("alice", "secret").code == 230);
    auto stat = c.command("STAT");
    BOOST_TEST(stat.lines.front().substr(0, 4) == "211-");
    BOOST_TEST(stat.lines.back() == "211 End of status");
}

BOOST_AUTO_TEST_CASE(pwd_mkd_quote_doubling_and_cdup) {
    server s;
    auto c = s.logged_in();
    auto mkd = c.command("MKD a\"b");
    BOOST_TEST(mkd.code == 257);
    BOOST_TEST(mkd.lines[0].substr(0, 11) == "257 \"/a\"\"b\"");
    BOOST_TEST(c.command("CWD a\"b").code == 250);
    BOOST_TEST(c.command("PWD").lines[0] == "257 \"/a\"\"b\" is the current directory.");
    BOOST_TEST(c.command("CDUP").code == 250);
    BOOST_TEST(c.command("PWD").lines[0] == "257 \"/\" is the current directory.");
    BOOST_TEST(c.command("RMD a\"b").code == 250);
    BOOST_TEST(c.command("RMD sub").code == 550);   // not empty
    BOOST_TEST(c.command("DELE sub/a.txt").code == 250);
    BOOST_TEST(c.command("RMD sub").code == 250);
}

BOOST_AUTO_TEST_CASE(read_only_root_refuses_writes_with_550) {
    server s([](ftp_mock_config& config) { config.writable = false; });
    auto c = s.logged_in();
    BOOST_TEST(c.command("MKD new").code == 550);
    BOOST_TEST(c.command("DELE hello.txt").code == 550);
    BOOST_TEST(c.command("STOR x.txt").code == 550);
    BOOST_TEST(c.command("RNFR hello.txt").code == 550);
}

BOOST_AUTO_TEST_CASE(list_unix_and_iis_styles) {
    {
        server s;
        auto c = s.logged_in();
        auto data = c.open_passive(false);
        BOOST_TEST(c.command("LIST -la").code == 150);
        auto listing = data.receive_all();
        BOOST_TEST(c.read_reply().code == 226);
        BOOST_TEST(std::regex_search(listing, std::regex(
                       R"(-rw-r--r-- +1 ftp +ftp +12 [A-Z][a-z]{2} [ 0-9]\d ( \d{4}|\d\d:\d\d) hello\.txt\r\n)")),
                   listing);
        BOOST_TEST(std::regex_search(listing, std::regex(R"(drwxr-xr-x .* sub\r\n)")), listing);
        auto names = c.open_passive(false);
        BOOST_TEST(c.command("NLST").code == 150);
        BOOST_TEST(names.receive_all() == "big.bin\r\nhello.txt\r\nsub\r\n");
        BOOST_TEST(c.read_reply().code == 226);
        BOOST_TEST(c.command("LIST nope").code == 550);
    }
    server s([](ftp_mock_config& config) { config.flavour = replycheck::mock::ftp_flavour::iis; });
    auto c = s.logged_in();
    BOOST_TEST(c.command("SYST").lines[0] == "215 Windows_NT");
    auto data = c.open_passive(false);
    BOOST_TEST(c.command("LIST").code == 150);
    auto listing = data.receive_all();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(std::regex_search(listing, std::regex(R"(\d\d-\d\d-\d\d  \d\d:\d\d[AP]M +12 hello\.txt\r\n)")),
               listing);
    BOOST_TEST(std::regex_search(listing, std::regex(R"(\d\d-\d\d-\d\d  \d\d:\d\d[AP]M +<DIR> +sub\r\n)")),
               listing);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(safety)

BOOST_AUTO_TEST_CASE(traversal_attempts_stay_inside_the_root) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("RETR ../../../../../../etc/passwd").code == 550);
    BOOST_TEST(c.command("RETR /etc/passwd").code == 550);
    BOOST_TEST(c.command("SIZE ..\\..\\etc\\passwd").code == 550);
    BOOST_TEST(c.command("CWD escape").code == 550);           // symlink to /etc
    BOOST_TEST(c.command("RETR escape.txt").code == 550);      // symlink to /etc/hostname
    BOOST_TEST(c.command("SIZE escape/hostname").code == 550);
    BOOST_TEST(c.command("MDTM escape/passwd").code == 550);
    BOOST_TEST(c.command("CWD ../../..").code == 250);         // clamps at the root
    BOOST_TEST(c.command("PWD").lines[0] == "257 \"/\" is the current directory.");
    BOOST_TEST(c.command("STOR ..\\evil.txt").code == 553);    // backslash: bad name
    BOOST_TEST(c.command("MKD a\\b").code == 553);
    BOOST_TEST(c.command("DELE escape/passwd").code == 550);
    BOOST_TEST(c.command("RNFR escape.txt").code == 550);      // leads out of the root
    BOOST_TEST(c.command("RNFR hello.txt").code == 350);
    BOOST_TEST(c.command("RNTO escape/stolen").code == 553);   // not through the link either
    BOOST_TEST(c.command("STOR escape/new.txt").code == 553);
    BOOST_TEST(!fs::exists("/etc/new.txt"));
    auto data = c.open_passive(false);
    BOOST_TEST(c.command("LIST ../..").code == 150);           // lists the root itself
    auto listing = data.receive_all();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(listing.find("hello.txt") != std::string::npos);
    BOOST_TEST(listing.find("passwd") == std::string::npos);
    BOOST_TEST(c.command("MLSD escape").code == 550);
}

BOOST_AUTO_TEST_CASE(port_and_eprt_to_another_address_are_refused) {
    server s;
    auto c = s.logged_in();
    // Only sent as commands: the server must refuse before it would connect (RFC 2577 §3).
    BOOST_TEST(c.command("PORT 10,0,0,1,200,10").code == 504);
    BOOST_TEST(c.command("PORT 127,0,0,2,200,10").code == 504);
    BOOST_TEST(c.command("EPRT |1|127.0.0.2|51210|").code == 504);
    BOOST_TEST(c.command("EPRT |1|10.0.0.1|51210|").code == 504);
    BOOST_TEST(c.command("PORT 127,0,0,1,0,80").code == 504);  // privileged port
    BOOST_TEST(c.command("PORT 127,0,0,1,300,1").code == 501);
    BOOST_TEST(c.command("PORT garbage").code == 501);
    BOOST_TEST(c.command("EPRT |3|x|1|").code == 522);
    BOOST_TEST(c.command("EPRT |2|::1|51210|").code == 522);  // IPv6 on an IPv4 control connection
    BOOST_TEST(c.command("EPRT |1|127.0.0.1|").code == 501);
    BOOST_TEST(c.command("EPSV 2").code == 522);
    BOOST_TEST(c.command("EPSV ALL").code == 200);
    BOOST_TEST(c.command("PASV").code == 503);
    BOOST_TEST(c.command("PORT 127,0,0,1,200,10").code == 503);
    BOOST_TEST(c.command("EPSV").code == 229);
}

BOOST_AUTO_TEST_CASE(active_mode_to_the_clients_own_address_works) {
    server s;
    auto c = s.logged_in();
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    BOOST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(::listen(listener, 1) == 0);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const int port = ntohs(address.sin_port);
    test_socket guard(listener);
    guard.set_timeout(3s);
    BOOST_TEST(c.command("EPRT |1|127.0.0.1|" + std::to_string(port) + "|").code == 200);
    c.send_line("RETR hello.txt");
    test_socket data(::accept(listener, nullptr, nullptr));
    BOOST_REQUIRE(data.fd() >= 0);
    data.set_timeout(3s);
    BOOST_TEST(c.read_reply().code == 150);
    BOOST_TEST(data.receive_all() == "Hello, FTP!\r\n");
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(c.command("PORT 127,0,0,1," + std::to_string(port / 256) + "," +
                         std::to_string(port % 256)).code == 200);
}

BOOST_AUTO_TEST_CASE(transfer_without_data_setup_gets_425) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("RETR hello.txt").code == 425);
}

BOOST_AUTO_TEST_CASE(over_long_command_line_gets_500_and_session_stays_usable) {
    server s;
    auto c = s.logged_in();
    BOOST_TEST(c.command("NOOP " + std::string(20000, 'x')).code == 500);
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(c.command("SIZE hello.txt").lines[0] == "213 12");
}

BOOST_AUTO_TEST_CASE(too_many_sessions_get_421_and_close) {
    server s([](ftp_mock_config& config) { config.limits.max_sessions = 2; });
    auto a = s.client();
    auto b = s.client();
    ftp_test_client third(s.mock->port());
    BOOST_TEST(third.read_reply().code == 421);
    BOOST_TEST(third.closed_by_server());
    BOOST_TEST(a.command("QUIT").code == 221);
    BOOST_TEST(a.closed_by_server());
    // A slot is free again (the server notices the close asynchronously).
    bool greeted = false;
    for (int i = 0; i < 50 && !greeted; ++i) {
        ftp_test_client again(s.mock->port());
        greeted = again.read_reply().code == 220;
        if (!greeted) std::this_thread::sleep_for(20ms);
    }
    BOOST_TEST(greeted);
}

BOOST_AUTO_TEST_CASE(idle_timeout_gets_421_then_close) {
    server s([](ftp_mock_config& config) { config.limits.idle_timeout = 300ms; });
    auto c = s.client();
    auto start = std::chrono::steady_clock::now();
    auto reply = c.read_reply();
    BOOST_TEST(reply.code == 421);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 250ms));
    BOOST_TEST(c.closed_by_server());
}

BOOST_AUTO_TEST_CASE(quota_gives_552_or_452) {
    {
        server s([](ftp_mock_config& config) { config.limits.quota_bytes = 256 * 1024 + 100; });
        auto c = s.logged_in();
        auto data = c.open_passive(true);
        BOOST_TEST(c.command("STOR fill.bin").code == 150);
        try {
            data.send_all(std::string(1000, 'q'));
        } catch (const std::exception&) {
        }
        data.close();
        BOOST_TEST(c.read_reply().code == 552);
        BOOST_TEST(c.command("STOR more.bin").code == 552);   // over quota before any data
    }
    server s([](ftp_mock_config& config) {
        config.limits.quota_bytes = 1;
        config.limits.quota_code = 452;
    });
    auto c = s.logged_in();
    BOOST_TEST(c.command("STOR x.bin").code == 452);
}

BOOST_AUTO_TEST_CASE(abor_during_transfer_gives_426_then_226) {
    server s([](ftp_mock_config& config) {
        auto script = script_for("RETR");
        script.data = ftp_data_action::send_slowly;
        script.slow_chunk = 1;
        script.slow_interval = 20ms;
        config.scripts.push_back(script);
    });
    auto c = s.logged_in();
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("RETR big.bin").code == 150);
    BOOST_TEST(!data.receive_some(1).empty());
    // As ftplib does: Telnet IP + DM before ABOR (RFC 959 §4.1.3).
    c.socket().send_all("\xff\xf4\xff\xf2" "ABOR\r\n");
    BOOST_TEST(c.read_reply().code == 426);
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(c.command("NOOP").code == 200);
    auto entries = s.mock->journal().snapshot();
    BOOST_REQUIRE(entries.size() >= 3u);
    const auto n = entries.size();
    BOOST_TEST(entries[n - 3].command == "RETR");
    BOOST_TEST(entries[n - 3].reply_code == 426);
    BOOST_TEST(entries[n - 2].command == "ABOR");
    BOOST_TEST(entries[n - 2].reply_code == 226);
    BOOST_TEST(entries[n - 1].command == "NOOP");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scripts)

BOOST_AUTO_TEST_CASE(reply_override_single_multi_and_lf_only) {
    server s([](ftp_mock_config& config) {
        auto single = script_for("SIZE");
        single.match.kind = replycheck::mock::ftp_match_kind::glob;
        single.match.argument = "*.iso";
        single.reply = {"550 Image files are hidden."};
        config.scripts.push_back(single);
        auto multi = script_for("SYST");
        multi.reply = {"215-First line", " second", "215 Last"};
        config.scripts.push_back(multi);
        auto lf = script_for("NOOP");
        lf.reply = {"200 bare LF"};
        lf.lf_only = true;
        config.scripts.push_back(lf);
        auto regex = script_for("MDTM");
        regex.match.kind = replycheck::mock::ftp_match_kind::regex;
        regex.match.argument = "h.*\\.txt";
        regex.match.compiled = std::make_shared<const replycheck::protocol::bounded_regex>(regex.match.argument);
        regex.reply = {"213 19990101000000"};
        config.scripts.push_back(regex);
    });
    auto c = s.logged_in();
    BOOST_TEST(c.command("SIZE disk.iso").lines[0] == "550 Image files are hidden.");
    BOOST_TEST(c.command("SIZE hello.txt").lines[0] == "213 12");
    auto multi = c.command("SYST");
    BOOST_TEST(multi.raw == "215-First line\r\n second\r\n215 Last\r\n");
    BOOST_TEST(c.command("NOOP").raw == "200 bare LF\n");
    BOOST_TEST(c.command("MDTM hello.txt").lines[0] == "213 19990101000000");
    BOOST_TEST(c.command("MDTM sub/a.txt").code == 213);
}

BOOST_AUTO_TEST_CASE(times_then_fall_back_and_delay) {
    server s([](ftp_mock_config& config) {
        auto busy = script_for("USER");
        busy.times = 2;
        busy.reply = {"421 Busy, come back later."};
        config.scripts.push_back(busy);
        auto slow = script_for("NOOP");
        slow.delay = 300ms;
        config.scripts.push_back(slow);
    });
    auto c = s.client();
    BOOST_TEST(c.command("USER alice").code == 421);
    BOOST_TEST(c.command("USER alice").code == 421);
    BOOST_TEST(c.command("USER alice").code == 331);
    BOOST_TEST(c.command("PASS secret").code == 230);
    auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 280ms));
}

BOOST_AUTO_TEST_CASE(preliminary_and_final_codes_for_transfers) {
    server s([](ftp_mock_config& config) {
        auto script = script_for("RETR");
        script.preliminary = {"125 Data connection already open; transfer starting."};
        script.final_reply = {"250 Requested file action okay, completed."};
        config.scripts.push_back(script);
        auto fail = script_for("STOR");
        fail.final_reply = {"451 Local error in processing."};
        config.scripts.push_back(fail);
    });
    auto c = s.logged_in();
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 125);
    BOOST_TEST(data.receive_all() == "Hello, FTP!\r\n");
    BOOST_TEST(c.read_reply().code == 250);
    auto up = c.open_passive(true);
    BOOST_TEST(c.command("STOR x").code == 150);
    up.send_all("x");
    up.close();
    BOOST_TEST(c.read_reply().code == 451);
}

BOOST_AUTO_TEST_CASE(data_send_slow_close_early_and_reset) {
    server s([](ftp_mock_config& config) {
        auto send = script_for("RETR");
        send.match.kind = replycheck::mock::ftp_match_kind::exact;
        send.match.argument = "hello.txt";
        send.data = ftp_data_action::send;
        send.data_bytes = "scripted bytes";
        config.scripts.push_back(send);
        auto slow = script_for("NLST");
        slow.data = ftp_data_action::send_slowly;
        slow.data_bytes = "abcdef";
        slow.slow_chunk = 2;
        slow.slow_interval = 100ms;
        config.scripts.push_back(slow);
        auto early = script_for("RETR");
        early.match.kind = replycheck::mock::ftp_match_kind::exact;
        early.match.argument = "big.bin";
        early.data = ftp_data_action::close_early;
        early.close_after = 10;
        config.scripts.push_back(early);
        auto reset = script_for("LIST");
        reset.data = ftp_data_action::reset;
        config.scripts.push_back(reset);
    });
    auto c = s.logged_in();
    BOOST_TEST(c.command("TYPE I").code == 200);
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(data.receive_all() == "scripted bytes");
    BOOST_TEST(c.read_reply().code == 226);

    auto slow = c.open_passive(true);
    auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.command("NLST").code == 150);
    BOOST_TEST(slow.receive_all() == "abcdef");
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 250ms));
    BOOST_TEST(c.read_reply().code == 226);

    auto early = c.open_passive(true);
    BOOST_TEST(c.command("RETR big.bin").code == 150);
    BOOST_TEST(early.receive_all() == "abcdefghij");
    BOOST_TEST(c.read_reply().code == 226);   // silent truncation unless `final` says otherwise

    auto reset = c.open_passive(true);
    BOOST_TEST(c.command("LIST").code == 150);
    bool reset_seen = false;
    try {
        reset_seen = reset.receive_all().empty() && false;
    } catch (const std::exception&) {
        reset_seen = reset.last_error == ECONNRESET;
    }
    BOOST_TEST(reset_seen);
    BOOST_TEST(c.read_reply().code == 426);
}

BOOST_AUTO_TEST_CASE(never_open_with_425_421_or_only_150) {
    server s([](ftp_mock_config& config) {
        auto r425 = script_for("RETR");
        r425.times = 1;
        r425.data = ftp_data_action::never_open;
        config.scripts.push_back(r425);
        auto only150 = script_for("LIST");
        only150.data = ftp_data_action::never_open;
        only150.data_fail_code = 0;
        config.scripts.push_back(only150);
        auto r421 = script_for("NLST");
        r421.data = ftp_data_action::never_open;
        r421.data_fail_code = 421;
        config.scripts.push_back(r421);
    });
    auto c = s.logged_in();
    auto ignored = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 425);
    auto unused = c.open_passive(true);
    BOOST_TEST(c.command("LIST").code == 150);
    c.socket().set_timeout(300ms);
    BOOST_CHECK_THROW(c.read_reply(), std::runtime_error);   // nothing follows the 150
    c.socket().set_timeout(5s);
    BOOST_TEST(c.command("NOOP").code == 200);
    auto last = c.open_passive(true);
    BOOST_TEST(c.command("NLST").code == 421);
    BOOST_TEST(c.closed_by_server());
}

BOOST_AUTO_TEST_CASE(bad_pasv_address_and_combined_150_226) {
    server s([](ftp_mock_config& config) {
        auto bad = script_for("PASV");
        bad.times = 1;
        bad.bad_pasv_address = true;
        config.scripts.push_back(bad);
        auto combined = script_for("RETR");
        combined.combine_replies = true;
        config.scripts.push_back(combined);
    });
    auto c = s.logged_in();
    auto pasv = c.command("PASV");
    BOOST_TEST(pasv.code == 227);
    BOOST_TEST(pasv.lines[0].find("(999,999,999,999,") != std::string::npos, pasv.lines[0]);
    auto data = c.open_passive(false);
    c.send_line("RETR hello.txt");
    BOOST_TEST(data.receive_all() == "Hello, FTP!\r\n");
    // Both replies arrive together, after the data.
    auto both = c.receive_raw();
    BOOST_TEST(both.find("150 ") == 0u, both);
    BOOST_TEST(both.find("\r\n226 ") != std::string::npos, both);
}

BOOST_AUTO_TEST_CASE(greeting_override_and_close_control) {
    server s([](ftp_mock_config& config) {
        auto greeting = script_for("CONNECT");
        greeting.times = 1;
        greeting.reply = {"421 Service not available, closing control connection."};
        greeting.close_control = true;
        config.scripts.push_back(greeting);
        auto drop = script_for("NOOP");
        drop.close_control = true;
        config.scripts.push_back(drop);
        auto banner = script_for("CONNECT");
        banner.reply = {"220-Welcome", "220 Ready"};
        config.scripts.push_back(banner);
    });
    {
        ftp_test_client first(s.mock->port());
        BOOST_TEST(first.read_reply().code == 421);
        BOOST_TEST(first.closed_by_server());
    }
    ftp_test_client c(s.mock->port());
    auto greeting = c.read_reply();
    BOOST_TEST(greeting.raw == "220-Welcome\r\n220 Ready\r\n");
    BOOST_TEST(c.command("USER alice").code == 331);
    c.send_line("NOOP");
    BOOST_TEST(c.closed_by_server());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(start_throws_when_the_port_is_taken_and_stop_is_idempotent) {
    server s;
    ftp_mock_config config;
    config.root = s.root.path;
    config.listen = "127.0.0.1:" + std::to_string(s.mock->port());
    ftp_mock second(config);
    BOOST_CHECK_THROW(second.start(), std::system_error);
    config.listen = "not-an-address:0";
    ftp_mock third(config);
    BOOST_CHECK_THROW(third.start(), std::system_error);
    s.mock->stop();
    s.mock->stop();
    BOOST_CHECK_THROW(test_socket::connect_to(s.mock->port(), 1s), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(journal_records_every_command_with_pass_masked) {
    server s;
    {
        auto c = s.client();
        BOOST_TEST(c.login("alice", "secret").code == 230);
        BOOST_TEST(c.command("SIZE hello.txt").code == 213);
        BOOST_TEST(c.command("QUIT").code == 221);
        BOOST_TEST(c.closed_by_server());
    }
    auto entries = s.mock->journal().snapshot();
    BOOST_REQUIRE_EQUAL(entries.size(), 4u);
    BOOST_TEST(entries[0].command == "USER");
    BOOST_TEST(entries[0].argument == "alice");
    BOOST_TEST(entries[0].reply_code == 331);
    BOOST_TEST(entries[1].command == "PASS");
    BOOST_TEST(entries[1].argument == "****");
    BOOST_TEST(entries[1].reply_code == 230);
    BOOST_TEST(entries[2].reply_code == 213);
    BOOST_TEST(entries[3].command == "QUIT");
    auto json = boost::json::serialize(s.mock->journal().to_json());
    BOOST_TEST(json.find("secret") == std::string::npos);
    BOOST_TEST(json.find("\"command\":\"SIZE\"") != std::string::npos, json);
    BOOST_TEST(s.mock->base_url() == "ftp://127.0.0.1:" + std::to_string(s.mock->port()));
}

BOOST_AUTO_TEST_CASE(passive_ports_stay_in_the_configured_range) {
    server s([](ftp_mock_config& config) {
        config.pasv_port_min = 40000 + static_cast<std::uint16_t>(::getpid() % 1000) * 20;
        config.pasv_port_max = config.pasv_port_min + 4;
    });
    const int low = 40000 + ::getpid() % 1000 * 20;
    auto c = s.logged_in();
    for (int i = 0; i < 6; ++i) {
        auto reply = c.command(i % 2 ? "PASV" : "EPSV");
        std::smatch match;
        int port = 0;
        if (std::regex_search(reply.lines[0], match, std::regex(R"(\(\|\|\|(\d+)\|\))")))
            port = std::stoi(match[1]);
        else if (std::regex_search(reply.lines[0], match, std::regex(R"(,(\d+),(\d+)\))")))
            port = std::stoi(match[1]) * 256 + std::stoi(match[2]);
        BOOST_TEST(port >= low);
        BOOST_TEST(port <= low + 4);
    }
}

BOOST_AUTO_TEST_CASE(scripts_loaded_from_toml_drive_the_server) {
    temp_root root;
    auto document = toml::parse(std::string_view(R"(
[mock.ftp]
root = "."
users = [{ name = "alice", password = "secret" }]
[[mock.ftp.script]]
match = { command = "CONNECT" }
reply = ["220-Scripted", "220 greeting"]
[[mock.ftp.script]]
match = { command = "RETR", argument = "^hello\\.(txt|md)$", pattern = "regex" }
times = 1
preliminary = "125 Here it comes."
data = { action = "send", bytes = "from the script" }
final = "250 Done."
)"), std::string_view("scripts.toml"));
    auto config = replycheck::mock::load_ftp_mock_config(*document["mock"]["ftp"].as_table(),
                                                         root.path, "scripts.toml");
    ftp_mock mock(std::move(config));
    mock.start();
    ftp_test_client c(mock.port());
    BOOST_TEST(c.read_reply().raw == "220-Scripted\r\n220 greeting\r\n");
    BOOST_TEST(c.login("alice", "secret").code == 230);
    BOOST_TEST(c.command("TYPE I").code == 200);
    auto data = c.open_passive(true);
    BOOST_TEST(c.command("RETR hello.txt").code == 125);
    BOOST_TEST(data.receive_all() == "from the script");
    BOOST_TEST(c.read_reply().code == 250);
    auto again = c.open_passive(true);   // times = 1: the real file now
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(again.receive_all() == "Hello, FTP!\n");
    BOOST_TEST(c.read_reply().code == 226);
}

BOOST_AUTO_TEST_CASE(concurrent_sessions_on_several_threads) {
    server s([](ftp_mock_config& config) {
        config.threads = 4;
        config.limits.max_sessions = 100;
    });
    std::atomic<int> good{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t)
        clients.emplace_back([&s, &good, t] {
            for (int i = 0; i < 15; ++i) {
                try {
                    ftp_test_client c(s.mock->port());
                    if (c.read_reply().code != 220) continue;
                    if (c.login("alice", "secret").code != 230) continue;
                    auto data = c.open_passive(i % 2 == 0);
                    if (c.command("RETR big.bin").code != 150) continue;
                    auto bytes = data.receive_all();
                    if (c.read_reply().code != 226 || bytes.size() != 256u * 1024u) continue;
                    if (t % 2 == 0) {
                        auto up = c.open_passive(true);
                        if (c.command("STOR t" + std::to_string(t) + ".bin").code != 150) continue;
                        up.send_all(bytes.substr(0, 1000));
                        up.close();
                        if (c.read_reply().code != 226) continue;
                    }
                    if (c.command("QUIT").code == 221) ++good;
                } catch (const std::exception&) {
                }
            }
        });
    for (auto& client : clients) client.join();
    BOOST_TEST(good.load() == 8 * 15);
    BOOST_TEST(fs::file_size(s.root.path / "t0.bin") == 1000u);
}

// Not run by ctest (disabled): `mock_ftp_ftp_mock_test --run_test=serve_for_benchmark` serves
// REPLYCHECK_FTP_ROOT anonymously on 127.0.0.1:0 for tests/bench/ftp_mock_bench.sh when the
// `replycheck mock` command is not available. Prints "ftp 127.0.0.1:PORT", serves at most
// REPLYCHECK_FTP_SECONDS (default 120) or until the file REPLYCHECK_FTP_STOP exists.
BOOST_AUTO_TEST_CASE(serve_for_benchmark, *boost::unit_test::disabled()) {
    const char* root = std::getenv("REPLYCHECK_FTP_ROOT");
    BOOST_REQUIRE_MESSAGE(root, "set REPLYCHECK_FTP_ROOT");
    const char* seconds_text = std::getenv("REPLYCHECK_FTP_SECONDS");
    const char* stop_file = std::getenv("REPLYCHECK_FTP_STOP");
    const auto limit = std::chrono::seconds(seconds_text ? std::atoi(seconds_text) : 120);
    ftp_mock_config config;
    config.root = root;
    config.anonymous = true;
    ftp_mock mock(std::move(config));
    mock.start();
    std::printf("ftp 127.0.0.1:%u\n", static_cast<unsigned>(mock.port()));
    std::fflush(stdout);
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end && !(stop_file && fs::exists(stop_file)))
        std::this_thread::sleep_for(100ms);
    mock.stop();
    BOOST_TEST(mock.journal().size() > 0u);
}
