// One pasted line (explain --log): the format is guessed from the line alone. A W3C line has
// no #Fields: with it, so it is read with the IIS defaults for HTTP (15 fields) or FTP sites
// (13 fields, cs-method an FTP command); a pasted "#Fields: …" line before it is honoured.

#include <string>

#include "protocol/logs/clf_line.hpp"
#include "protocol/logs/ftp_clf_log.hpp"
#include "protocol/logs/log_reader.hpp"
#include "protocol/logs/log_text.hpp"
#include "protocol/logs/ncsa_log.hpp"
#include "protocol/logs/vsftpd_log.hpp"
#include "protocol/logs/w3c_log.hpp"
#include "protocol/logs/xferlog_log.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::logs {

namespace {

std::optional<log_record> run(line_parser& parser, std::string_view line, std::string& why) {
    log_entry entry;
    entry.line = 1;
    if (parser.feed(line, 1, entry, why) == line_result::entry) return log_record::from(entry, {});
    if (why.empty()) why = "the line holds no request";
    return std::nullopt;
}

std::optional<log_record> from_vsftpd(const vsftpd_line& l) {
    log_record r;
    r.protocol = log_protocol::ftp;
    r.time = l.time;
    r.client = l.client;
    r.user = l.user;
    r.line = 1;
    if (l.what == vsftpd_line::kind::command) {
        auto space = l.payload.find(' ');
        std::string buffer;
        r.method = text::upper(l.payload.substr(0, space), buffer);
        if (space != std::string_view::npos)
            r.target = (r.method == "PASS" || r.method == "ACCT") ? std::string(protocol::redactor::mask)
                                                                  : std::string(l.payload.substr(space + 1));
        return r;
    }
    std::uint64_t code = 0;
    if (l.payload.size() >= 3 && text::parse_uint(l.payload.substr(0, 3), code, 999)) {
        r.status = static_cast<int>(code);
        if (l.payload.size() > 4) r.reply_text = l.payload.substr(4);
        return r;
    }
    return std::nullopt;
}

std::size_t count_fields(std::string_view line) {
    std::size_t n = 0;
    for (;;) {
        if (text::next_token(line).empty()) return n;
        ++n;
    }
}

}  // namespace

std::optional<log_record> parse_single_line(std::string_view input, std::string& why) {
    why.clear();
    // A "#Fields:" line pasted together with its data line.
    std::string_view fields, line;
    while (!input.empty()) {
        auto nl = input.find('\n');
        auto part = text::trim(input.substr(0, nl));
        input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
        if (part.empty()) continue;
        if (text::starts_with_nocase(part, "#Fields:")) fields = part.substr(8);
        else if (part.front() != '#') line = part;
    }
    if (line.empty()) {
        why = "no log line to read";
        return std::nullopt;
    }

    vsftpd_line v;
    if (split_vsftpd_line(line, v, why)) {
        if (auto r = from_vsftpd(v)) return r;
        why = "a vsftpd line with neither an FTP command nor an FTP reply";
        return std::nullopt;
    }
    why.clear();
    if (looks_like_xferlog(line)) {
        xferlog_parser p;
        return run(p, line, why);
    }
    clf_line parts;
    if (split_clf_line(line, parts, why)) {
        if (is_ftp_request(parts.request)) {
            ftp_clf_parser p;
            return run(p, line, why);
        }
        ncsa_parser p;
        return run(p, line, why);
    }
    why.clear();

    w3c_parser w3c;
    if (!fields.empty()) {
        w3c.set_fields(fields, 0);
        return run(w3c, line, why);
    }
    if (auto defaults = w3c_parser::default_fields_for(line); !defaults.empty()) {
        w3c.set_fields(defaults, 0);
        return run(w3c, line, why);
    }
    const auto n = count_fields(line);
    why = "not a line of a known log format (W3C lines without their #Fields: must have the IIS "
          "default fields: 15 for HTTP sites, 13 for FTP sites; this one has " +
          std::to_string(n) + ")";
    return std::nullopt;
}

}  // namespace replycheck::logs
