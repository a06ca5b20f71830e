#pragma once
// What a run of the reproduce scenarios says about each logged case: reproduced, or
// "logged 500.19 ×12, now 404"; IIS substatus codes seen only as their status are
// "substatus not observable", never a difference.

#include <string>
#include <vector>

#include "harness/reproduce/reproduce_plan.hpp"
#include "reports/run_result.hpp"

namespace replycheck::reproduce {

/// One case's outcome.
struct case_verdict {
    bool reproduced = false;
    bool substatus_not_observable = false;  ///< reproduced by status; the substatus was not shown
    std::string line;   ///< `logged 500.19 ×12, now 404 — GET /app/default.aspx`
};

/// Every case's verdict, in plan order (HTTP cases, then FTP sessions).
struct reproduce_verdicts {
    std::vector<case_verdict> cases;
    std::size_t reproduced = 0, differ = 0;
};

/// Judges `run` (the scenarios emitted from `plan`, matched by name). Steps that reproduced
/// only the status of an IIS code get the message "substatus not observable: …" in `run`, so
/// the reports say it too. A case whose scenario is missing from the run counts as differing.
reproduce_verdicts judge(const reproduce_plan& plan, reports::run_result& run);

/// `skipped POST /upload (logged 200 ×4, access.log:12): unsafe method POST (replayed only with --unsafe)`
std::string skipped_line(const skipped_entry& entry);

/// `3 reproduced, 1 differ, 2 skipped`
std::string summary_line(const reproduce_verdicts& verdicts, const reproduce_plan& plan);

}  // namespace replycheck::reproduce
