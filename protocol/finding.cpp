#include "protocol/finding.hpp"

namespace replycheck::protocol {

std::string_view to_string(rule_level level) noexcept {
    switch (level) {
        case rule_level::must: return "MUST";
        case rule_level::should: return "SHOULD";
        case rule_level::info: return "INFO";
    }
    return "MUST";
}

}  // namespace replycheck::protocol
