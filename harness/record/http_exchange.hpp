#pragma once
// What the HTTP recorder keeps of one exchange, and the emitters that turn a recording into a
// scenario file (replaying the requests against `${http}`) and a mock config (answering each
// request with the recorded reply). The emitters do no I/O except the final file writes.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "protocol/exchange.hpp"

namespace replycheck::record {

/// Replies are kept up to this size; a bigger one is forwarded whole but recorded as too big.
inline constexpr std::size_t max_recorded_reply = 8 * 1024 * 1024;

/// One request and the reply the upstream gave to it.
struct http_recorded_exchange {
    std::size_t connection = 0;              ///< client connection number (1, 2, ...)
    std::string method;
    std::string target;                      ///< origin-form, as sent upstream
    protocol::header_list request_headers;   ///< as the client sent them (credentials kept in memory only)
    std::string request_body;
    int status = 0;
    std::string reason;
    protocol::header_list reply_headers;     ///< the final reply's fields
    std::string raw_reply;                   ///< the reply bytes as received (1xx included); empty when too big
    bool reply_too_big = false;              ///< the reply passed max_recorded_reply
    bool keep_alive = true;                  ///< the upstream kept the connection open after it
};

/// A whole recording: the exchanges in the order their replies completed, and what went wrong
/// elsewhere (one line each: upstream refused, garbage, timeouts, unreadable requests).
struct http_recording {
    std::string upstream_origin;             ///< "http://127.0.0.1:8080": Location values pointing here are rewritten
    std::vector<http_recorded_exchange> exchanges;
    std::vector<std::string> notes;
};

/// The scenario file: a comment header (how to run it, which --var/--secret the credentials
/// need), then one [[scenario]] with a step per exchange.
std::string http_scenario_text(const http_recording& recording);

/// The [mock] config: scripts answering each recorded request with its raw reply.
/// `root` is the (empty) folder named in [mock.http], `file_name` the config's own name.
std::string http_mock_text(const http_recording& recording, const std::string& root, const std::string& file_name);

/// Writes the mock config to `file` (temporary, then rename) with its empty root folder
/// "<stem>-root" beside it.
void write_http_mock(const std::filesystem::path& file, const http_recording& recording);

}  // namespace replycheck::record
