#pragma once
// One way to read every TOML file of replycheck (scenario files, replycheck.toml, vars files,
// mock configurations): typed getters and unknown-key checks that raise config_error at the
// node's file:line:col, the same "did you mean" hints everywhere, and one duration syntax
// ("500ms", "3s", "1m"; a bare number is an error, since its unit would be a guess).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "protocol/config_error.hpp"

namespace replycheck::protocol {

/// Levenshtein distance, case-insensitive, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest of `candidates` to `word` when close enough to be a likely typo, else "".
std::string suggest(std::string_view word, const std::vector<std::string_view>& candidates);

/// " (did you mean 'x'?)" for the closest candidate, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

/// The TOML type of `node` as messages name it: "table", "string", "integer", ...
std::string_view type_name(const toml::node& node);

/// Parses TOML text read from `file`; a syntax error becomes a located config_error.
toml::table parse_toml(std::string_view text, const std::string& file);

/// Reads and parses a TOML file; an unreadable file or a syntax error becomes a config_error.
toml::table parse_toml_file(const std::filesystem::path& file);

/// Tells, on stderr and once per process, that `key` is the old name of `new_form`
/// ("[[mock.http.script]]"); the old name keeps working.
void warn_renamed_key(const toml::key& key, const std::string& file, std::string_view new_form);

/// Reads one table of a file: every error names the key and points at the offending node.
class toml_reader {
public:
    using key_list = std::vector<std::string_view>;

    /// `context` names the table in messages ("[[scenario.step]]", "[mock.http]").
    toml_reader(const toml::table& table, const std::string& file, std::string context);

    /// Unknown keys are errors, with the closest known key as a hint.
    void allow(const key_list& known) const;
    /// The same, appending an error for every unknown key (lint shows them all at once).
    void allow(const key_list& known, std::vector<config_error>& errors) const;

    /// The node under `key`, or null.
    const toml::node* get(std::string_view key) const { return table_.get(key); }
    /// True when `key` is present.
    bool has(std::string_view key) const { return table_.contains(key); }

    /// Throws "expected EXPECTED for 'KEY', got TYPE" at `node`.
    [[noreturn]] void type_error(const toml::node& node, std::string_view key, std::string_view expected) const;
    /// Throws `message` at `node`.
    [[noreturn]] void fail(const toml::node& node, const std::string& message) const;
    /// Throws `message` at the table itself.
    [[noreturn]] void fail_here(const std::string& message) const;

    /// Typed values under a key; nullopt (or empty) when the key is absent.
    std::optional<std::string> string(std::string_view key) const;
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) const;
    std::optional<bool> boolean(std::string_view key) const;
    std::optional<std::chrono::milliseconds> duration(std::string_view key) const;
    /// A string or an array of strings.
    std::vector<std::string> strings(std::string_view key) const;
    const toml::table* table(std::string_view key) const;
    /// A table of string (or integer) values: headers, query, vars.
    std::vector<std::pair<std::string, std::string>> string_pairs(std::string_view key) const;
    /// A string that must be one of `values`, with a hint for a near miss.
    std::optional<std::string> choice(std::string_view key, const key_list& values) const;

    /// The same for a node that is not under a key of this table (an array item, a value
    /// found by iterating); `key` names it in messages.
    std::string string_of(const toml::node& node, std::string_view key) const;
    std::int64_t integer_of(const toml::node& node, std::string_view key, std::int64_t min, std::int64_t max) const;
    bool boolean_of(const toml::node& node, std::string_view key) const;
    std::chrono::milliseconds duration_of(const toml::node& node, std::string_view key) const;
    const toml::table& table_of(const toml::node& node, std::string_view key) const;
    std::string choice_of(const toml::node& node, std::string_view key, const key_list& values) const;

    /// A reader for a nested table, with its own context.
    toml_reader nested(const toml::table& table, std::string context) const {
        return toml_reader(table, file_, std::move(context));
    }

    const toml::table& raw() const noexcept { return table_; }
    const std::string& file() const noexcept { return file_; }

private:
    const toml::table& table_;
    std::string file_;
    std::string context_;
};

}  // namespace replycheck::protocol
