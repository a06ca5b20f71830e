#pragma once
// Errors in user files (scenarios, mock configs, targets), located to file:line:col.
// Exceptions are used only at this load boundary; everything after loading is data.

#include <stdexcept>
#include <string>

#include <toml++/toml.h>

namespace replycheck::protocol {

/// Where in a file something is; line and column start at 1 (0 when unknown).
struct source_position {
    std::string file;
    int line = 0;
    int column = 0;

    /// "file:line:col", or less when parts are unknown.
    std::string to_string() const;
};

/// The position of a toml++ node in `file`.
source_position position_of(const toml::node& node, const std::string& file);
/// The position where a toml++ source region begins.
source_position position_of(const toml::source_region& region, const std::string& file);

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
