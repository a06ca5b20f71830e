#pragma once
// Look-ups across the code registries that the `explain` and `codes` commands (and anyone
// else naming a code) need: parsing "206" / "403.14", nearest known codes, and which FTP
// commands may give a reply.

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

namespace replycheck::protocol {

/// A code as a user writes it: "206", or an IIS substatus "403.14".
struct code_argument {
    int code = 0;                   ///< the three-digit code, 100..999
    std::optional<int> substatus;   ///< the part after the dot, when present
};

/// Parses three digits, optionally followed by '.' and one to three digits. nullopt on any
/// other text (letters, signs, spaces, a leading zero code such as "099").
std::optional<code_argument> parse_code_argument(std::string_view text) noexcept;

/// Up to `count` registered HTTP status codes nearest to `code`: from the same class when
/// that class has any, numerically closest first (ties: the lower code first).
std::vector<const http_status_info*> nearest_http_statuses(int code, std::size_t count);

/// Up to `count` IIS substatus codes nearest to status.substatus: those of the same status,
/// closest substatus first; when the status has none, those of the nearest statuses.
std::vector<const iis_substatus_info*> nearest_iis_substatuses(int status, int substatus,
                                                               std::size_t count);

/// Up to `count` FTP reply codes nearest to `code`, same first digit when possible.
std::vector<const ftp_reply_info*> nearest_ftp_replies(int code, std::size_t count);

/// Every IIS substatus code of one HTTP status, in order.
std::vector<const iis_substatus_info*> iis_substatuses_of(int status);

/// How a command may give a reply.
enum class ftp_reply_role { preliminary, success, intermediate, error };

/// One command that may give a reply, and as what.
struct ftp_command_use {
    std::string_view command;   ///< "RETR"
    ftp_reply_role role;
};

/// The commands of the RFC 959 §5.4 table (and extensions) that list `code`, in table order.
std::vector<ftp_command_use> ftp_commands_returning(int code);

/// "preliminary", "success", "intermediate", "error".
std::string_view to_string(ftp_reply_role role) noexcept;

}  // namespace replycheck::protocol
