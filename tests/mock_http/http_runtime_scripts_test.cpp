// Scripts added to a running mock HTTP server (the admin API's engine): JSON validated by the file's
// loader with field paths, runtime scripts tried first and newest first, times from creation,
// remove/clear/reset, named states, a removed script finishing its reply, and concurrent changes.
#include "mockserver/http/http_mock.hpp"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include <boost/json/parse.hpp>
#include <toml++/toml.h>

#include "mock_http/support.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_scripts.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
namespace json = boost::json;
using replycheck::mock::http_mock;
using replycheck::mock::http_script_from_json;
using replycheck::protocol::config_error;

namespace {

replycheck::mock::http_mock_config load(const std::string& text, const fs::path& base) {
    auto doc = toml::parse(std::string_view(text), std::string_view("mock.toml"));
    return replycheck::mock::load_http_mock_config(*doc["mock"]["http"].as_table(), base, "mock.toml");
}

// The error of loading `text` ([mock.http] with one script) or of `definition` as JSON.
config_error toml_error(const std::string& text) {
    try {
        load("[mock.http]\n[[mock.http.script]]\n" + text, fs::temp_directory_path());
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no error for " << text);
    throw;
}

config_error json_error(std::string_view definition, const fs::path& root = fs::temp_directory_path()) {
    try {
        http_script_from_json(json::parse(definition), root);
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no error for " << definition);
    throw;
}

struct running {
    temp_dir dir;
    std::unique_ptr<http_mock> mock;
    explicit running(const std::string& scripts = {}) {
        dir.write("page.txt", "from the root");
        dir.write("sub/inner.txt", "inner file");
        mock = std::make_unique<http_mock>(load("[mock.http]\nroot = \"" + dir.path.string() + "\"\n" +
                                                    "initial_state = \"start\"\n" + scripts,
                                                dir.path));
        mock->start();
    }
    std::uint64_t add(std::string_view definition) {
        auto value = json::parse(definition);
        return mock->add_script(http_script_from_json(value, dir.path), value);
    }
    curl_reply get(const std::string& path) { return curl_request(mock->base_url() + path); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_mistake_reads_the_same_in_toml_and_json) {
    const auto typo_toml = toml_error("match = { methdo = \"GET\" }\n");
    const auto typo_json = json_error(R"({"match": {"methdo": "GET"}})");
    BOOST_TEST(typo_toml.where().to_string() == "mock.toml:3:11");
    BOOST_TEST(typo_json.where().field == "match.methdo");
    BOOST_TEST(typo_json.message() == typo_toml.message());
    BOOST_TEST(typo_json.message() == "unknown key 'methdo' in match (did you mean 'method'?)");
    BOOST_TEST(std::string(typo_json.what()) == "match.methdo: " + typo_json.message());

    const auto status_toml = toml_error("replies = [{ status = 200 }, { status = 700 }]\n");
    const auto status_json = json_error(R"({"replies": [{"status": 200}, {"status": 700}]})");
    BOOST_TEST(status_toml.where().line == 3);
    BOOST_TEST(status_json.where().field == "replies[1].status");
    BOOST_TEST(status_json.message() == status_toml.message());

    const auto top_toml = toml_error("times = \"often\"\n");
    const auto top_json = json_error(R"({"times": "often"})");
    BOOST_TEST(top_json.where().field == "times");
    BOOST_TEST(top_json.message() == top_toml.message());
    BOOST_TEST(top_json.message() == "expected integer for 'times', got string");

    // The same ranges and names as the FTP mock's scripts and PUT /states.
    BOOST_TEST(json_error(R"({"times": 0})").message() == "'times' must be between 1 and 1000000000, got 0");
    BOOST_TEST(toml_error("times = 0\n").message() == "'times' must be between 1 and 1000000000, got 0");
    const auto control = json_error(R"({"state": "s\u0001"})");
    BOOST_TEST(control.where().field == "state");
    BOOST_TEST(control.message() == "a state name is printable UTF-8 text (no control characters)");
    BOOST_TEST(toml_error("next_state = \"a\\tb\"\n").message() == control.message());

    BOOST_TEST(json_error(R"({"reply": {"status": 503.0}})").message() == "'status' must be an integer, such as 503");

    BOOST_TEST(json_error(R"({"delay": "1000000h"})").message() ==
               "duration '1000000h' for 'delay' is out of range (at most 277777h, about 31 years)");
    BOOST_TEST(json_error(R"({"delay": 500})").message() ==
               "a duration needs a unit: write \"delay\": \"500ms\" or \"500s\", not a bare number");
    BOOST_TEST(toml_error("delay = 500\n").message().find("delay = \"500ms\"") != std::string::npos);

    const auto body = json_error(R"([1, 2])");
    BOOST_TEST(body.where().field == "");
    BOOST_TEST(body.message() == "a script is a JSON object");
}

BOOST_AUTO_TEST_CASE(json_body_file_stays_inside_the_root) {
    running r;
    fs::create_directories(r.dir.path / "sub");
    fs::create_symlink("/etc", r.dir.path / "sub" / "out");
    for (const auto* escape : {R"({"reply": {"body_file": "../x"}})", R"({"reply": {"body_file": "/etc/hostname"}})",
                               R"({"reply": {"body_file": "sub/../../x"}})",
                               R"({"reply": {"body_file": "sub/out/hostname"}})"}) {
        const auto e = json_error(escape, r.dir.path);
        BOOST_TEST(e.where().field == "reply.body_file", escape);
        BOOST_TEST(e.message() == "'body_file' must be a path inside the mock's root", escape);
    }
    BOOST_TEST(json_error(R"({"reply": {"body_file": "page.txt\u0000x"}})", r.dir.path).message() ==
               "'body_file' contains a NUL byte");
    BOOST_TEST(json_error(R"({"reply": {"body_file": "page.txt"}})", "").message() ==
               "'body_file' needs the mock to have a root");
    r.add(R"({"match": {"path": "/f"}, "reply": {"status": 200, "body_file": "sub/inner.txt"}})");
    BOOST_TEST(r.get("/f").body == "inner file");
}

BOOST_AUTO_TEST_CASE(body_file_is_checked_again_at_each_reply) {
    running r;
    r.dir.write("outside/secret.txt", "secret");
    r.dir.write("f/a.txt", "A");
    r.dir.write("f/b.txt", "B");
    r.dir.write("f/c.txt", "C");
    // The root is a subfolder here, so that a symlink can lead out of it.
    auto root_mock = std::make_unique<http_mock>(load("[mock.http]\nroot = \"" + (r.dir.path / "f").string() + "\"\n", r.dir.path / "f"));
    root_mock->start();
    for (const auto* name : {"a", "b", "c"}) {
        const std::string definition = std::string(R"({"match": {"path": "/)") + name + R"("}, "reply": {"body_file": ")" + name + R"(.txt"}})";
        const auto value = json::parse(definition);
        root_mock->add_script(http_script_from_json(value, r.dir.path / "f"), value);
    }
    BOOST_TEST(curl_request(root_mock->base_url() + "/a").body == "A");
    // Replaced by a symlink out of the root, by a FIFO, or removed: 500, never the bytes, never a hang.
    fs::remove(r.dir.path / "f" / "a.txt");
    fs::create_symlink(r.dir.path / "outside" / "secret.txt", r.dir.path / "f" / "a.txt");
    fs::remove(r.dir.path / "f" / "b.txt");
    BOOST_REQUIRE(::mkfifo((r.dir.path / "f" / "b.txt").c_str(), 0644) == 0);
    fs::remove(r.dir.path / "f" / "c.txt");
    for (const auto* path : {"/a", "/b", "/c"}) {
        const auto got = curl_request(root_mock->base_url() + path);
        BOOST_TEST(got.status == 500, path);
        BOOST_TEST(got.body.find("secret") == std::string::npos, path);
    }
    const auto entries = root_mock->journal().snapshot();
    BOOST_REQUIRE_EQUAL(entries.size(), 4u);
    BOOST_TEST(entries[3].status == 500);
    BOOST_TEST(entries[3].script == "script 3");
}

BOOST_AUTO_TEST_CASE(runtime_scripts_come_first_newest_first) {
    running r(R"(
[[mock.http.script]]
name = "file one"
match = { path = "/x" }
reply = { status = 201, body = "file" }
)");
    BOOST_TEST(r.get("/x").status == 201);
    const auto first = r.add(R"({"match": {"path": "/x"}, "reply": {"status": 202, "body": "first"}})");
    const auto second = r.add(R"({"name": "later", "match": {"path": "/x"}, "reply": {"status": 203}})");
    BOOST_TEST(first == 1u);
    BOOST_TEST(second == 2u);
    BOOST_TEST(r.get("/x").status == 203);
    const auto listed = r.mock->scripts_json();
    BOOST_REQUIRE(listed.size() == 3u);
    BOOST_TEST(listed[0].at("id").as_uint64() == 2u);
    BOOST_TEST(listed[0].at("source").as_string() == "runtime");
    BOOST_TEST(listed[0].at("name").as_string() == "later");
    BOOST_TEST(listed[0].at("uses").to_number<int>() == 1);
    BOOST_TEST(listed[0].at("times").is_null());
    BOOST_TEST(listed[0].at("definition").at("reply").at("status").to_number<int>() == 203);
    BOOST_TEST(listed[1].at("name").as_string() == "script 1");
    BOOST_TEST(listed[2].at("id").is_null());
    BOOST_TEST(listed[2].at("source").as_string() == "file");
    BOOST_TEST(listed[2].at("name").as_string() == "file one");
    BOOST_TEST(listed[2].at("uses").to_number<int>() == 1);
    BOOST_TEST(listed[2].at("where").as_string().starts_with("mock.toml:"));
    BOOST_TEST(!listed[2].as_object().contains("definition"));

    BOOST_TEST(r.mock->remove_script(second));
    BOOST_TEST(!r.mock->remove_script(second));
    BOOST_TEST(!r.mock->remove_script(99));
    BOOST_TEST(r.get("/x").body == "first");
    // Ids are never reused, even after a removal.
    BOOST_TEST(r.add(R"({"match": {"path": "/y"}, "reply": {"status": 204}})") == 3u);
    r.mock->clear_runtime_scripts();
    BOOST_TEST(r.get("/x").status == 201);
    BOOST_TEST(r.get("/y").status == 404);
    BOOST_TEST(r.mock->scripts_json().size() == 1u);
}

BOOST_AUTO_TEST_CASE(times_counts_from_creation) {
    running r;
    for (int i = 0; i < 3; ++i) BOOST_TEST(r.get("/page.txt").body == "from the root");
    r.add(R"({"match": {"path": "/page.txt"}, "times": 2, "reply": {"status": 503}})");
    BOOST_TEST(r.get("/page.txt").status == 503);
    BOOST_TEST(r.get("/page.txt").status == 503);
    BOOST_TEST(r.get("/page.txt").status == 200);
    BOOST_TEST(r.mock->scripts_json()[0].at("uses").to_number<int>() == 2);
    BOOST_TEST(r.mock->scripts_json()[0].at("times").to_number<int>() == 2);
}

BOOST_AUTO_TEST_CASE(states_and_reset) {
    running r(R"(
[[mock.http.script]]
match = { path = "/login" }
state = "start"
next_state = "in"
reply = { status = 200, body = "welcome" }
)");
    r.add(R"({"match": {"path": "/me"}, "state": "in", "next_state": "out", "reply": {"status": 200, "body": "me"}})");
    const std::vector<std::string> states{"start", "in", "out"};
    BOOST_TEST(r.mock->known_states() == states, boost::test_tools::per_element());
    BOOST_TEST(r.get("/me").status == 404);
    BOOST_TEST(r.get("/login").body == "welcome");
    BOOST_TEST(r.mock->state() == "in");
    BOOST_TEST(r.get("/me").body == "me");
    BOOST_TEST(r.mock->state() == "out");
    r.mock->set_state("in");
    BOOST_TEST(r.get("/me").body == "me");
    BOOST_TEST(r.mock->journal().size() == 4u);

    r.mock->reset();
    BOOST_TEST(r.mock->state() == "start");
    BOOST_TEST(r.mock->journal().size() == 0u);
    const auto listed = r.mock->scripts_json();
    BOOST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].at("uses").to_number<int>() == 0);
    BOOST_TEST(r.mock->known_states().size() == 2u);
    // The next id goes on after a reset.
    BOOST_TEST(r.add(R"({"match": {"path": "/z"}, "reply": {"status": 200}})") == 2u);
}

BOOST_AUTO_TEST_CASE(a_removed_script_finishes_its_reply) {
    running r;
    const auto id = r.add(R"({"match": {"path": "/slow"}, "delay": "400ms", "reply": {"status": 202, "body": "late"}})");
    curl_reply reply;
    std::thread client([&] { reply = r.get("/slow"); });
    // Remove it while the connection waits out the delay (the journal shows the request once it is answered).
    std::this_thread::sleep_for(150ms);
    BOOST_TEST(r.mock->remove_script(id));
    client.join();
    BOOST_TEST(reply.status == 202);
    BOOST_TEST(reply.body == "late");
    BOOST_TEST(r.get("/slow").status == 404);
}

BOOST_AUTO_TEST_CASE(a_held_choice_outlives_removal) {
    std::vector<replycheck::mock::http_script> none;
    replycheck::mock::detail::script_engine engine(none, "");
    BOOST_TEST(!engine.choose({"GET", "/", "", nullptr, nullptr}).script);   // no script: no lock, no match
    auto value = json::parse(R"({"match": {"path": "/a"}, "replies": [{"status": 201}, {"status": 202}]})");
    const auto id = engine.add(http_script_from_json(value, ""), value);
    const auto choice = engine.choose({"GET", "/a", "", nullptr, nullptr});
    BOOST_REQUIRE(choice.script);
    BOOST_TEST(engine.remove(id));
    BOOST_TEST(choice.script.use_count() == 1);   // the connection's reference is the last one
    BOOST_TEST(choice.reply->status == 201);
    BOOST_TEST(!engine.choose({"GET", "/a", "", nullptr, nullptr}).script);
}

BOOST_AUTO_TEST_CASE(adding_and_removing_while_others_choose) {
    std::vector<replycheck::mock::http_script> none;
    replycheck::mock::detail::script_engine engine(none, "");
    auto value = json::parse(R"({"match": {"path": "/a"}, "reply": {"status": 200}})");
    const auto script = http_script_from_json(value, "");
    std::atomic<bool> done{false};
    std::atomic<long> matched{0};
    std::vector<std::thread> choosers;
    for (int t = 0; t < 3; ++t)
        choosers.emplace_back([&] {
            // At least 20000 choices, and on while scripts are being added and removed (bounded).
            for (int i = 0; i < 2000000 && (i < 20000 || !done); ++i) {
                const auto c = engine.choose({"GET", "/a", "", nullptr, nullptr});
                if (c.script) {
                    ++matched;
                    if (c.reply->status != 200) std::abort();
                }
            }
        });
    for (int i = 0; i < 2000; ++i) {
        const auto id = engine.add(script, value);
        if (i % 3 == 0) engine.to_json();
        if (i % 2 == 0) engine.remove(id);
    }
    done = true;
    for (auto& t : choosers) t.join();
    BOOST_TEST(engine.to_json().size() == 1000u);
    BOOST_TEST(engine.to_json()[0].at("id").as_uint64() == 2000u);
    BOOST_TEST(matched.load() > 0);
}
