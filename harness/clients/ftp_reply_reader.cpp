#include "harness/clients/ftp_reply_reader.hpp"

namespace replycheck::harness::detail {

bool take_replies(protocol::ftp_reply_parser& parser, protocol::ftp_exchange& exchange) {
    while (auto reply = parser.next()) {
        const bool preliminary = is_preliminary(reply->code);
        exchange.replies.push_back(std::move(*reply));
        if (!preliminary) return true;
    }
    return false;
}

void read_ftp_replies(socket_stream& stream, protocol::ftp_reply_parser& parser, bool& peer_closed,
                      steady::time_point deadline, std::chrono::milliseconds timeout,
                      protocol::ftp_exchange& exchange) {
    std::string chunk;
    while (!take_replies(parser, exchange)) {
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
            exchange.transport_error = "timeout after " + std::to_string(timeout.count()) + "ms waiting for " +
                                       (exchange.replies.empty() ? "the reply" : "the final reply");
            break;
        } else if (status == read_status::error) {
            exchange.transport_error = error;
            peer_closed = true;
        }
    }
    // 421 and QUIT end with a close; record it when it is already visible.
    if (!peer_closed && !parser.has_reply() && !parser.in_reply() && stream.peer_closed()) peer_closed = true;
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
