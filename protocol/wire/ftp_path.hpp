#pragma once
// Quoted pathnames of 257 replies (RFC 959 Appendix II): "dir" with embedded quotes doubled.

#include "protocol/wire/parse_result.hpp"

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// `path` in double quotes with every embedded '"' doubled: a"b → "a""b".
std::string ftp_quote_path(std::string_view path);

/// The pathname of a 257 reply ("257 \"/a\"\"b\" created", the code optional) with quotes undoubled.
parse_result<std::string> parse_257(std::string_view reply_text);

}  // namespace replycheck::protocol
