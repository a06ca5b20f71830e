// The JSON report (docs/report-json.md) and its reader. The reader accepts what the writer
// writes, so `report merge` and the HTML report can work from shard files.
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "reports/text.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports {

namespace json = boost::json;

namespace {

double finite(double v) { return std::isfinite(v) ? v : 0.0; }

json::object totals_json(const totals& t) {
    return json::object{{"tests", t.tests}, {"passed", t.passed}, {"failed", t.failed},
                        {"errors", t.errors}, {"skipped", t.skipped}};
}

std::string_view to_string(failure_kind kind) noexcept {
    switch (kind) {
        case failure_kind::none: return "none";
        case failure_kind::expectation: return "expectation";
        case failure_kind::conformance: return "conformance";
        case failure_kind::transport: return "transport";
    }
    return "none";
}

json::object step_json(const step_result& step, const writer_options& o, std::size_t& transcript_budget) {
    json::array findings;
    for (const auto& f : step.findings) {
        findings.push_back(json::object{{"rule_id", detail::clean(f.rule_id, o)},
                                        {"level", protocol::to_string(f.level)},
                                        {"section", detail::clean(f.section, o)},
                                        {"message", detail::clean(f.message, o)}});
    }
    std::string transcript = detail::clean(step.transcript, o);
    if (transcript.size() > transcript_budget) {
        transcript = detail::cap_text(std::move(transcript), transcript_budget);
        transcript_budget = 0;
    } else {
        transcript_budget -= transcript.size();
    }
    return json::object{{"index", step.index},
                        {"kind", detail::clean(step.kind, o)},
                        {"protocol", detail::clean(detail::step_protocol(step), o)},
                        {"label", detail::clean(step.label, o)},
                        {"code", detail::clean(step.code, o)},
                        {"result", reports::to_string(step.result)},
                        {"failure", to_string(step.failure)},
                        {"message", detail::clean(step.message, o)},
                        {"expected", detail::clean(step.expected, o)},
                        {"actual", detail::clean(step.actual, o)},
                        {"findings", std::move(findings)},
                        {"transcript", std::move(transcript)},
                        {"start_seconds", finite(step.start_seconds)},
                        {"seconds", finite(step.seconds)}};
}

json::object scenario_json(const scenario_result& s, bool strict, const writer_options& o) {
    json::array tags;
    for (const auto& t : s.tags) tags.push_back(json::string(detail::clean_name(t, o, false)));
    json::array steps;
    std::size_t budget = o.transcript_cap;
    for (const auto& step : s.steps) steps.push_back(step_json(step, o, budget));
    return json::object{{"name", detail::clean_name(s.name, o, false)},
                        {"file", detail::clean(s.file, o)},
                        {"tags", std::move(tags)},
                        {"result", to_string(s.result)},
                        {"message", detail::clean(s.message.empty() && (s.result == outcome::failed ||
                                                                         s.result == outcome::error)
                                                      ? detail::failure_message(s, strict)
                                                      : s.message,
                                                  o)},
                        {"seconds", finite(s.seconds)},
                        {"attempts", s.attempts},
                        {"steps", std::move(steps)}};
}

}  // namespace

std::string render_json(const run_result& run, const writer_options& o) {
    json::array suites;
    for (const auto& suite : run.suites) {
        json::array scenarios;
        for (const auto& s : suite.scenarios) scenarios.push_back(scenario_json(s, run.strict, o));
        suites.push_back(json::object{{"name", detail::clean_name(suite.name, o, false)},
                                      {"file", detail::clean(suite.file, o)},
                                      {"timestamp", detail::clean(suite.timestamp, o)},
                                      {"hostname", detail::clean(suite.hostname, o)},
                                      {"seconds", finite(suite.seconds)},
                                      {"totals", totals_json(count(suite))},
                                      {"scenarios", std::move(scenarios)}});
    }
    json::object root{{"schema_version", json_schema_version},
                      {"tool", json::object{{"name", "replycheck"}, {"version", detail::clean(run.tool_version, o)}}},
                      {"command", detail::clean(run.command, o)},
                      {"started_at", detail::clean(run.started_at, o)},
                      {"hostname", detail::clean(run.hostname, o)},
                      {"seconds", finite(run.seconds)},
                      {"strict", run.strict},
                      {"totals", totals_json(count(run))},
                      {"suites", std::move(suites)}};
    std::string out = json::serialize(root);
    out.push_back('\n');
    return out;
}

