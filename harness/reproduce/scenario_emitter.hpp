#pragma once
// The scenario file of a reproduction plan: one [[scenario]] per HTTP case and per FTP
// session, an ordinary scenario file (`replycheck run F.toml --var http=URL --var ftp=URL
// --secret password_1=…`). Built as a toml++ table and written with toml++'s formatter;
// passwords appear only as ${password_N} variables.

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "harness/reproduce/reproduce_plan.hpp"

namespace replycheck::reproduce {

/// `logged 500.19 ×12 (first u_ex261105.log:42, 2026-11-05 10:12:01 UTC, win32 13)`.
std::string describe(const http_case& c);
/// `logged FTP session 7 (alice), 9 commands (first vsftpd.log:3, 2026-11-05 10:12:01 UTC)`.
std::string describe(const ftp_session_case& c);

/// `target` as a request-target a URL can carry: bytes a URL may not hold percent-encoded,
/// existing %XX kept. '{' is among them, so no "${" is left to be read as a variable.
std::string url_safe_target(std::string_view target);

/// The [suite] and [[scenario]] tables.
toml::table scenario_table(const reproduce_plan& plan, const std::string& suite_name);

/// The whole file: a comment header (how to run it, which ${password_N} is whose password),
/// then the table. `sources` are the log files, named in the header.
std::string scenario_file_text(const reproduce_plan& plan, const std::string& suite_name,
                               const std::vector<std::string>& sources);

}  // namespace replycheck::reproduce
