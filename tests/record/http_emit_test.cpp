// The HTTP recorder's emitters from hand-made recordings (no network): validator captures,
// credential placeholders, Location rewriting, reply sequences, script order, binary and too-big
// replies, strings that look like TOML quotes, reflected secrets; both files load.
// The round trip through a real server is tests/integration/record_nginx.sh.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "harness/record/upstream_location.hpp"
#include "record/http_recording_support.hpp"
#include "harness/scenario_loader.hpp"
#include "mock_http/support.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/toml_reader.hpp"

using namespace replycheck;
using record::http_recorded_exchange;
using namespace record_test;

namespace {

// The mock's scripts, after checking the config loads as `replycheck mock` reads it.
toml::array scripts_of(const record::http_recording& r, test_support::temp_dir& dir, std::string& text) {
    record::write_http_mock(dir.path / "m.toml", r);
    BOOST_CHECK(std::filesystem::is_directory(dir.path / "m-root"));
    std::ifstream in(dir.path / "m.toml");
    text.assign(std::istreambuf_iterator<char>(in), {});
    auto doc = protocol::parse_toml_file(dir.path / "m.toml");
    BOOST_REQUIRE_NO_THROW(mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml"));
    auto* scripts = doc["mock"]["http"]["script"].as_array();
    BOOST_REQUIRE(scripts);
    return *scripts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(validators_an_earlier_reply_gave_are_captured_and_reused) {
    const std::string etag = "\"v1\"", date = "Wed, 25 Nov 2026 08:00:00 GMT";
    auto r = recording({
        exchange("GET", "/a", {{"Accept", "*/*"}}, 200, {{"ETag", etag}, {"Last-Modified", date}}, "hello"),
        exchange("GET", "/a", {{"If-None-Match", etag}}, 304, {{"ETag", etag}}),
        exchange("GET", "/a", {{"If-Modified-Since", date}}, 304, {{"ETag", etag}}),
        exchange("GET", "/b", {{"If-None-Match", "\"other\""}}, 200, {}),
    });
    auto steps = steps_of(record::http_scenario_text(r));
    BOOST_REQUIRE_EQUAL(steps.size(), 4u);
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.etag_1.header"), "ETag");
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.last_modified_1.header"), "Last-Modified");
    // Validators are only expected present, the captured ones too: the server may give new ones
    // (the file changed, an ETag per reply), and the capture carries whichever it gave.
    BOOST_CHECK_EQUAL(at(steps, 0, "expect.headers.ETag.matches"), "\\S");
    BOOST_CHECK_EQUAL(at(steps, 0, "expect.headers.Last-Modified.matches"), "\\S");
    BOOST_CHECK_EQUAL(at(steps, 1, "expect.headers.ETag.matches"), "\\S");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.If-None-Match"), "${etag_1}");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.headers.If-Modified-Since"), "${last_modified_1}");
    BOOST_CHECK_EQUAL(at(steps, 3, "request.headers.If-None-Match"), "\"other\"");
    BOOST_CHECK_EQUAL(at(steps, 0, "request.url"), "${http}/a");
    BOOST_CHECK_EQUAL(toml::node_view<const toml::node>(steps[1]).at_path("expect.status").value_or(0), 304);
}

BOOST_AUTO_TEST_CASE(credentials_become_placeholders_and_never_appear) {
    // "user:S3cretPw" in base64, and a bearer token.
    auto r = recording({
        exchange("GET", "/private", {{"Authorization", "Basic dXNlcjpTM2NyZXRQdw=="}}, 200, {}),
        exchange("GET", "/api", {{"Authorization", "Bearer tok-3xY9-secret"}}, 200, {}),
        exchange("GET", "/private", {}, 401, {{"WWW-Authenticate", "Basic realm=\"x\""}}),
    });
    const auto text = record::http_scenario_text(r);
    for (const char* secret : {"S3cretPw", "dXNlcjpTM2NyZXRQdw", "tok-3xY9-secret", "user:"})
        BOOST_CHECK_MESSAGE(text.find(secret) == std::string::npos, secret << " in the scenarios");
    BOOST_CHECK(text.find("--var http_user=USER --secret http_password=...") != std::string::npos);
    BOOST_CHECK(text.find("--secret http_token=...") != std::string::npos);
    auto steps = steps_of(text);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.auth.user"), "${http_user}");
    BOOST_CHECK_EQUAL(at(steps, 0, "request.auth.password"), "${http_password}");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.Authorization"), "Bearer ${http_token}");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.auth.user"), "<missing>");

    test_support::temp_dir dir;
    std::string mock_text;
    auto scripts = scripts_of(r, dir, mock_text);
    for (const char* secret : {"S3cretPw", "dXNlcjpTM2NyZXRQdw", "tok-3xY9-secret"})
        BOOST_CHECK_MESSAGE(mock_text.find(secret) == std::string::npos, secret << " in the mock");
    // The request with credentials is answered first, the one without falls to the 401 script.
    BOOST_REQUIRE_EQUAL(scripts.size(), 3u);
    auto first = toml::node_view<const toml::node>(scripts[0]);
    BOOST_CHECK_EQUAL(first.at_path("match.headers.Authorization").value_or(std::string()), "*");
    BOOST_CHECK(first.at_path("raw").value_or(std::string()).starts_with("HTTP/1.1 200"));
    auto last = toml::node_view<const toml::node>(scripts[2]);
    BOOST_CHECK(last.at_path("raw").value_or(std::string()).starts_with("HTTP/1.1 401"));
}

