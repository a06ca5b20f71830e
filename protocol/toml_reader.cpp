#include "protocol/toml_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "protocol/duration.hpp"

namespace replycheck::protocol {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
            char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x == y ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (auto candidate : candidates) {
        std::size_t d = edit_distance(word, candidate);
        // A truncated key ("pass" for "password") is a likely typo too.
        if (word.size() >= 3 && candidate.size() > word.size() &&
            edit_distance(word, candidate.substr(0, word.size())) == 0)
            d = std::min<std::size_t>(d, 1);
        if (d < best_distance) {
            best_distance = d;
            best = std::string(candidate);
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string hint = suggest(word, candidates);
    return hint.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", hint);
}

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "table";
        case toml::node_type::array: return "array";
        case toml::node_type::string: return "string";
        case toml::node_type::integer: return "integer";
        case toml::node_type::floating_point: return "float";
        case toml::node_type::boolean: return "boolean";
        case toml::node_type::date: return "date";
        case toml::node_type::time: return "time";
        case toml::node_type::date_time: return "date-time";
        default: return "nothing";
    }
}

namespace {

// The column (1-based) where `line` opens a one-line string ("..." or '...') that the line
// does not close, or 0. toml++ reports that case as the newline being an "unescaped control
// character"; people need to hear which quote is missing.
std::size_t unterminated_string_column(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == '#') return 0;
        if (c != '"' && c != '\'') continue;
        if (line.compare(i, 3, std::string(3, c)) == 0) return 0;  // multi-line strings span lines
        std::size_t j = i + 1;
        while (j < line.size() && line[j] != c) j += (c == '"' && line[j] == '\\') ? 2 : 1;
        if (j >= line.size()) return i + 1;
        i = j;
    }
    return 0;
}

std::string_view line_of(std::string_view text, std::size_t number) {
    for (std::size_t n = 1; n < number; ++n) {
        auto next = text.find('\n');
        if (next == std::string_view::npos) return {};
        text.remove_prefix(next + 1);
    }
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

}  // namespace

toml::table parse_toml(std::string_view text, const std::string& file) {
    try {
        return toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        auto where = position_of(e.source(), file);
        if (auto column = unterminated_string_column(line_of(text, e.source().begin.line))) {
            where.column = static_cast<int>(column);
            throw config_error(where, "unterminated string (the closing quote is missing on this line)");
        }
        throw config_error(where, std::string(e.description()));
    }
}

toml::table parse_toml_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw config_error({file.string(), 0, 0}, "cannot read file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_toml(buffer.str(), file.string());
}

void warn_renamed_key(const toml::key& key, const std::string& file, std::string_view new_form) {
    static std::atomic<bool> warned{false};
    if (warned.exchange(true)) return;
    std::cerr << fmt::format("{}: note: '{}' is the old name of {}; it still works, but write {}\n",
                             position_of(key.source(), file).to_string(), key.str(), new_form, new_form);
}

toml_reader::toml_reader(const toml::table& table, const std::string& file, std::string context)
    : table_(table), file_(file), context_(std::move(context)) {}

void toml_reader::allow(const key_list& known) const {
    std::vector<config_error> errors;
    allow(known, errors);
    if (!errors.empty()) throw errors.front();
}

void toml_reader::allow(const key_list& known, std::vector<config_error>& errors) const {
    for (auto&& [key, node] : table_) {
        (void)node;
        if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
        errors.emplace_back(position_of(table_, key, file_), fmt::format("unknown key '{}' in {}{}", key.str(),
                                                                          context_, did_you_mean(key.str(), known)));
    }
}

void toml_reader::type_error(const toml::node& node, std::string_view key, std::string_view expected) const {
    throw config_error(position_of(node, file_),
                       fmt::format("expected {} for '{}', got {}", expected, key, type_name(node)));
}

void toml_reader::fail(const toml::node& node, const std::string& message) const {
    throw config_error(position_of(node, file_), message);
}

void toml_reader::fail_here(const std::string& message) const {
    throw config_error(position_of(table_, file_), message);
}

std::string toml_reader::string_of(const toml::node& node, std::string_view key) const {
    if (!node.is_string()) type_error(node, key, "string");
    return node.as_string()->get();
}

std::int64_t toml_reader::integer_of(const toml::node& node, std::string_view key, std::int64_t min,
                                     std::int64_t max) const {
    if (!node.is_integer()) type_error(node, key, "integer");
    auto value = node.as_integer()->get();
    if (value < min || value > max)
        fail(node, fmt::format("'{}' must be between {} and {}, got {}", key, min, max, value));
    return value;
}

