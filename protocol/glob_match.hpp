#pragma once
// Shell-style wildcards for mock rules: HTTP paths and FTP arguments.

#include <string_view>

namespace replycheck::protocol {

/// True when `pattern` matches the whole of `text`: `*` any run of characters (also '/'),
/// `?` exactly one; every other character stands for itself.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

}  // namespace replycheck::protocol
