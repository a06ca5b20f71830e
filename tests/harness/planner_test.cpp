// --filter: the scenario regex dialect (Perl syntax, any case), bounded, and a bad pattern named.
#include "harness/planner.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "protocol/bounded_regex.hpp"

using namespace replycheck::harness;

namespace {

std::vector<suite> suites_named(std::vector<std::string> names) {
    suite s;
    s.name = "web";
    s.file = "web.toml";
    for (auto& name : names) {
        scenario sc;
        sc.name = std::move(name);
        s.scenarios.push_back(std::move(sc));
    }
    return {s};
}

std::size_t selected(const std::vector<suite>& suites, const std::string& filter) {
    plan_options o;
    o.filter = filter;
    return make_plan(suites, o, nullptr).size();
}

}  // namespace

BOOST_AUTO_TEST_CASE(filter_uses_perl_syntax_and_ignores_case) {
    const auto suites = suites_named({"Range alpha", "range beta", "etag"});
    BOOST_TEST(selected(suites, "RANGE") == 2u);
    // Named groups and \A are Perl (Boost.Regex) syntax, which scenario expectations use too.
    BOOST_TEST(selected(suites, R"(\Aweb / (?<kind>range) b)") == 1u);
    BOOST_TEST(selected(suites, "^web / (?!range)") == 1u);
}

BOOST_AUTO_TEST_CASE(catastrophic_filter_finishes_and_selects_nothing) {
    const auto suites = suites_named({std::string(4000, 'a'), "b"});
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(selected(suites, "^web / (a|aa)*c") == 0u);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 60);   // unbounded: hours
}

BOOST_AUTO_TEST_CASE(bad_filter_throws_the_syntax_error) {
    const auto suites = suites_named({"a"});
    BOOST_CHECK_THROW(selected(suites, "(unclosed"), replycheck::protocol::regex_syntax_error);
}
