// The scenario side of the HTTP recorder from hand-made recordings (no network): masked reply
// values expected as patterns, secrets a Location carried captured for the request that sends
// them, the request fields that decided a reply replayed, the https hint. The round trip through
// a real upstream is tests/integration/record_http_broken.sh.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include <toml++/toml.h>

#include "harness/record/http_exchange.hpp"
#include "protocol/bounded_regex.hpp"
#include "record/http_recording_support.hpp"

using namespace replycheck;
using namespace record_test;

namespace {

// `pattern` with `${http}` given `origin`, as the runner expands it, searched in `text`; the
// first group when there is one.
std::optional<std::string> search(std::string pattern, std::string_view text) {
    for (auto pos = pattern.find("${http}"); pos != std::string::npos; pos = pattern.find("${http}"))
        pattern.replace(pos, 7, origin);
    std::vector<std::string_view> groups;
    if (protocol::bounded_regex(pattern).search(text, &groups) != protocol::regex_outcome::match) return std::nullopt;
    return std::string(groups.size() > 1 ? groups[1] : groups[0]);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_mask_is_never_expected_and_a_token_a_location_carried_is_captured) {
    // A login redirects with a session token in the query (relative, then absolute), and the
    // client follows; a Basic password that happens to stand in a Location ("dir/"); a query
    // secret no reply gave, sent with two values around a capture of the same parameter.
    auto go = exchange("GET", "/go", {}, 302, {{"Location", "/cb?session_token=fixedTok42abc"}});
    auto cb = exchange("GET", "/cb?session_token=fixedTok42abc", {}, 200, {});
    auto go2 = exchange("GET", "/go2", {}, 302,
                        {{"Location", std::string(origin) + "/cb?session_token=OtherTok99xyz&next=%2Fhome"}});
    auto cb2 = exchange("GET", "/cb?session_token=OtherTok99xyz&next=%2Fhome", {}, 200, {});
    auto dir = exchange("GET", "/dir", {{"Authorization", "Basic Ym9iOmRpci8="}}, 301, {{"Location", std::string(origin) + "/dir/"}});
    auto outside = exchange("GET", "/x?session_token=Outside1aaa", {}, 200, {});
    auto outside2 = exchange("GET", "/x?session_token=Outside2bbb", {}, 200, {});
    const auto r = recording({outside, go, cb, go2, cb2, dir, outside2});
    const auto text = record::http_scenario_text(r);
    for (const char* leak : {"fixedTok42abc", "OtherTok99xyz", "Outside1aaa", "Outside2bbb", "dir/'", "*****"})
        BOOST_CHECK_MESSAGE(text.find(leak) == std::string::npos, leak << " written");
    auto steps = steps_of(text);
    BOOST_REQUIRE_EQUAL(steps.size(), 7u);

    // The relative Location: its token a wildcard, and captured (secret) for the next request.
    const auto expected = at(steps, 1, "expect.headers.Location.matches");
    BOOST_CHECK_EQUAL(expected, "^\\Q/cb?session_token=\\E[^&;#\\s]+$");
    BOOST_CHECK(search(expected, "/cb?session_token=fixedTok42abc"));   // the recorded server
    BOOST_CHECK(search(expected, "/cb?session_token=*************"));   // the emitted mock
    BOOST_CHECK(!search(expected, "/cb?session_token="));
    BOOST_CHECK(!search(expected, "/cb?session_token=a&b=1"));
    BOOST_CHECK_EQUAL(at(steps, 1, "capture.query_session_token_2.header"), "Location");
    BOOST_CHECK(toml::node_view<const toml::node>(steps[1]).at_path("capture.query_session_token_2.secret").value_or(false));
    const auto regex = at(steps, 1, "capture.query_session_token_2.regex");
    BOOST_CHECK_EQUAL(search(regex, "/cb?session_token=fixedTok42abc").value_or(""), "fixedTok42abc");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.url"), "${http}/cb?session_token=${query_session_token_2}");

    // The absolute one, with a parameter after the token.
    const auto regex2 = at(steps, 3, "capture.query_session_token_4.regex");
    BOOST_CHECK_EQUAL(regex2, "\\Q/cb?session_token=\\E([^&;#\\s]+)\\Q&next=%2Fhome\\E$");
    BOOST_CHECK_EQUAL(search(regex2, std::string(origin) + "/cb?session_token=T9&next=%2Fhome").value_or(""), "T9");
    BOOST_CHECK_EQUAL(search(regex2, "/cb?session_token=T8&next=%2Fhome").value_or(""), "T8");
    BOOST_CHECK_EQUAL(at(steps, 4, "request.url"), "${http}/cb?session_token=${query_session_token_4}&next=%2Fhome");

    // A password in a Location: a wildcard there, nothing captured.
    const auto dir_expected = at(steps, 5, "expect.headers.Location.matches");
    BOOST_CHECK_EQUAL(dir_expected, "^(\\Q${http}\\E)?\\Q/\\E[^&;#\\s]+$");
    BOOST_CHECK(search(dir_expected, std::string(origin) + "/dir/"));
    BOOST_CHECK(!toml::node_view<const toml::node>(steps[5]).at_path("capture"));

    // Values no reply gave come from --secret, under names no capture takes.
    BOOST_CHECK_EQUAL(at(steps, 0, "request.url"), "${http}/x?session_token=${query_session_token}");
    BOOST_CHECK_EQUAL(at(steps, 6, "request.url"), "${http}/x?session_token=${query_session_token_3}");
    BOOST_CHECK(text.find("--secret query_session_token=... --secret query_session_token_3=...") != std::string::npos);
    BOOST_CHECK(text.find("--secret query_session_token_2") == std::string::npos);
    BOOST_CHECK(text.find("--secret query_session_token_4") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_masked_content_range_is_a_pattern) {
    // A server that reflects a cookie value into a field that is checked (far-fetched, but a
    // mask must not be expected there either).
    auto x = exchange("GET", "/r", {{"Cookie", "sid=RangeSecret1"}, {"Range", "bytes=0-1"}}, 206,
                      {{"Content-Range", "bytes 0-1/2 RangeSecret1"}});
    auto steps = steps_of(record::http_scenario_text(recording({x})));
    const auto expected = at(steps, 0, "expect.headers.Content-Range.matches");
    BOOST_CHECK_EQUAL(expected, "^\\Qbytes 0-1/2 \\E[^&;#\\s]+$");
    BOOST_CHECK(search(expected, "bytes 0-1/2 RangeSecret1"));
}

BOOST_AUTO_TEST_CASE(fields_that_decided_a_reply_are_replayed) {
    const protocol::header_list connection_fields = {
        {"Host", "127.0.0.1:9000"}, {"User-Agent", "curl/8.5.0"}, {"Connection", "keep-alive, X-Hop"},
        {"X-Hop", "1"}, {"Keep-Alive", "timeout=5"}, {"Content-Length", "0"}, {"Expect", "100-continue"}};
    const auto with = [&](protocol::header_list more) {
        auto fields = connection_fields;
        fields.insert(fields.end(), more.begin(), more.end());
        return fields;
    };
    auto move = exchange("MOVE", "/new.txt",
                         with({{"Destination", "http://127.0.0.1:9000/moved.txt"}, {"Overwrite", "F"}, {"Depth", "infinity"}}),
                         204, {});
    auto copy = exchange("COPY", "/a.txt", with({{"Destination", std::string(origin) + "/c%20d.txt"}, {"If", "(<urn:x>)"},
                                                 {"Lock-Token", "<urn:x>"}, {"Timeout", "Second-60"}}), 201, {});
    auto away = exchange("COPY", "/a.txt", with({{"Destination", "http://elsewhere.example/x"}}), 502, {});
    auto ua = exchange("GET", "/ua", with({{"Origin", "http://site.example"}, {"X-Other", "no"}}), 200,
                       {{"Vary", "Accept-Encoding"}, {"vary", " user-agent ,Origin"}});
    auto big = exchange("GET", "/big", with({{"X-Big", std::string(20000, 'b')}}), 431, {});
    auto steps = steps_of(record::http_scenario_text(recording({move, copy, away, ua, big})));
    BOOST_CHECK_EQUAL(at(steps, 0, "request.headers.Destination"), "${http}/moved.txt");   // at the recorder
    BOOST_CHECK_EQUAL(at(steps, 0, "request.headers.Overwrite"), "F");
    BOOST_CHECK_EQUAL(at(steps, 0, "request.headers.Depth"), "infinity");
    BOOST_CHECK_EQUAL(at(steps, 1, "request.headers.Destination"), "${http}/c%20d.txt");   // at the upstream
    for (const char* dav : {"If", "Lock-Token", "Timeout"})
        BOOST_CHECK_MESSAGE(at(steps, 1, std::string("request.headers.") + dav) != "<missing>", dav << " not replayed");
    BOOST_CHECK_EQUAL(at(steps, 2, "request.headers.Destination"), "http://elsewhere.example/x");
    BOOST_CHECK_EQUAL(at(steps, 3, "request.headers.User-Agent"), "curl/8.5.0");   // named by Vary
    BOOST_CHECK_EQUAL(at(steps, 3, "request.headers.Origin"), "http://site.example");
    BOOST_CHECK_EQUAL(at(steps, 3, "request.headers.X-Other"), "<missing>");
    BOOST_CHECK_EQUAL(at(steps, 4, "request.headers.X-Big"), std::string(20000, 'b'));   // 431: every field
    BOOST_CHECK_EQUAL(at(steps, 4, "request.headers.User-Agent"), "curl/8.5.0");
    for (std::size_t i = 0; i < 5; ++i) {
        if (i != 3 && i != 4) BOOST_CHECK_EQUAL(at(steps, i, "request.headers.User-Agent"), "<missing>");
        for (const char* hop : {"Host", "Connection", "X-Hop", "Keep-Alive", "Content-Length", "Expect"})
            BOOST_CHECK_MESSAGE(at(steps, i, std::string("request.headers.") + hop) == "<missing>",
                                "step " << i + 1 << " replays " << hop);
    }
}

BOOST_AUTO_TEST_CASE(an_https_recording_tells_how_to_trust_the_server) {
    auto r = recording({exchange("GET", "/", {}, 200, {})});
    BOOST_CHECK(record::http_scenario_text(r).find("--cacert") == std::string::npos);
    r.upstream_origin = "https://127.0.0.1:8443";
    const auto text = record::http_scenario_text(r);
    BOOST_CHECK(text.find("--var http=https://HOST:PORT") != std::string::npos);
    BOOST_CHECK(text.find("add --cacert FILE") != std::string::npos);
    BOOST_CHECK(text.find("--insecure") != std::string::npos);
}
