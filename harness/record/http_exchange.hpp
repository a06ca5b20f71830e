#pragma once
// What the HTTP recorder keeps of one exchange, and the emitters that turn a recording into a
// scenario file (replaying the requests against `${http}`) and a mock config (answering each
// request with the recorded reply). The emitters do no I/O except the final file writes.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <filesystem>
#include <string>
#include <vector>

#include "protocol/exchange.hpp"
#include "protocol/secret_names.hpp"

namespace replycheck::record {

/// Replies are kept up to this size; a bigger one is forwarded whole but recorded as too big.
inline constexpr std::size_t max_recorded_reply = 8 * 1024 * 1024;

/// Request secrets shorter than this ("1", "on") are not masked in replies: too likely to
/// stand there by chance.
inline constexpr std::size_t shortest_secret = 4;

/// A piece of request content as it may be written: literal text, or (`secret`) the name of the
/// secret-named field whose value stood there and which value it was (`value`: the same number
/// for the same value across a recording, set by without_secrets).
struct body_piece {
    std::string text;
    bool secret = false;
    std::size_t value = 0;
};

/// One request and the reply the upstream gave to it.
struct http_recorded_exchange {
    std::size_t connection = 0;              ///< client connection number (1, 2, ...)
    std::string method;
    std::string target;                      ///< origin-form, as sent upstream
    protocol::header_list request_headers;   ///< as the client sent them (credentials kept in memory only)
    std::string request_body;                ///< emptied by without_secrets, which fills the next two
    std::vector<body_piece> request_body_pieces;
    bool request_body_withheld = false;      ///< the content may hold a secret that cannot be located
    std::vector<std::size_t> query_secret_values;   ///< set by without_secrets: each secret query value's number, as body_piece::value
    int status = 0;
    std::string reason;
    protocol::header_list reply_headers;     ///< the final reply's fields
    std::string raw_reply;                   ///< the reply bytes as received (1xx included); empty when too big
    bool reply_too_big = false;              ///< the reply passed max_recorded_reply
    std::uint64_t body_size = 0;             ///< the reply's content as received (chunked coding removed), also when too big
    bool keep_alive = true;                  ///< the upstream kept the connection open after it
};

/// A whole recording: the exchanges in the order their replies completed, and what went wrong
/// elsewhere (one line each: upstream refused, garbage, timeouts, unreadable requests).
struct http_recording {
    std::string upstream_origin;             ///< "http://127.0.0.1:8080": Location values pointing here are rewritten
    std::vector<http_recorded_exchange> exchanges;
    std::vector<std::string> notes;
};

/// True for a name that carries a secret ("access_token", "X-Api-Key", "password1"): the one
/// definition, shared with the redactor.
using protocol::secret_name;

/// The secrets `x`'s request carried: Authorization and Proxy-Authorization values (and the
/// decoded Basic password, Digest parameters), Cookie values, the values of secret-named fields
/// and query parameters. Values under 4 bytes are left out.
std::vector<std::string> request_secrets(const http_recorded_exchange& x);

/// What the request content holds. `pieces`: the content cut where the values of secret-named
/// fields stand (the fields of an application/x-www-form-urlencoded form, the scalars under
/// secret-named members of a JSON document, cut in its original text); nullopt when a secret
/// word stands in content of another kind (multipart, XML, text), where its value cannot be
/// located. `piece_values`: the value that stood at each secret piece, in order. `values`: every
/// secret value found, raw and decoded, also where the content is withheld (multipart parts of
/// a secret name, XML elements, JSON sent as text).
struct content_secrets {
    std::optional<std::vector<body_piece>> pieces;
    std::vector<std::string> piece_values;
    std::vector<std::string> values;
};
content_secrets find_content_secrets(const http_recorded_exchange& x);

/// `target` with the value of each secret-named query parameter replaced by `replace(name)`.
std::string mask_query_secrets(std::string_view target, const std::function<std::string(std::string_view)>& replace);

/// The recording as it may be written: every request secret in replies, reasons and notes
/// replaced by as many '*' (so Content-Length stays right), Set-Cookie values masked the same
/// way, secret query values in targets replaced by "***", each request content cut by
/// find_content_secrets (header secrets of 8 bytes or more masked in its literal pieces) and the
/// content itself dropped. Both emitters start from it.
http_recording without_secrets(const http_recording& recording);

/// The scenario file: a comment header (how to run it, which --var/--secret the credentials
/// need), then one [[scenario]] with a step per exchange.
std::string http_scenario_text(const http_recording& recording);

/// The emitted mock: its config, the files its scripts send, how many recorded exchanges it
/// answers, and what it cannot answer as recorded (also `# note:` lines of the config).
struct http_mock_output {
    std::string config;                                      ///< the [mock] config text
    std::vector<std::pair<std::string, std::string>> files;  ///< path under the root → content
    std::size_t answered = 0;
    std::vector<std::string> notes;
};

/// The [mock] config: scripts answering each recorded request with its recorded reply: raw
/// bytes when they are UTF-8 text, else the same bytes from a file under `root` (`raw_file`);
/// a reply too big to keep is its status and fields with a deterministic payload of the recorded
/// size from a file. `root` is the folder named in [mock.http], `file_name` the config's own name.
http_mock_output http_mock(const http_recording& recording, const std::string& root, const std::string& file_name);

/// Writes the mock config to `file` (temporary, then rename) with its root folder "<stem>-root"
/// beside it; returns how many recorded exchanges the mock answers, and fills `notes` (when
/// given) with the mock's own notes (http_mock_output::notes).
std::size_t write_http_mock(const std::filesystem::path& file, const http_recording& recording,
                            std::vector<std::string>* notes = nullptr);

}  // namespace replycheck::record
