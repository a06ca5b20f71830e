#pragma once
// Incremental, I/O-free HTTP/1.x response parser with RFC 9112 §6.3 message framing.
// Lenient on purpose: what a broken server sends is recorded in `framing_errors`, and parsing
// continues wherever the framing can still be determined.

#include "protocol/exchange.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// Size limits of one parse. Bytes past a cap are counted, not stored.
struct http_parser_limits {
    std::size_t max_header_bytes = 64 * 1024;        ///< status line + header section (each response)
    std::size_t max_body_bytes = 16 * 1024 * 1024;   ///< decoded body bytes kept in the record
    std::size_t max_trailing_bytes = 64 * 1024;      ///< bytes kept after the message ended
};

/// Parses one HTTP response (with any 1xx interim responses before it) from a byte stream.
/// Feed bytes as they arrive; call `finish()` when the peer closed the connection.
/// Bytes fed after the message is complete go to `record().trailing_bytes`.
class http_response_parser {
public:
    /// A parser for the response to a request with `request_method` (HEAD has no body).
    explicit http_response_parser(std::string_view request_method = "GET",
                                  http_parser_limits limits = {});

    /// Consumes `bytes` (all of them; nothing is ever left unconsumed).
    void feed(std::string_view bytes);

    /// Tells the parser the connection ended: ends a read-until-close body, records truncation.
    void finish();

    /// Ends the parse at an interim (1xx) response too, which then is the record: a client
    /// that sent Expect: 100-continue waits for it before sending content (RFC 9110 §10.1.1).
    void stop_at_interim(bool stop) noexcept { stop_at_interim_ = stop; }

    /// True when the final response is complete (framing satisfied or connection ended).
    bool done() const noexcept { return state_ == state::done; }

    /// True when the final (non-1xx) response's header section has been parsed.
    bool headers_done() const noexcept { return headers_done_; }

    /// True when the body is delimited by the connection closing (no length, no chunking).
    bool reads_until_close() const noexcept { return body_mode_ == body_mode::until_close; }

    /// True when nothing at all has been fed yet.
    bool empty() const noexcept { return total_bytes_ == 0; }

    /// Decoded body bytes seen so far, including those past `max_body_bytes`.
    std::uint64_t body_bytes_seen() const noexcept { return body_seen_; }

    /// Every byte fed so far.
    std::uint64_t total_bytes() const noexcept { return total_bytes_; }

    /// The response parsed so far (complete when `done()`).
    const http_response_record& record() const noexcept { return record_; }

    /// Moves the record out; the parser must not be used afterwards.
    http_response_record take() { return std::move(record_); }

private:
    enum class state { start_line, headers, body, chunk_size, chunk_data, chunk_data_end, trailers, done };
    enum class body_mode { none, length, chunked, until_close };

    bool next_line(std::string& line);   // pops one line (LF or CRLF) from buffer_, false if incomplete
    void on_start_line(const std::string& line);
    void on_header_line(const std::string& line, header_list& target);
    void on_headers_complete();
    void on_chunk_size_line(const std::string& line);
    void append_body(std::string_view bytes);
    void append_trailing(std::string_view bytes);
    void error(std::string message);
    void run();

    std::string method_;
    http_parser_limits limits_;
    http_response_record record_;
    std::string buffer_;                  // bytes not yet consumed
    state state_ = state::start_line;
    body_mode body_mode_ = body_mode::none;
    std::uint64_t remaining_ = 0;         // bytes left in the Content-Length body or current chunk
    std::uint64_t body_seen_ = 0;
    std::uint64_t total_bytes_ = 0;
    std::size_t header_bytes_ = 0;
    bool bare_lf_reported_ = false;
    bool headers_done_ = false;
    bool stop_at_interim_ = false;
};

}  // namespace replycheck::protocol