BOOST_AUTO_TEST_CASE(a_location_back_at_the_upstream_is_rewritten) {
    auto r = recording({
        exchange("GET", "/dir", {}, 301, {{"Location", std::string(origin) + "/dir/"}}),
        exchange("GET", "/away", {}, 302, {{"Location", "https://elsewhere.example/x"}}),
        exchange("GET", "/top", {}, 301, {{"Location", origin}}),
    });
    auto steps = steps_of(record::http_scenario_text(r));
    BOOST_CHECK_EQUAL(at(steps, 0, "expect.headers.Location.matches"), "^(\\Q${http}\\E)?\\Q/dir/\\E$");
    BOOST_CHECK_EQUAL(at(steps, 1, "expect.headers.Location.equals"), "https://elsewhere.example/x");
    BOOST_CHECK_EQUAL(at(steps, 2, "expect.headers.Location.matches"), "^(\\Q${http}\\E)?\\Q/\\E$");

    test_support::temp_dir dir;
    std::string text;
    auto scripts = scripts_of(r, dir, text);
    auto raw = [&](std::size_t i) { return toml::node_view<const toml::node>(scripts[i]).at_path("raw").value_or(std::string()); };
    BOOST_CHECK(raw(0).find("\r\nLocation: /dir/\r\n") != std::string::npos);
    BOOST_CHECK(raw(1).find("\r\nLocation: https://elsewhere.example/x\r\n") != std::string::npos);
    BOOST_CHECK(raw(2).find("\r\nLocation: /\r\n") != std::string::npos);
    BOOST_CHECK(text.find("127.0.0.1:8080/dir") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(changed_replies_become_a_sequence_and_the_specific_scripts_come_first) {
    auto r = recording({
        exchange("GET", "/flaky?x=1+2&y", {}, 503, {{"Retry-After", "1"}}, "busy"),
        exchange("GET", "/flaky?x=1+2&y", {}, 200, {}, "ok"),
        exchange("GET", "/same", {}, 200, {}, "s", "Thu, 26 Nov 2026 10:00:00 GMT"),
        exchange("GET", "/same", {}, 200, {}, "s", "Thu, 26 Nov 2026 10:00:05 GMT"),
        exchange("HEAD", "/same", {}, 200, {}),
        exchange("GET", "/same", {{"Range", "bytes=0-0"}}, 206, {{"Content-Range", "bytes 0-0/1"}}, "s"),
    });
    r.exchanges[1].keep_alive = false;
    test_support::temp_dir dir;
    std::string text;
    auto scripts = scripts_of(r, dir, text);
    BOOST_REQUIRE_EQUAL(scripts.size(), 4u);
    auto script = [&](std::size_t i) { return toml::node_view<const toml::node>(scripts[i]); };
    // The query's two parameters first, then Range (a deciding field), then HEAD (a GET script
    // would answer it too), then the rest.
    BOOST_CHECK_EQUAL(script(1).at_path("match.headers.Range").value_or(std::string()), "bytes=0-0");
    BOOST_CHECK_EQUAL(script(2).at_path("match.method").value_or(std::string()), "HEAD");
    BOOST_CHECK_EQUAL(script(0).at_path("match.path").value_or(std::string()), "/flaky");
    BOOST_CHECK_EQUAL(script(0).at_path("match.query.x").value_or(std::string()), "1 2");
    BOOST_CHECK_EQUAL(script(0).at_path("match.query.y").value_or(std::string("<missing>")), "");
    auto* replies = script(0).at_path("replies").as_array();
    BOOST_REQUIRE(replies && replies->size() == 2);
    BOOST_CHECK(toml::node_view<const toml::node>((*replies)[0]).at_path("raw").value_or(std::string()).starts_with("HTTP/1.1 503"));
    BOOST_CHECK(toml::node_view<const toml::node>((*replies)[1]).at_path("raw").value_or(std::string()).ends_with("\r\n\r\nok"));
    BOOST_CHECK(!script(0).at_path("keep_open"));   // the upstream closed after the last reply
    // Replies differing only in Date are one reply; the connection stays open as upstream's did.
    BOOST_CHECK(script(3).at_path("raw").is_string());
    BOOST_CHECK(script(3).at_path("keep_open").value_or(false));
}

BOOST_AUTO_TEST_CASE(binary_and_too_big_replies_are_answered_from_files) {
    auto big = exchange("GET", "/big", {}, 200, {{"Content-Type", "application/octet-stream"}, {"Content-Length", "9000000"}});
    big.raw_reply.clear();
    big.reply_too_big = true;
    big.body_size = 9000000;
    const std::string bytes("\xff\xfe\x00\x01", 4);
    auto binary = exchange("GET", "/bin", {}, 200, {{"Content-Type", "image/x-test"}, {"Content-Length", "4"}}, bytes);
    auto r = recording({big, binary});
    r.notes.push_back("connection 2: GET /x: no reply from the upstream in time; 504 sent");
    test_support::temp_dir dir;
    BOOST_CHECK_EQUAL(record::write_http_mock(dir.path / "m.toml", r), 2u);
    std::string text;
    auto scripts = scripts_of(r, dir, text);
    BOOST_CHECK(text.find("# note: GET /big (200): the reply was larger than the recording keeps; the mock sends 9000000") !=
                std::string::npos);
    BOOST_CHECK(text.find("# note: connection 2: GET /x: no reply") != std::string::npos);
    BOOST_REQUIRE_EQUAL(scripts.size(), 2u);
    auto script = [&](std::size_t i) { return toml::node_view<const toml::node>(scripts[i]); };
    // The recorded status and fields, the content from a file; the mock computes Content-Length.
    BOOST_CHECK_EQUAL(script(1).at_path("reply.status").value_or(0), 200);
    BOOST_CHECK_EQUAL(script(1).at_path("reply.body_file").value_or(std::string()), "m-root/replies/2.bin");
    BOOST_CHECK_EQUAL(script(1).at_path("reply.headers[0][1]").value_or(std::string()), "image/x-test");
    BOOST_CHECK(text.find("\"Content-Length\"") == std::string::npos);
    auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    BOOST_CHECK(read(dir.path / "m-root/replies/2.bin") == bytes);
    BOOST_CHECK_EQUAL(std::filesystem::file_size(dir.path / "m-root/replies/1.bin"), 9000000u);
    // The too-big step checks status and size only.
    auto steps = steps_of(record::http_scenario_text(r));
    BOOST_REQUIRE_EQUAL(steps.size(), 2u);
    BOOST_CHECK_EQUAL(toml::node_view<const toml::node>(steps[0]).at_path("expect.body.size").value_or(0), 9000000);
    BOOST_CHECK(!toml::node_view<const toml::node>(steps[0]).at_path("expect.headers"));
}

BOOST_AUTO_TEST_CASE(text_that_looks_like_toml_quotes_reads_back_the_same) {
    // A multi-line literal string cannot hold ''' (TOML 1.0 "String"), and the reader drops the
    // first line break of a multi-line string: every string must come back as it was.
    const std::string body = "\nl1\nl2 ''' end\n\"\"\" and '''\n";
    auto x = exchange("POST", "/index.html", {{"Content-Type", "text/plain"}}, 405, {}, body);
    x.request_body = body;
    auto r = recording({x});
    auto steps = steps_of(record::http_scenario_text(r));
    BOOST_CHECK(at(steps, 0, "request.body") == body);
    test_support::temp_dir dir;
    std::string text;
    auto scripts = scripts_of(r, dir, text);
    BOOST_CHECK(toml::node_view<const toml::node>(scripts[0]).at_path("raw").value_or(std::string()) == x.raw_reply);
}

BOOST_AUTO_TEST_CASE(secrets_a_server_reflects_are_masked_with_their_length) {
    // "alice:TraceSecret9" in base64; the echo reflects every request field, and a session cookie is set.
    const std::string basic = "Basic YWxpY2U6VHJhY2VTZWNyZXQ5";
    auto trace = exchange("TRACE", "/", {{"Authorization", basic}}, 200, {{"Content-Type", "message/http"}},
                          "TRACE / HTTP/1.1\r\nAuthorization: " + basic + "\r\npw=TraceSecret9\r\n");
    auto echo = exchange("GET", "/echo?access_token=Tok3nValue&page=2",
                         {{"Cookie", "sid=C00kieVal; theme=dark"}, {"X-Api-Key", "ApiK3yValue"}}, 200,
                         {{"Set-Cookie", "session=NewSess10n; Path=/"}}, "cookie sid=C00kieVal key=ApiK3yValue token=Tok3nValue");
    auto r = recording({trace, echo});
    const auto scenarios = record::http_scenario_text(r);
    test_support::temp_dir dir;
    std::string mock;
    auto scripts = scripts_of(r, dir, mock);
    for (const char* secret : {"TraceSecret9", "YWxpY2U6VHJhY2VTZWNyZXQ5", "C00kieVal", "ApiK3yValue", "Tok3nValue", "NewSess10n"}) {
        BOOST_CHECK_MESSAGE(scenarios.find(secret) == std::string::npos, secret << " in the scenarios");
        BOOST_CHECK_MESSAGE(mock.find(secret) == std::string::npos, secret << " in the mock");
    }
    BOOST_REQUIRE_EQUAL(scripts.size(), 2u);
    // Same length: the recorded Content-Length still frames the masked content.
    for (std::size_t i = 0; i < 2; ++i) {
        const auto raw = toml::node_view<const toml::node>(scripts[i]).at_path("raw").value_or(std::string());
        BOOST_CHECK_EQUAL(raw.size(), (raw.find("TRACE") != std::string::npos ? trace : echo).raw_reply.size());
    }
    BOOST_CHECK(mock.find("session=**********; Path=/") != std::string::npos);
    BOOST_CHECK(mock.find("pw=************") != std::string::npos);
    // The query secret: a placeholder in the scenario, any value in the mock.
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 1, "request.url"), "${http}/echo?access_token=${query_access_token}&page=2");
    BOOST_CHECK(scenarios.find("--secret query_access_token=...") != std::string::npos);
    auto echo_script = toml::node_view<const toml::node>(scripts[0]);   // two query parameters: first
    BOOST_CHECK_EQUAL(echo_script.at_path("match.query.access_token").value_or(std::string()), "*");
    BOOST_CHECK_EQUAL(echo_script.at_path("match.query.page").value_or(std::string()), "2");
}

