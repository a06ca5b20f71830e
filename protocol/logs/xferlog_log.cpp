// xferlog(5): current-time transfer-time remote-host file-size filename transfer-type
// special-action-flag direction access-mode username service-name authentication-method
// authenticated-user-id completion-status. The filename may hold spaces (most servers write
// '_' instead), so the fixed fields are taken from both ends and the filename is the middle.

#include "protocol/logs/xferlog_log.hpp"

#include "protocol/logs/log_text.hpp"

namespace replycheck::logs {

namespace {

constexpr std::size_t fields_after_date = 13;
constexpr std::size_t max_tokens = 256;

// Splits the part after the date; false when there are too few or too many fields.
bool split(std::string_view rest, std::vector<std::string_view>& tokens) {
    tokens.clear();
    for (;;) {
        auto t = text::next_token(rest);
        if (t.empty()) break;
        if (tokens.size() == max_tokens) return false;
        tokens.push_back(t);
    }
    return tokens.size() >= fields_after_date;
}

}  // namespace

bool looks_like_xferlog(std::string_view line) {
    std::size_t used = 0;
    line = text::trim_right(line);
    if (!text::parse_ctime(line, used)) return false;
    std::vector<std::string_view> tokens;
    if (!split(line.substr(used), tokens)) return false;
    auto n = tokens.size();
    auto direction = tokens[n - 7], mode = tokens[n - 6], completion = tokens[n - 1];
    std::uint64_t size = 0;
    return text::parse_uint(tokens[2], size) &&
           (direction == "o" || direction == "i" || direction == "d") &&
           (mode == "a" || mode == "r" || mode == "g") && (completion == "c" || completion == "i");
}

line_result xferlog_parser::feed(std::string_view line, std::uint64_t, log_entry& out, std::string& why) {
    line = text::trim_right(line);
    if (line.empty()) return line_result::none;
    std::size_t used = 0;
    out.time = text::parse_ctime(line, used);
    if (!out.time) {
        why = "does not start with a date like 'Mon Jan  5 10:14:07 2026'";
        return line_result::malformed;
    }
    if (!split(line.substr(used), tokens_)) {
        why = "expected 14 fields after the date-time, found " + std::to_string(tokens_.size() + 1);
        return line_result::malformed;
    }
    const auto n = tokens_.size();
    auto direction = tokens_[n - 7], mode = tokens_[n - 6], user = tokens_[n - 5], completion = tokens_[n - 1];
    std::uint64_t seconds = 0, size = 0;
    if (!text::parse_uint(tokens_[0], seconds, UINT32_MAX / 1000)) {
        why = text::number_problem("transfer time", tokens_[0]);
        return line_result::malformed;
    }
    if (!text::parse_uint(tokens_[2], size)) {
        why = text::number_problem("file size", tokens_[2]);
        return line_result::malformed;
    }
    out.protocol = log_protocol::ftp;
    out.time_taken_ms = static_cast<std::uint32_t>(seconds * 1000);
    out.client = tokens_[1];
    out.bytes = size;
    // The filename runs from the fourth field to the transfer type, spaces included.
    const char* first = tokens_[3].data();
    const char* last = tokens_[n - 10].data() + tokens_[n - 10].size();
    out.target = {first, static_cast<std::size_t>(last - first)};
    if (direction == "o") out.method = "RETR";
    else if (direction == "i") out.method = "STOR";
    else if (direction == "d") out.method = "DELE";
    else {
        why = "direction '" + std::string(direction) + "' is not o, i or d";
        return line_result::malformed;
    }
    // Access mode "a": the username field holds the anonymous password (an e-mail address).
    if (mode == "a") out.user = "anonymous";
    else if (mode == "r" || mode == "g") out.user = user;
    else {
        why = "access mode '" + std::string(mode) + "' is not a, r or g";
        return line_result::malformed;
    }
    if (completion == "c") out.status = direction == "d" ? 250 : 226;
    else if (completion == "i") out.status = 426;
    else {
        why = "completion status '" + std::string(completion) + "' is not c or i";
        return line_result::malformed;
    }
    return line_result::entry;
}

}  // namespace replycheck::logs
