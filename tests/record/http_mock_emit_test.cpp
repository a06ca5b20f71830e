// The mock the HTTP recorder emits, from hand-made recordings, loaded and asked as `replycheck
// mock` would be: a request-target that is not UTF-8 (escaped in every comment and name, matched
// by its bytes), replies told apart by the request fields their Vary names, replies that are not
// UTF-8 sent byte for byte from a file, and what the mock cannot hold noted.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "record/http_recording_support.hpp"
#include "mock_http/support.hpp"
#include "mockserver/mock_set.hpp"
#include "mockserver/mock_set_config.hpp"
#include "protocol/toml_reader.hpp"
#include "protocol/utf8.hpp"

using namespace replycheck;
using record::http_recorded_exchange;

namespace {

// The shared hand-made exchange, with the content's size the recorder counts.
http_recorded_exchange exchange(std::string method, std::string target, protocol::header_list request, int status,
                                protocol::header_list reply, const std::string& body) {
    auto x = record_test::exchange(std::move(method), std::move(target), std::move(request), status, std::move(reply), body);
    x.body_size = body.size();
    return x;
}

using record_test::recording;

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The emitted mock, written, loaded as `replycheck mock` loads it, and serving.
struct emitted {
    test_support::temp_dir dir;
    std::string text;
    std::vector<std::string> notes;
    toml::array scripts;
    std::unique_ptr<mock::mock_set> mocks;

