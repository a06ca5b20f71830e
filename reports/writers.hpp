#pragma once
// Report writers: JUnit XML, JSON, a self-contained HTML page and TAP version 13, plus the
// JSON reader that `report merge` and the HTML report build on.
//
// Every writer passes every text field through the redactor (or, without one, through
// protocol::mask_credentials), replaces invalid UTF-8 and characters the format cannot carry,
// and writes to a temporary file in the target directory that is renamed into place.

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"

namespace replycheck::reports {

/// What every writer needs besides the run.
struct writer_options {
    const protocol::redactor* redact = nullptr;  ///< secrets to mask; null = credentials only
    std::size_t transcript_cap = 64 * 1024;      ///< bytes of transcript kept per scenario
};

/// A report could not be read or written (path, reason).
class report_error : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

/// Writes JUnit XML (valid against the Jenkins xUnit junit-10.xsd) to `path`.
void write_junit(const run_result& run, const std::filesystem::path& path, const writer_options& options);
/// Writes the JSON report (docs/report-json.md) to `path`.
void write_json(const run_result& run, const std::filesystem::path& path, const writer_options& options);
/// Writes the self-contained HTML report to `path`.
void write_html(const run_result& run, const std::filesystem::path& path, const writer_options& options);
/// Writes TAP version 13 to `path`.
void write_tap(const run_result& run, const std::filesystem::path& path, const writer_options& options);

/// Reads a JSON report written by write_json; throws report_error.
run_result read_json(const std::filesystem::path& path);

/// The JUnit XML document as text.
std::string render_junit(const run_result& run, const writer_options& options);
/// The JSON document as text.
std::string render_json(const run_result& run, const writer_options& options);
/// The HTML page as text.
std::string render_html(const run_result& run, const writer_options& options);
/// The TAP stream as text.
std::string render_tap(const run_result& run, const writer_options& options);
/// Parses JSON report text; throws report_error (`origin` names the source in messages).
run_result parse_json(std::string_view text, std::string_view origin = "report");

/// Writes `content` to a temporary file beside `path` and renames it into place; throws report_error.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// The JSON report format version written and accepted.
inline constexpr int json_schema_version = 1;

}  // namespace replycheck::reports
