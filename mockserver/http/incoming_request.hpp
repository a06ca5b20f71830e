#pragma once
// One incoming HTTP/1.x request as the mock sees it, and the I/O-free reader that fills it from bytes
// with Beast's request-side parser (framing per RFC 9112: Content-Length, chunked, limits).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace replycheck::mock::detail {

/// The parts of a request, kept in reusable storage (capacity survives between requests).
struct http_request {
    boost::beast::http::verb verb = boost::beast::http::verb::unknown;
    std::string method;
    std::string target;
    int version = 11;                        ///< 10 for HTTP/1.0, 11 for HTTP/1.1
    std::vector<std::pair<std::string, std::string>> fields;  ///< only the first `field_count` are valid
    std::size_t field_count = 0;
    std::string body;
    bool body_truncated = false;             ///< not used by the reader: the parser's body limit applies
    int host_count = 0;
    bool has_transfer_encoding = false;
    std::string transfer_encoding;           ///< combined values
    // Indexes into fields (-1 when absent) of the fields the origin semantics look at.
    int if_match = -1, if_none_match = -1, if_modified_since = -1, if_unmodified_since = -1;
    int if_range = -1, range = -1, expect = -1, authorization = -1, host = -1, content_length = -1;

    /// Forgets the previous request but keeps the capacity.
    void reset();
    /// The value of field index `i`, "" when -1.
    std::string_view value(int i) const {
        return i < 0 ? std::string_view{} : std::string_view{fields[static_cast<std::size_t>(i)].second};
    }
    /// The first value of `name` (case-insensitive), nullopt when absent.
    std::optional<std::string_view> find(std::string_view name) const;
};

/// Fills an http_request; construct one per request (Beast parsers are single-use).
class http_request_reader : public boost::beast::http::basic_parser<true> {
public:
    explicit http_request_reader(http_request& request) : request_(request) {}

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    void on_request_impl(boost::beast::http::verb method, string_view method_str, string_view target,
                         int version, error_code& ec) override;
    void on_response_impl(int, string_view, int, error_code&) override {}
    void on_field_impl(boost::beast::http::field name, string_view name_string, string_view value,
                       error_code& ec) override;
    void on_header_impl(error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
    std::size_t on_body_impl(string_view body, error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
    std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
    void on_finish_impl(error_code& ec) override;

    http_request& request_;
};

}  // namespace replycheck::mock::detail
