// FTP reply code data, the command/reply table, and look-ups.
#include "protocol/codes/ftp_codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace replycheck::protocol {
namespace {

constexpr std::array ftp_replies{
    ftp_reply_info{227, "Entering Passive Mode (h1,h2,h3,h4,p1,p2).",
                   "The server listens for the data connection at the given address and port.",
                   "RFC 959 §4.2.2", "227 text (h1,h2,h3,h4,p1,p2) — port = p1*256+p2"},
};

constexpr std::array<int, 0> none{};
constexpr std::array pasv_success{227};
constexpr std::array pasv_errors{500, 501, 502, 421, 530};

constexpr std::array ftp_commands{
    ftp_command_replies{"PASV", "RFC 959 §4.1.2", none, pasv_success, none, pasv_errors},
};

bool iequal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

const ftp_reply_info* find_ftp_reply(int code) noexcept {
    auto it = std::lower_bound(ftp_replies.begin(), ftp_replies.end(), code,
                               [](const ftp_reply_info& r, int c) { return r.code < c; });
    return (it != ftp_replies.end() && it->code == code) ? &*it : nullptr;
}

std::span<const ftp_reply_info> all_ftp_replies() noexcept { return ftp_replies; }

const ftp_command_replies* find_ftp_command(std::string_view command) noexcept {
    for (const auto& c : ftp_commands)
        if (iequal(c.command, command)) return &c;
    return nullptr;
}

std::span<const ftp_command_replies> all_ftp_commands() noexcept { return ftp_commands; }

std::string_view ftp_first_digit_meaning(int code) noexcept {
    switch (code / 100) {
        case 1: return "Positive Preliminary: the action is starting; expect another reply before a new command";
        case 2: return "Positive Completion: the action finished successfully";
        case 3: return "Positive Intermediate: accepted, but held until more information arrives";
        case 4: return "Transient Negative Completion: not done, but the same command may work later";
        case 5: return "Permanent Negative Completion: not done, and repeating it unchanged will not help";
        case 6: return "Protected reply (RFC 2228): the real reply is encoded in the text";
        default: return {};
    }
}

std::string_view ftp_second_digit_meaning(int code) noexcept {
    switch ((code / 10) % 10) {
        case 0: return "Syntax: syntax errors, or commands that fit no other group";
        case 1: return "Information: replies to requests for status or help";
        case 2: return "Connections: the control and data connections";
        case 3: return "Authentication and accounting: login and accounting";
        case 4: return "Unspecified";
        case 5: return "File system: the state of the server file system";
        default: return {};
    }
}

}  // namespace replycheck::protocol