namespace {

// Reading: every member is optional except schema_version, so files written by a newer minor
// revision (extra members) still read; a wrong type is an error with its JSON path.
struct reader {
    std::string origin;

    [[noreturn]] void fail(std::string_view where, std::string_view what) const {
        throw report_error(fmt::format("{}: {}: {}", origin, where, what));
    }

    const json::object& object(const json::value& v, std::string_view where) const {
        if (!v.is_object()) fail(where, "expected an object");
        return v.get_object();
    }
    const json::array* array(const json::object& o, std::string_view key, std::string_view where) const {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return nullptr;
        if (!it->value().is_array()) fail(fmt::format("{}.{}", where, key), "expected an array");
        return &it->value().get_array();
    }
    std::string string(const json::object& o, std::string_view key, std::string_view where) const {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return {};
        if (!it->value().is_string()) fail(fmt::format("{}.{}", where, key), "expected a string");
        return std::string(it->value().get_string());
    }
    double number(const json::object& o, std::string_view key, std::string_view where) const {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return 0;
        const auto& v = it->value();
        if (v.is_double()) return v.get_double();
        if (v.is_int64()) return static_cast<double>(v.get_int64());
        if (v.is_uint64()) return static_cast<double>(v.get_uint64());
        fail(fmt::format("{}.{}", where, key), "expected a number");
    }
    int integer(const json::object& o, std::string_view key, std::string_view where, int fallback) const {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return fallback;
        if (!it->value().is_int64()) fail(fmt::format("{}.{}", where, key), "expected an integer");
        return static_cast<int>(it->value().get_int64());
    }
    bool boolean(const json::object& o, std::string_view key, std::string_view where) const {
        auto it = o.find(key);
        if (it == o.end() || it->value().is_null()) return false;
        if (!it->value().is_bool()) fail(fmt::format("{}.{}", where, key), "expected true or false");
        return it->value().get_bool();
    }
    outcome result(const json::object& o, std::string_view where) const {
        std::string v = string(o, "result", where);
        if (v == "passed" || v.empty()) return outcome::passed;
        if (v == "failed") return outcome::failed;
        if (v == "error") return outcome::error;
        if (v == "skipped") return outcome::skipped;
        fail(fmt::format("{}.result", where), fmt::format("unknown result '{}'", v));
    }
    failure_kind failure(const json::object& o, std::string_view where) const {
        std::string v = string(o, "failure", where);
        if (v == "none" || v.empty()) return failure_kind::none;
        if (v == "expectation") return failure_kind::expectation;
        if (v == "conformance") return failure_kind::conformance;
        if (v == "transport") return failure_kind::transport;
        fail(fmt::format("{}.failure", where), fmt::format("unknown failure kind '{}'", v));
    }
    protocol::rule_level level(const json::object& o, std::string_view where) const {
        std::string v = string(o, "level", where);
        if (v == "MUST" || v.empty()) return protocol::rule_level::must;
        if (v == "SHOULD") return protocol::rule_level::should;
        if (v == "INFO") return protocol::rule_level::info;
        fail(fmt::format("{}.level", where), fmt::format("unknown level '{}'", v));
    }

