// The rule table itself: unique well-formed ids, sections, the allow list, and the committed
// docs/conformance-rules.md being exactly what `replycheck rules --markdown` prints.
#include "protocol/rules/rules.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json/parse.hpp>

using namespace replycheck::protocol;

BOOST_AUTO_TEST_CASE(ids_are_unique_and_well_formed) {
    std::set<std::string_view> seen;
    for (const auto& r : all_rules()) {
        BOOST_TEST_CONTEXT(r.id) {
            BOOST_TEST(seen.insert(r.id).second, "duplicate id");
            BOOST_TEST((r.protocol == "http" || r.protocol == "ftp"));
            BOOST_TEST(r.id.starts_with(std::string(r.protocol) + "."));
            BOOST_TEST(r.section.starts_with("RFC "));
            BOOST_TEST(!r.description.empty());
            BOOST_TEST(find_rule(r.id) == &r);
        }
    }
    BOOST_TEST(find_rule("http.nope") == nullptr);
    BOOST_TEST(all_rules().size() > 60u);
}

BOOST_AUTO_TEST_CASE(allow_list_matches_ids_and_prefixes) {
    check_options o;
    o.allowed = {"http.405.allow", "ftp.227.*"};
    BOOST_TEST(rule_allowed(o, "http.405.allow"));
    BOOST_TEST(!rule_allowed(o, "http.405.method-in-allow"));
    BOOST_TEST(rule_allowed(o, "ftp.227.format"));
    BOOST_TEST(rule_allowed(o, "ftp.227.address"));
    BOOST_TEST(!rule_allowed(o, "ftp.229.format"));
    BOOST_TEST(!rule_allowed(check_options{}, "http.405.allow"));
}

BOOST_AUTO_TEST_CASE(json_lists_every_rule) {
    const auto json = rules_json();
    const auto parsed = boost::json::parse(json).as_array();
    const auto rules = all_rules();
    BOOST_REQUIRE_EQUAL(parsed.size(), rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& o = parsed[i].as_object();
        BOOST_TEST(o.at("id").as_string() == rules[i].id);
        BOOST_TEST(o.at("level").as_string() == to_string(rules[i].level));
        BOOST_TEST(o.at("section").as_string() == rules[i].section);
        BOOST_TEST(o.at("description").as_string() == rules[i].description);
        BOOST_TEST(o.at("protocol").as_string() == rules[i].protocol);
    }
    // One rule per line.
    BOOST_TEST(std::count(json.begin(), json.end(), '\n') == static_cast<std::ptrdiff_t>(rules.size() + 2));
}

BOOST_AUTO_TEST_CASE(committed_doc_is_generated_from_the_table) {
    const char* source = std::getenv("REPLYCHECK_SOURCE_DIR");
    BOOST_REQUIRE_MESSAGE(source, "REPLYCHECK_SOURCE_DIR is not set (run through ctest)");
    const auto path = std::filesystem::path(source) / "docs" / "conformance-rules.md";
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, path << " is missing");
    std::stringstream text;
    text << in.rdbuf();
    BOOST_TEST(text.str() == rules_markdown(),
               "docs/conformance-rules.md is stale: regenerate with `replycheck rules --markdown`");
    for (const auto& r : all_rules()) BOOST_TEST(text.str().find(std::string(r.id)) != std::string::npos, r.id);
}
