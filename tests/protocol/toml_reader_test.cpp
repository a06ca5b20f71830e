#include "protocol/toml_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace replycheck::protocol;
using namespace std::chrono_literals;

namespace {

/// The error `read` raises on a reader over `text` (as f.toml), or "" when it raises none.
template <class Read>
std::string error_of(const std::string& text, Read read) {
    try {
        auto table = parse_toml(text, "f.toml");
        toml_reader r(table, "f.toml", "[t]");
        read(r);
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(typed_values_and_their_errors_are_located) {
    auto table = parse_toml("s = \"x\"\nn = 7\nb = true\nd = \"1.5s\"\nl = [\"a\", \"b\"]\n", "f.toml");
    toml_reader reader(table, "f.toml", "[t]");
    BOOST_TEST(reader.string("s").value() == "x");
    BOOST_TEST(reader.integer("n", 0, 10).value() == 7);
    BOOST_TEST(reader.boolean("b").value());
    BOOST_TEST(reader.duration("d").value() == 1500ms);
    BOOST_TEST(reader.strings("l").size() == 2u);
    BOOST_TEST(!reader.string("missing"));
    BOOST_TEST(error_of("n = \"7\"", [](auto& r) { (void)r.integer("n", 0, 10); }) ==
               "f.toml:1:5: expected integer for 'n', got string");
    BOOST_TEST(error_of("n = 11", [](auto& r) { (void)r.integer("n", 0, 10); }) ==
               "f.toml:1:5: 'n' must be between 0 and 10, got 11");
    BOOST_TEST(error_of("s = [1]", [](auto& r) { (void)r.strings("s"); }) ==
               "f.toml:1:6: expected array of strings for 's', got integer");
    BOOST_TEST(error_of("x = ", [](auto&) {}).starts_with("f.toml:1:"));
}

BOOST_AUTO_TEST_CASE(a_duration_needs_a_unit) {
    BOOST_TEST(error_of("delay = 500", [](auto& r) { (void)r.duration("delay"); }) ==
               "f.toml:1:9: a duration needs a unit: write 'delay = \"500ms\"' or 'delay = \"500s\"', not a bare number");
    BOOST_TEST(error_of("delay = \"5 s\"", [](auto& r) { (void)r.duration("delay"); }) ==
               "f.toml:1:9: invalid duration '5 s' for 'delay' (write 500ms, 3s, 1m)");
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_choices_get_the_same_hints) {
    BOOST_TEST(error_of("pasword = 1", [](auto& r) { r.allow({"user", "password"}); }) ==
               "f.toml:1:1: unknown key 'pasword' in [t] (did you mean 'password'?)");
    BOOST_TEST(error_of("zzz = 1", [](auto& r) { r.allow({"user", "password"}); }) ==
               "f.toml:1:1: unknown key 'zzz' in [t]");
    BOOST_TEST(error_of("mode = \"strcit\"", [](auto& r) { (void)r.choice("mode", {"strict", "default", "off"}); }) ==
               "f.toml:1:8: invalid mode 'strcit' (expected \"strict\", \"default\" or \"off\") (did you mean 'strict'?)");
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(suggest("pass", {"password", "user"}) == "password");
}
