#include "reports/transcript_lines.hpp"

namespace replycheck::reports::detail {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// "HTTP/1.1 200 ..." (RFC 9112 §4), or "HTTP/2 200" as libcurl shows an HTTP/2 response (which
// has no status line on the wire, RFC 9113 §8.3.2): where a response starts in an unmarked
// transcript.
bool is_status_line(std::string_view line) {
    if (!line.starts_with("HTTP/") || line.size() < 10 || !digit(line[5])) return false;
    const std::size_t code = line[6] == '.' ? (digit(line[7]) ? 9 : 0) : 7;
    return code != 0 && line[code - 1] == ' ' && line.size() >= code + 3 && digit(line[code]) &&
           digit(line[code + 1]) && digit(line[code + 2]);
}

}  // namespace

std::vector<transcript_line> read_transcript(std::string_view transcript) {
    std::vector<transcript_line> out;
    // Unmarked HTTP: the request head, its body, then from a status line the response head
    // and its body. Marked lines carry their role; lines after a marked "<" blank are body.
    enum class state { request_head, request_body, response_head, response_body } at = state::request_head;
    bool marked = false;
    while (!transcript.empty()) {
        std::size_t end = transcript.find('\n');
        std::string_view line = transcript.substr(0, end);
        transcript.remove_prefix(end == std::string_view::npos ? transcript.size() : end + 1);
        while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line == ">" || line == "<" || line.starts_with("> ") || line.starts_with("< ")) {
            line_role role = line[0] == '>' ? line_role::sent_head : line_role::received_head;
            bool blank = line.size() == 1;
            out.push_back({role, line.substr(blank ? 1 : 2), blank});
            marked = true;
            at = blank ? (role == line_role::sent_head ? state::request_body : state::response_body)
                       : (role == line_role::sent_head ? state::request_head : state::response_head);
            continue;
        }
        // Notes: "! reset by peer" after an HTTP exchange; in marked transcripts every unmarked
        // line outside a body ("[timeout after 2000ms ...]", "  [data: 12 bytes]").
        bool in_body = at == state::request_body || at == state::response_body;
        if (line.starts_with("! ") || (marked && !in_body && !line.empty())) {
            out.push_back({line_role::note, line});
            continue;
        }
        if (is_status_line(line) && at != state::response_head) at = state::response_head;
        switch (at) {
            case state::request_head:
                if (line.empty()) {
                    // The blank line after the request head, or the separator before the reply.
                    if (!out.empty() && out.back().role == line_role::sent_head && !out.back().ends_head) {
                        out.push_back({line_role::sent_head, line, true});
                        at = state::request_body;
                    }
                    continue;
                }
                out.push_back({line_role::sent_head, line});
                break;
            case state::request_body:
                if (!line.empty()) out.push_back({line_role::body, line});
                break;
            case state::response_head:
                out.push_back({line_role::received_head, line, line.empty()});
                if (line.empty()) at = state::response_body;
                break;
            case state::response_body:
                out.push_back({line_role::body, line});
                break;
        }
    }
    return out;
}

}  // namespace replycheck::reports::detail
