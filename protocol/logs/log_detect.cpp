// W3C by its directives; vsftpd by "[pid N]" with its protocol-log words; xferlog by its ctime
// date and flag fields; CLF lines by their request: "METHOD target HTTP/x.y" is an access log
// (ncsa), an FTP command verb a proftpd ExtendedLog (ftp-clf).

#include "protocol/logs/log_detect.hpp"

#include <string>

#include "protocol/logs/clf_line.hpp"
#include "protocol/logs/ftp_clf_log.hpp"
#include "protocol/logs/log_text.hpp"
#include "protocol/logs/vsftpd_log.hpp"
#include "protocol/logs/w3c_log.hpp"
#include "protocol/logs/xferlog_log.hpp"

namespace replycheck::logs {

line_format_guess guess_line_format(std::string_view line) {
    line = text::trim(line);
    if (line.empty()) return {};
    if (line.front() == '#') {
        for (std::string_view d : {"#Software:", "#Version:", "#Fields:", "#Date:", "#Remark:"})
            if (text::starts_with_nocase(line, d)) return {log_format::w3c, true};
        return {};
    }
    if (looks_like_vsftpd(line)) return {log_format::vsftpd, true};
    if (!w3c_parser::default_fields_for(line).empty()) return {log_format::w3c, true};   // header cut off
    if (looks_like_xferlog(line)) return {log_format::xferlog, true};
    clf_line parts;
    std::string why;
    if (split_clf_line(line, parts, why) && text::parse_clf_time(parts.date)) {
        auto request = parts.request;
        auto last = request.rfind(' ');
        if (last != std::string_view::npos && text::looks_like_http_version(request.substr(last + 1)))
            return {log_format::ncsa, true};
        if (is_ftp_request(request)) return {log_format::ftp_clf, true};
        auto verb = request.substr(0, request.find(' '));
        if ((verb == "GET" || verb == "PUT") && request.find(' ') == request.rfind(' ') &&
            request.find(' ') != std::string_view::npos)
            return {log_format::ftp_clf, false};   // pure-ftpd clf, or an HTTP/0.9 request
        return {log_format::ncsa, false};
    }
    return {};
}

std::optional<log_format> detect_log_format(std::string_view head, bool whole_file) {
    if (!whole_file) {
        auto last_nl = head.rfind('\n');
        head = last_nl == std::string_view::npos ? std::string_view{} : head.substr(0, last_nl);
    }
    std::optional<log_format> weak;
    int looked = 0;
    while (!head.empty() && looked < 20) {
        auto nl = head.find('\n');
        auto line = head.substr(0, nl);
        head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
        if (text::trim(line).empty()) continue;
        ++looked;
        auto guess = guess_line_format(line);
        if (guess.certain) return guess.format;
        if (guess.format && !weak) weak = guess.format;
        // A weak ftp-clf guess only stands when no line says "ncsa".
        if (guess.format == log_format::ncsa) weak = log_format::ncsa;
    }
    return weak;
}

}  // namespace replycheck::logs
