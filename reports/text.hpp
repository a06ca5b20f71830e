#pragma once
// Text helpers shared by the report writers: redaction, repair of bytes a server sent,
// capping, and the small formatting rules every format agrees on.

#include <cstddef>
#include <string>
#include <string_view>

#include "reports/run_result.hpp"
#include "reports/writers.hpp"

namespace replycheck::reports::detail {

/// Redacts `text` (the options' redactor, else credentials only) and makes it valid UTF-8 that
/// every report format can carry: invalid bytes, C0/C1 controls other than TAB, LF and CR, DEL
/// and U+FFFE/U+FFFF become visible escapes ("\x1b", "\xff", "\u0085").
std::string clean(std::string_view text, const writer_options& options);

/// Like clean(), also turning TAB, CR and LF into "\t", "\r" and "\n": for one-line fields.
std::string clean_line(std::string_view text, const writer_options& options);

/// clean() for text people wrote (scenario and suite names, tags): secrets, credentials in
/// header fields, URL passwords and PASS command lines are masked; prose such as "PASS before
/// USER gives 503" stays readable. `one_line` also escapes TAB, CR and LF.
std::string clean_name(std::string_view text, const writer_options& options, bool one_line);

/// Repairs text as clean() does, without redaction.
std::string repair_utf8(std::string_view text, bool keep_line_breaks);

/// At most `cap` bytes of valid UTF-8 `text`, cut at a character boundary, with a note of what was cut.
std::string cap_text(std::string text, std::size_t cap);

/// "scenarios/http/conditional.toml" -> "scenarios.http.conditional".
std::string classname_from_file(std::string_view file);

/// "smoke http://127.0.0.1:8080/docs/index.html" (a smoke suite's name) ->
/// "smoke.127.0.0.1:8080.docs.index_html": the target's authority, then its path segments with
/// their dots as underscores, so that CI views that split classnames at dots keep one group per
/// target. Empty for a name that is not "smoke URL".
std::string smoke_classname(std::string_view suite_name);

/// Seconds with `decimals` digits after the point (milliseconds by default), never negative
/// or exponential: "0.123", or "0.000123" with 6.
std::string format_seconds(double seconds, int decimals = 3);

/// A duration people read at a glance: "0.4ms", "42ms", "1.25s".
std::string format_duration(double seconds);

/// "step 2: expected status 304, got 200": the first failing step's message, else the scenario's.
std::string failure_message(const scenario_result& scenario, bool strict);

/// The step that decided the scenario's outcome (first failed or errored step), or nullptr.
const step_result* deciding_step(const scenario_result& scenario);

/// "http" or "ftp": the protocol a step spoke (its `protocol`, else guessed from kind and label).
std::string_view step_protocol(const step_result& step);

/// "2xx", "5yz" (FTP), or "none" when no code came.
std::string code_class(const step_result& step);

/// The text block describing a failed/errored scenario: each failing step with its request,
/// expected against actual, and each finding with rule id and section (unredacted: clean it).
std::string failure_details(const scenario_result& scenario, bool strict);

/// The transcript of every step, with step headers (unredacted: clean it).
std::string transcript_text(const scenario_result& scenario);

}  // namespace replycheck::reports::detail
