#pragma once
// `replycheck logs --report-html FILE`: a self-contained page (inline CSS and SVG, no script,
// nothing fetched; a Content-Security-Policy forbids it) with a stacked bar chart of codes
// over time and the table of codes. Everything taken from a log is escaped text.

#include <cstddef>
#include <filesystem>
#include <string>

#include "protocol/logs/log_summary.hpp"

namespace replycheck::reports {

/// The page as text; `top` values per code row.
std::string render_log_summary_html(const logs::log_summary& summary, std::size_t top);

/// Writes the page to a temporary beside `path` and renames it into place; throws report_error.
void write_log_summary_html(const logs::log_summary& summary, const std::filesystem::path& path, std::size_t top);

/// The bucket width of the chart: the first of minute, hour, day (then the timeline's own
/// coarser steps) at least `timeline_width` that gives at most `max_bars` bars over `span`.
std::int64_t chart_bucket_width(std::int64_t timeline_width, std::int64_t span, std::int64_t max_bars);

}  // namespace replycheck::reports
