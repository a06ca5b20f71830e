#include "mockserver/http/http_semantics.hpp"

#include <array>
#include <cctype>
#include <ctime>

#include <boost/beast/core/string.hpp>

#include "mockserver/http/date_field.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::mock::detail {

namespace http = boost::beast::http;
using boost::beast::iequals;

namespace {

// RFC 9112 §6.1: the codings this origin knows; a final coding other than chunked cannot
// delimit a request (§6.3).
bool known_transfer_coding(std::string_view coding) {
    return iequals(coding, "chunked") || iequals(coding, "gzip") || iequals(coding, "deflate") ||
           iequals(coding, "compress") || iequals(coding, "x-gzip");
}

}  // namespace

bool known_method(std::string_view m) {
    static constexpr std::array<std::string_view, 9> methods{"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                            "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    for (auto k : methods)
        if (k == m) return true;
    return false;
}

bool target_too_long(std::string_view data, std::size_t max_target) {
    auto nl = data.find('\n');
    auto line = data.substr(0, nl);
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return nl == std::string_view::npos && data.size() > max_target + 32;
    if (nl == std::string_view::npos) return line.size() - sp1 - 1 > max_target + 16;
    auto sp2 = line.rfind(' ');
    return sp2 > sp1 && sp2 - sp1 - 1 > max_target;
}

bool other_major_version(std::string_view data) {
    auto line = data.substr(0, data.find('\r'));
    auto sp = line.rfind(' ');
    if (sp == std::string_view::npos || line.find(' ') == sp) return false;
    auto v = line.substr(sp + 1);
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
           std::isdigit(static_cast<unsigned char>(v[7])) && v[5] != '1';
}

int head_error(const http_request& req, bool chunked, std::optional<std::uint64_t> content_length,
               std::uint64_t max_body, bool scripted_method) {
    // RFC 9110 §6.2 / §15.6.6: only HTTP/1.x is spoken here.
    if (req.version / 10 != 1) return 505;
    // RFC 9112 §3.2: an HTTP/1.1 request without Host, or with more than one, gets 400.
    if ((req.version >= 11 && req.host_count == 0) || req.host_count > 1) return 400;
    if (req.has_transfer_encoding) {
        // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty; unknown codings get 501;
        // a final coding other than chunked cannot delimit a request (§6.3) → 400.
        if (req.version == 10) return 400;
        std::string_view list = req.transfer_encoding;
        while (!list.empty()) {
            auto comma = list.find(',');
            auto coding = protocol::trim_ows(list.substr(0, comma));
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            if (!coding.empty() && !known_transfer_coding(coding)) return 501;
        }
        if (!chunked) return 400;
    }
    // RFC 9110 §15.6.2: 501 for a method the server supports for no resource; a script naming
    // it supports it (for other resources the origin then answers 405).
    if (!known_method(req.method) && !scripted_method) return 501;
    // RFC 9110 §10.1.1: 100-continue is the only expectation defined; others get 417.
    if (req.expect >= 0 && req.version >= 11 && !expects_continue(req)) return 417;
    if (!content_length && !chunked &&
        (req.verb == http::verb::post || req.verb == http::verb::put || req.verb == http::verb::patch)) {
        // RFC 9110 §15.5.12: this origin requires a defined length for content-bearing methods.
        return 411;
    }
    if (content_length && *content_length > max_body) return 413;
    return 0;
}

bool expects_continue(const http_request& req) {
    return req.expect >= 0 && req.version >= 11 && iequals(protocol::trim_ows(req.value(req.expect)), "100-continue");
}

target_parts split_target(std::string_view target) {
    target = protocol::origin_form(target);
    auto qmark = target.find('?');
    target_parts parts{target.substr(0, qmark), {}};
    if (qmark != std::string_view::npos) parts.query = target.substr(qmark + 1);
    if (auto hash = parts.query.find('#'); hash != std::string_view::npos) parts.query = parts.query.substr(0, hash);
    return parts;
}

file_reply choose_file_reply(const http_request& req, const file_entry& file, std::vector<byte_range>& ranges) {
    if (req.if_match >= 0) {
        if (!etag_list_matches(req.value(req.if_match), file.etag, false)) return file_reply::precondition_failed;
    } else if (req.if_unmodified_since >= 0) {
        auto t = parse_http_date(req.value(req.if_unmodified_since));
        if (t && file.mtime > *t) return file_reply::precondition_failed;
    }
    bool not_modified = false;
    if (req.if_none_match >= 0) {
        not_modified = etag_list_matches(req.value(req.if_none_match), file.etag, true);
    } else if (req.if_modified_since >= 0) {
        // A date later than the server's clock is ignored, as RFC 2616 §14.25 had it and
        // common servers still do: the client's clock cannot vouch for our file.
        auto t = parse_http_date(req.value(req.if_modified_since));
        not_modified = t && file.mtime <= *t && *t <= std::time(nullptr);
    }
    if (not_modified) return file_reply::not_modified;
    if (req.range < 0 || req.verb != http::verb::get) return file_reply::whole;
    if (req.if_range >= 0) {
        // RFC 9110 §13.1.5: If-Range holds a strong entity-tag or an exact Last-Modified date.
        auto v = protocol::trim_ows(req.value(req.if_range));
        const bool etag = !v.empty() && (v.front() == '"' || v.substr(0, 2) == "W/");
        if (etag ? v != file.etag : v != file.last_modified) return file_reply::whole;
    }
    switch (parse_range(req.value(req.range), file.size, ranges)) {
    case range_outcome::unsatisfiable: return file_reply::unsatisfiable;
    case range_outcome::satisfiable: return file_reply::ranges;
    case range_outcome::ignore: break;
    }
    return file_reply::whole;
}

bool put_preconditions_hold(const http_request& req, bool exists, const file_entry* current) {
    if (req.if_match >= 0 && (!exists || req.value(req.if_match) != "*")) {
        if (!current || !etag_list_matches(req.value(req.if_match), current->etag, false)) return false;
    }
    return !(req.if_none_match >= 0 && exists && protocol::trim_ows(req.value(req.if_none_match)) == "*");
}

}  // namespace replycheck::mock::detail
