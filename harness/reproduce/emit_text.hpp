#pragma once
// Small text helpers shared by the files replycheck writes for people to run (the scenario files
// and mock configs of `reproduce` and `record`): TOML inline tables, comment lines, one-line
// labels, and strings where `${` must stay literal.

#include <sstream>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "protocol/utf8.hpp"

namespace replycheck::reproduce {

/// Text for a variable-expanding string: "${" becomes "$${" (docs/scenario-format.md).
inline std::string escape_variables(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') out += '$';
        out += text[i];
    }
    return out;
}

/// An empty table written inline (`{ a = 1 }`) by toml++'s formatter.
inline toml::table inline_table() {
    toml::table t;
    t.is_inline(true);
    return t;
}

/// `table` as TOML text that reads back as the same table. toml++'s formatter writes literal and
/// multi-line strings without checking what they hold: a `'''` inside, or a line break first
/// (which the reader drops, TOML 1.0 "String"), would not read back. Then every string is
/// written as a one-line basic string, with escapes.
inline std::string toml_text(const toml::table& table) {
    std::ostringstream out;
    out << toml::toml_formatter{table};
    try {
        if (toml::parse(out.str()) == table) return out.str();
    } catch (const toml::parse_error&) {
    }
    constexpr auto escaped = toml::toml_formatter::default_flags & ~toml::format_flags::allow_literal_strings &
                             ~toml::format_flags::allow_multi_line_strings;
    std::ostringstream safe;
    safe << toml::toml_formatter{table, escaped};
    return safe.str();
}

/// A comment line: no line break may end the comment early and turn the rest into TOML, and
/// no byte a TOML comment may not hold (a control character, text that is not UTF-8) stands raw.
inline std::string comment(std::string_view text) {
    std::string flat;
    for (char c : text) flat += (c == '\n' || c == '\r') ? ' ' : c;
    return "# " + protocol::visible_text(flat) + "\n";
}

/// `text` on one line (CR, LF and tab become spaces), cut to `max` characters with "...".
inline std::string one_line(std::string_view text, std::size_t max) {
    std::string out;
    for (char ch : text) out += (ch == '\r' || ch == '\n' || ch == '\t') ? ' ' : ch;
    if (out.size() > max) out = out.substr(0, max - 3) + "...";
    return out;
}

}  // namespace replycheck::reproduce
