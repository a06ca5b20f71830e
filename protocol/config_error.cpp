#include "protocol/config_error.hpp"

namespace replycheck::protocol {

std::string source_position::to_string() const {
    std::string text = file.empty() ? std::string("<input>") : file;
    if (line > 0) {
        text += ':' + std::to_string(line);
        if (column > 0) text += ':' + std::to_string(column);
    }
    return text;
}

source_position position_of(const toml::source_region& region, const std::string& file) {
    return {file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

source_position position_of(const toml::node& node, const std::string& file) {
    return position_of(node.source(), file);
}

config_error::config_error(source_position where, const std::string& message)
    : std::runtime_error(where.to_string() + ": " + message),
      where_(std::move(where)),
      message_(message) {}

}  // namespace replycheck::protocol
