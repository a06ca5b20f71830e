#pragma once
// The conformance matrix: servers × smoke probes, each cell pass / warn / fail / error / skip
// with the rule or expectation that decided it, built from the JSON reports of `smoke` runs
// (`replycheck report matrix`). A run may be given twice under one label, once with
// --strict: the cells come from the default run, the strict one gives the column's strict verdict.

#include <optional>
#include <string>
#include <vector>

#include "reports/run_result.hpp"

namespace replycheck::reports {

/// What one probe did on one server.
enum class cell_verdict {
    pass,
    warn,    ///< passed with a SHOULD missed: a failure under --strict
    fail,
    error,   ///< a transport fault
    skip,
    absent,  ///< the server's run has no such probe (another protocol, an older tool)
};

std::string_view to_string(cell_verdict verdict) noexcept;

/// One cell: the verdict, the rule or expectation id that decided it, and why.
struct matrix_cell {
    cell_verdict verdict = cell_verdict::absent;
    std::string rule_id;   ///< "http.405.allow", "smoke.http.if-match-412"; empty for pass and skip
    std::string section;   ///< "RFC 9110 §15.5.6"
    std::string message;   ///< the failure or skip reason, one line
    std::string reply;     ///< the first line the server sent on the deciding step
};

/// One server (one suite of one smoke run).
struct matrix_column {
    std::string label;      ///< "nginx", "nginx over HTTP/2"
    std::string target;     ///< the suite name: "smoke http://127.0.0.1:8080/index.html"
    std::string protocol;   ///< "http" or "ftp"
    totals counts;          ///< of the default run
    int warnings = 0;       ///< passed probes with a SHOULD missed
    std::optional<totals> strict_counts;  ///< of the --strict run, when given
    std::vector<matrix_cell> cells;       ///< one per row
};

/// One probe.
struct matrix_row {
    std::string probe;      ///< the scenario name: "If-None-Match gives 304"
    std::string protocol;   ///< "http" or "ftp"
};

/// The whole matrix.
struct conformance_matrix {
    std::vector<matrix_row> rows;
    std::vector<matrix_column> columns;
};

/// A smoke run and the name its server goes by.
struct labelled_run {
    std::string label;
    run_result run;
};

/// Builds the matrix: rows in order of first appearance, one column per label and suite.
conformance_matrix build_matrix(const std::vector<labelled_run>& runs);

/// GitHub-flavoured Markdown: a table of servers, a table per protocol, the failures listed.
std::string render_matrix_markdown(const conformance_matrix& matrix);

/// One line per cell, tab-separated, for scripts and pinned expectations:
/// `server<TAB>protocol<TAB>probe<TAB>verdict<TAB>rule id`, after a header line.
std::string render_matrix_tsv(const conformance_matrix& matrix);

/// A self-contained HTML page (no network, escaped text) with the same content.
std::string render_matrix_html(const conformance_matrix& matrix);

}  // namespace replycheck::reports
