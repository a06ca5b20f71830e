#pragma once
// The origin's decisions that need no socket and no file system: which status a request head
// gets before its content is read, how its target splits, and which reply a GET or HEAD of a
// file gets under its validators and Range (RFC 9110 §13.2.2, §14). Unit-testable as they are.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "mockserver/http/http_files.hpp"
#include "mockserver/http/incoming_request.hpp"

namespace replycheck::mock::detail {

/// True for the methods this origin recognises (RFC 9110 §9, PATCH from RFC 5789).
bool known_method(std::string_view method);

/// True when the start of a request in `received` shows a request-target longer than
/// `max_target` (checked before the request line is complete; RFC 9110 §15.5.15: 414).
bool target_too_long(std::string_view received, std::size_t max_target);

/// True when `received` starts with a well-formed request line naming an HTTP major version
/// other than 1 (RFC 9110 §15.6.6: 505).
bool other_major_version(std::string_view received);

/// The error status a complete request head gets before its content is read (505, 400, 501,
/// 417, 411, 413), 0 when it is acceptable. `chunked` and `content_length` come from the parser.
/// `scripted_method`: a script names the request's method, so a method the origin does not know
/// (WebDAV's MKCOL, an extension) is not refused with 501 here; the script answers it.
int head_error(const http_request& request, bool chunked, std::optional<std::uint64_t> content_length,
               std::uint64_t max_body, bool scripted_method = false);

/// True when an HTTP/1.1 request asks for 100 Continue (RFC 9110 §10.1.1).
bool expects_continue(const http_request& request);

/// A request-target split into path and query (RFC 9112 §3.2: origin-form, absolute-form,
/// asterisk-form); both still percent-encoded, the query without '?' and fragment.
struct target_parts {
    std::string_view path;
    std::string_view query;
};
target_parts split_target(std::string_view target);

/// What a GET or HEAD of an existing file gets.
enum class file_reply {
    whole,                  ///< 200 with the file
    ranges,                 ///< 206 with the ranges filled in
    not_modified,           ///< 304
    precondition_failed,    ///< 412
    unsatisfiable,          ///< 416
};

/// Evaluates the preconditions in RFC 9110 §13.2.2 order (If-Match, If-Unmodified-Since,
/// If-None-Match, If-Modified-Since), then Range with If-Range (GET only). Fills `ranges`
/// for file_reply::ranges.
file_reply choose_file_reply(const http_request& request, const file_entry& file, std::vector<byte_range>& ranges);

/// True when a PUT may replace (or create) the target: If-Match and If-None-Match: * for a
/// state-changing method (RFC 9110 §13.1.1, §13.1.2). `current` is the existing file, if any.
bool put_preconditions_hold(const http_request& request, bool exists, const file_entry* current);

}  // namespace replycheck::mock::detail
