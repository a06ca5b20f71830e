// Run result → one verdict per logged case. The scenario names of the plan are unique, so a
// scenario result finds its case by name; FTP steps are the session's commands in order.

#include "harness/reproduce/reproduce_verdicts.hpp"

#include <map>

#include <fmt/format.h>

namespace replycheck::reproduce {

namespace {

using reports::outcome;

std::string times(std::uint64_t count) {
    return count > 1 ? fmt::format(" \u00d7{}", count) : std::string();
}

/// The first step that did not pass, or nullptr.
reports::step_result* first_failure(reports::scenario_result& r) {
    for (auto& st : r.steps)
        if (st.result != outcome::passed) return &st;
    return nullptr;
}

std::string now_text(const reports::scenario_result& r, const reports::step_result* failed) {
    if (!failed) return r.message.empty() ? std::string("not run") : r.message;
    if (failed->code.empty())
        return failed->message.empty() ? std::string("no reply") : "no reply (" + failed->message + ")";
    // The code alone says it, unless something else failed (a capture, a header).
    bool code_mismatch = failed->message.rfind("expected status", 0) == 0 ||
                         failed->message.rfind("expected code", 0) == 0 ||
                         failed->message.rfind("expected preliminary", 0) == 0;
    if (failed->message.empty() || code_mismatch) return failed->code;
    return failed->code + " (" + failed->message + ")";
}

}  // namespace

reproduce_verdicts judge(const reproduce_plan& plan, reports::run_result& run) {
    std::map<std::string, reports::scenario_result*> by_name;
    for (auto& su : run.suites)
        for (auto& sc : su.scenarios) by_name.emplace(sc.name, &sc);
    reproduce_verdicts out;
    auto finish = [&](case_verdict v) {
        (v.reproduced ? out.reproduced : out.differ) += 1;
        out.cases.push_back(std::move(v));
    };

    for (const auto& c : plan.http) {
        std::string what = fmt::format("{} {}", c.method, c.target);
        auto it = by_name.find(c.name);
        case_verdict v;
        if (it == by_name.end()) {
            v.line = fmt::format("logged {}{}, not run — {}", c.code(), times(c.origin.count), what);
            finish(std::move(v));
            continue;
        }
        auto& r = *it->second;
        if (r.result == outcome::passed && !r.steps.empty()) {
            auto& last = r.steps.back();
            v.reproduced = true;
            if (c.substatus && last.code.find('.') == std::string::npos) {
                v.substatus_not_observable = true;
                last.message = fmt::format("substatus not observable: {} compared, the reply is no IIS "
                                           "detailed error page", c.status);
                v.line = fmt::format("reproduced {}{} (substatus not observable) — {}", last.code,
                                     times(c.origin.count), what);
            } else {
                v.line = fmt::format("reproduced {}{} — {}", c.code(), times(c.origin.count), what);
            }
        } else {
            const auto* failed = first_failure(r);
            std::string now = now_text(r, failed);
            v.line = fmt::format("logged {}{}, now {} — {}", c.code(), times(c.origin.count), now, what);
        }
        finish(std::move(v));
    }

    for (const auto& c : plan.ftp) {
        std::string who = c.session.empty() ? std::string("FTP transfer") : "FTP session " + c.session;
        if (!c.user.empty()) who += " (" + c.user + ")";
        auto it = by_name.find(c.name);
        case_verdict v;
        if (it == by_name.end()) {
            v.line = fmt::format("not run — {}", who);
            finish(std::move(v));
            continue;
        }
        auto& r = *it->second;
        if (r.result == outcome::passed) {
            v.reproduced = true;
            v.line = fmt::format("reproduced {} command{} — {}", c.commands.size(),
                                 c.commands.size() == 1 ? "" : "s", who);
            finish(std::move(v));
            continue;
        }
        const auto* failed = first_failure(r);
        std::string logged = "?", command;
        if (failed && failed->index >= 1 && static_cast<std::size_t>(failed->index) <= c.commands.size()) {
            const auto& cmd = c.commands[failed->index - 1];
            logged = cmd.code != 0 ? std::to_string(cmd.code) : std::string("no reply");
            command = cmd.verb == "CONNECT" ? std::string("greeting")
                      : cmd.verb == "PASS"  ? std::string("PASS ***")
                                            : (cmd.argument.empty() ? cmd.verb : cmd.verb + " " + cmd.argument);
        }
        v.line = fmt::format("logged {}, now {} — {} in {}", logged, now_text(r, failed), command, who);
        finish(std::move(v));
    }
    return out;
}

std::string skipped_line(const skipped_entry& e) {
    std::string where = e.file.empty() ? std::string() : fmt::format("{}:{}", e.file, e.line);
    std::string logged = e.code.empty() ? std::string() : "logged " + e.code + times(e.count);
    std::string both = logged.empty() || where.empty() ? logged + where : logged + ", " + where;
    return fmt::format("skipped {}{}: {}", e.what, both.empty() ? std::string() : " (" + both + ")", e.reason);
}

std::string summary_line(const reproduce_verdicts& v, const reproduce_plan& plan) {
    std::uint64_t skipped = 0;
    for (const auto& s : plan.skipped) skipped += s.count;
    return fmt::format("{} reproduced, {} differ, {} skipped", v.reproduced, v.differ, skipped);
}

}  // namespace replycheck::reproduce
