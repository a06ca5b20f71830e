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

/// Best-effort parse of raw request bytes (request line, headers, rest as body); never fails:
/// fields that cannot be found stay empty.
http_request_record parse_http_request(std::string_view bytes);

}  // namespace replycheck::protocol
