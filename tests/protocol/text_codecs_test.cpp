// Base64 (RFC 4648 §4), ISO 8601 UTC timestamps and JSON arrays one element per line: the one
// copy of each in the tree.
#include "protocol/base64.hpp"
#include "protocol/iso8601.hpp"
#include "protocol/json_lines.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include <boost/json/parse.hpp>

using namespace replycheck::protocol;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(base64_round_trips_every_tail_length) {
    // RFC 4648 §10 test vectors.
    BOOST_TEST(base64_encode("") == "");
    BOOST_TEST(base64_encode("f") == "Zg==");
    BOOST_TEST(base64_encode("fo") == "Zm8=");
    BOOST_TEST(base64_encode("foo") == "Zm9v");
    BOOST_TEST(base64_encode("foobar") == "Zm9vYmFy");
    BOOST_TEST(base64_encode(std::string("\xff\x00\xfe", 3)) == "/wD+");
    std::string out;
    for (std::string text : {"", "f", "fo", "foo", "user:pa ss:w\xc3\xb6rd"}) {
        BOOST_TEST(base64_decode(base64_encode(text), out));
        BOOST_TEST(out == text);
    }
    BOOST_TEST(base64_decode("Zm8", out));   // padding may be left out
    BOOST_TEST(out == "fo");
    BOOST_TEST(!base64_decode("Zm9v!", out));
}

BOOST_AUTO_TEST_CASE(iso8601_in_utc) {
    const auto time = sys_days{2026y / January / 2} + 3h + 4min + 5s + 678ms;
    BOOST_TEST(iso8601_utc(time) == "2026-01-02T03:04:05Z");
    BOOST_TEST(iso8601_utc_millis(time) == "2026-01-02T03:04:05.678Z");
    BOOST_TEST(iso8601_utc_millis(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(iso8601_utc(sys_days{2024y / February / 29} + 23h + 59min + 59s + 999ms) == "2024-02-29T23:59:59Z");
}

BOOST_AUTO_TEST_CASE(json_array_one_element_per_line) {
    BOOST_TEST(json_array_lines({}) == "[]\n");
    const boost::json::array elements{boost::json::object{{"id", "a\"b\n"}}, 2};
    const auto text = json_array_lines(elements);
    BOOST_TEST(text == "[\n{\"id\":\"a\\\"b\\n\"},\n2\n]\n");
    BOOST_TEST(boost::json::parse(text) == boost::json::value(elements));
}

BOOST_AUTO_TEST_CASE(iso8601_parsed_with_offsets_and_fractions) {
    using namespace std::chrono;
    const auto base = sys_days(2026y / January / 2) + 3h + 4min + 5s;
    BOOST_TEST((parse_iso8601("2026-01-02T03:04:05Z") == base));
    BOOST_TEST((parse_iso8601("2026-01-02T03:04:05") == base));
    BOOST_TEST((parse_iso8601("2026-01-02T04:04:05.25+01:00") == base + 250ms));
    BOOST_TEST((parse_iso8601("2026-01-02T04:04:05 01:00") == base));   // '+' decoded as a space
    BOOST_TEST((parse_iso8601("2026-01-02T02:34:05-00:30") == base));
    BOOST_TEST(!parse_iso8601("2026-02-30T00:00:00Z"));
    BOOST_TEST(!parse_iso8601("2026-01-02 03:04:05Z"));
    BOOST_TEST(!parse_iso8601("2026-01-02T03:04:05.Z"));
    BOOST_TEST(!parse_iso8601("12"));
}
