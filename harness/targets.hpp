#pragma once
// Targets: named sets of variables in replycheck.toml ([targets.NAME]), chosen with --target.
// A target may carry its own [targets.NAME.mock] table: the runner then starts that mock
// in-process and points ${http} / ${ftp} at it (the default target "mock" does this).

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace replycheck::harness {

/// One variable value, maybe secret.
struct variable_value {
    std::string value;
    bool secret = false;
};

/// One [targets.NAME] table.
struct target {
    std::string name;
    std::string description;
    std::map<std::string, variable_value> vars;   ///< may hold ${env.X} references
    std::vector<std::string> exclude_tags;        ///< scenarios with these tags are not run
    std::vector<std::string> tags;                ///< when set, only scenarios with one of these run
    std::shared_ptr<const toml::table> mock;      ///< an embedded mock for this target
    std::filesystem::path base_dir;               ///< folder of replycheck.toml
};

/// replycheck.toml.
struct project_config {
    std::filesystem::path file;                   ///< empty when no file was found
    std::map<std::string, target> targets;
    std::string default_target = "mock";
};

/// The name of the built-in target: the embedded mock over the bundled roots.
inline constexpr const char* embedded_target_name = "mock";

/// Reads replycheck.toml; throws protocol::config_error.
project_config load_project_config(const std::filesystem::path& file);

/// The built-in "mock" target: HTTP over `bundle_dir`/www, FTP over `bundle_dir`/ftproot.
target builtin_mock_target(const std::filesystem::path& bundle_dir);

/// Reads a --vars-file (TOML: name = "value" or name = { value = "...", secret = true });
/// throws protocol::config_error.
std::map<std::string, variable_value> load_vars_file(const std::filesystem::path& file);

}  // namespace replycheck::harness
