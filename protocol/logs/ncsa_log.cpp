// NCSA common/combined: `host ident user [date] "request" status bytes ["referer" "agent"] …`.

#include "protocol/logs/ncsa_log.hpp"

#include "protocol/logs/log_text.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::logs {

void split_request_line(std::string_view request, log_entry& out) {
    auto first = request.find(' ');
    auto last = request.rfind(' ');
    if (first != std::string_view::npos && text::looks_like_http_method(request.substr(0, first))) {
        auto version = request.substr(last + 1);
        if (last > first && text::looks_like_http_version(version)) {
            out.method = request.substr(0, first);
            out.target = request.substr(first + 1, last - first - 1);
            out.version = version;
            return;
        }
        if (last == first) {  // HTTP/0.9 style "GET /path"
            out.method = request.substr(0, first);
            out.target = request.substr(first + 1);
            return;
        }
    }
    out.method = {};
    out.target = request == "-" ? std::string_view{} : request;
}

line_result ncsa_parser::feed(std::string_view line, std::uint64_t, log_entry& out, std::string& why) {
    line = text::trim_right(line);
    if (line.empty()) return line_result::none;
    if (!split_clf_line(line, parts_, why)) return line_result::malformed;

    out.protocol = log_protocol::http;
    out.client = parts_.host;
    if (!parts_.vhost.empty()) {
        // "www.example.org:443": the server name without its port.
        auto host = parts_.vhost;
        auto colon = host.rfind(':');
        std::uint64_t port = 0;
        if (colon != std::string_view::npos && host.find(':') == colon && text::parse_uint(host.substr(colon + 1), port))
            host = host.substr(0, colon);
        out.host = host;
    }
    out.time = text::parse_clf_time(parts_.date);
    if (!out.time) {
        why = "date '" + std::string(parts_.date) + "' is not like 05/Jan/2026:10:14:07 +0000";
        return line_result::malformed;
    }
    std::uint64_t status = 0;
    if (!text::parse_uint(parts_.status, status, 999)) {
        why = text::number_problem("status", parts_.status);
        return line_result::malformed;
    }
    out.status = static_cast<int>(status);
    std::uint64_t bytes = 0;
    if (parts_.bytes == "-") {
        out.bytes = 0;  // Apache %b: "-" for no body
    } else if (text::parse_uint(parts_.bytes, bytes)) {
        out.bytes = bytes;
    } else {
        why = text::number_problem("byte count", parts_.bytes);
        return line_result::malformed;
    }
    out.user = text::dash_empty(text::unescape_quoted(parts_.user, user_buf_));
    split_request_line(text::unescape_quoted(parts_.request, request_buf_), out);
    // A request that is no request line (a 400's TLS handshake bytes, …) stays as logged,
    // escapes and all, so it can be printed.
    if (out.method.empty() && !out.target.empty()) out.target = parts_.request;
    // Whatever a line says, a PASS or ACCT argument never leaves a reader (an FTP log read as
    // NCSA with a forced --format, a client sending its password as an HTTP method).
    auto verb = out.method.empty() ? out.target.substr(0, 4) : out.method;
    if (text::is_password_command(verb)) {
        if (out.method.empty()) out.method = text::upper(verb, method_buf_);
        out.target = protocol::redactor::mask;
    }
    if (parts_.combined) {
        out.referer = text::dash_empty(text::unescape_quoted(parts_.referer, referer_buf_));
        out.user_agent = text::dash_empty(text::unescape_quoted(parts_.user_agent, agent_buf_));
    }
    return line_result::entry;
}

}  // namespace replycheck::logs
