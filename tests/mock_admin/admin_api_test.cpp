// The admin API over TCP: an in-process mock set with [mock.admin], driven with libcurl like a
// pytest or JUnit suite would drive it (rules, journal, states, reset, token, limits, load).
#include "mockserver/mock_set.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <system_error>
#include <chrono>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <curl/curl.h>

#include "mock_http/support.hpp"
#include "mockserver/admin/admin_server.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/config_error.hpp"

using namespace test_support;
using namespace replycheck::mock;
namespace json = boost::json;

namespace {

mock_set_config load(const std::string& text, const fs::path& base) {
    auto doc = toml::parse(std::string_view(text), std::string_view("set.toml"));
    return load_mock_set_config(*doc["mock"].as_table(), base, "set.toml");
}

// A mock set with an HTTP mock over www/, an FTP mock over ftp/ and the admin API on port 0.
struct fixture {
    temp_dir dir;
    std::unique_ptr<mock_set> set;
    explicit fixture(const std::string& extra = "", const std::string& token = "") {
        dir.write("www/hello.txt", "hello\n");
        dir.write("ftp/file.txt", "ftp file\n");
        dir.write("ftp/other.txt", "other\n");
        std::string admin = "[mock.admin]\nlisten = \"127.0.0.1:0\"\n";
        if (!token.empty()) admin += "token = \"" + token + "\"\n";
        set = std::make_unique<mock_set>(load(R"(
[mock.http]
root = "www"
initial_state = "start"
[mock.ftp]
root = "ftp"
anonymous = true
)" + admin + extra, dir.path));
        set->start();
        BOOST_REQUIRE(set->admin() != nullptr);
    }
    std::string admin_url(const std::string& path) const { return "http://" + set->admin()->address() + path; }
    std::string http_url(const std::string& path) const { return set->http()->base_url() + path; }
    std::string ftp_url(const std::string& path) const { return set->ftp()->base_url() + path; }

    curl_reply call(const std::string& method, const std::string& path, const std::string& body = "",
                    std::vector<std::string> headers = {}) const {
        curl_options o;
        o.method = method;
        o.headers = std::move(headers);
        if (!body.empty()) {
            o.body = body;
            o.send_body = true;
            o.headers.push_back("Content-Type: application/json");
        }
        return curl_request(admin_url(path), o);
    }
};

json::value body_json(const curl_reply& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    BOOST_TEST_INFO("body: " << r.body);
    BOOST_TEST(!ec);
    return v;
}

std::size_t entries(const fixture& f, const std::string& query) {
    auto r = f.call("GET", query);
    BOOST_TEST(r.status == 200);
    return body_json(r).at("entries").as_array().size();
}

// The rules added over the API still in place on the HTTP mock.
std::size_t runtime_rules(const fixture& f) {
    std::size_t n = 0;
    const auto rules = body_json(f.call("GET", "/rules/http"));
    for (const auto& rule : rules.as_array())
        if (rule.at("source").as_string() == "runtime") ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(http_rules_added_listed_removed_and_reset) {
    fixture f;
    BOOST_TEST(curl_request(f.http_url("/teapot")).status == 404);
    auto added = f.call("POST", "/rules/http", R"({"name":"teapot","match":{"path":"/teapot"},
        "reply":{"status":418,"body":"short and stout"}})");
    BOOST_TEST(added.status == 201);
    BOOST_TEST(added.header("content-type") == "application/json");
    const auto id = json::value_to<std::uint64_t>(body_json(added).at("id"));
    BOOST_TEST(added.header("location") == "/rules/http/" + std::to_string(id));
    auto teapot = curl_request(f.http_url("/teapot"));
    BOOST_TEST(teapot.status == 418);
    BOOST_TEST(teapot.body == "short and stout");

    auto list = f.call("GET", "/rules/http");
    BOOST_TEST(list.status == 200);
    const auto rules = body_json(list).as_array();
    BOOST_REQUIRE(!rules.empty());
    BOOST_TEST(json::value_to<std::uint64_t>(rules.front().at("id")) == id);
    auto one = f.call("GET", "/rules/http/" + std::to_string(id));
    BOOST_TEST(one.status == 200);
    BOOST_TEST(body_json(one).at("name").as_string() == "teapot");
    BOOST_TEST(body_json(one).at("uses").to_number<int>() == 1);

    BOOST_TEST(f.call("DELETE", "/rules/http/" + std::to_string(id)).status == 204);
    BOOST_TEST(f.call("DELETE", "/rules/http/" + std::to_string(id)).status == 404);
    BOOST_TEST(f.call("GET", "/rules/http/" + std::to_string(id)).status == 404);
    BOOST_TEST(curl_request(f.http_url("/teapot")).status == 404);

    // DELETE /rules/http removes every runtime rule; POST /reset too (and clears the journal).
    f.call("POST", "/rules/http", R"({"match":{"path":"/a"},"reply":{"status":201}})");
    f.call("POST", "/rules/http", R"({"match":{"path":"/b"},"reply":{"status":202}})");
    BOOST_TEST(curl_request(f.http_url("/a")).status == 201);
    BOOST_TEST(f.call("DELETE", "/rules/http").status == 204);
    BOOST_TEST(curl_request(f.http_url("/b")).status == 404);
    f.call("POST", "/rules/http", R"({"match":{"path":"/c"},"reply":{"status":203}})");
    BOOST_TEST(curl_request(f.http_url("/c")).status == 203);
    auto reset = f.call("POST", "/reset");
    BOOST_TEST(reset.status == 200);
    BOOST_TEST(curl_request(f.http_url("/c")).status == 404);
    BOOST_TEST(entries(f, "/journal/http") == 1u);   // only the GET /c after the reset
}

BOOST_AUTO_TEST_CASE(ftp_rule_answers_a_libcurl_transfer) {
    fixture f;
    auto before = curl_request(f.ftp_url("/file.txt"));
    BOOST_TEST(before.code == CURLE_OK);
    BOOST_TEST(before.body == "ftp file\n");
    auto added = f.call("POST", "/rules/ftp", R"({"match":{"command":"RETR","argument":"file.txt"},
        "reply":"550 Not today."})");
    BOOST_TEST(added.status == 201);
    const auto id = json::value_to<std::uint64_t>(body_json(added).at("id"));
    BOOST_TEST(added.header("location") == "/rules/ftp/" + std::to_string(id));
    BOOST_TEST(curl_request(f.ftp_url("/file.txt")).code == CURLE_REMOTE_FILE_NOT_FOUND);
    BOOST_TEST(f.call("GET", "/rules/ftp/" + std::to_string(id)).status == 200);
    auto retr = f.call("GET", "/journal/ftp?command=retr");
    BOOST_TEST(retr.status == 200);
    const auto list = body_json(retr).at("entries").as_array();
    BOOST_REQUIRE(list.size() == 2u);
    BOOST_TEST(list[0].at("code").to_number<int>() == 226);
    BOOST_TEST(list[1].at("code").to_number<int>() == 550);
    BOOST_TEST(f.call("DELETE", "/rules/ftp/" + std::to_string(id)).status == 204);
    BOOST_TEST(curl_request(f.ftp_url("/file.txt")).code == CURLE_OK);
}

BOOST_AUTO_TEST_CASE(journal_queries_filter_by_method_path_since_and_session) {
    fixture f;
    curl_request(f.http_url("/a"));
    curl_request(f.http_url("/b/1?q=1"));
    curl_request(f.http_url("/b/2"), upload("POST", "x"));
    auto all = body_json(f.call("GET", "/journal/http"));
    BOOST_REQUIRE(all.at("entries").as_array().size() == 3u);
    const auto first_seq = all.at("entries").as_array()[0].at("seq").to_number<std::uint64_t>();
    BOOST_TEST(all.at("last_seq").to_number<std::uint64_t>() == first_seq + 2);
    BOOST_TEST(entries(f, "/journal/http?method=post") == 1u);
    BOOST_TEST(entries(f, "/journal/http?method=GET") == 2u);
    BOOST_TEST(entries(f, "/journal/http?path=/b/1") == 1u);    // the query is not part of the path
    BOOST_TEST(entries(f, "/journal/http?path=/b/*") == 2u);
    BOOST_TEST(entries(f, "/journal/http?path=/b") == 0u);
    BOOST_TEST(entries(f, "/journal/http?since=" + std::to_string(first_seq)) == 2u);
    BOOST_TEST(entries(f, "/journal/http?since=" + std::to_string(first_seq + 2)) == 0u);
    const std::string time = all.at("entries").as_array()[1].at("time").as_string().c_str();
    BOOST_TEST(entries(f, "/journal/http?since=" + time) >= 2u);
    BOOST_TEST(entries(f, "/journal/http?since=2000-01-01T00:00:00%2B01:00") == 3u);
    BOOST_TEST(entries(f, "/journal/http?since=2999-01-01T00:00:00Z") == 0u);
    BOOST_TEST(f.call("GET", "/journal/http?since=yesterday").status == 400);
    BOOST_TEST(f.call("GET", "/journal/http?colour=red").status == 400);

    curl_request(f.ftp_url("/file.txt"));
    curl_request(f.ftp_url("/other.txt"));
    auto ftp = body_json(f.call("GET", "/journal/ftp"));
    const auto& ftp_entries = ftp.at("entries").as_array();
    BOOST_REQUIRE(!ftp_entries.empty());
    BOOST_TEST(ftp_entries[0].at("command").as_string() == "USER");
    const auto second = ftp_entries.back().at("session").to_number<int>();
    BOOST_TEST(entries(f, "/journal/ftp?command=RETR") == 2u);
    BOOST_TEST(entries(f, "/journal/ftp?command=retr&session=" + std::to_string(second)) == 1u);
    BOOST_TEST(entries(f, "/journal/ftp?session=999") == 0u);
    // PASS is masked as in the journal file.
    for (const auto& e : ftp_entries)
        if (e.at("command").as_string() == "PASS") BOOST_TEST(e.at("argument").as_string() == "****");

    BOOST_TEST(f.call("DELETE", "/journal/http").status == 204);
    BOOST_TEST(entries(f, "/journal/http") == 0u);
    BOOST_TEST(entries(f, "/journal/ftp") > 0u);
    BOOST_TEST(f.call("DELETE", "/journal/ftp").status == 204);
    BOOST_TEST(entries(f, "/journal/ftp") == 0u);
}

BOOST_AUTO_TEST_CASE(states_read_and_set) {
    fixture f(R"(
[[mock.http.script]]
match = { path = "/door" }
state = "open"
reply = { status = 200, body = "come in" }
)");
    auto states = body_json(f.call("GET", "/states"));
    BOOST_TEST(states.at("http").at("state").as_string() == "start");
    BOOST_TEST(states.at("http").at("initial").as_string() == "start");
    BOOST_TEST(states.as_object().contains("ftp"));
    BOOST_TEST(curl_request(f.http_url("/door")).status == 404);
    auto set = f.call("PUT", "/states/open?mock=http");
    BOOST_TEST(set.status == 200);
    BOOST_TEST(body_json(set).at("http").at("state").as_string() == "open");
    BOOST_TEST(body_json(set).at("ftp").at("state").as_string() != "open");
    BOOST_TEST(curl_request(f.http_url("/door")).body == "come in");
    BOOST_TEST(f.call("PUT", "/states/other").status == 200);
    auto both = body_json(f.call("GET", "/states"));
    BOOST_TEST(both.at("http").at("state").as_string() == "other");
    BOOST_TEST(both.at("ftp").at("state").as_string() == "other");
    BOOST_TEST(f.call("PUT", "/states/x?mock=gopher").status == 400);
    BOOST_TEST(f.call("POST", "/reset").status == 200);
    BOOST_TEST(body_json(f.call("GET", "/states")).at("http").at("state").as_string() == "start");
}

BOOST_AUTO_TEST_CASE(health_and_unconfigured_mock) {
    temp_dir dir;
    dir.write("www/hello.txt", "hello\n");
    mock_set set(load(R"(
[mock.http]
root = "www"
[mock.admin]
listen = "127.0.0.1:0"
)", dir.path));
    set.start();
    const auto base = "http://" + set.admin()->address();
    auto health = curl_request(base + "/health");
    BOOST_TEST(health.status == 200);
    auto doc = json::parse(health.body);
    BOOST_TEST(doc.at("status").as_string() == "ok");
    BOOST_TEST(doc.at("http").as_string() == "127.0.0.1:" + std::to_string(set.http()->port()));
    BOOST_TEST(!doc.as_object().contains("ftp"));
    auto ftp = curl_request(base + "/rules/ftp", upload("POST", R"({"reply":"500 x"})", {"Content-Type: application/json"}));
    BOOST_TEST(ftp.status == 404);
    BOOST_TEST(ftp.body.find("no FTP mock") != std::string::npos);
    BOOST_TEST(curl_request(base + "/journal/ftp").status == 404);
    BOOST_TEST(curl_request(base + "/states/x?mock=ftp", method("PUT")).status == 404);
    BOOST_TEST(!json::parse(curl_request(base + "/states").body).as_object().contains("ftp"));
}

BOOST_AUTO_TEST_CASE(token_refused_and_accepted) {
    fixture f("", "s3cret-token");
    auto none = f.call("GET", "/health");
    BOOST_TEST(none.status == 401);
    BOOST_TEST(none.header("www-authenticate") == "Bearer realm=\"replycheck-mock\"");
    BOOST_TEST(none.header("content-type") == "application/json");
    BOOST_TEST(none.body.find("s3cret") == std::string::npos);
    BOOST_TEST(f.call("GET", "/health", "", {"Authorization: Bearer wrong"}).status == 401);
    BOOST_TEST(f.call("GET", "/health", "", {"Authorization: Bearer s3cret-tokeN"}).status == 401);   // same length
    BOOST_TEST(f.call("GET", "/health", "", {"Authorization: Basic czNjcmV0LXRva2Vu"}).status == 401);
    BOOST_TEST(f.call("POST", "/rules/http", R"({"reply":{"status":200}})", {"Authorization: Bearer x"}).status == 401);
    BOOST_TEST(f.call("GET", "/health", "", {"Authorization: Bearer s3cret-token"}).status == 200);
    BOOST_TEST(f.call("GET", "/rules/http", "", {"Authorization: bearer  s3cret-token"}).status == 200);
}

BOOST_AUTO_TEST_CASE(non_loopback_without_token_is_refused) {
    admin_options o;
    o.listen = "0.0.0.0:0";
    BOOST_TEST(admin_options_problem(o).find("token") != std::string::npos);
    o.token = "t";
    BOOST_TEST(admin_options_problem(o).empty());
    o = {};
    o.listen = "[::1]:0";
    BOOST_TEST(admin_options_problem(o).empty());
    o.listen = "example.com:1";
    BOOST_TEST(!admin_options_problem(o).empty());
}

BOOST_AUTO_TEST_CASE(admin_table_of_a_config_file) {
    temp_dir dir;
    dir.write("www/hello.txt", "hello\n");
    auto error_of = [&](const std::string& admin) {
        try {
            load("[mock.http]\nroot = \"www\"\n[mock.admin]\n" + admin, dir.path);
        } catch (const replycheck::protocol::config_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    ::setenv("REPLYCHECK_TEST_ADMIN_TOKEN", "from-the-environment", 1);
    auto config = load("[mock.http]\nroot = \"www\"\n[mock.admin]\nlisten = \"0.0.0.0:0\"\n"
                       "token = \"${env:REPLYCHECK_TEST_ADMIN_TOKEN}\"\n", dir.path);
    BOOST_REQUIRE(config.admin.has_value());
    BOOST_TEST(config.admin->token == "from-the-environment");
    BOOST_TEST(config.admin->listen == "0.0.0.0:0");
    // A non-loopback address may still get its token from --admin-token or the environment: the
    // file loads, and starting the admin API without a token is what fails.
    BOOST_TEST(error_of("listen = \"0.0.0.0:0\"\n").empty());
    mock_set open_set(load("[mock.http]\nroot = \"www\"\n[mock.admin]\nlisten = \"0.0.0.0:0\"\n", dir.path));
    // It is told at the place of `listen` in the file, as other config errors are.
    try {
        open_set.start();
        BOOST_FAIL("an admin API reachable from other hosts started without a token");
    } catch (const replycheck::protocol::config_error& e) {
        BOOST_TEST(std::string(e.what()).find("set.toml:4:10: admin address 0.0.0.0:0 is reachable") == 0u);
    }
    open_set.stop();
    BOOST_TEST(error_of("token = \"two words\"\n").find("set.toml:4:9: the admin token holds a space") == 0u);
    BOOST_TEST(error_of("listen = \"nowhere\"\n").find("set.toml:4:10:") == 0u);
    BOOST_TEST(error_of("token = \"\"\n").find("set.toml:4:9: the admin token is empty") == 0u);
    BOOST_TEST(error_of("token = \"${env:REPLYCHECK_TEST_UNSET_VARIABLE}\"\n").find("is not set") != std::string::npos);
    BOOST_TEST(error_of("lisen = \"127.0.0.1:0\"\n").find("listen") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_requests_answer_json_errors) {
    fixture f;
    auto syntax = f.call("POST", "/rules/http", R"({"match": {"path": "/x"},, })");
    BOOST_TEST(syntax.status == 400);
    auto syntax_doc = body_json(syntax);
    BOOST_TEST(syntax_doc.at("path").as_string() == "");
    BOOST_TEST(syntax_doc.at("position").to_number<int>() == 25);

    auto field = f.call("POST", "/rules/http", R"({"replies":[{"status":700}]})");
    BOOST_TEST(field.status == 400);
    BOOST_TEST(body_json(field).at("path").as_string() == "replies[0].status");
    BOOST_TEST(f.call("GET", "/rules/http").body.find("700") == std::string::npos);

    std::string big(1024 * 1024 + 10, ' ');
    big.front() = '{';
    big.back() = '}';
    auto large = f.call("POST", "/rules/http", big);
    BOOST_TEST(large.status == 413);
    BOOST_TEST(large.header("content-type") == "application/json");

    auto unknown = f.call("GET", "/nothing/here");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(unknown.header("content-type") == "application/json");
    auto wrong = f.call("PUT", "/rules/http");
    BOOST_TEST(wrong.status == 405);
    BOOST_TEST(wrong.header("allow") == "GET, POST, DELETE");
    BOOST_TEST(f.call("POST", "/rules/gopher", "{}").status == 404);
    BOOST_TEST(f.call("GET", "/rules/http/abc").status == 404);

    // Header section over the limit: 431, and the server goes on serving.
    auto huge = f.call("GET", "/health", "", {"X-Big: " + std::string(20000, 'a')});
    BOOST_TEST(huge.status == 431);
    BOOST_TEST(f.call("GET", "/health").status == 200);
}

BOOST_AUTO_TEST_CASE(unknown_or_repeated_parameters_are_refused_before_anything_changes) {
    fixture f;
    BOOST_TEST(f.call("POST", "/rules/http", R"({"match": {"path": "/x"}, "reply": {"status": 418}})").status == 201);
    BOOST_TEST(f.call("PUT", "/states/middle").status == 200);
    curl_request(f.http_url("/hello.txt"));
    const auto error_of = [&](const std::string& method, const std::string& target) {
        auto r = f.call(method, target);
        BOOST_TEST(r.status == 400, method << " " << target);
        return body_json(r).at("error").as_string();
    };
    // Each would otherwise act on more than asked: every rule, both mocks, the whole journal.
    BOOST_TEST(error_of("DELETE", "/rules/http?id=1") == "unknown parameter 'id' (DELETE here takes none)");
    BOOST_TEST(error_of("DELETE", "/rules/http/1?force=1").find("'force'") != std::string::npos);
    BOOST_TEST(error_of("POST", "/reset?mock=http") == "unknown parameter 'mock' (POST here takes none)");
    BOOST_TEST(error_of("DELETE", "/journal/http?since=1").find("'since'") != std::string::npos);
    BOOST_TEST(error_of("PUT", "/states/end?mock=http&mock=ftp") == "parameter 'mock' is given more than once: give it once");
    BOOST_TEST(error_of("GET", "/journal/http?since=0&since=99").find("'since' is given more than once") != std::string::npos);
    BOOST_TEST(error_of("GET", "/journal/http?path=/a*&path=/b*").find("'path'") != std::string::npos);
    BOOST_TEST(error_of("GET", "/health?x").find("'x'") != std::string::npos);
    BOOST_TEST(runtime_rules(f) == 1u);
    BOOST_TEST(entries(f, "/journal/http") == 1u);
    const auto states = body_json(f.call("GET", "/states"));
    BOOST_TEST(states.at("http").at("state").as_string() == "middle");
    BOOST_TEST(states.at("ftp").at("state").as_string() == "middle");
    BOOST_TEST(f.call("PUT", "/states/end?mock=http").status == 200);
    BOOST_TEST(f.call("DELETE", "/rules/http").status == 204);
    BOOST_TEST(runtime_rules(f) == 0u);
}

// At most 32 connections at once (one more is closed at once); a request that does not
// arrive within 10 s loses its connection.
BOOST_AUTO_TEST_CASE(connection_cap_and_read_timeout) {
    fixture f;
    const auto port = f.set->admin()->port();
    std::vector<std::unique_ptr<raw_client>> idle;
    for (int i = 0; i < 32; ++i) {
        idle.push_back(std::make_unique<raw_client>(port));
        idle.back()->send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");   // served, then kept open
        BOOST_REQUIRE(idle.back()->read_reply().status == 200);
    }
    raw_client extra(port);
    extra.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    BOOST_TEST(extra.wait_closed(5000ms));
    BOOST_TEST(extra.read_reply().status == 0);
    idle.clear();
    std::this_thread::sleep_for(200ms);
    BOOST_TEST(f.call("GET", "/health").status == 200);

    raw_client slow(port);
    slow.send("GET /health HTTP/1.1\r\n");
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(slow.wait_closed(30000ms));
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST(waited >= 9s);
    BOOST_TEST(waited < 25s);   // the 10 s read timeout, not a connection kept for ever
}

// Admin calls from several threads while other threads load the HTTP mock: every reply is
// well-formed and the journal holds exactly the requests sent.
BOOST_AUTO_TEST_CASE(admin_calls_during_load) {
    fixture f(R"(
[[mock.http.script]]
match = { path = "/fixed" }
reply = { status = 200, body = "fixed" }
)");
    constexpr int load_threads = 4;
    constexpr int per_thread = 600;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    std::atomic<int> sent{0}, bad{0}, admin_bad{0}, admin_calls{0};
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < load_threads; ++t) {
        threads.emplace_back([&, t] {
            CURL* h = curl_easy_init();
            std::string body;
            curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
            curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
            for (int i = 0; i < per_thread && std::chrono::steady_clock::now() < deadline; ++i) {
                const bool fixed = (i + t) % 2 == 0;
                const auto url = f.http_url(fixed ? "/fixed" : "/hello.txt");
                body.clear();
                curl_easy_setopt(h, CURLOPT_URL, url.c_str());
                const auto code = curl_easy_perform(h);
                long status = 0;
                curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
                ++sent;
                if (code != CURLE_OK || status != 200 || body != (fixed ? "fixed" : "hello\n")) ++bad;
            }
            curl_easy_cleanup(h);
        });
    }
    std::vector<std::thread> admins;
    for (int a = 0; a < 3; ++a) {
        admins.emplace_back([&, a] {
            int n = 0;
            while (!done && std::chrono::steady_clock::now() < deadline) {
                const auto path = "/r" + std::to_string(a) + "-" + std::to_string(n++);
                auto added = f.call("POST", "/rules/http", R"({"match":{"path":")" + path + R"("},"reply":{"status":299}})");
                boost::system::error_code ec;
                auto doc = json::parse(added.body, ec);
                if (added.status != 201 || ec || !doc.is_object()) {
                    ++admin_bad;
                    continue;
                }
                for (const auto* query : {"/rules/http", "/journal/http?path=/fixed&since=1"}) {
                    auto read = f.call("GET", query);
                    json::parse(read.body, ec);
                    if (read.status != 200 || ec) ++admin_bad;
                }
                if (f.call("DELETE", added.header("location")).status != 204) ++admin_bad;
                admin_calls += 4;
            }
        });
    }
    for (auto& t : threads) t.join();
    done = true;
    for (auto& t : admins) t.join();
    BOOST_TEST_MESSAGE("load requests " << sent << ", admin calls " << admin_calls);
    BOOST_TEST(sent.load() == load_threads * per_thread);
    BOOST_TEST(sent.load() >= 2000);
    BOOST_TEST(bad.load() == 0);
    BOOST_TEST(admin_bad.load() == 0);
    BOOST_TEST(admin_calls.load() > 0);
    BOOST_TEST(entries(f, "/journal/http") == static_cast<std::size_t>(sent.load()));
    BOOST_TEST(entries(f, "/journal/http?path=/fixed") == static_cast<std::size_t>(sent.load() / 2));
    BOOST_TEST(runtime_rules(f) == 0u);
}

BOOST_AUTO_TEST_CASE(file_rules_listed_without_ids_and_head_answers_without_content) {
    fixture f(R"(
[[mock.http.script]]
name = "from the file"
match = { path = "/file-rule" }
reply = { status = 202 }
)");
    // The file's script has no id: asking for one is a 404, not a failure of the lookup.
    BOOST_TEST(f.call("GET", "/rules/http/1").status == 404);
    auto added = f.call("POST", "/rules/http", R"({"match":{"path":"/x"},"reply":{"status":418}})");
    BOOST_TEST(added.status == 201);
    auto one = f.call("GET", "/rules/http/1");
    BOOST_TEST(one.status == 200);
    BOOST_TEST(body_json(one).at("source").as_string() == "runtime");
    BOOST_TEST(f.call("GET", "/rules/http/2").status == 404);
    const auto listed = body_json(f.call("GET", "/rules/http")).as_array();
    BOOST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[1].at("source").as_string() == "file");
    BOOST_TEST(listed[1].at("id").is_null());

    // HEAD is GET without the content (RFC 9110 §9.3.2): same status and length, no bytes.
    // Pipelined on one connection: bytes after the HEAD reply would be read as the next reply.
    raw_client client(f.set->admin()->port());
    client.send("HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    auto h = client.read_reply(true);
    BOOST_TEST(h.status == 200);
    BOOST_TEST(h.body.empty());
    auto g = client.read_reply();
    BOOST_TEST(g.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(g.body.find("\"status\":\"ok\"") != std::string::npos);
    // A client that waits for 100 (Continue) gets it before it sends the body (RFC 9110 §10.1.1).
    raw_client waiting(f.set->admin()->port());
    const std::string rule = R"({"match":{"path":"/y"},"reply":{"status":204}})";
    waiting.send("POST /rules/http HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: " +
                 std::to_string(rule.size()) + "\r\n\r\n");
    BOOST_TEST(waiting.read_reply().status == 100);
    waiting.send(rule);
    BOOST_TEST(waiting.read_reply().status == 201);
    BOOST_REQUIRE(h.headers.count("content-length") == 1u);
    BOOST_TEST(h.headers.find("content-length")->second == g.headers.find("content-length")->second);
}

// Without a token, only what a local program sends is served: a page in the developer's browser
// (another Origin) or a DNS-rebound name (another Host) is refused, and so is content that is
// not JSON, which a cross-site form or a no-cors fetch would send without a preflight.
BOOST_AUTO_TEST_CASE(browser_requests_refused_without_a_token) {
    fixture f;
    const auto port = f.set->admin()->port();
    const std::string rule = R"({"match":{"path":"/evil"},"reply":{"status":200,"body":"pwned"}})";
    auto post = [&](const std::string& fields, const std::string& body) {
        return raw_request(port, "POST /rules/http HTTP/1.1\r\n" + fields + "Content-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    };
    auto rebound = post("Host: evil.example\r\nContent-Type: application/json\r\n", rule);
    BOOST_TEST(rebound.status == 403);
    BOOST_TEST(rebound.header("content-type") == "application/json");
    BOOST_TEST(rebound.body.find("Host") != std::string::npos);
    auto cross_site = post("Host: 127.0.0.1\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\n", rule);
    BOOST_TEST(cross_site.status == 403);
    BOOST_TEST(cross_site.body.find("Origin") != std::string::npos);
    BOOST_TEST(post("Host: 127.0.0.1\r\nOrigin: null\r\nContent-Type: application/json\r\n", rule).status == 403);
    auto plain = post("Host: 127.0.0.1\r\nContent-Type: text/plain\r\n", rule);
    BOOST_TEST(plain.status == 415);
    BOOST_TEST(plain.body.find("application/json") != std::string::npos);
    BOOST_TEST(post("Host: 127.0.0.1\r\n", rule).status == 415);
    // A form posts even with no content: /reset is refused too.
    auto form = raw_request(port, "POST /reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                  "application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    BOOST_TEST(form.status == 415);
    auto dns = raw_request(port, "GET /journal/http HTTP/1.1\r\nHost: evil.example:" + std::to_string(port) +
                                     "\r\nConnection: close\r\n\r\n");
    BOOST_TEST(dns.status == 403);
    BOOST_TEST(curl_request(f.http_url("/evil")).status == 404);   // no refused rule was added

    // What local programs send is served: loopback hosts and origins, any port, any case.
    for (const auto* host : {"127.0.0.1", "127.0.0.1:9", "LocalHost:80", "localhost", "[::1]:8080", "127.1.2.3"}) {
        BOOST_TEST_INFO("Host: " << host);
        BOOST_TEST(raw_request(port, std::string("GET /health HTTP/1.1\r\nHost: ") + host +
                                         "\r\nConnection: close\r\n\r\n").status == 200);
    }
    for (const auto* origin : {"http://localhost:3000", "http://127.0.0.1", "https://[::1]:8443"}) {
        BOOST_TEST_INFO("Origin: " << origin);
        BOOST_TEST(post(std::string("Host: 127.0.0.1\r\nOrigin: ") + origin + "\r\nContent-Type: application/json\r\n",
                        rule).status == 201);
    }
    BOOST_TEST(post("Host: localhost\r\nContent-Type: Application/JSON; charset=utf-8\r\n", rule).status == 201);
    BOOST_TEST(f.call("POST", "/reset").status == 200);   // libcurl: Host 127.0.0.1:PORT, no content
}

// With a token, the Bearer check is the guard (a browser cannot add Authorization cross-site
// without a preflight this API never answers): another Host is served, as on 0.0.0.0.
BOOST_AUTO_TEST_CASE(token_set_host_and_origin_not_checked) {
    fixture f("", "s3cret-token");
    auto r = raw_request(f.set->admin()->port(), "GET /health HTTP/1.1\r\nHost: mock.example:1\r\nOrigin: http://ci.example\r\n"
                                                 "Authorization: Bearer s3cret-token\r\nConnection: close\r\n\r\n");
    BOOST_TEST(r.status == 200);
}

// Authorization is not a list field (RFC 9110 §5.3, §11.6.2): two of them are one request
// carrying two answers, and which one counts must not depend on their order.
BOOST_AUTO_TEST_CASE(two_authorization_fields_are_a_bad_request) {
    fixture f("", "s3cret-token");
    const auto port = f.set->admin()->port();
    auto twice = [&](const char* first, const char* second) {
        return raw_request(port, std::string("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ") + first +
                                     "\r\nAuthorization: " + second + "\r\nConnection: close\r\n\r\n");
    };
    auto good_bad = twice("Bearer s3cret-token", "Bearer wrong");
    BOOST_TEST(good_bad.status == 400);
    BOOST_TEST(good_bad.body.find("Authorization") != std::string::npos);
    BOOST_TEST(good_bad.body.find("s3cret") == std::string::npos);
    BOOST_TEST(twice("Bearer wrong", "Bearer s3cret-token").status == 400);
    BOOST_TEST(twice("Bearer s3cret-token", "Bearer s3cret-token").status == 400);
}

// A request that does not arrive within 10 s gets 408 (RFC 9110 §15.5.9), then the close; an
// idle connection between requests is closed without a reply.
BOOST_AUTO_TEST_CASE(slow_request_gets_408) {
    fixture f;
    raw_client slow(f.set->admin()->port());
    slow.send("POST /rules/http HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"");
    const auto start = std::chrono::steady_clock::now();
    auto r = slow.read_reply(false, 30000ms);
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.status == 408);
    BOOST_TEST(r.header("content-type") == "application/json");
    BOOST_TEST(r.header("connection") == "close");
    BOOST_TEST(r.body.find("10 s") != std::string::npos);
    BOOST_TEST(slow.wait_closed(3000ms));
    BOOST_TEST(waited >= 9s);
    BOOST_TEST(waited < 25s);   // the 10 s request timeout, not a connection kept for ever

    raw_client idle(f.set->admin()->port());
    idle.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    BOOST_TEST(idle.read_reply().status == 200);
    BOOST_TEST(idle.wait_closed(30000ms));
    BOOST_TEST(idle.read_reply().status == 0);   // nothing after the first reply
}

// A client that waits for 100 (Continue) without the token gets its 401 at once, before it
// uploads anything (RFC 9110 §10.1.1: a final status instead of 100), and the close.
BOOST_AUTO_TEST_CASE(expect_continue_without_token_gets_401_first) {
    fixture f("", "s3cret-token");
    raw_client waiting(f.set->admin()->port());
    waiting.send("POST /rules/http HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
    auto r = waiting.read_reply();
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.header("connection") == "close");
    BOOST_TEST(waiting.wait_closed(3000ms));
    // With the token, 100 and then the answer.
    raw_client good(f.set->admin()->port());
    const std::string rule = R"({"match":{"path":"/z"},"reply":{"status":204}})";
    good.send("POST /rules/http HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret-token\r\nContent-Type: "
              "application/json\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(rule.size()) + "\r\n\r\n");
    BOOST_TEST(good.read_reply().status == 100);
    good.send(rule);
    BOOST_TEST(good.read_reply().status == 201);
}