    explicit emitted(const record::http_recording& r) {
        record::write_http_mock(dir.path / "m.toml", r, &notes);
        text = read(dir.path / "m.toml");
        BOOST_CHECK(protocol::valid_utf8(text));
        auto doc = protocol::parse_toml_file(dir.path / "m.toml");
        if (auto* s = doc["mock"]["http"]["script"].as_array()) scripts = *s;
        mocks = std::make_unique<mock::mock_set>(mock::load_mock_set_config(*doc["mock"].as_table(), dir.path, "m.toml"));
        mocks->start();
    }
    ~emitted() { mocks->stop(); }
    toml::node_view<const toml::node> script(std::size_t i) const { return toml::node_view<const toml::node>(scripts[i]); }
    test_support::wire_reply ask(const std::string& request) const {
        return test_support::raw_request(mocks->http()->port(), request);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(http_mock_emit)

BOOST_AUTO_TEST_CASE(a_target_that_is_not_utf8_is_escaped_and_answered) {
    auto x = exchange("GET", "/caf\xe9.txt?q=\xff&r=ok", {}, 200, {{"Content-Type", "text/plain"}}, "latin");
    auto big = exchange("GET", "/gro\xdf", {}, 200, {}, "");
    big.raw_reply.clear();
    big.reply_too_big = true;
    big.body_size = 10;
    emitted m(recording({x, big}));
    BOOST_REQUIRE_EQUAL(m.scripts.size(), 2u);
    BOOST_CHECK_EQUAL(m.script(0).at_path("name").value_or(std::string()), "GET /caf%E9.txt?q=%FF&r=ok");
    BOOST_CHECK_EQUAL(m.script(0).at_path("match.path_regex").value_or(std::string()), "/caf\\xE9\\.txt");
    BOOST_CHECK_EQUAL(m.script(0).at_path("match.query.q.regex").value_or(std::string()), "^\\xFF$");
    BOOST_CHECK_EQUAL(m.script(0).at_path("match.query.r").value_or(std::string()), "ok");
    BOOST_CHECK(m.text.find("# note: GET /gro%DF (200): the reply was larger") != std::string::npos);
    // The scenario sends the bytes percent-encoded; the mock decodes and matches them.
    const auto reply = m.ask("GET /caf%E9.txt?q=%FF&r=ok HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_CHECK_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.body, "latin");
    BOOST_CHECK_EQUAL(m.ask("GET /caf%E9.txt?q=%FE&r=ok HTTP/1.1\r\nHost: x\r\n\r\n").status, 404);
    BOOST_CHECK_EQUAL(m.ask("GET /gro%DF HTTP/1.1\r\nHost: x\r\n\r\n").body.size(), 10u);
}

BOOST_AUTO_TEST_CASE(fields_a_vary_names_tell_the_replies_apart) {
    const protocol::header_list vary{{"Vary", "Accept-Encoding, Cookie"}};
    auto gzip_reply = vary;
    gzip_reply.push_back({"Content-Encoding", "gzip"});
    emitted m(recording({
        exchange("GET", "/enc", {{"Accept-Encoding", "gzip"}, {"Cookie", "sid=S3cretCookie"}}, 200, gzip_reply, "zipped"),
        exchange("GET", "/enc", {{"Accept-Encoding", "identity"}}, 200, vary, "plain"),
        exchange("GET", "/enc", {}, 200, vary, "none sent"),
        // The same value every time: no condition.
        exchange("GET", "/same", {{"Accept-Encoding", "gzip"}}, 200, vary, "one"),
    }));
    BOOST_REQUIRE_EQUAL(m.scripts.size(), 4u);
    BOOST_CHECK_EQUAL(m.script(0).at_path("match.headers.Accept-Encoding").value_or(std::string()), "gzip");
    BOOST_CHECK_EQUAL(m.script(0).at_path("match.headers.Cookie").value_or(std::string()), "*");   // a secret: presence only
    BOOST_CHECK_EQUAL(m.script(1).at_path("match.headers.Accept-Encoding").value_or(std::string()), "identity");
    BOOST_CHECK(m.text.find("S3cretCookie") == std::string::npos);
    for (std::size_t i = 2; i < 4; ++i) BOOST_CHECK(!m.script(i).at_path("match.headers"));
    auto ask = [&](const std::string& fields) {
        return m.ask("GET /enc HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n").body;
    };
    BOOST_CHECK_EQUAL(ask("Accept-Encoding: gzip\r\nCookie: sid=other\r\n"), "zipped");
    BOOST_CHECK_EQUAL(ask("Accept-Encoding: identity\r\n"), "plain");
    BOOST_CHECK_EQUAL(ask(""), "none sent");
    BOOST_CHECK_EQUAL(m.ask("GET /same HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n").body, "one");
}

BOOST_AUTO_TEST_CASE(a_reply_that_is_not_utf8_is_sent_byte_for_byte) {
    const std::string body("\x89PNG\x00\xff", 6);
    auto x = exchange("GET", "/pic", {}, 200, {{"X-Name", "caf\xe9"}, {"Content-Type", "image/png"}}, body);
    emitted m(recording({x}));
    BOOST_REQUIRE_EQUAL(m.scripts.size(), 1u);
    BOOST_CHECK_EQUAL(m.script(0).at_path("reply.raw_file").value_or(std::string()), "m-root/replies/1.bin");
    BOOST_CHECK(read(m.dir.path / "m-root/replies/1.bin") == x.raw_reply);
    BOOST_CHECK(m.script(0).at_path("keep_open").value_or(false));
    test_support::raw_client c(m.mocks->http()->port());
    c.send("GET /pic HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_CHECK(c.read_until_close() == x.raw_reply);
    BOOST_CHECK(m.notes.empty());
}

BOOST_AUTO_TEST_CASE(a_field_a_too_big_reply_cannot_hold_is_noted) {
    auto big = exchange("GET", "/big", {}, 200, {{"X-Name", "caf\xe9"}, {"Content-Type", "text/plain"}}, "");
    big.raw_reply.clear();
    big.reply_too_big = true;
    big.body_size = 9000000;
    emitted m(recording({big}));
    BOOST_REQUIRE_EQUAL(m.notes.size(), 2u);
    BOOST_CHECK_EQUAL(m.notes[1], "GET /big (200): X-Name not UTF-8 (a TOML string cannot hold it); the mock's reply leaves it out");
    BOOST_CHECK(m.text.find("# note: GET /big (200): X-Name not UTF-8") != std::string::npos);
    BOOST_CHECK_EQUAL(m.script(0).at_path("reply.headers[0][0]").value_or(std::string()), "Content-Type");
}

BOOST_AUTO_TEST_CASE(limits_grow_to_what_the_recorder_took) {
    // The recorder reads heads up to 64 KiB; the mock's defaults (8 KiB targets, 16 KiB header
    // sections) would answer 414 or 431 to a recorded request.
    const std::string long_query(10000, 'q'), long_value(20000, 'v');
    auto x = exchange("GET", "/search?q=" + long_query, {{"X-Big", long_value}}, 200, {}, "found");
    auto small = exchange("GET", "/small", {}, 200, {}, "small");
    emitted m(recording({x, small}));
    BOOST_CHECK(m.text.find("[mock.http.limits]") != std::string::npos);
    const auto reply = m.ask("GET /search?q=" + long_query + " HTTP/1.1\r\nHost: x\r\nX-Big: " + long_value + "\r\n\r\n");
    BOOST_CHECK_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.body, "found");
    // A recording within the defaults keeps them.
    emitted plain(recording({small}));
    BOOST_CHECK(plain.text.find("limits") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