bool toml_reader::boolean_of(const toml::node& node, std::string_view key) const {
    if (!node.is_boolean()) type_error(node, key, "boolean");
    return node.as_boolean()->get();
}

std::chrono::milliseconds toml_reader::duration_of(const toml::node& node, std::string_view key) const {
    if (node.is_integer() || node.is_floating_point()) {
        // Milliseconds or seconds? A bare number says neither, so it is not taken.
        std::string number = node.is_integer() ? std::to_string(node.as_integer()->get())
                                               : fmt::format("{}", node.as_floating_point()->get());
        // Sent as JSON (the node has a field path), the hint is written as JSON.
        if (!position_of(node, file_).field.empty())
            fail(node, fmt::format("a duration needs a unit: write \"{}\": \"{}ms\" or \"{}s\", not a bare number", key,
                                   number, number));
        fail(node, fmt::format("a duration needs a unit: write '{} = \"{}ms\"' or '{} = \"{}s\"', not a bare number",
                               key, number, key, number));
    }
    if (!node.is_string()) type_error(node, key, "duration string like \"500ms\" or \"3s\"");
    bool too_long = false;
    auto value = parse_duration(node.as_string()->get(), &too_long);
    if (!value && too_long)
        fail(node, fmt::format("duration '{}' for '{}' is out of range (at most {}h, about 31 years)",
                               node.as_string()->get(), key, max_duration_hours.count()));
    if (!value)
        fail(node, fmt::format("invalid duration '{}' for '{}' (write 500ms, 3s, 1m)", node.as_string()->get(), key));
    return *value;
}

const toml::table& toml_reader::table_of(const toml::node& node, std::string_view key) const {
    if (!node.is_table()) type_error(node, key, "table");
    return *node.as_table();
}

std::string toml_reader::choice_of(const toml::node& node, std::string_view key, const key_list& values) const {
    std::string text = string_of(node, key);
    if (std::find(values.begin(), values.end(), text) != values.end()) return text;
    std::string expected;
    for (std::size_t i = 0; i < values.size(); ++i)
        expected += fmt::format("{}\"{}\"", i == 0 ? "" : i + 1 == values.size() ? " or " : ", ", values[i]);
    fail(node, fmt::format("invalid {} '{}' (expected {}){}", key, text, expected, did_you_mean(text, values)));
}

std::optional<std::string> toml_reader::string(std::string_view key) const {
    const auto* node = get(key);
    if (!node) return std::nullopt;
    return string_of(*node, key);
}

std::optional<std::int64_t> toml_reader::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
    const auto* node = get(key);
    if (!node) return std::nullopt;
    return integer_of(*node, key, min, max);
}

std::optional<bool> toml_reader::boolean(std::string_view key) const {
    const auto* node = get(key);
    if (!node) return std::nullopt;
    return boolean_of(*node, key);
}

std::optional<std::chrono::milliseconds> toml_reader::duration(std::string_view key) const {
    const auto* node = get(key);
    if (!node) return std::nullopt;
    return duration_of(*node, key);
}

std::vector<std::string> toml_reader::strings(std::string_view key) const {
    std::vector<std::string> out;
    const auto* node = get(key);
    if (!node) return out;
    if (node->is_string()) {
        out.push_back(node->as_string()->get());
        return out;
    }
    if (!node->is_array()) type_error(*node, key, "array of strings");
    for (const auto& item : *node->as_array()) {
        if (!item.is_string()) type_error(item, key, "array of strings");
        out.push_back(item.as_string()->get());
    }
    return out;
}

const toml::table* toml_reader::table(std::string_view key) const {
    const auto* node = get(key);
    if (!node) return nullptr;
    return &table_of(*node, key);
}

std::vector<std::pair<std::string, std::string>> toml_reader::string_pairs(std::string_view key) const {
    std::vector<std::pair<std::string, std::string>> out;
    const auto* t = table(key);
    if (!t) return out;
    for (auto&& [name, node] : *t) {
        if (node.is_string()) out.emplace_back(std::string(name.str()), node.as_string()->get());
        else if (node.is_integer()) out.emplace_back(std::string(name.str()), std::to_string(node.as_integer()->get()));
        else type_error(node, name.str(), "string");
    }
    return out;
}

std::optional<std::string> toml_reader::choice(std::string_view key, const key_list& values) const {
    const auto* node = get(key);
    if (!node) return std::nullopt;
    return choice_of(*node, key, values);
}

}  // namespace replycheck::protocol
