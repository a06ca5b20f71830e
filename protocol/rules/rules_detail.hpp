#pragma once
// Small helpers shared by the HTTP and FTP rules: the finding sink (level and section from the
// rule table, allowed ids dropped) and the grammar checks that several rules need. Field values
// with a grammar of their own (dates, Content-Range, header sections) are read by protocol/wire.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/rules/rules.hpp"

namespace replycheck::protocol::detail {

/// Collects findings for one exchange; level and section come from the rule table.
class finding_sink {
public:
    explicit finding_sink(const check_options& options) : options_(options) {}

    /// Records that rule `id` was broken, unless the options allow it.
    void add(std::string_view id, std::string message);

    std::vector<finding> take() { return std::move(findings_); }

    /// How many findings were recorded so far.
    std::size_t size() const noexcept { return findings_.size(); }

private:
    const check_options& options_;
    std::vector<finding> findings_;
};

/// True when `response` came over HTTP/2 ("HTTP/2" as libcurl names it).
bool is_http2_response(const http_response_record& response) noexcept;

/// RFC 9113 §8.2.2: an HTTP/2 response carries no connection-specific field (http2_rules.cpp).
void check_http2_fields(const http_response_record& response, finding_sink& sink);

/// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text) noexcept;

/// `text` in upper case (ASCII).
std::string upper(std::string_view text);

/// True when `text` is one or more ASCII digits.
bool all_digits(std::string_view text) noexcept;

/// True when `text` is a token (RFC 9110 §5.6.2): one or more tchar.
bool is_token(std::string_view text) noexcept;

/// The parameter `name` of a media type ("multipart/byteranges; boundary=x"), unquoted.
std::optional<std::string> media_type_parameter(std::string_view value, std::string_view name);

/// The media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string_view value);

}  // namespace replycheck::protocol::detail
