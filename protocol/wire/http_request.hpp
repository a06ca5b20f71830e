#pragma once
// HTTP/1.x request heads: serialization for raw sends, and a lenient parse of raw bytes
// (so an exchange sent as raw bytes still has a request record the rules can read).

#include "protocol/exchange.hpp"

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// "METHOD target version\r\n", each header "Name: value\r\n", "\r\n", then the body.
/// Adds nothing: no Host, no Content-Length unless the record carries them.
std::string serialize_http_request(const http_request_record& request);

/// Reads a header section (RFC 9112 §5): "Name: value" lines ending in CRLF or LF, up to and
/// including the empty line that ends it (or to the end of `bytes`). Values are trimmed of
/// spaces and tabs; lines without a colon are skipped. `bytes` is left after the section.
header_list read_header_section(std::string_view& bytes);

/// Best-effort parse of raw request bytes (request line, headers, rest as body); never fails:
/// fields that cannot be found stay empty.
http_request_record parse_http_request(std::string_view bytes);

}  // namespace replycheck::protocol
