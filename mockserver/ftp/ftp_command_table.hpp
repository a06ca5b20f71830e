#pragma once
// The commands the mock FTP server knows (internal): verb, alias, whether it is allowed
// before login, and the session member that answers it.

#include <span>
#include <string_view>

#include "mockserver/ftp/ftp_control_session.hpp"

namespace replycheck::mock::detail {

/// One known command.
struct ftp_command_spec {
    using handler_type = boost::asio::awaitable<bool> (ftp_control_session::*)(const ftp_command&);

    std::string_view verb;            ///< RFC 959 verb, upper case
    std::string_view alias;           ///< the RFC 775 X-form ("XCWD"), or ""
    bool before_login = false;        ///< allowed before PASS succeeded (RFC 959 §5.4: else 530)
    handler_type handler = nullptr;   ///< nullptr: known but not implemented (502)
};

/// The entry whose verb or alias is `verb` (upper case), or nullptr for an unknown command.
const ftp_command_spec* find_ftp_command(std::string_view verb) noexcept;

/// Every known command, the implemented ones first in HELP order.
std::span<const ftp_command_spec> ftp_command_table() noexcept;

}  // namespace replycheck::mock::detail
