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


protocol::transport_fault too_large_error(const protocol::ftp_reply_parser& parser) {
    return {protocol::transport_errc::reply_too_large,
            "reply larger than the limit of " + std::to_string(parser.limits().max_reply_bytes) +
                " bytes; the control connection was closed"};
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
            exchange.set_transport_error(too_large_error(parser));
            stream.close();
            break;
        }
        if (peer_closed || !stream.is_open()) {
            parser.finish();
            if (parser.has_reply()) continue;
            if (!exchange.transport_code)
                exchange.set_transport_error({protocol::transport_errc::closed_early,
                                              exchange.replies.empty()
                                                  ? "connection closed by peer before a reply"
                                                  : "connection closed by peer before the final reply"});
            break;
        }
        chunk.clear();
        protocol::transport_fault error;
        auto status = stream.read_some(chunk, deadline, error);
        if (!chunk.empty()) parser.feed(chunk);
        if (status == read_status::eof) {
            peer_closed = true;
        } else if (status == read_status::timeout) {
            if (take_replies(parser, exchange)) break;  // the last bytes completed the reply
            if (parser.too_large()) continue;
            exchange.set_transport_error({protocol::transport_errc::timeout,
                                          "timeout after " + std::to_string(timeout.count()) + "ms waiting for " +
                                              (exchange.replies.empty() ? "the reply" : "the final reply")});
            // RFC 959 §4.2: a multi-line reply ends with "ddd "; lines received so far are kept
            // so the transcript shows them and the rules can see the reply never ended.
            if (auto partial = parser.unfinished()) {
                partial->multiline_errors.push_back("multi-line reply not closed by \"" +
                                                    partial->lines.front().substr(0, 3) +
                                                    " \" when the read timed out");
                exchange.replies.push_back(std::move(*partial));
            }
            break;
        } else if (status == read_status::error) {
            exchange.set_transport_error(std::move(error));
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
    // RFC 959 §4.1.1: ACCT carries account information, as secret as the password.
    const auto verb = std::string_view(command).substr(0, 4);
    if (command.size() >= 4 && (protocol::iequals(verb, "PASS") || protocol::iequals(verb, "ACCT")) &&
        (command.size() == 4 || command[4] == ' '))
        command = command.substr(0, 4) + " ***";
    return command;
}

}  // namespace replycheck::harness::detail
