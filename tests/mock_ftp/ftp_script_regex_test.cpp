// A real mock FTP server with a regex script that backtracks catastrophically on the argument a
// client sends: the script does not match, the next script answers, and the session goes on.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "ftp_test_client.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "protocol/bounded_regex.hpp"

namespace fs = std::filesystem;
using replycheck::mock::ftp_match_kind;
using replycheck::mock::ftp_mock;
using replycheck::mock::ftp_mock_config;
using replycheck::mock::ftp_script;
using replycheck::test::ftp_test_client;

namespace {

ftp_script size_script(ftp_match_kind kind, const std::string& argument, const std::string& reply) {
    ftp_script script;
    script.match.command = "SIZE";
    script.match.kind = kind;
    script.match.argument = argument;
    if (kind == ftp_match_kind::regex)
        script.match.compiled = std::make_shared<const replycheck::protocol::bounded_regex>(argument);
    script.reply = {reply};
    return script;
}

}  // namespace

BOOST_AUTO_TEST_CASE(catastrophic_argument_regex_falls_through_to_the_next_script) {
    const fs::path root = fs::temp_directory_path() / ("rc-ftp-regex-" + std::to_string(std::random_device{}()) +
                                                       "-" + std::to_string(::getpid()));
    fs::create_directories(root);
    {
        ftp_mock_config config;
        config.root = root;
        config.users = {{"alice", "secret"}};
        config.scripts = {size_script(ftp_match_kind::regex, "(a|aa)*b", "213 1"),
                        size_script(ftp_match_kind::any, "", "550 fallback")};
        ftp_mock mock(std::move(config));
        mock.start();
        ftp_test_client client(mock.port(), std::chrono::seconds(120));
        BOOST_REQUIRE_EQUAL(client.read_reply().code, 220);
        BOOST_REQUIRE_EQUAL(client.login("alice", "secret").code, 230);
        // The mock takes command lines up to 4096 octets; this argument fills most of one.
        const auto start = std::chrono::steady_clock::now();
        const auto reply = client.command("SIZE " + std::string(4000, 'a'));
        const auto elapsed = std::chrono::steady_clock::now() - start;
        BOOST_TEST(reply.lines.at(0) == "550 fallback");
        BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 60);   // unbounded: hours
        BOOST_TEST(client.command("SIZE aab").lines.at(0) == "213 1");
        BOOST_TEST(client.command("NOOP").code == 200);
        mock.stop();
    }
    std::error_code ec;
    fs::remove_all(root, ec);
}
