#pragma once
// `replycheck reproduce --emit-mock F.toml`: a mock config ([mock.http] / [mock.ftp], loaded by
// `replycheck mock F.toml`) whose scripts answer every case of a reproduce plan as the log says,
// in the shape the reproduce scenarios ask for (conditional GETs, Range requests, challenges),
// so `replycheck reproduce LOG` against the mock passes. Passwords appear only as
// "${env:REPLYCHECK_PASSWORD}" (expanded by the mock's config loader), never as values.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "harness/reproduce/reproduce_plan.hpp"

namespace replycheck::reproduce {

/// How the mock config is written.
struct emit_mock_options {
    std::vector<std::string> logs;               ///< log files named in the header comment
    std::string http_listen = "127.0.0.1:0";     ///< --listen http=HOST:PORT
    std::string ftp_listen = "127.0.0.1:0";      ///< --listen ftp=HOST:PORT
    std::string root = "mock-root";              ///< folder (relative to the file) both mocks serve
    std::optional<bool> http_iis;                ///< IIS detailed error pages; nullopt: guessed from the plan
    std::optional<bool> ftp_iis;                 ///< IIS FTP flavour; nullopt: guessed from the plan
    /// Bodies and FTP payloads are written into the file, so they are capped: the scenarios
    /// compare codes and ranges, not lengths, and a 2 GB download must not give a 2 GB config.
    std::uint64_t max_body = 64 * 1024;               ///< one body or payload built from a logged size
    std::uint64_t max_total_body = 4 * 1024 * 1024;   ///< all bodies together; past it, small ones
    std::string password_env = "REPLYCHECK_PASSWORD";  ///< variable the mock reads passwords from
    std::string file_name = "mock.toml";         ///< the emitted file's name, for the "how to start" comment
};

/// The mock config text (TOML, written by toml++'s formatter, with a comment header).
std::string emit_mock_config(const reproduce_plan& plan, const emit_mock_options& options);

/// Writes emit_mock_config to `file` (temporary, then rename) and creates the empty root folder
/// beside it (`options.root`, made "<stem>-root" when left at its default). Throws
/// std::system_error when the folder cannot be made, reports::report_error when the file
/// cannot be written.
void write_mock_config(const std::filesystem::path& file, const reproduce_plan& plan, emit_mock_options options);

/// Deterministic content of `size` octets (lines of printable text), so that a Range slice of
/// it is the same bytes whichever script sends them. Shared with `replycheck record`'s mocks.
std::string mock_payload(std::uint64_t size);

/// True for the FTP user names servers treat as anonymous ("anonymous", "ftp", any case).
bool is_anonymous_ftp_user(std::string_view user) noexcept;

/// [mock.ftp] `users`: each name with `password = "${env:PASSWORD_ENV}"`, read by the mock when it
/// loads (docs/mock.md), so an emitted file never holds a password.
toml::array ftp_mock_users(const std::set<std::string>& names, const std::string& password_env);

/// True when the plan's HTTP cases come from an IIS W3C log (a logged substatus or win32 status).
bool plan_looks_iis_http(const reproduce_plan& plan) noexcept;
/// True when the plan's FTP sessions come from an IIS FTP log (x-session GUID keys).
bool plan_looks_iis_ftp(const reproduce_plan& plan) noexcept;

}  // namespace replycheck::reproduce
