#include "harness/clients/ftp_reply_reader.hpp"

#include <algorithm>
#include <optional>

namespace replycheck::harness::detail {

bool take_replies(protocol::ftp_reply_parser& parser, protocol::ftp_exchange& exchange) {
    while (auto reply = parser.next()) {
        const bool preliminary = is_preliminary(reply->code);
        exchange.replies.push_back(std::move(*reply));
        if (!preliminary) return true;
    }
    return false;
}

namespace {

// The lines of a multi-line reply received before the read timed out, as a reply record with
// code 0 (no reply was completed, so no caller takes it for a final reply) and a format error
// saying why it stops. A line still without its end is left out: it may yet be complete. The
// parser itself keeps its state, so later bytes still continue the reply.
std::optional<protocol::ftp_reply_record> partial_reply(const protocol::ftp_reply_parser& parser) {
    if (!parser.in_reply()) return std::nullopt;
    auto copy = parser;
    copy.finish();
    auto reply = copy.next();
    if (!reply) return std::nullopt;
    auto& errors = reply->format_errors;
    const auto cut_line = std::find(errors.begin(), errors.end(), "connection closed before the line ended");
    if (cut_line != errors.end()) {
        errors.erase(cut_line);
        if (!reply->lines.empty()) reply->lines.pop_back();
        const auto lf = reply->raw.rfind('\n');
        reply->raw.resize(lf == std::string::npos ? 0 : lf + 1);
        // Only the lines received in full tell how lines ended (RFC 959 §4.2: CRLF).
        reply->crlf = true;
        for (std::size_t i = reply->raw.find('\n'); i != std::string::npos; i = reply->raw.find('\n', i + 1))
            if (i == 0 || reply->raw[i - 1] != '\r') reply->crlf = false;
    }
    std::erase(errors, std::string("connection closed inside a multi-line reply"));
    if (reply->lines.empty() || !reply->multiline) return std::nullopt;
    const std::string code = reply->lines.front().substr(0, 3);
    errors.push_back("multi-line reply not closed by \"" + code + " \" when the read timed out");
    reply->code = 0;
    return reply;
}

}  // namespace

std::string too_large_error(const protocol::ftp_reply_parser& parser) {
    const auto& limits = parser.limits();
    return "reply larger than the limit of " + std::to_string(limits.max_reply_bytes) +
           " bytes; the control connection was closed";
}

void read_ftp_replies(socket_stream& stream, protocol::ftp_reply_parser& parser, bool& peer_closed,
                      steady::time_point deadline, std::chrono::milliseconds timeout,
                      protocol::ftp_exchange& exchange) {
    std::string chunk;
    while (!take_replies(parser, exchange)) {
        if (parser.too_large()) {
            // The reply never ended within the parser's limits: what was kept is handed out as
            // a reply with code 0, and the rest of the stream cannot be split into replies.
            parser.finish();
            take_replies(parser, exchange);
            exchange.transport_error = too_large_error(parser);
            stream.close();
            break;
        }
        if (peer_closed || !stream.is_open()) {
            parser.finish();
            if (parser.has_reply()) continue;
            if (exchange.transport_error.empty())
                exchange.transport_error = exchange.replies.empty()
                                               ? "connection closed by peer before a reply"
                                               : "connection closed by peer before the final reply";
            break;
        }
        chunk.clear();
        std::string error;
        auto status = stream.read_some(chunk, deadline, error);
        if (!chunk.empty()) parser.feed(chunk);
        if (status == read_status::eof) {
            peer_closed = true;
        } else if (status == read_status::timeout) {
            if (take_replies(parser, exchange)) break;  // the last bytes completed the reply
            if (parser.too_large()) continue;
            exchange.transport_error = "timeout after " + std::to_string(timeout.count()) + "ms waiting for " +
                                       (exchange.replies.empty() ? "the reply" : "the final reply");
            // RFC 959 §4.2: a multi-line reply ends with "ddd "; lines received so far are kept
            // so the transcript shows them and the rules can see the reply never ended.
            if (auto partial = partial_reply(parser)) exchange.replies.push_back(std::move(*partial));
            break;
        } else if (status == read_status::error) {
            exchange.transport_error = error;
            peer_closed = true;
        }
    }
    // 421 and QUIT end with a close; record it when it is already visible.
    if (!peer_closed && stream.is_open() && !parser.has_reply() && !parser.in_reply() && stream.peer_closed())
        peer_closed = true;
    exchange.connection_closed = peer_closed;
}

std::string recorded_ftp_command(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    std::string command(line);
    if (command.size() >= 4 && protocol::iequals(std::string_view(command).substr(0, 4), "PASS") &&
        (command.size() == 4 || command[4] == ' '))
        command = command.substr(0, 4) + " ***";
    return command;
}

}  // namespace replycheck::harness::detail
