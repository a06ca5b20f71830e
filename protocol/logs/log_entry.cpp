// The owned copy of an entry, format names, and the code text people search for ("500.19").

#include "protocol/logs/log_entry.hpp"

#include <array>
#include <string>
#include <utility>

namespace replycheck::logs {

log_record log_record::from(const log_entry& entry, std::string_view file) {
    log_record r;
    r.protocol = entry.protocol;
    r.time = entry.time;
    r.client = entry.client;
    r.user = entry.user;
    r.method = entry.method;
    r.target = entry.target;
    r.version = entry.version;
    r.host = entry.host;
    r.reply_text = entry.reply_text;
    r.user_agent = entry.user_agent;
    r.referer = entry.referer;
    r.session = entry.session;
    r.status = entry.status;
    r.substatus = entry.substatus;
    r.win32 = entry.win32;
    r.bytes = entry.bytes;
    r.time_taken_ms = entry.time_taken_ms;
    r.file = file;
    r.line = entry.line;
    return r;
}

namespace {

constexpr std::array<std::pair<log_format, std::string_view>, 5> format_names{{
    {log_format::w3c, "w3c"},
    {log_format::ncsa, "ncsa"},
    {log_format::vsftpd, "vsftpd"},
    {log_format::xferlog, "xferlog"},
    {log_format::ftp_clf, "ftp-clf"},
}};

}  // namespace

std::string_view to_string(log_format format) noexcept {
    for (const auto& [f, name] : format_names)
        if (f == format) return name;
    return "unknown";
}

std::optional<log_format> parse_log_format(std::string_view name) noexcept {
    for (const auto& [f, known] : format_names)
        if (known == name) return f;
    // Common spellings people type: "iis", "combined", "common", "clf", "ftp_clf".
    if (name == "iis") return log_format::w3c;
    if (name == "combined" || name == "common" || name == "clf") return log_format::ncsa;
    if (name == "ftp_clf" || name == "proftpd") return log_format::ftp_clf;
    return std::nullopt;
}

std::string code_text(int status, std::optional<int> substatus) {
    std::string text = std::to_string(status);
    if (substatus && *substatus != 0) {
        text += '.';
        text += std::to_string(*substatus);
    }
    return text;
}

}  // namespace replycheck::logs
