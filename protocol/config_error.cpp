#include "protocol/config_error.hpp"

namespace replycheck::protocol {

namespace {

thread_local json_field_scope* innermost_scope = nullptr;

std::string member_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// Depth-first search for `target` under `node`; `path` is the path of `node` and, on success,
// of `target`.
bool find_path(const toml::node& node, const toml::node& target, std::string& path) {
    if (&node == &target) return true;
    if (const auto* table = node.as_table()) {
        for (auto&& [key, child] : *table) {
            std::string child_path = member_path(path, key.str());
            if (find_path(child, target, child_path)) {
                path = std::move(child_path);
                return true;
            }
        }
    } else if (const auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            std::string child_path = path + "[" + std::to_string(i) + "]";
            if (find_path(*array->get(i), target, child_path)) {
                path = std::move(child_path);
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::string source_position::to_string() const {
    if (file.empty() && line == 0 && !field.empty()) return field;
    std::string text = file.empty() ? std::string("<input>") : file;
    if (line > 0) {
        text += ':' + std::to_string(line);
        if (column > 0) text += ':' + std::to_string(column);
    }
    return text;
}

json_field_scope::json_field_scope(const toml::table& root) noexcept : root_(root), outer_(innermost_scope) {
    innermost_scope = this;
}

json_field_scope::~json_field_scope() { innermost_scope = outer_; }

std::optional<std::string> json_field_scope::path_of(const toml::node& node) {
    for (const auto* scope = innermost_scope; scope; scope = scope->outer_) {
        std::string path;
        if (find_path(scope->root_, node, path)) return path;
    }
    return std::nullopt;
}

source_position position_of(const toml::source_region& region, const std::string& file) {
    return {file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), {}};
}

source_position position_of(const toml::node& node, const std::string& file) {
    if (innermost_scope) {
        if (auto path = json_field_scope::path_of(node)) return {file, 0, 0, std::move(*path)};
    }
    return position_of(node.source(), file);
}

source_position position_of(const toml::table& table, const toml::key& key, const std::string& file) {
    if (innermost_scope) {
        if (auto path = json_field_scope::path_of(table)) return {file, 0, 0, member_path(*path, key.str())};
    }
    return position_of(key.source(), file);
}

config_error::config_error(source_position where, const std::string& message)
    : std::runtime_error(where.to_string() + ": " + message),
      where_(std::move(where)),
      message_(message) {}

}  // namespace replycheck::protocol
