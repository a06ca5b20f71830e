#pragma once
// The `replycheck logs --json` document (docs/logs.md): totals, one object per code row,
// and the time buckets. Every text taken from a log is repaired to valid UTF-8 and passes
// the credential masking of the redactor.

#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/logs/log_summary.hpp"

namespace replycheck::reports {

/// The JSON document as text; `top` values per code row.
std::string render_log_summary_json(const logs::log_summary& summary, std::size_t top);

/// Log text made safe for any output: valid UTF-8, controls escaped, credentials masked.
std::string clean_log_text(std::string_view text);

/// "2026-11-25T10:00:00Z", or "" for none.
std::string log_time_text(const std::optional<std::chrono::sys_seconds>& time);

}  // namespace replycheck::reports
