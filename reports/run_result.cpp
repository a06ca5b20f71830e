#include "reports/run_result.hpp"

namespace replycheck::reports {

std::string_view to_string(outcome value) noexcept {
    switch (value) {
        case outcome::passed: return "passed";
        case outcome::failed: return "failed";
        case outcome::error: return "error";
        case outcome::skipped: return "skipped";
    }
    return "error";
}

totals count(const suite_result& suite) {
    totals t;
    for (const auto& s : suite.scenarios) {
        ++t.tests;
        switch (s.result) {
            case outcome::passed: ++t.passed; break;
            case outcome::failed: ++t.failed; break;
            case outcome::error: ++t.errors; break;
            case outcome::skipped: ++t.skipped; break;
        }
    }
    return t;
}

totals count(const run_result& run) {
    totals t;
    for (const auto& suite : run.suites) {
        totals s = count(suite);
        t.tests += s.tests;
        t.passed += s.passed;
        t.failed += s.failed;
        t.errors += s.errors;
        t.skipped += s.skipped;
    }
    return t;
}

std::string secret_scope(std::string_view file, std::string_view name) {
    // A path holds no NUL byte, so no other file and name give the same key.
    std::string scope(file);
    scope.push_back('\0');
    scope.append(name);
    return scope;
}

void edit_texts(scenario_result& scenario, const std::function<std::string(std::string_view)>& edit) {
    scenario.message = edit(scenario.message);
    for (auto& step : scenario.steps) {
        step.label = edit(step.label);
        step.message = edit(step.message);
        step.expected = edit(step.expected);
        step.actual = edit(step.actual);
        step.transcript = edit(step.transcript);
        for (auto& finding : step.findings) finding.message = edit(finding.message);
    }
}

}  // namespace replycheck::reports
