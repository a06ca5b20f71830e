// The mock set's TLS: [mock.tls] loaded beside [mock.http], one TLS server for the set (its
// certificate written to cert_out and trusted by libcurl), and the located load errors of the
// HTTPS keys of [mock.http].
#include "mockserver/mock_set.hpp"

#include <boost/test/unit_test.hpp>

#include "mock_http/support.hpp"
#include "mockserver/mock_set_config.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
using namespace replycheck::mock;

namespace {

mock_set_config load(const std::string& text, const fs::path& base) {
    auto doc = toml::parse(std::string_view(text), std::string_view("set.toml"));
    return load_mock_set_config(*doc["mock"].as_table(), base, "set.toml");
}

// The message of the config_error `text` causes ("" when it loads).
std::string error_of(const std::string& text, const fs::path& base) {
    try {
        load(text, base);
    } catch (const replycheck::protocol::config_error& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(one_tls_server_for_the_set_with_cert_out) {
    temp_dir dir;
    dir.write("www/hello.txt", "hello over https\n");
    auto config = load(R"(
[mock.http]
https = "127.0.0.1:0"
root = "www"
[mock.tls]
cert_out = "mock-ca.pem"
)", dir.path);
    BOOST_REQUIRE(config.tls.has_value());
    BOOST_TEST(config.http->https_listen == "127.0.0.1:0");
    mock_set set(std::move(config));
    BOOST_REQUIRE(set.tls() != nullptr);
    set.start();
    BOOST_TEST(fs::exists(dir.path / "mock-ca.pem"));
    std::string body;
    CURL* h = curl_easy_init();
    const auto url = set.http()->https_base_url() + "/hello.txt";
    const auto ca = (dir.path / "mock-ca.pem").string();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    BOOST_TEST(curl_easy_perform(h) == CURLE_OK);
    curl_easy_cleanup(h);
    BOOST_TEST(body == "hello over https\n");
}

BOOST_AUTO_TEST_CASE(no_tls_server_when_nothing_needs_one) {
    temp_dir dir;
    dir.write("www/a.txt", "a");
    mock_set set(load("[mock.http]\nroot = \"www\"\n", dir.path));
    BOOST_TEST(set.tls() == nullptr);
}

BOOST_AUTO_TEST_CASE(https_keys_are_checked_and_located) {
    temp_dir dir;
    dir.write("www/a.txt", "a");
    const auto no_client_cert = error_of(R"([mock.http]
root = "www"
https = "127.0.0.1:0"
require_client_cert = ["/certs"]
)", dir.path);
    BOOST_TEST(contains(no_client_cert, "set.toml:4:"), no_client_cert);
    BOOST_TEST(contains(no_client_cert, "client_cert = \"optional\""), no_client_cert);
    const auto off = error_of(R"([mock.http]
root = "www"
require_client_cert = "/certs"
[mock.tls]
client_cert = "off"
)", dir.path);
    BOOST_TEST(contains(off, "set.toml:3:"), off);
    BOOST_TEST(error_of(R"([mock.http]
root = "www"
require_client_cert = "/certs"
[mock.tls]
client_cert = "optional"
)", dir.path).empty());
    const auto bad_prefix = error_of("[mock.http]\nroot = \"www\"\nrequire_tls = [\"secure\"]\n", dir.path);
    BOOST_TEST(contains(bad_prefix, "set.toml:3:"), bad_prefix);
    BOOST_TEST(contains(bad_prefix, "starts with '/'"), bad_prefix);
    const auto bad_https = error_of("[mock.http]\nroot = \"www\"\nhttps = \"nowhere\"\n", dir.path);
    BOOST_TEST(contains(bad_https, "set.toml:3:"), bad_https);
    const auto bad_match = error_of(R"([mock.http]
root = "www"
[[mock.http.script]]
match = { tls = "yes" }
)", dir.path);
    BOOST_TEST(contains(bad_match, "set.toml:4:"), bad_match);
    const auto bad_cert_match = error_of(R"([mock.http]
root = "www"
[[mock.http.script]]
match = { client_cert = 3 }
)", dir.path);
    BOOST_TEST(contains(bad_cert_match, "set.toml:4:"), bad_cert_match);
    BOOST_TEST(contains(bad_cert_match, "client_cert"), bad_cert_match);
    const auto bad_regex = error_of(R"([mock.http]
root = "www"
[[mock.http.script]]
match = { client_cert = { regex = "(" } }
)", dir.path);
    BOOST_TEST(contains(bad_regex, "set.toml:4:"), bad_regex);
    const auto unknown = error_of("[mock.http]\nroot = \"www\"\n[mock.tls]\ncolour = \"blue\"\n", dir.path);
    BOOST_TEST(contains(unknown, "set.toml:4:"), unknown);
}
