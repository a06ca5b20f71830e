#pragma once
// The Common Log Format skeleton shared by NCSA access logs and FTP servers' CLF logs:
// `host ident user [date] "request" status bytes` and, in the combined form, `"referer" "agent"`,
// then anything a server appends (nginx $request_time, …), which is ignored. Apache's
// vhost_combined puts "%v:%p" in front; that is recognised too.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::logs {

struct clf_line {
    std::string_view vhost;  ///< Apache vhost_combined's leading "%v:%p", when present
    std::string_view host, ident, user, date, request, status, bytes, referer, user_agent;
    bool combined = false;  ///< referer and user agent were present
};

/// Splits `line` into its CLF parts (quoted parts still escaped, without their quotes).
/// false with `why` set when the line is not CLF.
bool split_clf_line(std::string_view line, clf_line& out, std::string& why);

}  // namespace replycheck::logs
