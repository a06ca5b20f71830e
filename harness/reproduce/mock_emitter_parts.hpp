#pragma once
// The two halves of the mock emitter (mock_emitter.hpp): the [mock.http] scripts and the
// [mock.ftp] table, each built from the plan as toml++ values. Internal to harness/reproduce.

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "harness/reproduce/mock_emitter.hpp"

namespace replycheck::reproduce::detail {

/// [mock.http] for the plan's HTTP cases. `notes` gets one line per case the mock cannot
/// answer as logged (two cases asking the same thing with different codes).
toml::table emit_http_mock(const reproduce_plan& plan, const emit_mock_options& options, bool iis,
                           std::vector<std::string>& notes);

/// [mock.ftp] for the plan's FTP sessions, with the same kind of notes.
toml::table emit_ftp_mock(const reproduce_plan& plan, const emit_mock_options& options, bool iis,
                          std::vector<std::string>& notes);

}  // namespace replycheck::reproduce::detail
