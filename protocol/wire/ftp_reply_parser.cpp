#include "protocol/wire/ftp_reply_parser.hpp"

#include "protocol/wire/ascii.hpp"

namespace replycheck::protocol {

namespace {

bool starts_with_code(std::string_view line) noexcept {
    return line.size() >= 3 && is_ascii_digit(line[0]) && is_ascii_digit(line[1]) && is_ascii_digit(line[2]);
}

int code_of(std::string_view line) noexcept {
    return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

}  // namespace

ftp_reply_parser::ftp_reply_parser(ftp_parser_limits limits) : limits_(limits) {}

void ftp_reply_parser::feed(std::string_view bytes) {
    for (char c : bytes) {
        if (too_large_) return;
        if (++reply_bytes_ > limits_.max_reply_bytes) {
            stop("reply larger than " + std::to_string(limits_.max_reply_bytes) + " bytes");
            return;
        }
        if (c == '\n') {
            std::string raw_line = line_;
            raw_line += '\n';
            bool crlf = !line_.empty() && line_.back() == '\r';
            if (crlf) line_.pop_back();
            std::string line = std::move(line_);
            line_.clear();
            on_line(std::move(line), crlf, raw_line);
            line_cut_ = false;
            continue;
        }
        if (line_.size() < limits_.max_line_bytes) line_ += c;
        else line_cut_ = true;
    }
}

void ftp_reply_parser::on_line(std::string line, bool crlf, std::string_view raw_line) {
    partial_.raw += raw_line;
    // RFC 959 §4.2: every reply line ends with Telnet end-of-line, CRLF.
    if (!crlf) partial_.crlf = false;
    if (line_cut_)
        partial_.format_errors.push_back("line longer than " + std::to_string(limits_.max_line_bytes) +
                                         " bytes was cut");
    auto keep = [&](std::string text) {
        if (partial_.lines.size() < limits_.max_lines) {
            partial_.lines.push_back(std::move(text));
        } else if (partial_.lines.size() == limits_.max_lines) {
            partial_.format_errors.push_back("reply longer than " + std::to_string(limits_.max_lines) +
                                             " lines; later lines dropped");
            partial_.lines.emplace_back("...");
        }
    };

    if (in_multiline_) {
        // The last line of a multi-line reply starts with the same code followed by a space.
        // Lines in between are text, even when they start with other digits.
        const bool ends = starts_with_code(line) && code_of(line) == partial_.code &&
                          (line.size() == 3 || line[3] == ' ');
        if (ends && line.size() == 3)
            partial_.multiline_errors.push_back("last line of the multi-line reply lacks the space after the code");
        keep(std::move(line));
        if (ends) complete();
        return;
    }

    if (!starts_with_code(line) || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
        partial_.code = 0;
        partial_.format_errors.push_back("line does not start with a 3-digit code and a space or hyphen: '" +
                                         printable_excerpt(line) + "' (RFC 959 §4.2)");
        keep(std::move(line));
        complete();
        return;
    }
    partial_.code = code_of(line);
    if (line.size() == 3) {
        partial_.format_errors.push_back("reply code without the space after it (RFC 959 §4.2)");
        keep(std::move(line));
        complete();
        return;
    }
    if (line[3] == '-') {
        partial_.multiline = true;
        in_multiline_ = true;
        keep(std::move(line));
        return;
    }
    keep(std::move(line));
    complete();
}

void ftp_reply_parser::complete() {
    ready_.push_back(std::move(partial_));
    partial_ = ftp_reply_record{};
    in_multiline_ = false;
    reply_bytes_ = 0;
}

// The reply never ended within the limits: what was kept becomes a reply with code 0 (it was
// not completed, so nobody takes it for a final reply) once finish() is called.
void ftp_reply_parser::stop(std::string reason) {
    too_large_ = true;
    if (partial_.lines.empty() && !line_.empty()) {
        // One endless line: keep its start (at most max_line_bytes) so the reply shows something.
        partial_.raw += line_;
        partial_.lines.push_back(line_);
    }
    partial_.code = 0;
    partial_.format_errors.push_back(std::move(reason) + "; the rest was not read");
    line_.clear();
    line_cut_ = false;
}

void ftp_reply_parser::finish() {
    if (too_large_) {
        if (!partial_.raw.empty() || !partial_.format_errors.empty()) complete();
        return;
    }
    if (!line_.empty() || line_cut_) {
        std::string raw_line = line_;
        std::string line = std::move(line_);
        line_.clear();
        partial_.format_errors.push_back("connection closed before the line ended");
        on_line(std::move(line), false, raw_line);
        line_cut_ = false;
    }
    if (in_multiline_ || !partial_.raw.empty()) {
        partial_.multiline_errors.push_back("connection closed inside a multi-line reply");
        complete();
    }
}

std::optional<ftp_reply_record> ftp_reply_parser::unfinished() const {
    if (!in_multiline_ || partial_.lines.empty()) return std::nullopt;
    auto reply = partial_;
    reply.code = 0;
    return reply;
}

std::optional<ftp_reply_record> ftp_reply_parser::next() {
    if (ready_.empty()) return std::nullopt;
    auto reply = std::move(ready_.front());
    ready_.pop_front();
    return reply;
}

}  // namespace replycheck::protocol