BOOST_AUTO_TEST_CASE(secret_fields_of_request_content_become_placeholders) {
    // A form login, a JSON password change (the same name twice, a number token), a multipart
    // upload naming a password, and a JSON document without secrets (replayed as it was sent).
    auto form = exchange("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}}, 302,
                         {{"Location", "/home"}}, "echo user=alice&pw=Hunter2%21form");
    form.request_body = "user=alice&password=Hunter2%21form&remember=on";
    auto change = exchange("POST", "/api/password", {{"Content-Type", "application/json; charset=utf-8"}}, 200, {},
                           "{\"ok\":true,\"echo\":\"Old-Pass-9x\"}");
    change.request_body = R"({"user": "alice", "password": "Old-Pass-9x", "new": {"password": "New-Pass-7y"},)"
                          R"( "api_key": 123456789012, "note": "keep ${http} literal"})";
    auto upload = exchange("POST", "/upload", {{"Content-Type", "multipart/form-data; boundary=b"}}, 201, {});
    upload.request_body = "--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nMultiP4rt-Secret\r\n--b--\r\n";
    auto plain = exchange("POST", "/api/items", {{"Content-Type", "application/json"}}, 201, {});
    plain.request_body = R"({"name": "a",  "size": 3})";
    auto r = recording({form, change, upload, plain});
    const auto scenarios = record::http_scenario_text(r);
    test_support::temp_dir dir;
    std::string mock;
    scripts_of(r, dir, mock);
    for (const char* secret : {"Hunter2", "Old-Pass-9x", "New-Pass-7y", "123456789012", "MultiP4rt-Secret"}) {
        BOOST_CHECK_MESSAGE(scenarios.find(secret) == std::string::npos, secret << " in the scenarios");
        BOOST_CHECK_MESSAGE(mock.find(secret) == std::string::npos, secret << " in the mock");
    }
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.body"), "user=alice&password=${body_password}&remember=on");
    // The original text, cut; the form's password had another value, so this one is the second.
    BOOST_CHECK_EQUAL(at(steps, 1, "request.body"),
                      R"({"user": "alice", "password": "${body_password_2}", "new": {"password": "${body_password_3}"},)"
                      R"( "api_key": ${body_api_key}, "note": "keep $${http} literal"})");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.body"), "<missing>");
    BOOST_CHECK(scenarios.find("step 3 (POST /upload): the request content names a secret") != std::string::npos);
    BOOST_CHECK_EQUAL(at(steps, 3, "request.body"), R"({"name": "a",  "size": 3})");
    for (const char* variable : {"body_password=", "body_password_2=", "body_password_3=", "body_api_key="})
        BOOST_CHECK_MESSAGE(scenarios.find(std::string("--secret ") + variable) != std::string::npos, variable);
}

