#include "mockserver/http/incoming_request.hpp"

#include <algorithm>

#include <boost/beast/core/string.hpp>

namespace replycheck::mock::detail {

namespace http = boost::beast::http;

void http_request::reset() {
    verb = http::verb::unknown;
    method.clear();
    target.clear();
    version = 11;
    field_count = 0;
    body.clear();
    body_truncated = false;
    host_count = 0;
    has_transfer_encoding = false;
    transfer_encoding.clear();
    if_match = if_none_match = if_modified_since = if_unmodified_since = -1;
    if_range = range = expect = authorization = host = content_length = -1;
}

std::optional<std::string_view> http_request::find(std::string_view name) const {
    for (std::size_t i = 0; i < field_count; ++i)
        if (boost::beast::iequals(fields[i].first, name)) return std::string_view{fields[i].second};
    return std::nullopt;
}

void http_request_reader::on_request_impl(http::verb method, string_view method_str, string_view target,
                                          int version, error_code& ec) {
    request_.verb = method;
    request_.method.assign(method_str.data(), method_str.size());
    request_.target.assign(target.data(), target.size());
    request_.version = version;
    ec = {};
}

void http_request_reader::on_field_impl(http::field name, string_view name_string, string_view value,
                                        error_code& ec) {
    auto& r = request_;
    if (r.field_count == r.fields.size()) r.fields.emplace_back();
    auto& slot = r.fields[r.field_count];
    slot.first.assign(name_string.data(), name_string.size());
    slot.second.assign(value.data(), value.size());
    const int index = static_cast<int>(r.field_count++);
    auto first = [index](int& where) {
        if (where < 0) where = index;
    };
    switch (name) {
    case http::field::host: ++r.host_count; first(r.host); break;
    case http::field::if_match: first(r.if_match); break;
    case http::field::if_none_match: first(r.if_none_match); break;
    case http::field::if_modified_since: first(r.if_modified_since); break;
    case http::field::if_unmodified_since: first(r.if_unmodified_since); break;
    case http::field::if_range: first(r.if_range); break;
    case http::field::range: first(r.range); break;
    case http::field::expect: first(r.expect); break;
    case http::field::authorization: first(r.authorization); break;
    case http::field::content_length: first(r.content_length); break;
    case http::field::transfer_encoding:
        r.has_transfer_encoding = true;
        if (!r.transfer_encoding.empty()) r.transfer_encoding += ", ";
        r.transfer_encoding.append(value.data(), value.size());
        break;
    default: break;
    }
    ec = {};
}

void http_request_reader::on_header_impl(error_code& ec) { ec = {}; }

void http_request_reader::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                            error_code& ec) {
    if (content_length && *content_length < (1u << 20)) request_.body.reserve(static_cast<std::size_t>(*content_length));
    ec = {};
}

std::size_t http_request_reader::on_body_impl(string_view body, error_code& ec) {
    request_.body.append(body.data(), body.size());
    ec = {};
    return body.size();
}

void http_request_reader::on_chunk_header_impl(std::uint64_t, string_view, error_code& ec) { ec = {}; }

std::size_t http_request_reader::on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) {
    request_.body.append(body.data(), body.size());
    ec = {};
    return body.size();
}

void http_request_reader::on_finish_impl(error_code& ec) { ec = {}; }

}  // namespace replycheck::mock::detail
