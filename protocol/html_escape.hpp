#pragma once
// Text made safe for HTML element content and quoted attribute values (HTML Living Standard
// §13.1.2.6, §13.1.4): the five characters that can end an element, a reference or an
// attribute become character references. The HTML reports and the mock's error pages use it;
// everything they show from a peer or a log is hostile input.

#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Appends `text` to `out` with & < > " ' as references.
void append_html_escaped(std::string& out, std::string_view text);

/// `text` with & < > " ' as references.
std::string html_escaped(std::string_view text);

}  // namespace replycheck::protocol
