#include "protocol/wire/ftp_ascii.hpp"

namespace replycheck::protocol {

void ftp_ascii_encoder::encode(std::string_view chunk, std::string& out) {
    out.reserve(out.size() + chunk.size() + chunk.size() / 16);
    for (char c : chunk) {
        if (c == '\n' && !previous_cr_) out.push_back('\r');
        out.push_back(c);
        previous_cr_ = c == '\r';
    }
}

void ftp_ascii_decoder::decode(std::string_view chunk, std::string& out) {
    out.reserve(out.size() + chunk.size() + 1);
    for (char c : chunk) {
        // A CR is held until the next byte shows whether it ends a line (CRLF → LF).
        if (pending_cr_ && c != '\n') out.push_back('\r');
        pending_cr_ = c == '\r';
        if (!pending_cr_) out.push_back(c);
    }
}

void ftp_ascii_decoder::finish(std::string& out) {
    if (pending_cr_) out.push_back('\r');
    pending_cr_ = false;
}

}  // namespace replycheck::protocol
