#pragma once
// The reply being built for one request (header section, then content from memory or streamed
// from a file) and the writes that send it, each bounded by the connection's deadline. The
// storage is reused from one request to the next.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "mockserver/http/http_deadline.hpp"
#include "mockserver/http/http_files.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock::detail {

/// The registered reason phrase of `status`, "Unknown" when there is none.
std::string_view reason_for(int status);

/// A part of a reply streamed from a large file: `text`, then `length` octets at `offset`.
struct file_segment {
    std::string text;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

/// One reply: the header section in `head`, the content in `body` (a view of `owned` or of a
/// cached file) or, for a large file, in `segments` read from `file`.
class reply {
public:
    /// Forgets the previous reply, keeping its storage. `head_only` for HEAD (no content),
    /// `http10` for an HTTP/1.0 request, `close` when the connection closes after this reply.
    void reset(bool head_only, bool http10, bool close);
    /// Status line, Date, and Server unless `server` is "".
    void begin(int status, std::string_view reason, std::string_view server);
    /// The status line alone (a script that sets Date and Server itself).
    void begin_status_line(int status, std::string_view reason);
    /// One field. `value` never comes from the request as sent (see location_value).
    void header(std::string_view name, std::string_view value);
    /// Fields already formatted as "Name: value\r\n"...
    void fields(std::string_view formatted) { head.append(formatted); }
    /// Ends the header section: Content-Length when given, then Connection as the reply needs.
    void end(std::optional<std::uint64_t> content_length);
    /// Ends the header section with Content-Length of `owned`, which becomes the content (not for HEAD).
    void end_with_owned();
    /// Closes the connection after this reply (adds Connection: close when the head is not ended yet).
    void close_after() noexcept { close_ = true; }

    /// The status of the status line begun last; 0 before (raw replies, faults).
    int status() const noexcept { return status_; }
    /// True for a reply to HEAD: the header section only.
    bool head_only() const noexcept { return head_only_; }
    /// True when the connection closes after this reply.
    bool closes() const noexcept { return close_; }

    std::string head;                         ///< the header section, ending with the empty line
    std::string owned;                        ///< content built for this reply
    std::string_view body;                    ///< the content sent: `owned`, a cached file, or ""
    std::vector<file_segment> segments;       ///< content streamed from `file` instead of `body`
    std::shared_ptr<const file_entry> file;   ///< keeps a cached file (and its content) alive
    std::string coalesced;                    ///< over TLS: head and small content in one record

private:
    int status_ = 0;
    bool head_only_ = false;
    bool http10_ = false;
    bool close_ = false;
};

/// Sends `r`: the header section and content in one gather write (over TLS, copied into one
/// buffer first when small, so one record carries both), or the segments read from `r.file` in
/// pieces; every write must progress within `write_timeout`. False on failure.
boost::asio::awaitable<bool> write_reply(tls::tls_stream& stream, reply& r,
                                         deadline_watch& deadline, std::chrono::milliseconds write_timeout);

/// Sends `bytes` shaped by `script`: cut after close_after octets, throttle_bytes at a time with
/// throttle_interval pauses on `sleep`. False on failure or expiry.
boost::asio::awaitable<bool> write_shaped(tls::tls_stream& stream, std::string_view bytes,
                                          const http_script& script, boost::asio::steady_timer& sleep,
                                          deadline_watch& deadline, std::chrono::milliseconds write_timeout);

}  // namespace replycheck::mock::detail
