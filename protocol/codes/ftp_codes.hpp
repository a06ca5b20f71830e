#pragma once
// FTP reply codes (RFC 959 §4.2) with the extensions of RFC 2228, 2389, 2428, 3659, 4217,
// 7151, and the RFC 959 §5.4 table of which replies each command may give.

#include <span>
#include <string_view>

namespace replycheck::protocol {

/// One FTP reply code.
struct ftp_reply_info {
    int code;                    ///< 110..633
    std::string_view text;       ///< the usual reply text
    std::string_view meaning;    ///< what the reply says
    std::string_view section;    ///< "RFC 959 §4.2.2"
    std::string_view format;     ///< "227 … (h1,h2,h3,h4,p1,p2)" or ""
};

/// The reply code `code`, or nullptr when unknown.
const ftp_reply_info* find_ftp_reply(int code) noexcept;

/// Every known reply code, sorted by code.
std::span<const ftp_reply_info> all_ftp_replies() noexcept;

/// Which replies a command may give (RFC 959 §5.4 and the extension RFCs).
struct ftp_command_replies {
    std::string_view command;          ///< "RETR", "REST STREAM"
    std::string_view section;          ///< "RFC 959 §4.1.3"
    std::span<const int> preliminary;  ///< 1yz replies
    std::span<const int> success;      ///< 2yz replies
    std::span<const int> intermediate; ///< 3yz replies
    std::span<const int> errors;       ///< 4yz, 5yz (and 6yz) replies
};

/// The command `command` (case-insensitive), or nullptr when not in the table.
const ftp_command_replies* find_ftp_command(std::string_view command) noexcept;

/// Every command in the table, in RFC 959 §5.4 order followed by the extensions.
std::span<const ftp_command_replies> all_ftp_commands() noexcept;

/// The meaning of the first digit of `code` (RFC 959 §4.2.1), "" when not 1..6.
std::string_view ftp_first_digit_meaning(int code) noexcept;

/// The meaning of the second digit of `code` (RFC 959 §4.2.1), "" when not 0..5.
std::string_view ftp_second_digit_meaning(int code) noexcept;

}  // namespace replycheck::protocol
