#pragma once
// wu-ftpd xferlog (vsftpd, proftpd TransferLog, pure-ftpd): one transfer per line, standing alone.

#include <string>
#include <vector>

#include "protocol/logs/line_parser.hpp"

namespace replycheck::logs {

class xferlog_parser final : public line_parser {
public:
    line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                     std::string& why) override;

private:
    std::vector<std::string_view> tokens_;
};

/// True when `line` has the xferlog shape (ctime date, 13 more fields, known flags).
bool looks_like_xferlog(std::string_view line);

}  // namespace replycheck::logs
