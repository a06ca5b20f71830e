// JSON turned into TOML tables (every JSON type, ranges, null) and errors of the shared TOML reader
// naming the JSON field path under json_field_scope.
#include "protocol/json_toml.hpp"

#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include "protocol/toml_reader.hpp"

namespace json = boost::json;
using replycheck::protocol::config_error;
using replycheck::protocol::json_field_scope;
using replycheck::protocol::json_to_toml;
using replycheck::protocol::toml_reader;

namespace {

toml::table convert(std::string_view text) { return json_to_toml(json::parse(text).as_object()); }

// The error json_to_toml raises for `text`.
config_error conversion_error(std::string_view text) {
    try {
        convert(text);
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no error for " << text);
    throw;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_json_type_has_its_toml_type) {
    const auto t = convert(R"({"s": "text", "i": -7, "u": 9223372036854775807, "d": 1.5, "b": true,
                               "o": {"inner": [1, "two", {"k": false}]}, "e": []})");
    BOOST_TEST(t["s"].value<std::string>().value() == "text");
    BOOST_TEST(t["i"].is_integer());
    BOOST_TEST(t["i"].value<std::int64_t>().value() == -7);
    BOOST_TEST(t["u"].value<std::int64_t>().value() == INT64_MAX);
    BOOST_TEST(t["d"].is_floating_point());
    BOOST_TEST(t["d"].value<double>().value() == 1.5);
    BOOST_TEST(t["b"].value<bool>().value() == true);
    BOOST_TEST(t["o"].is_table());
    const auto* inner = t["o"]["inner"].as_array();
    BOOST_REQUIRE(inner);
    BOOST_TEST(inner->size() == 3u);
    BOOST_TEST(inner->get(0)->value<std::int64_t>().value() == 1);
    BOOST_TEST(inner->get(1)->value<std::string>().value() == "two");
    BOOST_TEST(inner->get(2)->as_table()->get("k")->value<bool>().value() == false);
    BOOST_TEST(t["e"].as_array()->empty());
}

BOOST_AUTO_TEST_CASE(null_and_out_of_range_integers_name_their_path) {
    const auto null = conversion_error(R"({"replies": [{"status": 200}, {"body": null}]})");
    BOOST_TEST(null.where().field == "replies[1].body");
    BOOST_TEST(std::string(null.what()).starts_with("replies[1].body: null is not a value here"), null.what());
    const auto big = conversion_error(R"({"match": {"n": 9223372036854775808}})");
    BOOST_TEST(big.where().field == "match.n");
    BOOST_TEST(big.message().find("out of range") != std::string::npos, big.message());
    BOOST_TEST(big.where().file.empty());
    BOOST_TEST(big.where().line == 0);
}

BOOST_AUTO_TEST_CASE(reader_errors_carry_the_field_path_under_a_scope) {
    const auto t = convert(R"({"match": {"methdo": "GET"}, "replies": [{"status": "x"}]})");
    const json_field_scope scope(t);
    const toml_reader top(t, "", "the script");
    const auto& match = *t["match"].as_table();
    try {
        top.nested(match, "match").allow({"method", "path"});
        BOOST_FAIL("unknown key accepted");
    } catch (const config_error& e) {
        BOOST_TEST(e.where().field == "match.methdo");
        BOOST_TEST(e.what() == std::string("match.methdo: unknown key 'methdo' in match (did you mean 'method'?)"));
    }
    const auto& reply = *t["replies"].as_array()->get(0)->as_table();
    try {
        top.nested(reply, "reply").integer("status", 100, 599);
        BOOST_FAIL("a string taken as an integer");
    } catch (const config_error& e) {
        BOOST_TEST(e.where().field == "replies[0].status");
        BOOST_TEST(e.message() == "expected integer for 'status', got string");
    }
}

BOOST_AUTO_TEST_CASE(without_a_scope_positions_are_the_file_ones) {
    const auto from_json = convert(R"({"a": "x"})");
    const auto parsed = replycheck::protocol::parse_toml("a = 1\nb = \"x\"\n", "f.toml");
    {
        const json_field_scope scope(from_json);
        // A node of another tree keeps its file position even while a scope is alive.
        const auto where = replycheck::protocol::position_of(*parsed.get("b"), "f.toml");
        BOOST_TEST(where.to_string() == "f.toml:2:5");
        BOOST_TEST(where.field.empty());
    }
    const auto where = replycheck::protocol::position_of(*from_json.get("a"), "");
    BOOST_TEST(where.field.empty());   // the scope is gone
    BOOST_TEST(where.to_string() == "<input>");
}
