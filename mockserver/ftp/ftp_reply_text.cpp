#include "mockserver/ftp/ftp_reply_text.hpp"

#include <algorithm>

namespace replycheck::mock {

namespace {

bool needs_escape(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    // RFC 959 §4.2: a reply line ends at CRLF; Telnet (RFC 854) reads 0xFF as IAC.
    return byte < 0x20 || byte == 0x7f || byte == 0xff;
}

}  // namespace

void append_ftp_reply_safe(std::string& out, std::string_view text) {
    if (std::none_of(text.begin(), text.end(), needs_escape)) {
        out.append(text);
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : text) {
        if (!needs_escape(c)) {
            out.push_back(c);
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out += "\\x";
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0x0f]);
    }
}

std::string ftp_reply_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_ftp_reply_safe(out, text);
    return out;
}

int ftp_reply_code(std::string_view line) noexcept {
    if (line.size() < 3) return 0;
    int code = 0;
    for (char c : line.substr(0, 3)) {
        if (c < '0' || c > '9') return 0;
        code = code * 10 + (c - '0');
    }
    return code;
}

std::string ftp_reply_inner_line(std::string_view line) {
    std::string out;
    out.reserve(line.size() + 1);
    if (!line.empty() && line.front() >= '0' && line.front() <= '9') out.push_back(' ');
    append_ftp_reply_safe(out, line);
    return out;
}

}  // namespace replycheck::mock
