#include "harness/clients/ftp_control_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"
#include "clients/child_process.hpp"
#include "clients/temp_dir.hpp"
#include "clients/tls_support.hpp"
#include "harness/clients/curl_ftp_transfer.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace std::chrono_literals;
using replycheck::harness::ftp_client_options;
using replycheck::harness::ftp_control_client;
using replycheck::harness::ftp_data_mode;

namespace {

int final_code(const replycheck::protocol::ftp_exchange& exchange) {
    return exchange.replies.empty() ? 0 : exchange.replies.back().code;
}

/// A real vsftpd on a loopback high port (anonymous, read-only, optional explicit or implicit TLS).
/// `available` is false when vsftpd is not installed or does not come up within 5 s.
struct vsftpd_server {
    replycheck::test::temp_dir state;
    replycheck::test::temp_dir root;
    std::uint16_t port = 0;
    std::unique_ptr<replycheck::test::child_process> process;
    bool available = false;

    explicit vsftpd_server(const replycheck::test::test_certificate* certificate = nullptr, bool implicit_tls = false) {
        if (::access("/usr/sbin/vsftpd", X_OK) != 0) return;
        root.write("readme.txt", "vsftpd says hi\n");
        std::filesystem::permissions(root.path, std::filesystem::perms(0755));
        std::filesystem::create_directories(state.path / "empty");
        port = replycheck::test::closed_port();
        const int pasv_min = 30000 + (port % 20) * 1000;
        std::ofstream conf(state.path / "vsftpd.conf");
        conf << "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=" << port
             << "\nbackground=NO\nanonymous_enable=YES\nno_anon_password=YES\nanon_root=" << root.path.string()
             << "\nlocal_enable=NO\nwrite_enable=NO\npasv_enable=YES\npasv_address=127.0.0.1\npasv_min_port="
             << pasv_min << "\npasv_max_port=" << pasv_min + 999
             << "\nconnect_from_port_20=NO\nsecure_chroot_dir=" << (state.path / "empty").string()
             << "\nseccomp_sandbox=NO\nxferlog_enable=NO\ndirmessage_enable=NO\nuse_localtime=NO\n";
        if (certificate) {
            conf << "ssl_enable=YES\nallow_anon_ssl=YES\nforce_anon_logins_ssl=NO\nforce_anon_data_ssl=NO\n"
                 << "rsa_cert_file=" << certificate->cert.string() << "\nrsa_private_key_file="
                 << certificate->key.string() << "\n";
            if (implicit_tls) conf << "implicit_ssl=YES\n";
        }
        conf.close();
        process = std::make_unique<replycheck::test::child_process>(
            std::vector<std::string>{"/usr/sbin/vsftpd", (state.path / "vsftpd.conf").string()},
            (state.path / "log").string(), port);
        available = process->listening();
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(vsftpd_plain_session) {
    vsftpd_server server;
    if (!server.available) {
        BOOST_TEST_MESSAGE("vsftpd not available; skipped");
        return;
    }
    for (auto mode : {ftp_data_mode::passive, ftp_data_mode::pasv, ftp_data_mode::active}) {
        ftp_client_options options;
        options.timeout = 5s;
        options.data_mode = mode;
        ftp_control_client client(options);
        auto greeting = client.connect("127.0.0.1", server.port);
        BOOST_TEST(final_code(greeting) == 220);
        auto login = client.login("anonymous", "guest@example");
        BOOST_TEST(final_code(login.back()) == 230);
        auto retr = client.transfer("RETR readme.txt", {}, 'I');
        BOOST_TEST(retr.back().transport_error == "");
        BOOST_TEST(final_code(retr.back()) == 226);
        BOOST_TEST(retr.back().data == "vsftpd says hi\n");
        auto list = client.transfer("LIST", {}, 'A');
        BOOST_TEST(list.back().data.find("readme.txt") != std::string::npos);
        auto missing = client.transfer("RETR missing.txt");
        BOOST_TEST(final_code(missing.back()) == 550);
        auto mdtm = client.command("MDTM readme.txt");
        BOOST_TEST(final_code(mdtm) == 213);
        auto quit = client.quit();
        BOOST_TEST(final_code(quit) == 221);
    }
}

BOOST_AUTO_TEST_CASE(vsftpd_explicit_tls_with_session_reuse) {
    replycheck::test::test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    vsftpd_server server(&certificate);
    if (!server.available) {
        BOOST_TEST_MESSAGE("vsftpd not available; skipped");
        return;
    }
    ftp_client_options options;
    options.timeout = 5s;
    options.explicit_tls = true;
    options.tls.ca_file = certificate.cert.string();
    ftp_control_client client(options);
    auto greeting = client.connect("127.0.0.1", server.port);
    BOOST_TEST(final_code(greeting) == 220);
    const auto& setup = client.setup_exchanges();
    BOOST_REQUIRE(setup.size() == 3u);
    BOOST_TEST(setup[0].command == "AUTH TLS");
    BOOST_TEST(final_code(setup[0]) == 234);
    BOOST_TEST(setup[0].transport_error == "");
    BOOST_TEST(final_code(setup[1]) == 200);
    BOOST_TEST(final_code(setup[2]) == 200);
    auto login = client.login("anonymous", "x");
    BOOST_TEST(final_code(login.back()) == 230);
    // vsftpd requires the data connection to resume the control connection's TLS session.
    auto retr = client.transfer("RETR readme.txt", {}, 'I');
    BOOST_TEST(retr.back().transport_error == "");
    BOOST_TEST(final_code(retr.back()) == 226);
    BOOST_TEST(retr.back().data == "vsftpd says hi\n");

    // libcurl, explicit TLS on ftp://
    replycheck::harness::curl_ftp_transfer transfer;
    replycheck::harness::curl_ftp_request request;
    request.url = "ftp://127.0.0.1:" + std::to_string(server.port) + "/readme.txt";
    request.require_tls = true;
    request.tls.ca_file = certificate.cert.string();
    request.timeout = 5s;
    auto result = transfer.perform(request);
    BOOST_TEST(result.transport_error == "");
    BOOST_TEST(result.data == "vsftpd says hi\n");
    BOOST_TEST(result.transcript.find("> AUTH ") != std::string::npos, result.transcript);
}

BOOST_AUTO_TEST_CASE(vsftpd_implicit_tls) {
    replycheck::test::test_certificate certificate;
    if (!certificate.ok) {
        BOOST_TEST_MESSAGE("openssl command not available; skipped");
        return;
    }
    vsftpd_server server(&certificate, true);
    if (!server.available) {
        BOOST_TEST_MESSAGE("vsftpd not available; skipped");
        return;
    }
    ftp_client_options options;
    options.timeout = 5s;
    options.implicit_tls = true;
    options.tls.ca_file = certificate.cert.string();
    ftp_control_client client(options);
    // The greeting itself arrives over TLS: a plain-text client would read nothing.
    auto greeting = client.connect("127.0.0.1", server.port);
    BOOST_TEST(greeting.transport_error == "");
    BOOST_TEST(final_code(greeting) == 220);
    const auto& setup = client.setup_exchanges();
    BOOST_REQUIRE(setup.size() == 2u);
    BOOST_TEST(setup[0].command == "PBSZ 0");
    BOOST_TEST(final_code(setup[0]) == 200);
    BOOST_TEST(setup[1].command == "PROT P");
    BOOST_TEST(final_code(setup[1]) == 200);
    auto login = client.login("anonymous", "x");
    BOOST_TEST(final_code(login.back()) == 230);
    auto retr = client.transfer("RETR readme.txt", {}, 'I');
    BOOST_TEST(retr.back().transport_error == "");
    BOOST_TEST(final_code(retr.back()) == 226);
    BOOST_TEST(retr.back().data == "vsftpd says hi\n");

    // Without TLS the same port gives no greeting a client can read.
    ftp_client_options plain_options;
    plain_options.timeout = 2s;
    ftp_control_client plain(plain_options);
    auto plain_greeting = plain.connect("127.0.0.1", server.port);
    BOOST_TEST(final_code(plain_greeting) != 220);
}
