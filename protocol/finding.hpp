#pragma once
// A conformance finding: one rule that an exchange broke.

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// How binding a rule is (RFC 2119 words).
enum class rule_level {
    must,    ///< a MUST or MUST NOT: a failure
    should,  ///< a SHOULD or SHOULD NOT: a warning, a failure under --strict
    info,    ///< worth knowing, never a failure
};

std::string_view to_string(rule_level level) noexcept;

/// One rule broken by one exchange.
struct finding {
    std::string rule_id;   ///< "http.304.no-body"
    rule_level level = rule_level::must;
    std::string section;   ///< "RFC 9110 §15.4.5"
    std::string message;   ///< what was seen, in one line
};

/// True when the finding fails the scenario (MUST, or SHOULD under strict).
inline bool is_failure(const finding& f, bool strict) noexcept {
    return f.level == rule_level::must || (strict && f.level == rule_level::should);
}

}  // namespace replycheck::protocol
