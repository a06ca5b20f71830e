#pragma once
// The exchange record: what was sent and what came back, for HTTP and FTP alike.
// Clients fill it, conformance rules read it, reports print it. No I/O here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/transport_error.hpp"

namespace replycheck::protocol {

/// One header field as received (name case preserved, value trimmed of surrounding whitespace).
struct header_field {
    std::string name;
    std::string value;
};

using header_list = std::vector<header_field>;

/// True when a and b are equal ignoring ASCII case (field names, RFC 9110 §5.1).
bool iequals(std::string_view a, std::string_view b) noexcept;

/// The value of the first field named `name`, or nullptr.
const std::string* find_header(const header_list& headers, std::string_view name) noexcept;

/// Every value of the fields named `name`, in order received.
std::vector<std::string_view> find_headers(const header_list& headers, std::string_view name);

/// The members of every field named `name` read as one comma-separated list (RFC 9110 §5.6.1),
/// OWS trimmed, empty members left out, lower-cased ("Vary", "Connection").
std::vector<std::string> list_members(const header_list& headers, std::string_view name);

/// An HTTP request as sent on the wire.
struct http_request_record {
    std::string method;            ///< "GET", "HEAD", ...
    std::string target;            ///< request-target as sent ("/index.html?x=1")
    std::string version = "HTTP/1.1";
    std::string url;               ///< the full URL, when the request came from one
    header_list headers;
    std::string body;
};

/// An HTTP response as received, with what the framing saw (RFC 9112 §6.3).
struct http_response_record {
    std::string version;           ///< "HTTP/1.1"
    int status = 0;
    std::string reason;
    std::string status_line;       ///< the status line as received, without CRLF
    header_list headers;
    std::string body;              ///< decoded body (chunked coding removed)
    bool chunked = false;          ///< the body came with Transfer-Encoding: chunked
    bool body_complete = true;     ///< false when the connection ended before the framing said
    std::vector<http_response_record> interim;  ///< 1xx responses received before this one
    std::string trailing_bytes;    ///< bytes that arrived after the message ended (e.g. a body on 304)
    std::vector<std::string> framing_errors;    ///< what the parser could not accept, in words
    header_list trailers;          ///< trailer fields after a chunked body (RFC 9112 §7.1.2)
    std::uint64_t body_length = 0; ///< decoded body bytes received, counted past any cap on `body`
};

/// One HTTP request/response pair with its raw bytes and timing.
struct http_exchange {
    http_request_record request;
    std::optional<http_response_record> response;  ///< empty on a transport fault
    std::string sent_raw;          ///< bytes written (may be an approximation for libcurl)
    std::string received_raw;      ///< bytes read, capped by the client
    std::string transport_error;   ///< "connection refused", "timeout after 3s", ... empty if none
    std::error_code transport_code;  ///< the same fault as a transport_errc; verdicts test this
    std::string remote_address;    ///< "127.0.0.1:8080"
    bool connection_closed = false;  ///< the server closed the connection after the reply
    std::string transport_note;    ///< a fault after a complete reply (a reset), not an error
    std::chrono::microseconds duration{0};

    /// Records a transport fault: its code and its words.
    void set_transport_error(transport_fault fault);
};

/// One FTP reply, single or multi-line (RFC 959 §4.2).
struct ftp_reply_record {
    int code = 0;
    bool multiline = false;
    std::vector<std::string> lines;  ///< every line without its line ending
    std::string raw;                 ///< bytes as received
    bool crlf = true;                ///< every line ended with CRLF (not LF alone)
    std::vector<std::string> format_errors;  ///< deviations from RFC 959 §4.2 (malformed line, cut line)
    std::vector<std::string> multiline_errors;  ///< how a multi-line reply failed to close (RFC 959 §4.2)
};

/// One FTP command (or the greeting when `command` is empty) and its replies.
struct ftp_exchange {
    std::string command;             ///< as sent, without CRLF; PASS arguments already masked
    std::vector<ftp_reply_record> replies;  ///< in order: preliminary replies, then the final one
    std::string data;                ///< bytes moved on the data connection, capped
    bool data_connection_used = false;
    std::string server_address;      ///< control connection peer address ("127.0.0.1")
    std::string transport_error;     ///< the fault in words; empty if none
    std::error_code transport_code;  ///< the same fault as a transport_errc; verdicts test this
    bool connection_closed = false;  ///< the server closed the control connection afterwards
    std::chrono::microseconds duration{0};

    /// Records a transport fault: its code and its words.
    void set_transport_error(transport_fault fault);
};

}  // namespace replycheck::protocol
