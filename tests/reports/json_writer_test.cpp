#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <boost/json.hpp>

#include "reports/sample_run.hpp"

namespace fs = std::filesystem;
using namespace replycheck::reports;
using namespace replycheck::reports::testing;

BOOST_AUTO_TEST_CASE(golden_file) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string json = mask_volatile(render_json(sample_run(), options));
    std::string diff = compare_golden("sample.json", json);
    BOOST_TEST(diff.empty(), diff);
}

BOOST_AUTO_TEST_CASE(document_shape) {
    auto v = boost::json::parse(render_json(sample_run(), writer_options{}));
    const auto& o = v.as_object();
    BOOST_TEST(o.at("schema_version").as_int64() == json_schema_version);
    BOOST_TEST(o.at("totals").at("tests").as_int64() == 9);
    BOOST_TEST(o.at("totals").at("failed").as_int64() == 4);
    BOOST_TEST(o.at("totals").at("errors").as_int64() == 1);
    BOOST_TEST(o.at("totals").at("skipped").as_int64() == 1);
    const auto& suite = o.at("suites").as_array().at(0).as_object();
    BOOST_TEST(suite.at("totals").at("passed").as_int64() == 1);
    const auto& step = suite.at("scenarios").as_array().at(2).at("steps").as_array().at(0).as_object();
    BOOST_TEST(step.at("failure").as_string() == "conformance");
    BOOST_TEST(step.at("findings").as_array().at(0).at("rule_id").as_string() == "http.304.no-body");
    BOOST_TEST(step.at("findings").as_array().at(0).at("level").as_string() == "MUST");
    BOOST_TEST(step.at("protocol").as_string() == "http");
    // Control characters survive as JSON escapes; invalid UTF-8 becomes visible escapes.
    std::string transcript(step.at("transcript").as_string());
    BOOST_TEST(transcript.find("\x1b[31m") == std::string::npos);
    BOOST_TEST(transcript.find("\\x1b[31m") != std::string::npos);
    BOOST_TEST(transcript.find("\\xff\\xfe") != std::string::npos);
    BOOST_TEST(transcript.find("\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_back_exactly) {
    auto redact = sample_redactor();
    writer_options options;
    options.redact = &redact;
    std::string first = render_json(sample_run(), options);
    run_result back = parse_json(first);
    // Everything the writer wrote comes back: writing it again gives the same bytes.
    BOOST_TEST(render_json(back, options) == first);
    BOOST_TEST(back.suites.size() == 3u);
    BOOST_TEST(back.hostname == "ci-runner-7");
    BOOST_TEST(back.seconds == 1.5);
    const auto& s = back.suites[1].scenarios[2];
    BOOST_TEST(s.name == "RETR sends 150 then 226");
    BOOST_TEST(s.attempts == 2);
    BOOST_TEST((s.steps[1].findings[0].level == replycheck::protocol::rule_level::info));
    BOOST_TEST(s.steps[1].start_seconds == 0.012);
    BOOST_TEST(s.steps[1].seconds == 0.15);
    BOOST_TEST(s.steps[2].protocol == "ftp");
    BOOST_TEST((back.suites[1].scenarios[1].result == outcome::error));
    BOOST_TEST((back.suites[1].scenarios[1].steps[0].failure == failure_kind::transport));
    BOOST_TEST((back.suites[1].scenarios[3].result == outcome::skipped));
}

BOOST_AUTO_TEST_CASE(protocol_is_cleaned) {
    // A step's protocol text goes through the same cleaning as every other field: invalid
    // UTF-8 there must not make the document unparsable.
    run_result run = sample_run();
    run.suites[0].scenarios[0].steps[0].protocol = "ht\xfftp\x1b";
    std::string text = render_json(run, writer_options{});
    boost::system::error_code ec;
    auto doc = boost::json::parse(text, ec);
    BOOST_TEST(!ec);
    run_result back = parse_json(text);
    BOOST_TEST(back.suites[0].scenarios[0].steps[0].protocol == "ht\\xfftp\\x1b");
    BOOST_TEST(render_json(back, writer_options{}) == text);
}

BOOST_AUTO_TEST_CASE(file_round_trip) {
    fs::path path = fs::temp_directory_path() / ("replycheck-json-" + std::to_string(::getpid()) + ".json");
    write_json(sample_run(), path, writer_options{});
    run_result back = read_json(path);
    BOOST_TEST(count(back).tests == 9);
    BOOST_TEST(back.suites[0].scenarios[1].steps[1].expected == "status 304");
    fs::remove(path);
}

BOOST_AUTO_TEST_CASE(rejects_what_it_cannot_read) {
    auto message = [](std::string_view text) {
        try {
            parse_json(text, "x.json");
        } catch (const report_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    BOOST_TEST(message("{").find("x.json: not valid JSON") == 0u);
    BOOST_TEST(message("{}") == "x.json: $: missing schema_version: not a replycheck JSON report");
    BOOST_TEST(message(R"({"schema_version":2})").find("version 2 is not supported") != std::string::npos);
    BOOST_TEST(message(R"({"schema_version":1,"suites":[{"scenarios":[{"result":"maybe"}]}]})") ==
               "x.json: $.suites[0].scenarios[0].result: unknown result 'maybe'");
    BOOST_TEST(message(R"({"schema_version":1,"suites":{}})") == "x.json: $.suites: expected an array");
    BOOST_CHECK_THROW(read_json("/nonexistent/dir/report.json"), report_error);
    // Extra members from a later revision are ignored.
    BOOST_TEST(message(R"({"schema_version":1,"future":{"x":1},"suites":[]})") == "no error");
}
