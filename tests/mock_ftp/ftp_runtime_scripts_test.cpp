// Scripts added to a running mock FTP server (the admin API's engine): JSON validated by the file's
// loader with field paths, named states (state, next_state, initial_state), runtime scripts tried
// first and newest first, times from creation, remove/clear/reset, a removed script finishing its
// reply, and concurrent changes. Transfers are checked with libcurl.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include <boost/json/parse.hpp>
#include <curl/curl.h>
#include <toml++/toml.h>

#include "ftp_test_client.hpp"
#include "ftp_test_server.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/ftp/ftp_script_book.hpp"
#include "protocol/config_error.hpp"

namespace json = boost::json;
using namespace std::chrono_literals;
using replycheck::mock::ftp_mock_config;
using replycheck::mock::ftp_script_from_json;
using replycheck::protocol::config_error;
using replycheck::test::server;

namespace {

ftp_mock_config load(const std::string& text) {
    auto doc = toml::parse(std::string_view(text), std::string_view("mock.toml"));
    return replycheck::mock::load_ftp_mock_config(*doc["mock"]["ftp"].as_table(), "/base", "mock.toml");
}

config_error toml_error(const std::string& script) {
    try {
        load("[mock.ftp]\nroot = \"/srv\"\n[[mock.ftp.script]]\n" + script);
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no error for " << script);
    throw;
}

config_error json_error(std::string_view definition) {
    try {
        ftp_script_from_json(json::parse(definition), "/srv");
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no error for " << definition);
    throw;
}

// A mock whose file scripts come from `scripts` ([[mock.ftp.script]] tables, after `extra`).
server with_scripts(const std::string& extra, const std::string& scripts) {
    const auto loaded = load("[mock.ftp]\nroot = \"/srv\"\n" + extra + scripts);
    return server([&](ftp_mock_config& c) {
        c.scripts = loaded.scripts;
        c.initial_state = loaded.initial_state;
    });
}

std::uint64_t add(server& s, std::string_view definition) {
    auto value = json::parse(definition);
    return s.mock->add_script(ftp_script_from_json(value, s.root.path), value);
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// RETR through libcurl (passive mode, the file SIZE ignored): the bytes, or "" when the transfer failed.
std::string curl_get(const server& s, const std::string& path) {
    std::string body;
    CURL* curl = curl_easy_init();
    const auto url = "ftp://alice:secret@127.0.0.1:" + std::to_string(s.mock->port()) + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // The scripted bytes are not the file's: its SIZE says nothing about them.
    curl_easy_setopt(curl, CURLOPT_IGNORE_CONTENT_LENGTH, 1L);
    const auto code = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    return code == CURLE_OK ? body : std::string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_mistake_reads_the_same_in_toml_and_json) {
    const auto typo_toml = toml_error("match = { comand = \"RETR\" }\n");
    const auto typo_json = json_error(R"({"match": {"comand": "RETR"}})");
    BOOST_TEST(typo_toml.where().to_string() == "mock.toml:4:11");
    BOOST_TEST(typo_json.where().field == "match.comand");
    BOOST_TEST(typo_json.message() == typo_toml.message());
    BOOST_TEST(typo_json.message() == "unknown key 'comand' in 'match' (did you mean 'command'?)");

    const auto times_toml = toml_error("match = { command = \"RETR\" }\ntimes = 0\n");
    const auto times_json = json_error(R"({"match": {"command": "RETR"}, "times": 0})");
    BOOST_TEST(times_toml.where().line == 5);
    BOOST_TEST(times_json.where().field == "times");
    BOOST_TEST(times_json.message() == times_toml.message());
    BOOST_TEST(times_json.message() == "'times' must be between 1 and 1000000000, got 0");
    const auto control = json_error(R"({"match": {"command": "RETR"}, "next_state": "s\nX"})");
    BOOST_TEST(control.where().field == "next_state");
    BOOST_TEST(control.message() == "a state name is printable UTF-8 text (no control characters)");
    // RFC 959 §4.2: the transfer's replies keep their place in the exchange.
    BOOST_TEST(json_error(R"({"match": {"command": "RETR"}, "preliminary": "226 x"})").message() ==
               "'preliminary' must be a 1yz reply (150, 125), got 226");
    BOOST_TEST(json_error(R"({"match": {"command": "RETR"}, "final": "150 x"})").message() ==
               "'final' must be a 2yz-5yz reply (226, 451), got 150");

    const auto reply_json = json_error(R"({"match": {"command": "RETR"}, "reply": ["550 ok", 7]})");
    BOOST_TEST(reply_json.where().field == "reply[1]");
    BOOST_TEST(reply_json.message() == "expected string for 'reply', got integer");

    const auto state_json = json_error(R"({"match": {"command": "RETR"}, "state": ["a"]})");
    BOOST_TEST(state_json.where().field == "state");
    BOOST_TEST(json_error(R"("RETR")").where().field == "");
    // No match, the whole script: the error is at the body itself.
    const auto no_match = json_error(R"({"reply": "550 x"})");
    BOOST_TEST(no_match.where().field == "");
    BOOST_TEST(no_match.message().starts_with("a script needs 'match'"));
}

BOOST_AUTO_TEST_CASE(file_scripts_have_named_states) {
    auto s = with_scripts("initial_state = \"closed\"\n", R"(
[[mock.ftp.script]]
name = "opening"
match = { command = "NOOP" }
state = "closed"
next_state = "open"
reply = "200 opening"

[[mock.ftp.script]]
match = { command = "NOOP" }
state = "open"
reply = "200 already open"
)");
    const std::vector<std::string> states{"closed", "open"};
    BOOST_TEST(s.mock->known_states() == states, boost::test_tools::per_element());
    auto c = s.logged_in();
    BOOST_TEST(s.mock->state() == "closed");
    BOOST_TEST(c.command("NOOP").lines[0] == "200 opening");
    BOOST_TEST(s.mock->state() == "open");
    BOOST_TEST(c.command("NOOP").lines[0] == "200 already open");
    s.mock->set_state("closed");
    BOOST_TEST(c.command("NOOP").lines[0] == "200 opening");
    s.mock->set_state("elsewhere");
    BOOST_TEST(c.command("NOOP").lines[0] == "200 NOOP ok.");
    const auto listed = s.mock->scripts_json();
    BOOST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[0].at("name").as_string() == "opening");
    BOOST_TEST(listed[0].at("state").as_string() == "closed");
    BOOST_TEST(listed[0].at("next_state").as_string() == "open");
    BOOST_TEST(listed[0].at("uses").to_number<int>() == 2);
    BOOST_TEST(listed[1].at("name").as_string() == "rule 2");
    BOOST_TEST(listed[1].at("where").as_string().starts_with("mock.toml:"));
}

BOOST_AUTO_TEST_CASE(runtime_scripts_come_first_newest_first) {
    auto s = with_scripts("", R"(
[[mock.ftp.script]]
match = { command = "RETR", argument = "hello.txt" }
data = { action = "send", bytes = "from the file script" }
)");
    BOOST_TEST(curl_get(s, "/hello.txt") == "from the file script");
    const auto first = add(s, R"({"match": {"command": "RETR", "argument": "hello.txt"},
                                  "data": {"action": "send", "bytes": "first"}})");
    BOOST_TEST(curl_get(s, "/hello.txt") == "first");
    const auto second = add(s, R"({"name": "glob", "match": {"command": "RETR", "argument": "*.txt", "pattern": "glob"},
                                   "data": {"action": "send", "bytes": "second"}})");
    BOOST_TEST(first == 1u);
    BOOST_TEST(second == 2u);
    BOOST_TEST(curl_get(s, "/hello.txt") == "second");
    const auto listed = s.mock->scripts_json();
    BOOST_REQUIRE(listed.size() == 3u);
    BOOST_TEST(listed[0].at("id").as_uint64() == 2u);
    BOOST_TEST(listed[0].at("source").as_string() == "runtime");
    BOOST_TEST(listed[0].at("definition").at("data").at("bytes").as_string() == "second");
    BOOST_TEST(listed[1].at("name").as_string() == "script 1");
    BOOST_TEST(listed[2].at("id").is_null());
    BOOST_TEST(listed[2].at("source").as_string() == "file");
    BOOST_TEST(listed[2].at("uses").to_number<int>() == 1);

    BOOST_TEST(s.mock->remove_script(second));
    BOOST_TEST(!s.mock->remove_script(second));
    BOOST_TEST(curl_get(s, "/hello.txt") == "first");
    s.mock->clear_runtime_scripts();
    BOOST_TEST(curl_get(s, "/hello.txt") == "from the file script");
    BOOST_TEST(add(s, R"({"match": {"command": "NOOP"}, "reply": "200 x"})") == 3u);
}

BOOST_AUTO_TEST_CASE(times_counts_from_creation_and_reset_starts_over) {
    server s;
    auto c = s.logged_in();
    for (int i = 0; i < 3; ++i) BOOST_TEST(c.command("NOOP").code == 200);
    add(s, R"({"match": {"command": "NOOP"}, "times": 2, "state": "", "next_state": "after", "reply": "421 busy"})");
    BOOST_TEST(c.command("NOOP").code == 421);
    BOOST_TEST(c.command("NOOP").code == 421);
    BOOST_TEST(c.command("NOOP").code == 200);
    BOOST_TEST(s.mock->state() == "after");
    BOOST_TEST(s.mock->scripts_json()[0].at("uses").to_number<int>() == 2);
    BOOST_TEST(s.mock->scripts_json()[0].at("times").to_number<int>() == 2);
    BOOST_TEST(s.mock->journal().snapshot().size() > 0u);

    s.mock->reset();
    BOOST_TEST(s.mock->state() == "");
    BOOST_TEST(s.mock->scripts_json().empty());
    BOOST_TEST(s.mock->journal().snapshot().empty());
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(a_removed_script_finishes_its_reply) {
    server s;
    auto c = s.logged_in();
    const auto id = add(s, R"({"match": {"command": "NOOP"}, "delay": "400ms", "reply": ["250-first line", "250 last"]})");
    c.send_line("NOOP");
    std::this_thread::sleep_for(150ms);
    BOOST_TEST(s.mock->remove_script(id));
    const auto reply = c.read_reply();
    BOOST_TEST(reply.code == 250);
    BOOST_TEST(reply.lines.size() == 2u);
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(adding_and_removing_while_others_take) {
    replycheck::mock::ftp_script_book book({});
    BOOST_TEST(book.empty());
    auto value = json::parse(R"({"match": {"command": "RETR"}, "reply": "550 no"})");
    const auto script = ftp_script_from_json(value, "/srv");
    std::atomic<bool> done{false};
    std::atomic<long> taken{0};
    std::vector<std::thread> takers;
    for (int t = 0; t < 3; ++t)
        takers.emplace_back([&] {
            for (int i = 0; i < 2000000 && (i < 20000 || !done); ++i) {
                if (auto taken_script = book.take("RETR", "x")) {
                    ++taken;
                    if (taken_script->reply.at(0) != "550 no") std::abort();
                }
                book.has_script_for("RETR", "x");
            }
        });
    for (int i = 0; i < 2000; ++i) {
        const auto id = book.add(script, value);
        if (i % 3 == 0) book.to_json();
        if (i % 2 == 0) book.remove(id);
    }
    done = true;
    for (auto& t : takers) t.join();
    BOOST_TEST(book.to_json().size() == 1000u);
    BOOST_TEST(taken.load() > 0);
}
