#pragma once
// The result of a small wire parser: a value or an error, plus deviations worth reporting.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace replycheck::protocol {

/// A parsed value, or the reason it could not be parsed. `warnings` lists tolerated
/// deviations from the specification (the value is still usable).
template <class T>
struct parse_result {
    std::optional<T> value;              ///< set on success
    std::string error;                   ///< why parsing failed; empty on success
    std::vector<std::string> warnings;   ///< accepted deviations ("no parentheses around h1..p2")

    /// True when a value was parsed.
    explicit operator bool() const noexcept { return value.has_value(); }
    /// The parsed value (precondition: parsed).
    const T& operator*() const { return *value; }
    /// Member access to the parsed value (precondition: parsed).
    const T* operator->() const { return &*value; }

    /// A failed result carrying `message`.
    static parse_result failure(std::string message) {
        parse_result result;
        result.error = std::move(message);
        return result;
    }
    /// A successful result carrying `v`.
    static parse_result success(T v, std::vector<std::string> notes = {}) {
        parse_result result;
        result.value = std::move(v);
        result.warnings = std::move(notes);
        return result;
    }
};

}  // namespace replycheck::protocol
