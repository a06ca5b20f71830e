#pragma once
// Reads scenario files into the model, validating every key and type. Errors are
// protocol::config_error carrying "file:line:col: message" from toml++ source regions.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "harness/scenario.hpp"
#include "protocol/config_error.hpp"
#include "protocol/toml_reader.hpp"

namespace replycheck::harness {

/// Parses one scenario file; throws protocol::config_error (the first error found).
suite load_suite_file(const std::filesystem::path& path);

/// Parses one scenario file, appending every independent error to `errors` (each unknown key,
/// each bad value, each step and scenario; a TOML syntax error stops the file). The suite is
/// complete only when nothing was appended.
suite load_suite_file(const std::filesystem::path& path, std::vector<protocol::config_error>& errors);

/// Parses scenario text as if read from `file` (tests, stdin); throws protocol::config_error.
suite load_suite_text(std::string_view text, const std::string& file,
                      const std::filesystem::path& base_dir = {});

/// Every *.toml under the given files or folders (folders recursively, sorted);
/// a path that does not exist is an error located at the path.
std::vector<std::filesystem::path> collect_scenario_files(
    const std::vector<std::string>& paths, std::vector<protocol::config_error>& errors);

/// The result of loading many files: every suite that loaded, every error found.
struct load_result {
    std::vector<suite> suites;
    std::vector<protocol::config_error> errors;
    std::size_t files = 0;
};

/// Loads every file under `paths` (only those matching one of `globs`, when given; see
/// file_matches_glob); never throws for file errors (they go in `errors`).
load_result load_paths(const std::vector<std::string>& paths, const std::vector<std::string>& globs = {});

/// True when `pattern` (`*`, `?`) matches the whole path as found ("scenarios/http/a.toml")
/// or its file name alone ("a.toml").
bool file_matches_glob(const std::filesystem::path& file, std::string_view pattern);

using protocol::edit_distance;
using protocol::suggest;

/// Parses a code expectation value (200, [200, 206], "4xx", "404.3"); throws config_error.
code_expectation parse_code_expectation(const toml::node& node, const std::string& file,
                                        std::string_view key);

/// Reads one capture (`capture.NAME` of a step); throws config_error.
capture_spec parse_capture(std::string name, const toml::node& node, const std::string& file);

/// Reads an expectation table (the `expect` of a step); throws config_error. With
/// `unknown_keys`, each unknown key is appended there instead and reading goes on.
expectation parse_expectation(const toml::table& table, const std::string& file,
                              std::vector<protocol::config_error>* unknown_keys = nullptr);

}  // namespace replycheck::harness
