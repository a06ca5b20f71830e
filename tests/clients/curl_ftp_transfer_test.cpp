#include "harness/clients/curl_ftp_transfer.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"
#include "clients/temp_dir.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

using namespace std::chrono_literals;
using replycheck::harness::curl_ftp_request;
using replycheck::harness::curl_ftp_transfer;
using replycheck::harness::ftp_operation;

namespace {

struct mock_ftp {
    replycheck::test::temp_dir dir;
    std::unique_ptr<replycheck::mock::ftp_mock> mock;

    mock_ftp() {
        dir.write("pub/hello.txt", "hello over ftp\n");
        dir.write("pub/two.txt", "2");
        replycheck::mock::ftp_mock_config config;
        config.root = dir.path;
        config.users.push_back({"alice", "secret"});
        config.writable = true;
        mock = std::make_unique<replycheck::mock::ftp_mock>(config);
        mock->start();
    }
    std::string url(const std::string& path) const { return mock->base_url() + path; }
};

curl_ftp_request request_for(const std::string& url, ftp_operation operation = ftp_operation::download) {
    curl_ftp_request request;
    request.url = url;
    request.operation = operation;
    request.user = "alice";
    request.password = "secret";
    request.timeout = 5s;
    return request;
}

}  // namespace

BOOST_AUTO_TEST_CASE(download_with_per_command_exchanges) {
    mock_ftp server;
    curl_ftp_transfer transfer;
    auto result = transfer.perform(request_for(server.url("/pub/hello.txt")));
    BOOST_TEST(result.transport_error == "");
    BOOST_TEST(result.code == 226);
    BOOST_TEST(result.data == "hello over ftp\n");
    BOOST_TEST(result.remote_address == "127.0.0.1:" + std::to_string(server.mock->port()));
    BOOST_REQUIRE(result.exchanges.size() >= 4u);
    BOOST_TEST(result.exchanges[0].command.empty());  // the greeting
    BOOST_TEST(result.exchanges[0].replies.at(0).code == 220);
    bool masked = false, retr = false;
    for (const auto& exchange : result.exchanges) {
        if (exchange.command == "PASS ***") masked = true;
        if (exchange.command.rfind("RETR", 0) == 0) {
            retr = true;
            BOOST_TEST(exchange.data == "hello over ftp\n");
            BOOST_TEST(exchange.data_connection_used);
            BOOST_TEST(exchange.replies.back().code == 226);
        }
    }
    BOOST_TEST(masked);
    BOOST_TEST(retr);
    BOOST_TEST(result.transcript.find("> PASS ***") != std::string::npos);
    BOOST_TEST(result.transcript.find("secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_name_list_and_upload) {
    mock_ftp server;
    curl_ftp_transfer transfer;
    auto list = transfer.perform(request_for(server.url("/pub/"), ftp_operation::list));
    BOOST_TEST(list.code == 226);
    BOOST_TEST(list.data.find("hello.txt") != std::string::npos);
    auto names = transfer.perform(request_for(server.url("/pub/"), ftp_operation::name_list));
    BOOST_TEST(names.code == 226);
    BOOST_TEST(names.data.find("two.txt") != std::string::npos);
    auto upload = request_for(server.url("/pub/new.txt"), ftp_operation::upload);
    upload.upload_data = "fresh content";
    auto stored = transfer.perform(upload);
    BOOST_TEST(stored.transport_error == "");
    BOOST_TEST(stored.code == 226);
    std::ifstream in(server.dir.path / "pub/new.txt");
    std::stringstream content;
    content << in.rdbuf();
    BOOST_TEST(content.str() == "fresh content");
}

BOOST_AUTO_TEST_CASE(active_mode_and_no_epsv) {
    mock_ftp server;
    curl_ftp_transfer transfer;
    auto request = request_for(server.url("/pub/two.txt"));
    request.active = true;
    auto active = transfer.perform(request);
    BOOST_TEST(active.transport_error == "");
    BOOST_TEST(active.data == "2");
    request.active = false;
    request.use_epsv = false;
    auto pasv = transfer.perform(request);
    BOOST_TEST(pasv.data == "2");
    BOOST_TEST(pasv.transcript.find("> PASV") != std::string::npos, pasv.transcript);
}

BOOST_AUTO_TEST_CASE(wrong_login_and_missing_file) {
    mock_ftp server;
    curl_ftp_transfer transfer;
    auto request = request_for(server.url("/pub/hello.txt"));
    request.password = "wrong";
    auto denied = transfer.perform(request);
    BOOST_TEST(!denied.transport_error.empty());
    BOOST_TEST(denied.code == 530);
    auto missing = transfer.perform(request_for(server.url("/pub/none.txt")));
    BOOST_TEST(!missing.transport_error.empty());
    BOOST_TEST(missing.code == 550);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out) {
    replycheck::test::canned_server server([](replycheck::test::canned_connection& c) { c.wait_close(20s); });
    curl_ftp_transfer transfer;
    auto request = request_for("ftp://127.0.0.1:" + std::to_string(server.port()) + "/x");
    request.timeout = 500ms;
    const auto start = std::chrono::steady_clock::now();
    auto result = transfer.perform(request);
    BOOST_TEST(!result.transport_error.empty());
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // not at the server's close after 20 s
}
