// The mock set: one [mock] table starting the HTTP and FTP mocks together, located errors,
// the combined journal file and the live one.
#include "mockserver/mock_set.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include <boost/json.hpp>
#include <curl/curl.h>

#include "mock_http/support.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
using namespace replycheck::mock;

namespace {

mock_set_config load(const std::string& text, const fs::path& base) {
    auto doc = toml::parse(std::string_view(text), std::string_view("set.toml"));
    return load_mock_set_config(*doc["mock"].as_table(), base, "set.toml");
}

}  // namespace

BOOST_AUTO_TEST_CASE(http_and_ftp_together_with_one_journal) {
    temp_dir dir;
    dir.write("www/hello.txt", "hello over http\n");
    dir.write("ftp/file.txt", "hello over ftp\n");
    auto config = load(R"(
[mock.http]
root = "www"
[[mock.http.script]]
match = { path = "/teapot" }
reply = { status = 418, body = "short and stout" }

[mock.ftp]
root = "ftp"
anonymous = true
)", dir.path);
    BOOST_REQUIRE(config.http.has_value());
    BOOST_REQUIRE(config.ftp.has_value());
    mock_set set(std::move(config));
    set.start();
    BOOST_REQUIRE(set.http() != nullptr);
    BOOST_REQUIRE(set.ftp() != nullptr);
    BOOST_TEST(curl_request(set.http()->base_url() + "/hello.txt").body == "hello over http\n");
    BOOST_TEST(curl_request(set.http()->base_url() + "/teapot").status == 418);
    auto ftp = curl_request("ftp://127.0.0.1:" + std::to_string(set.ftp()->port()) + "/file.txt");
    BOOST_TEST(ftp.code == CURLE_OK);
    BOOST_TEST(ftp.body == "hello over ftp\n");
    set.stop();
    auto path = dir.path / "journal.json";
    set.write_journal(path);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = boost::json::parse(ss.str()).as_object();
    BOOST_TEST(doc.at("http").as_array().size() == 2u);
    BOOST_TEST(doc.at("http").as_array()[1].as_object().at("status").as_int64() == 418);
    BOOST_TEST(!doc.at("ftp").as_array().empty());
    BOOST_TEST(!fs::exists(dir.path / ("journal.json.tmp-" + std::to_string(::getpid()))));
}

BOOST_AUTO_TEST_CASE(only_http_and_errors) {
    temp_dir dir;
    auto config = load("[mock.http]\n", dir.path);
    BOOST_TEST(!config.ftp.has_value());
    mock_set set(std::move(config));
    set.start();
    BOOST_TEST(set.ftp() == nullptr);
    BOOST_TEST(curl_request(set.http()->base_url() + "/x").status == 404);
    auto error_of = [&](const std::string& text) -> std::string {
        try {
            load(text, dir.path);
        } catch (const replycheck::protocol::config_error& e) {
            return e.what();
        }
        return "no error";
    };
    BOOST_TEST(error_of("[mock]\nsmtp = 1\n").find("set.toml:2:1: unknown key 'smtp'") == 0u);
    BOOST_TEST(error_of("[mock]\n").find("needs [mock.http] or [mock.ftp]") != std::string::npos);
    BOOST_TEST(error_of("[mock.http]\nthreads = \"two\"\n").find("set.toml:2:") == 0u);
    // Both listeners on one port: the second start fails and nothing stays running.
    auto taken = load("[mock.http]\nlisten = \"127.0.0.1:" + std::to_string(set.http()->port()) + "\"\n", dir.path);
    mock_set clash(std::move(taken));
    BOOST_CHECK_THROW(clash.start(), std::system_error);
}

BOOST_AUTO_TEST_CASE(journal_file_masks_credentials_unless_asked) {
    temp_dir dir;
    dir.write("www/private/a.txt", "a\n");
    dir.write("ftp/file.txt", "f\n");
    auto config = load(R"(
[mock.http]
root = "www"
[[mock.http.auth]]
prefix = "/private"
user = "alice"
password = "Wonder-7"
[mock.ftp]
root = "ftp"
users = [{ name = "bob", password = "Hunter-9" }]
)", dir.path);
    mock_set set(std::move(config));
    set.start();
    BOOST_TEST(curl_request(set.http()->base_url() + "/private/a.txt", user("alice:Wonder-7")).status == 200);
    auto ftp = curl_request("ftp://bob:Hunter-9@127.0.0.1:" + std::to_string(set.ftp()->port()) + "/file.txt");
    BOOST_TEST(ftp.body == "f\n");
    set.stop();
    auto read = [&](bool with_credentials) {
        const auto path = dir.path / "journal.json";
        set.write_journal(path, with_credentials);
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    };
    const std::string alice_base64 = "YWxpY2U6V29uZGVyLTc=";   // alice:Wonder-7
    const auto masked = read(false);
    BOOST_TEST(masked.find(alice_base64) == std::string::npos);
    BOOST_TEST(masked.find("Hunter-9") == std::string::npos);
    BOOST_TEST(masked.find("Basic ***") != std::string::npos);
    const auto raw = read(true);
    BOOST_TEST(raw.find(alice_base64) != std::string::npos);
    BOOST_TEST(raw.find("Hunter-9") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stream_journal_writes_each_entry_while_serving) {
    temp_dir dir;
    dir.write("www/hello.txt", "hello\n");
    dir.write("ftp/file.txt", "f\n");
    mock_set set(load("[mock.http]\nroot = \"www\"\n[mock.ftp]\nroot = \"ftp\"\nanonymous = true\n", dir.path));
    const auto path = dir.path / "live.jsonl";
    set.stream_journal(path, {});
    std::vector<std::string> said;
    std::mutex said_mutex;
    set.narrate([&](const std::string& line) {
        std::lock_guard lock(said_mutex);
        said.push_back(line);
    });
    set.start();
    BOOST_TEST(curl_request(set.http()->base_url() + "/hello.txt").status == 200);
    BOOST_TEST(curl_request("ftp://127.0.0.1:" + std::to_string(set.ftp()->port()) + "/file.txt").body == "f\n");
    // Read before stop: every line is there already (curl's QUIT may still be on its way).
    std::vector<boost::json::object> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line).as_object());
    BOOST_REQUIRE(!lines.empty());
    BOOST_TEST(lines[0].at("mock").as_string() == "http");
    BOOST_TEST(lines[0].at("seq").as_int64() == 1);
    BOOST_TEST(lines[0].at("status").as_int64() == 200);
    BOOST_TEST(lines[0].at("target").as_string() == "/hello.txt");
    BOOST_TEST(lines[0].at("client").as_string() == "127.0.0.1");
    bool retr = false;
    for (const auto& l : lines)
        retr = retr || (l.at("mock").as_string() == "ftp" && l.at("command").as_string() == "RETR" && l.at("code").as_int64() == 226);
    BOOST_TEST(retr);
    set.stop();
    std::lock_guard lock(said_mutex);
    BOOST_REQUIRE(!said.empty());
    BOOST_TEST(said[0] == "http #1 127.0.0.1 \"GET /hello.txt HTTP/1.1\" 200");
}
