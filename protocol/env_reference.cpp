#include "protocol/env_reference.hpp"

#include <cstdlib>
#include <string_view>

#include "protocol/config_error.hpp"

namespace replycheck::protocol {

namespace {

bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) return false;
    }
    return true;
}

}  // namespace

std::string expand_env_reference(const std::string& value, const toml::node& node, const std::string& file) {
    constexpr std::string_view open = "${env:";
    std::string_view text = value;
    if (!text.starts_with(open) || !text.ends_with('}')) return value;
    auto name = text.substr(open.size(), text.size() - open.size() - 1);
    if (!valid_name(name))
        throw config_error(position_of(node, file),
                           "bad environment reference '" + value + "' (expected ${env:NAME}, NAME of letters, digits, _)");
    const char* found = std::getenv(std::string(name).c_str());
    if (!found) throw config_error(position_of(node, file), "environment variable " + std::string(name) + " is not set");
    return found;
}

}  // namespace replycheck::protocol
