// Password fields of mock configs written "${env:NAME}" are read from the environment at load
// time; an unset variable is a located config error, and other text stays the password.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include <toml++/toml.h>

#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/config_error.hpp"
#include "protocol/toml_reader.hpp"

using namespace replycheck;

namespace {

mock::mock_set_config load(const std::string& text) {
    auto doc = protocol::parse_toml(text, "env.toml");
    return mock::load_mock_set_config(*doc["mock"].as_table(), std::filesystem::temp_directory_path(), "env.toml");
}

std::string error_of(const std::string& text) {
    try {
        load(text);
    } catch (const protocol::config_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(env_reference_expands_in_ftp_and_http_passwords) {
    ::setenv("RC_TEST_PW", "Tulip-42", 1);
    auto config = load(R"(
[mock.http]
[[mock.http.auth]]
prefix = "/p"
user = "alice"
password = "${env:RC_TEST_PW}"

[mock.ftp]
root = "."
users = [{ name = "bob", password = "${env:RC_TEST_PW}" }, { name = "carol", password = "plain ${env:X}" }]
)");
    BOOST_REQUIRE(config.http && config.ftp);
    BOOST_TEST(config.http->auth.at(0).password == "Tulip-42");
    BOOST_TEST(config.ftp->users.at(0).password == "Tulip-42");
    // Only a whole-value reference is expanded.
    BOOST_TEST(config.ftp->users.at(1).password == "plain ${env:X}");
}

BOOST_AUTO_TEST_CASE(unset_variable_is_a_located_error) {
    ::unsetenv("RC_TEST_UNSET");
    auto ftp = error_of("[mock.ftp]\nroot = \".\"\nusers = [{ name = \"bob\", password = \"${env:RC_TEST_UNSET}\" }]\n");
    BOOST_TEST(ftp == "env.toml:3:37: environment variable RC_TEST_UNSET is not set");
    auto http = error_of("[mock.http]\n[[mock.http.auth]]\nprefix = \"/p\"\nuser = \"a\"\npassword = \"${env:RC_TEST_UNSET}\"\n");
    BOOST_TEST(http == "env.toml:5:12: environment variable RC_TEST_UNSET is not set");
    auto bad = error_of("[mock.ftp]\nroot = \".\"\nusers = [{ name = \"bob\", password = \"${env:1X}\" }]\n");
    BOOST_TEST(bad.find("env.toml:3:37: bad environment reference") == 0, bad);
}
