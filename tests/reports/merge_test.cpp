#include "reports/merge.hpp"

#include <boost/test/unit_test.hpp>

#include "reports/sample_run.hpp"
#include "reports/writers.hpp"

using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

run_result shard(const std::string& host, const std::string& start, double seconds, std::vector<std::string> files) {
    run_result r;
    r.tool_version = "0.1.0";
    r.command = "run";
    r.hostname = host;
    r.started_at = start;
    r.seconds = seconds;
    for (const auto& f : files) {
        suite_result s;
        s.name = "suite " + f;
        s.file = f;
        s.timestamp = start;
        s.seconds = 1;
        scenario_result sc;
        sc.name = "from " + host;
        sc.file = f;
        s.scenarios.push_back(sc);
        r.suites.push_back(s);
    }
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(suites_joined_by_file_and_totals_recomputed) {
    auto a = shard("host-a", "2026-11-24T10:00:05Z", 3.0, {"a.toml", "b.toml"});
    auto b = shard("host-b", "2026-11-24T10:00:01Z", 5.0, {"b.toml", "c.toml"});
    b.suites[0].scenarios[0].result = outcome::failed;
    b.strict = true;
    run_result m = merge({a, b});
    BOOST_TEST(m.suites.size() == 3u);
    BOOST_TEST(m.suites[0].file == "a.toml");
    BOOST_TEST(m.suites[1].file == "b.toml");
    BOOST_TEST(m.suites[1].scenarios.size() == 2u);
    BOOST_TEST(m.suites[1].scenarios[1].name == "from host-b");
    BOOST_TEST(m.suites[1].seconds == 2.0);
    BOOST_TEST(m.suites[1].timestamp == "2026-11-24T10:00:01Z");
    BOOST_TEST(m.suites[1].hostname == "host-a,host-b");
    BOOST_TEST(m.suites[2].hostname == "host-b");
    BOOST_TEST(m.started_at == "2026-11-24T10:00:01Z");
    BOOST_TEST(m.seconds == 5.0);
    BOOST_TEST(m.strict);
    BOOST_TEST(m.hostname.empty());
    totals t = count(m);
    BOOST_TEST(t.tests == 4);
    BOOST_TEST(t.passed == 3);
    BOOST_TEST(t.failed == 1);
}

BOOST_AUTO_TEST_CASE(host_names_listed_once_each) {
    // "ci-1" is a prefix of "ci-10": both must be listed.
    run_result m = merge({shard("ci-10", "2026-11-24T10:00:00Z", 1, {"x.toml"}),
                          shard("ci-1", "2026-11-24T10:00:00Z", 1, {"x.toml"}),
                          shard("ci-10", "2026-11-24T10:00:00Z", 1, {"x.toml"})});
    BOOST_TEST(m.suites[0].hostname == "ci-10,ci-1");
    BOOST_TEST(m.suites[0].scenarios.size() == 3u);
}

BOOST_AUTO_TEST_CASE(same_host_keeps_run_hostname) {
    run_result m = merge({shard("h", "2026-11-24T10:00:00Z", 1, {"x.toml"}), shard("h", "2026-11-24T10:00:00Z", 2, {"y.toml"})});
    BOOST_TEST(m.hostname == "h");
    BOOST_TEST(m.suites[0].hostname.empty());
    BOOST_TEST(m.command == "run");
}

BOOST_AUTO_TEST_CASE(merge_of_json_round_trips) {
    // The merge of a report with itself doubles every count and keeps every scenario.
    std::string json = render_json(sample_run(), writer_options{});
    run_result once = parse_json(json);
    run_result m = merge({once, parse_json(json)});
    BOOST_TEST(count(m).tests == 2 * count(once).tests);
    BOOST_TEST(count(m).errors == 2);
    BOOST_TEST(m.suites.size() == once.suites.size());
    BOOST_TEST(merge({}).suites.empty());
}