BOOST_AUTO_TEST_CASE(masking_leaves_the_status_line_field_names_and_framing_alone) {
    // A password and cookie values that are ordinary words of a reply ("HTTP", "text", "1000"),
    // and a Digest response whose uri is the request's own path.
    const std::string basic = "Basic " + std::string("YWRtaW46SFRUUA==");   // admin:HTTP
    auto x = exchange("GET", "/dir", {{"Authorization", basic}, {"Cookie", "fmt=text; n=1000"}}, 301,
                      {{"Content-Type", "text/plain"}, {"Location", "http://127.0.0.1:8080/dir/"}},
                      std::string(990, 'a') + " HTTP text");   // 1000 bytes: the cookie value "1000"
    auto digest = exchange("GET", "/dir/", {{"Authorization", "Digest username=\"x\", realm=\"r\", uri=\"/dir/\", "
                                                              "qop=auth, nc=00000001, response=\"abcd1234abcd\""}},
                           200, {{"Content-Type", "text/html"}}, "see /dir/ (response abcd1234abcd)");
    auto r = recording({x, digest});
    test_support::temp_dir dir;
    std::string mock;
    auto scripts = scripts_of(r, dir, mock);
    BOOST_REQUIRE_EQUAL(scripts.size(), 2u);
    const auto raw = toml::node_view<const toml::node>(scripts[0]).at_path("raw").value_or(std::string());
    BOOST_CHECK(raw.rfind("HTTP/1.1 301 R\r\n", 0) == 0);
    BOOST_CHECK(raw.find("\r\nContent-Type: ****/plain\r\n") != std::string::npos);   // a value: masked
    BOOST_CHECK(raw.find("\r\nContent-Length: 1000\r\n") != std::string::npos);       // framing: never
    BOOST_CHECK(raw.find(" **** ****") != std::string::npos);                           // the content
    const auto second = toml::node_view<const toml::node>(scripts[1]).at_path("raw").value_or(std::string());
    BOOST_CHECK(second.find("see /dir/ (response ************)") != std::string::npos);
    BOOST_CHECK(mock.find("abcd1234abcd") == std::string::npos);
    // The scenario still expects the Location the server sent.
    const auto scenarios = record::http_scenario_text(r);
    BOOST_CHECK(scenarios.find("/dir/") != std::string::npos);
    BOOST_CHECK(scenarios.find("****/") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_script_with_a_query_comes_before_the_same_path_without_one) {
    // The plain script matches any query: recorded first, it would answer the query request.
    auto r = recording({
        exchange("GET", "/index.html", {}, 200, {}, "plain"),
        exchange("GET", "/index.html?x=aaa", {}, 200, {}, "with query"),
        exchange("GET", "/index.html", {}, 400, {}, "too big"),
    });
    test_support::temp_dir dir;
    std::string text;
    auto scripts = scripts_of(r, dir, text);
    BOOST_REQUIRE_EQUAL(scripts.size(), 2u);
    auto script = [&](std::size_t i) { return toml::node_view<const toml::node>(scripts[i]); };
    BOOST_CHECK_EQUAL(script(0).at_path("match.query.x").value_or(std::string()), "aaa");
    BOOST_CHECK(script(0).at_path("raw").value_or(std::string()).ends_with("with query"));
    BOOST_CHECK(!script(1).at_path("match.query"));
    auto* replies = script(1).at_path("replies").as_array();
    BOOST_REQUIRE(replies);
    BOOST_CHECK_EQUAL(replies->size(), 2u);
}

BOOST_AUTO_TEST_CASE(a_location_is_pointed_at_the_recorder_or_made_relative) {
    const std::string raw = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                            "HTTP/1.1 302 Found\r\nlocation:  http://127.0.0.1:8080/next?x=1\r\nContent-Length: 31\r\n\r\n"
                            "Location: http://127.0.0.1:8080";
    BOOST_CHECK_EQUAL(record::rewrite_location(raw, origin, "http://127.0.0.1:9000"),
                      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                      "HTTP/1.1 302 Found\r\nlocation:  http://127.0.0.1:9000/next?x=1\r\nContent-Length: 31\r\n\r\n"
                      "Location: http://127.0.0.1:8080");   // the content is left alone
    BOOST_CHECK_EQUAL(record::rewrite_location("HTTP/1.1 301 M\r\nLocation: HTTP://127.0.0.1:8080\r\n\r\n", origin, ""),
                      "HTTP/1.1 301 M\r\nLocation: /\r\n\r\n");
    // Elsewhere, or a longer port that merely starts the same: unchanged.
    for (const char* other : {"http://127.0.0.1:80801/x", "https://127.0.0.1:8080/x", "http://example.com/"}) {
        const auto reply = std::string("HTTP/1.1 302 F\r\nLocation: ") + other + "\r\n\r\n";
        BOOST_CHECK_EQUAL(record::rewrite_location(reply, origin, "http://127.0.0.1:9000"), reply);
    }
}

namespace {

// Both emitted files of `r`, for checks that a value appears in neither.
std::string both_files(const record::http_recording& r) {
    test_support::temp_dir dir;
    std::string mock;
    scripts_of(r, dir, mock);
    return record::http_scenario_text(r) + "\n" + mock;
}

http_recorded_exchange post(std::string target, std::string type, std::string body, std::string echo = {}) {
    auto x = exchange("POST", std::move(target), {{"Content-Type", std::move(type)}}, 200, {}, std::move(echo));
    x.request_body = std::move(body);
    return x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(json_sent_with_a_form_type_is_cut_as_json) {
    // curl -d '{...}' types JSON as a form; a form pair without '=' naming a secret; a token with '='.
    auto login = post("/login", "application/x-www-form-urlencoded", R"({"username":"a","password":"Pw-Json-Form1"})");
    auto token = post("/t", "application/x-www-form-urlencoded", R"({"user":"a","token":"T0kEqual=="})");
    auto bare = post("/b", "application/x-www-form-urlencoded", "token=Tok-Before-6&password&Bare-Secret-7", "Tok-Before-6");
    auto odd = post("/o", "application/x-www-form-urlencoded", "x%22%3A%22token=Odd-Name-Val9");
    const auto r = recording({login, token, bare, odd});
    const auto text = both_files(r);
    for (const char* leak : {"Pw-Json-Form1", "T0kEqual", "Bare-Secret-7", "Tok-Before-6", "Odd-Name-Val9"})
        BOOST_CHECK_MESSAGE(text.find(leak) == std::string::npos, leak << " written");
    const auto scenarios = record::http_scenario_text(r);
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.body"), R"({"username":"a","password":"${body_password}"})");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.body"), R"({"user":"a","token":"${body_token}"})");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.body"), "<missing>");
    // A field name that is not a plain name gives no part of a variable name.
    BOOST_CHECK_EQUAL(at(steps, 3, "request.body"), "x%22%3A%22token=${body_field}");
    BOOST_CHECK(scenarios.find("x__") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(secrets_of_withheld_content_are_masked_in_replies) {
    auto multipart = post("/up", "multipart/form-data; boundary=XyZ",
                          "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nMp-Secret-44\r\n--XyZ--\r\n",
                          "got Mp-Secret-44");
    auto xml = post("/soap", "text/xml", "<login><user>a</user><ns:password>Xml-Secret-55</ns:password></login>",
                    "echo Xml-Secret-55");
    auto text = post("/t", "text/plain", R"({"token":"Txt-Json-Secret-66"})", "echo Txt-Json-Secret-66");
    // JSON that cannot be parsed: cut off, two documents, a trailing comma, nested past 32 levels.
    auto cut = post("/c", "application/json", R"({"password":"Cut-Json-77)", "echo Cut-Json-77");
    auto two = post("/2", "application/json", R"({"password":"Two-Doc-1x"} {"password":"Two-Doc-2y"})",
                    "echo Two-Doc-1x Two-Doc-2y");
    auto comma = post("/k", "", R"({"password":"Comma-Json-88",})", "echo Comma-Json-88");
    auto deep = post("/d", "application/json",
                     R"({"password":"Deep-Json-99","a":)" + std::string(40, '[') + std::string(40, ']') + "}",
                     "echo Deep-Json-99");
    const auto written = both_files(recording({multipart, xml, text, cut, two, comma, deep}));
    for (const char* leak : {"Mp-Secret-44", "Xml-Secret-55", "Txt-Json-Secret-66", "Cut-Json-77", "Two-Doc-1x",
                             "Two-Doc-2y", "Comma-Json-88", "Deep-Json-99"})
        BOOST_CHECK_MESSAGE(written.find(leak) == std::string::npos, leak << " written");
    BOOST_CHECK(written.find("got ************") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_is_cut_in_its_original_text) {
    // Numbers, escapes and duplicate members stay as sent; scalars under a secret name in arrays
    // and objects are secrets; true/false/null never.
    auto x = post("/j", "application/json",
                  R"({"amount": 1.50, "id": 12345678901234567890, "password": "p\u0041ss-Dup-1", "password": "Dup-Two-2",)"
                  R"( "api_keys": ["Key-In-Array-3"], "credentials": {"value": "Nested-Val-4"}, "remember_password": true})",
                  R"({"echo": "pAss-Dup-1", "raw": "p\u0041ss-Dup-1", "flag": true})");
    const auto r = recording({x});
    const auto written = both_files(r);
    for (const char* leak : {"pAss-Dup-1", "p\\u0041ss-Dup-1", "Dup-Two-2", "Key-In-Array-3", "Nested-Val-4"})
        BOOST_CHECK_MESSAGE(written.find(leak) == std::string::npos, leak << " written");
    BOOST_CHECK_MESSAGE(written.find(R"(\"flag\": true)") != std::string::npos, written);
    auto steps = steps_of(record::http_scenario_text(r));
    BOOST_CHECK_EQUAL(at(steps, 0, "request.body"),
                      R"({"amount": 1.50, "id": 12345678901234567890, "password": "${body_password}", "password": "${body_password_2}",)"
                      R"( "api_keys": ["${body_api_keys}"], "credentials": {"value": "${body_credentials}"}, "remember_password": true})");
}

BOOST_AUTO_TEST_CASE(each_value_of_a_field_has_its_own_variable) {
    auto good = post("/login", "application/x-www-form-urlencoded", "user=a&pass=Good-Pass-1");
    auto bad = post("/login", "application/x-www-form-urlencoded", "user=a&pass=Bad-Pass-2");
    auto again = post("/login", "application/x-www-form-urlencoded", "user=a&pass=Good-Pass-1");
    auto names = post("/n", "application/x-www-form-urlencoded", "a-pass=V-One-1&a_pass=V-Two-2&pass_2=V-Three-3");
    auto query = exchange("GET", "/q?token=Q-One-111", {}, 200, {});
    auto query2 = exchange("GET", "/q?token=Q-Two-222", {}, 200, {});
    const auto scenarios = record::http_scenario_text(recording({good, bad, again, names, query, query2}));
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.body"), "user=a&pass=${body_pass}");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.body"), "user=a&pass=${body_pass_2}");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.body"), "user=a&pass=${body_pass}");
    BOOST_CHECK_EQUAL(at(steps, 3, "request.body"), "a-pass=${body_a_pass}&a_pass=${body_a_pass_2}&pass_2=${body_pass_2_2}");
    BOOST_CHECK_EQUAL(at(steps, 4, "request.url"), "${http}/q?token=${query_token}");
    BOOST_CHECK_EQUAL(at(steps, 5, "request.url"), "${http}/q?token=${query_token_2}");
    for (const char* variable : {"body_pass", "body_pass_2", "body_a_pass", "body_a_pass_2", "body_pass_2_2", "query_token", "query_token_2"})
        BOOST_CHECK_MESSAGE(scenarios.find(std::string("--secret ") + variable + "=...") != std::string::npos, variable);
}

BOOST_AUTO_TEST_CASE(secret_names_are_matched_by_words) {
    for (const char* name : {"password", "X-Api-Key", "access_token", "sessionId", "APIKey", "newpassword", "PHPSESSID",
                             "user.pin", "otp", "X-CSRF-Token", "client secret", "JSESSIONID", "authtoken", "credentials",
                             "password1", "new_password2", "pass1", "token1", "api_key2", "secret2", "passcode1", "pw",
                             "totp", "mfa_code", "privateKey", "oauth_verifier", "X-Hub-Signature-256"})
        BOOST_CHECK_MESSAGE(record::secret_name(name), name);
    for (const char* name : {"author", "monkey", "keywords", "passenger", "keyboard", "pinned", "compass", "possession",
                             "page2", "v2", "address1", "power", "keynote"})
        BOOST_CHECK_MESSAGE(!record::secret_name(name), name);
    // Text naming an author is replayed; binary content is just not text.
    auto note = post("/n", "text/plain", "the author wrote about a monkey");
    auto binary = post("/b", "application/octet-stream", std::string("password\xff\xfe", 10));
    const auto scenarios = record::http_scenario_text(recording({note, binary}));
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.body"), "the author wrote about a monkey");
    BOOST_CHECK(scenarios.find("step 2 (POST /b): the request content is not UTF-8 text") != std::string::npos);
    BOOST_CHECK(scenarios.find("names a secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_cookie_keeps_its_name_and_attributes) {
    auto x = exchange("GET", "/", {{"Cookie", "sid=sessV4lue99"}}, 200,
                      {{"Set-Cookie", "sid=sessV4lue99; Path=/; HttpOnly"}}, "ok");
    test_support::temp_dir dir;
    std::string mock;
    scripts_of(recording({x}), dir, mock);
    BOOST_CHECK(mock.find("Set-Cookie: sid=***********; Path=/; HttpOnly") != std::string::npos);
    BOOST_CHECK(mock.find("sessV4lue99") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(cookies_and_secret_fields_are_replayed_as_variables) {
    // A login sets a session cookie that the next request sends back (a secret capture); another
    // cookie and an API key come from outside (--secret).
    auto login = exchange("POST", "/login", {}, 200, {{"Set-Cookie", "sid=SessFromLogin1; Path=/; HttpOnly"}});
    auto next = exchange("GET", "/me", {{"Cookie", "sid=SessFromLogin1; pref=Pref-Value-2"}, {"X-Api-Key", "Api-Key-Val3"}}, 200, {});
    auto later = exchange("GET", "/me", {{"Cookie", "pref=Pref-Value-2"}, {"x-api-key", "Api-Key-Val3"}}, 200, {});
    const auto r = recording({login, next, later});
    const auto scenarios = record::http_scenario_text(r);
    for (const char* leak : {"SessFromLogin1", "Pref-Value-2", "Api-Key-Val3"})
        BOOST_CHECK_MESSAGE(scenarios.find(leak) == std::string::npos, leak << " written");
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.cookie_sid_1.header"), "Set-Cookie");
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.cookie_sid_1.regex"), "^\\s*\\Qsid\\E=([^;]*)");
    BOOST_CHECK(toml::node_view<const toml::node>(steps[0]).at_path("capture.cookie_sid_1.secret").value_or(false));
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.Cookie"), "sid=${cookie_sid_1}; pref=${cookie_pref}");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.X-Api-Key"), "${header_x_api_key}");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.headers.Cookie"), "pref=${cookie_pref}");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.headers.x-api-key"), "${header_x_api_key}");
    BOOST_CHECK(scenarios.find("--secret cookie_pref=... --secret header_x_api_key=...") != std::string::npos);
    BOOST_CHECK(scenarios.find("--secret cookie_sid") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_asterisk_is_left_out_with_a_note) {
    const auto scenarios = record::http_scenario_text(recording({
        exchange("OPTIONS", "*", {}, 200, {{"Allow", "GET, HEAD"}}),
        exchange("GET", "/", {}, 200, {}),
    }));
    auto steps = steps_of(scenarios);
    BOOST_REQUIRE_EQUAL(steps.size(), 1u);
    BOOST_CHECK_EQUAL(at(steps, 0, "request.url"), "${http}/");
    BOOST_CHECK(scenarios.find("note: step 1 (OPTIONS *): a request-target that is not a path; left out") != std::string::npos);
    BOOST_CHECK(scenarios.find("${http}*") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_cookie_of_a_reply_is_captured_from_it) {
    // A Django login sets two cookies in two Set-Cookie fields (RFC 6265 §3); the next request
    // sends both back: each is captured from that reply, none asked for with --secret.
    auto login = exchange("POST", "/login", {}, 302,
                          {{"Set-Cookie", "csrftoken=CsrfTok3nA; Path=/; SameSite=Lax"},
                           {"Location", "/home"},
                           {"set-cookie", "sessionid=SessI0nB; HttpOnly; Path=/"}});
    auto home = exchange("GET", "/home", {{"Cookie", "csrftoken=CsrfTok3nA; sessionid=SessI0nB"}}, 200, {});
    const auto scenarios = record::http_scenario_text(recording({login, home}));
    for (const char* leak : {"CsrfTok3nA", "SessI0nB"})
        BOOST_CHECK_MESSAGE(scenarios.find(leak) == std::string::npos, leak << " written");
    auto steps = steps_of(scenarios);
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.cookie_csrftoken_1.regex"), "^\\s*\\Qcsrftoken\\E=([^;]*)");
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.cookie_sessionid_1.header"), "Set-Cookie");
    BOOST_CHECK_EQUAL(at(steps, 0, "capture.cookie_sessionid_1.regex"), "^\\s*\\Qsessionid\\E=([^;]*)");
    BOOST_CHECK(toml::node_view<const toml::node>(steps[0]).at_path("capture.cookie_sessionid_1.secret").value_or(false));
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.Cookie"), "csrftoken=${cookie_csrftoken_1}; sessionid=${cookie_sessionid_1}");
    BOOST_CHECK(scenarios.find("--secret cookie_") == std::string::npos);
}
