#include "protocol/duration.hpp"

#include <boost/test/unit_test.hpp>

using namespace std::chrono_literals;
using replycheck::protocol::format_duration;
using replycheck::protocol::parse_duration;

BOOST_AUTO_TEST_CASE(parses_the_units_users_write) {
    BOOST_TEST(parse_duration("500ms").value().count() == 500);
    BOOST_TEST(parse_duration("3s").value().count() == 3000);
    BOOST_TEST(parse_duration("1.5s").value().count() == 1500);
    BOOST_TEST(parse_duration("1m").value().count() == 60000);
    BOOST_TEST(parse_duration("2m30s").value().count() == 150000);
    BOOST_TEST(parse_duration("1h").value().count() == 3600000);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_durations) {
    for (const char* bad : {"", "3", "s", "3x", "-1s", "1.s.", "ms", "3 s", "1e3s"})
        BOOST_TEST(!parse_duration(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(formats_back_to_the_short_form) {
    BOOST_TEST(format_duration(500ms) == "500ms");
    BOOST_TEST(format_duration(3000ms) == "3s");
    BOOST_TEST(format_duration(1250ms) == "1.25s");
    BOOST_TEST(format_duration(90000ms) == "1m30s");
}
