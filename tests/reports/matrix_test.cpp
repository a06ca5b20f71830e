// The conformance matrix from smoke runs: each cell's verdict and the rule that decided it, a
// --strict twin folded into its column, and hostile text kept in its place in every format.
#include "reports/matrix.hpp"

#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace replycheck;
using namespace replycheck::reports;

namespace replycheck::reports {
std::ostream& operator<<(std::ostream& out, cell_verdict v) { return out << to_string(v); }
}  // namespace replycheck::reports

namespace {

scenario_result probe(std::string name, outcome result, std::string message = {}) {
    scenario_result sc;
    sc.name = std::move(name);
    sc.tags = {"smoke", "http"};
    sc.result = result;
    sc.message = message;
    step_result st;
    st.index = 1;
    st.kind = "raw";
    st.actual = "HTTP/1.1 405 Not Allowed";
    st.result = result == outcome::skipped ? outcome::passed : result;
    st.message = message;
    sc.steps.push_back(st);
    return sc;
}

run_result smoke_run(std::vector<scenario_result> probes, bool strict = false, std::string url = "http://127.0.0.1:8080/") {
    run_result run;
    run.command = "smoke";
    run.strict = strict;
    suite_result suite;
    suite.name = "smoke " + url;
    suite.scenarios = std::move(probes);
    run.suites.push_back(std::move(suite));
    return run;
}

}  // namespace

BOOST_AUTO_TEST_CASE(cells_name_the_rule_that_decided_them) {
    auto must = probe("OPTIONS", outcome::failed, "step 1: http.405.allow (RFC 9110 §15.5.6): 405 without Allow");
    must.steps[0].failure = failure_kind::conformance;
    must.steps[0].findings = {{"http.405.allow", protocol::rule_level::must, "RFC 9110 §15.5.6", "405 without Allow"}};
    auto expectation = probe("If-Match mismatch gives 412", outcome::failed,
                             "step 1: smoke.http.if-match-412 (RFC 9110 §13.1.1): expected 412, got 200");
    expectation.steps[0].failure = failure_kind::expectation;
    expectation.steps[0].message = "smoke.http.if-match-412 (RFC 9110 §13.1.1): expected 412, got 200";
    auto warned = probe("unknown method gives 405 or 501", outcome::passed);
    warned.steps[0].findings = {{"smoke.http.unknown-method-405-501", protocol::rule_level::should, "RFC 9110 §9.1",
                                 "expected 405 or 501, got 200"}};
    auto info = probe("GET gives 200", outcome::passed);
    info.steps[0].findings = {{"http.trace.enabled", protocol::rule_level::info, "RFC 9110 §9.3.8", "news only"}};
    const auto m = build_matrix({{"nginx", smoke_run({must, expectation, warned, info,
                                                     probe("Range gives 206", outcome::skipped, "ignores Range"),
                                                     probe("long URI gives 414", outcome::error, "step 1: reset")})}});
    BOOST_REQUIRE_EQUAL(m.columns.size(), 1u);
    BOOST_REQUIRE_EQUAL(m.rows.size(), 6u);
    const auto& c = m.columns[0].cells;
    BOOST_TEST(c[0].verdict == cell_verdict::fail);
    BOOST_TEST(c[0].rule_id == "http.405.allow");
    BOOST_TEST(c[0].section == "RFC 9110 §15.5.6");
    BOOST_TEST(c[0].reply == "HTTP/1.1 405 Not Allowed");
    BOOST_TEST(c[1].verdict == cell_verdict::fail);
    BOOST_TEST(c[1].rule_id == "smoke.http.if-match-412");
    BOOST_TEST(c[1].section == "RFC 9110 §13.1.1");
    BOOST_TEST(c[1].message == "expected 412, got 200");
    BOOST_TEST(c[2].verdict == cell_verdict::warn);
    BOOST_TEST(c[2].rule_id == "smoke.http.unknown-method-405-501");
    BOOST_TEST(c[3].verdict == cell_verdict::pass);  // an info finding is no warning
    BOOST_TEST(c[4].verdict == cell_verdict::skip);
    BOOST_TEST(c[4].message == "ignores Range");
    BOOST_TEST(c[5].verdict == cell_verdict::error);
    BOOST_TEST(m.columns[0].warnings == 1);
}

BOOST_AUTO_TEST_CASE(a_strict_twin_gives_the_column_its_strict_verdict) {
    auto warned = probe("unknown method gives 405 or 501", outcome::passed);
    warned.steps[0].findings = {{"smoke.http.unknown-method-405-501", protocol::rule_level::should, "RFC 9110 §9.1", "got 200"}};
    auto failed = probe("unknown method gives 405 or 501", outcome::failed, "step 1: smoke.http.unknown-method-405-501 (RFC 9110 §9.1): got 200");
    // The strict run comes first on the command line: the default run still gives the cells.
    const auto m = build_matrix({{"caddy", smoke_run({failed}, true)}, {"caddy", smoke_run({warned})}});
    BOOST_REQUIRE_EQUAL(m.columns.size(), 1u);
    BOOST_TEST(m.columns[0].cells[0].verdict == cell_verdict::warn);
    BOOST_REQUIRE(m.columns[0].strict_counts.has_value());
    BOOST_TEST(m.columns[0].strict_counts->failed == 1);
    BOOST_TEST(render_matrix_markdown(m).find("| caddy | http | 0 | 1 | 0 | 0 | 0 | 1 failed |") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(servers_of_each_protocol_and_version_get_their_own_columns) {
    auto ftp = probe("greeting is 220", outcome::passed);
    ftp.tags = {"smoke", "ftp"};
    auto run = smoke_run({probe("GET gives 200", outcome::passed)});
    run.suites.push_back(smoke_run({ftp}, false, "ftp://127.0.0.1:2121/").suites[0]);
    run.suites.push_back(smoke_run({probe("GET gives 200", outcome::failed)}, false, "https://localhost:8443/ over HTTP/2").suites[0]);
    const auto m = build_matrix({{"mock", run}});
    BOOST_REQUIRE_EQUAL(m.columns.size(), 3u);
    BOOST_TEST(m.columns[0].protocol == "http");
    BOOST_TEST(m.columns[1].protocol == "ftp");
    BOOST_TEST(m.columns[2].label == "mock over HTTP/2");
    BOOST_REQUIRE_EQUAL(m.rows.size(), 2u);  // GET is one row for both HTTP columns
    BOOST_TEST(m.columns[1].cells[0].verdict == cell_verdict::absent);
    const auto md = render_matrix_markdown(m);
    BOOST_TEST(md.find("## HTTP probes") != std::string::npos);
    BOOST_TEST(md.find("## FTP probes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hostile_text_stays_in_its_cell) {
    auto sc = probe("GET | gives\t200", outcome::failed, "step 1: x.y (RFC 1 §1): <script>alert(1)</script> `code` | cell");
    sc.steps[0].actual = "HTTP/1.1 400 <b>bad</b>\r\nX: y";
    const auto m = build_matrix({{"evil<img>", smoke_run({sc})}});
    const auto md = render_matrix_markdown(m);
    BOOST_TEST(md.find("GET \\| gives") != std::string::npos);
    BOOST_TEST(md.find("`code`") == std::string::npos);
    const auto html = render_matrix_html(m);
    BOOST_TEST(html.find("<script>") == std::string::npos);
    BOOST_TEST(html.find("<img>") == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;") != std::string::npos);
    const auto tsv = render_matrix_tsv(m);
    BOOST_TEST(tsv.find("GET | gives 200\tfail\tx.y\n") != std::string::npos);
}
