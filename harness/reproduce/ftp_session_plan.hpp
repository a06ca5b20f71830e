#pragma once
// Internal to the plan builder: the FTP part (ftp_session_plan.cpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "harness/reproduce/plan_support.hpp"
#include "harness/reproduce/reproduce_plan.hpp"

namespace replycheck::reproduce::detail {

/// True when a logged code is selected (--status).
using code_selector = std::function<bool(int status, std::optional<int> substatus)>;

/// The session of `records_of` (one control connection, in logged order), or nullopt when the
/// filters leave it out or it cannot be replayed (the reason then in `skips`). Adds the
/// session's entries to `entries_selected` when selected.
std::optional<ftp_session_case> plan_ftp_session(const std::vector<logs::log_record>& records_of,
                                                 const plan_options& options, const code_selector& code_selected,
                                                 password_book& passwords, skip_book& skips,
                                                 std::uint64_t& entries_selected);

}  // namespace replycheck::reproduce::detail
