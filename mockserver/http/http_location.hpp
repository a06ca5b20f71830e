#pragma once
// Location values built from request text. Request text reaches a reply's header section only
// through here: re-encoded, it can never carry CR, LF, NUL or another control octet that would
// end a field or the header section (RFC 9112 §2.2, RFC 9110 §5.5).

#include <string>
#include <string_view>

namespace replycheck::mock::detail {

/// `base` (from the configuration, copied as is) followed by `decoded_path` percent-encoded
/// afresh, then `?raw_query` when a query is given: as sent when it is a well-formed query
/// (RFC 3986 §3.4), else with every octet a query cannot hold encoded.
std::string location_value(std::string_view base, std::string_view decoded_path, std::string_view raw_query = {});

}  // namespace replycheck::mock::detail
