#pragma once
// Password fields of config files may name an environment variable instead of holding the
// secret: `password = "${env:NAME}"`. The value is read at load time, so a file that is
// shared, committed or emitted (`replycheck reproduce --emit-mock`) never holds a password.

#include <string>

#include <toml++/toml.h>

namespace replycheck::protocol {

/// `value` itself, or, when it is exactly `${env:NAME}`, the value of the environment variable
/// NAME. Throws config_error at `node` ("environment variable NAME is not set") when NAME is
/// unset, or when the reference is malformed (a name other than [A-Za-z_][A-Za-z0-9_]*).
std::string expand_env_reference(const std::string& value, const toml::node& node, const std::string& file);

}  // namespace replycheck::protocol
