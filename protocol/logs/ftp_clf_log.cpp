// proftpd writes one line per command with %r the command as received (PASS as "PASS (hidden)")
// and %s the reply code. Sessions are not logged, so they are rebuilt per client: the first
// line from a client opens one, and a USER after that client's QUIT opens the next.
// pure-ftpd's CLF output logs transfers only, as `"GET /file" 200 size` or `"PUT …"`.

#include "protocol/logs/ftp_clf_log.hpp"

#include "protocol/logs/log_text.hpp"
#include "protocol/redactor.hpp"

namespace replycheck::logs {

namespace {

bool looks_like_verb(std::string_view word) {
    if (word.empty() || word.size() > 16) return false;
    for (char c : word)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

}  // namespace

bool is_ftp_request(std::string_view request) {
    auto verb = request.substr(0, request.find(' '));
    return text::is_ftp_verb(verb) && !text::looks_like_http_version(request.substr(request.rfind(' ') + 1));
}

line_result ftp_clf_parser::feed(std::string_view line, std::uint64_t, log_entry& out, std::string& why) {
    line = text::trim_right(line);
    if (line.empty()) return line_result::none;
    if (!split_clf_line(line, parts_, why)) return line_result::malformed;
    out.protocol = log_protocol::ftp;
    out.client = parts_.host;
    out.time = text::parse_clf_time(parts_.date);
    if (!out.time) {
        why = "date '" + std::string(parts_.date) + "' is not like 05/Jan/2026:10:14:07 +0000";
        return line_result::malformed;
    }
    std::uint64_t status = 0, bytes = 0;
    if (!text::parse_uint(parts_.status, status, 999)) {
        why = text::number_problem("status", parts_.status);
        return line_result::malformed;
    }
    out.status = static_cast<int>(status);
    if (parts_.bytes != "-") {
        if (!text::parse_uint(parts_.bytes, bytes)) {
            why = text::number_problem("byte count", parts_.bytes);
            return line_result::malformed;
        }
        out.bytes = bytes;
    }
    auto user = text::dash_empty(text::unescape_quoted(parts_.user, user_buf_));
    out.user = user == "UNKNOWN" ? std::string_view{} : user;

    auto request = parts_.request;
    auto space = request.find(' ');
    auto verb = request.substr(0, space);
    auto argument = space == std::string_view::npos ? std::string_view{} : request.substr(space + 1);
    // pure-ftpd: transfers only, each standing alone like an xferlog line.
    if (verb == "GET" || verb == "PUT") {
        out.method = verb == "GET" ? "RETR" : "STOR";
        out.target = argument;
        if (out.status == 200) out.status = 226;
        return line_result::entry;
    }
    // Whatever word the client sent is logged, unknown ones too ("XYZZY" answered 500).
    if (!looks_like_verb(verb)) {
        why = "request '" + std::string(request.substr(0, 40)) + "' is not an FTP command";
        return line_result::malformed;
    }
    out.method = text::upper(verb, method_buf_);
    out.target = (out.method == "PASS" || out.method == "ACCT") ? protocol::redactor::mask : argument;

    auto it = clients_.find(parts_.host);
    if (it == clients_.end()) it = clients_.emplace(std::string(parts_.host), client_state{}).first;
    auto& client = it->second;
    if (client.sessions == 0 || (client.quit && out.method == "USER")) {
        ++client.sessions;
        client.quit = false;
        client.key = it->first + "#" + std::to_string(client.sessions);
    }
    if (out.method == "QUIT") client.quit = true;
    out.session = client.key;
    return line_result::entry;
}

}  // namespace replycheck::logs
