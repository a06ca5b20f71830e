#pragma once
// Errors in user files (scenarios, mock configs, targets), located to file:line:col.
// Exceptions are used only at this load boundary; everything after loading is data.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <toml++/toml.h>

namespace replycheck::protocol {

/// Where in a file something is; line and column start at 1 (0 when unknown).
struct source_position {
    source_position() = default;
    source_position(std::string file_name, int line_number = 0, int column_number = 0, std::string field_path = {})
        : file(std::move(file_name)), line(line_number), column(column_number), field(std::move(field_path)) {}

    std::string file;
    int line = 0;
    int column = 0;
    /// The JSON path of a value made from JSON ("replies[0].status"); "" otherwise or at the root.
    std::string field;

    /// "file:line:col", or less when parts are unknown; the field path when there is no file
    /// and no line.
    std::string to_string() const;
};

/// The position of a toml++ node in `file`; under a json_field_scope that holds the node, its
/// JSON field path instead (nodes made in code have no source region).
source_position position_of(const toml::node& node, const std::string& file);
/// The position where a toml++ source region begins.
source_position position_of(const toml::source_region& region, const std::string& file);
/// The position of `key` of `table` (an unknown key, say).
source_position position_of(const toml::table& table, const toml::key& key, const std::string& file);

/// While alive, position_of on this thread names every node under `root` by its JSON path
/// (found on demand: only an error pays for it). Scopes nest; the innermost holding the node wins.
class json_field_scope {
public:
    explicit json_field_scope(const toml::table& root) noexcept;
    ~json_field_scope();
    json_field_scope(const json_field_scope&) = delete;
    json_field_scope& operator=(const json_field_scope&) = delete;

    /// The path of `node` under the innermost scope's root, or nullopt when no scope holds it.
    static std::optional<std::string> path_of(const toml::node& node);

private:
    const toml::table& root_;
    json_field_scope* outer_;
};

/// A user-file error; what() is "file:line:col: message".
class config_error : public std::runtime_error {
public:
    config_error(source_position where, const std::string& message);

    const source_position& where() const noexcept { return where_; }
    const std::string& message() const noexcept { return message_; }

private:
    source_position where_;
    std::string message_;
};

}  // namespace replycheck::protocol
