#pragma once
// NCSA common and combined access logs (nginx, Apache): one request per line.

#include <string>

#include "protocol/logs/clf_line.hpp"
#include "protocol/logs/line_parser.hpp"

namespace replycheck::logs {

class ncsa_parser final : public line_parser {
public:
    line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                     std::string& why) override;

private:
    clf_line parts_;
    std::string request_buf_, referer_buf_, agent_buf_, user_buf_, method_buf_;
};

/// The request line "METHOD target HTTP/x.y" into method, target and version; a request line
/// that is not one (a 400's garbage, "-") gives an empty method and the raw text as target.
void split_request_line(std::string_view request, log_entry& out);

}  // namespace replycheck::logs