    step_result step(const json::value& v, const std::string& where) const {
        const auto& o = object(v, where);
        step_result s;
        s.index = integer(o, "index", where, 0);
        s.kind = string(o, "kind", where);
        s.protocol = string(o, "protocol", where);
        s.label = string(o, "label", where);
        s.code = string(o, "code", where);
        s.result = result(o, where);
        s.failure = failure(o, where);
        s.message = string(o, "message", where);
        s.expected = string(o, "expected", where);
        s.actual = string(o, "actual", where);
        if (const auto* findings = array(o, "findings", where)) {
            for (std::size_t i = 0; i < findings->size(); ++i) {
                std::string fw = fmt::format("{}.findings[{}]", where, i);
                const auto& fo = object((*findings)[i], fw);
                protocol::finding f;
                f.rule_id = string(fo, "rule_id", fw);
                f.level = level(fo, fw);
                f.section = string(fo, "section", fw);
                f.message = string(fo, "message", fw);
                s.findings.push_back(std::move(f));
            }
        }
        s.transcript = string(o, "transcript", where);
        s.start_seconds = number(o, "start_seconds", where);
        s.seconds = number(o, "seconds", where);
        return s;
    }

    scenario_result scenario(const json::value& v, const std::string& where) const {
        const auto& o = object(v, where);
        scenario_result s;
        s.name = string(o, "name", where);
        s.file = string(o, "file", where);
        if (const auto* tags = array(o, "tags", where)) {
            for (std::size_t i = 0; i < tags->size(); ++i) {
                if (!(*tags)[i].is_string()) fail(fmt::format("{}.tags[{}]", where, i), "expected a string");
                s.tags.emplace_back((*tags)[i].get_string());
            }
        }
        s.result = result(o, where);
        s.message = string(o, "message", where);
        s.seconds = number(o, "seconds", where);
        s.attempts = integer(o, "attempts", where, 1);
        if (const auto* steps = array(o, "steps", where)) {
            for (std::size_t i = 0; i < steps->size(); ++i) {
                s.steps.push_back(step((*steps)[i], fmt::format("{}.steps[{}]", where, i)));
            }
        }
        return s;
    }

    run_result run(const json::value& v) const {
        const auto& o = object(v, "$");
        auto it = o.find("schema_version");
        if (it == o.end()) fail("$", "missing schema_version: not a replycheck JSON report");
        if (!it->value().is_int64()) fail("$.schema_version", "expected an integer");
        if (it->value().get_int64() != json_schema_version) {
            fail("$.schema_version", fmt::format("version {} is not supported (this build reads version {})",
                                                 it->value().get_int64(), json_schema_version));
        }
        run_result r;
        if (auto tool = o.find("tool"); tool != o.end()) {
            r.tool_version = string(object(tool->value(), "$.tool"), "version", "$.tool");
        }
        r.command = string(o, "command", "$");
        r.started_at = string(o, "started_at", "$");
        r.hostname = string(o, "hostname", "$");
        r.seconds = number(o, "seconds", "$");
        r.strict = boolean(o, "strict", "$");
        if (const auto* suites = array(o, "suites", "$")) {
            for (std::size_t i = 0; i < suites->size(); ++i) {
                std::string where = fmt::format("$.suites[{}]", i);
                const auto& so = object((*suites)[i], where);
                suite_result suite;
                suite.name = string(so, "name", where);
                suite.file = string(so, "file", where);
                suite.timestamp = string(so, "timestamp", where);
                suite.hostname = string(so, "hostname", where);
                suite.seconds = number(so, "seconds", where);
                if (const auto* scenarios = array(so, "scenarios", where)) {
                    for (std::size_t k = 0; k < scenarios->size(); ++k) {
                        suite.scenarios.push_back(scenario((*scenarios)[k], fmt::format("{}.scenarios[{}]", where, k)));
                    }
                }
                r.suites.push_back(std::move(suite));
            }
        }
        return r;
    }
};

}  // namespace

run_result parse_json(std::string_view text, std::string_view origin) {
    std::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) throw report_error(fmt::format("{}: not valid JSON: {}", origin, ec.message()));
    return reader{std::string(origin)}.run(value);
}

run_result read_json(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw report_error(fmt::format("cannot read report '{}': {}", path.string(), std::strerror(errno)));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw report_error(fmt::format("cannot read report '{}': read failed", path.string()));
    return parse_json(buffer.str(), path.string());
}

}  // namespace replycheck::reports
