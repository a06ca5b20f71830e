#pragma once
// How codes are met in practice, beside what the RFCs say they mean: the typical causes of an
// FTP reply, and how to provoke an FTP reply or an IIS substatus on a real server and on the
// mock. `replycheck explain` prints them.

#include <string>
#include <string_view>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

namespace replycheck::protocol {

/// What an FTP reply code usually means on real servers and how to get one.
struct ftp_reply_hint {
    int code;
    std::string_view causes;        ///< typical causes, "; "-separated ("" for positive replies)
    std::string_view provoke;       ///< commands that get it from a typical server
    std::string_view mock_command;  ///< the command a mock script answers with it ("CONNECT": the greeting)
};

/// The hint for `code`, or nullptr when there is none.
const ftp_reply_hint* find_ftp_hint(int code) noexcept;

/// How to make the FTP mock answer `info`: a [[mock.ftp.script]] matching a command it follows.
std::string ftp_mock_hint(const ftp_reply_info& info);

/// How to get `info` from IIS itself: the request and the setting that give it.
std::string iis_provoke_hint(const iis_substatus_info& info);

}  // namespace replycheck::protocol
