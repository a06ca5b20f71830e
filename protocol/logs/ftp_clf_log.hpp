#pragma once
// CLF lines whose request is an FTP command: proftpd `ExtendedLog` with
// `LogFormat "%h %l %u %t \"%r\" %s %b"`, and pure-ftpd's `-O clf:` transfer log.

#include <map>
#include <string>

#include "protocol/logs/clf_line.hpp"
#include "protocol/logs/line_parser.hpp"

namespace replycheck::logs {

class ftp_clf_parser final : public line_parser {
public:
    line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                     std::string& why) override;

private:
    struct client_state {
        unsigned sessions = 0;
        bool quit = false;
        std::string key;  // "CLIENT#N"
    };
    clf_line parts_;
    std::map<std::string, client_state, std::less<>> clients_;
    std::string method_buf_, user_buf_;
};

/// True when `request` ("USER ana", "RETR /a") starts with an FTP command verb.
bool is_ftp_request(std::string_view request);

}  // namespace replycheck::logs
