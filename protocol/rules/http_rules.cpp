// HTTP conformance rules (RFC 9110, RFC 9112): one function per concern or per status code.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "protocol/rules/rules.hpp"
#include "protocol/rules/rules_detail.hpp"
#include "protocol/wire/content_range.hpp"
#include "protocol/wire/http_date.hpp"
#include "protocol/wire/http_request.hpp"

namespace replycheck::protocol {

namespace {

using detail::finding_sink;

struct context {
    const http_exchange& exchange;
    const http_request_record& request;
    const http_response_record& response;
    std::string method;  // upper case
    finding_sink& sink;
};

bool has(const header_list& headers, std::string_view name) {
    return find_header(headers, name) != nullptr;
}

bool no_content_status(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

bool is_http10(const http_request_record& request) { return request.version == "HTTP/1.0"; }

std::string quoted_excerpt(std::string_view bytes) {
    std::string out;
    for (char c : bytes.substr(0, 24)) {
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) out += '.';
        else out += c;
    }
    if (bytes.size() > 24) out += "...";
    return out;
}

// The header section after a start line or a multipart delimiter line (RFC 9112 §2.1, RFC 2046
// §5.1.1): the rest of the first line is skipped.
header_list header_section_after_first_line(std::string_view text) {
    const auto eol = text.find('\n');
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    return read_header_section(text);
}

// A Content-Range in bytes (RFC 9110 §14.4); range units compare case-insensitively (§14.1).
std::optional<content_range> byte_range(std::string_view value) {
    auto parsed = parse_content_range(value);
    if (!parsed || !iequals(parsed->unit, "bytes")) return std::nullopt;
    return *parsed;
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
void check_status_line(context& c) {
    const auto& r = c.response;
    std::string_view line = r.status_line;
    if (r.status == 0) {
        // No status code could be read (an HTTP/0.9-style answer, garbage, "HTTP/1.1 abc").
        if (line.starts_with("HTTP/"))
            c.sink.add("http.status-line.syntax",
                       fmt::format("status line \"{}\" has no 3-digit status code", quoted_excerpt(line)));
        else
            c.sink.add("http.status-line.syntax",
                       fmt::format("no status line; the reply starts \"{}\"",
                                   quoted_excerpt(line.empty() ? std::string_view(c.exchange.received_raw) : line)));
        return;
    }
    if (r.status < 100 || r.status > 599)
        c.sink.add("http.status.range", fmt::format("status code {} is outside 100-599", r.status));
    // HTTP/2 and HTTP/3 have no status line on the wire; libcurl shows "HTTP/2 200".
    if (line.empty() || line.starts_with("HTTP/2") || line.starts_with("HTTP/3")) return;
    bool ok = line.size() >= 13 && line.starts_with("HTTP/") && std::isdigit(static_cast<unsigned char>(line[5])) &&
              line[6] == '.' && std::isdigit(static_cast<unsigned char>(line[7])) && line[8] == ' ' &&
              detail::all_digits(line.substr(9, 3)) && line[12] == ' ';
    if (ok) {
        for (char ch : line.substr(13)) {
            const auto u = static_cast<unsigned char>(ch);
            // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
            if (u != '\t' && (u < 0x20 || u == 0x7f)) ok = false;
        }
    }
    if (!ok)
        c.sink.add("http.status-line.syntax",
                   fmt::format("status line \"{}\" is not HTTP-version SP 3DIGIT SP reason",
                               quoted_excerpt(line)));
}

void check_framing(context& c) {
    for (const auto& e : c.response.framing_errors) c.sink.add("http.framing.valid", e);
}

// Bytes after a message that begin a status line are the next (pipelined) response, not
// content of this one.
std::string_view extra_bytes(const http_response_record& r) {
    std::string_view t = r.trailing_bytes;
    if (t.starts_with("HTTP/1.")) return {};
    return t;
}

// RFC 9112 §6.3: responses to HEAD, and 1xx, 204, 304, end after the header section.
void check_no_content(context& c) {
    const auto& r = c.response;
    // After 101 the bytes belong to the protocol switched to (RFC 9110 §15.2.2).
    if (r.status == 101) return;
    const auto trailing = extra_bytes(r);
    const std::size_t extra = r.body.size() + trailing.size();
    if (extra == 0) return;
    const std::string_view bytes = !r.body.empty() ? std::string_view(r.body) : trailing;
    const auto what = fmt::format("{} bytes of content after the header section (\"{}\")", extra,
                                  quoted_excerpt(bytes));
    if (c.method == "HEAD")
        c.sink.add("http.head.no-body", "response to HEAD has " + what);
    else if (r.status >= 100 && r.status < 200)
        c.sink.add("http.1xx.no-body", fmt::format("{} has {}", r.status, what));
    else if (r.status == 204)
        c.sink.add("http.204.no-body", "204 has " + what);
    else if (r.status == 304)
        c.sink.add("http.304.no-body", "304 has " + what);
}

// RFC 9110 §15.3.6: 205 has no content (framing may still announce Content-Length: 0).
void check_205(context& c) {
    if (c.response.status == 205 && !c.response.body.empty())
        c.sink.add("http.205.no-body", fmt::format("205 has {} bytes of content", c.response.body.size()));
}

// The single Content-Length value, or nullopt (absent or invalid; invalid gives a finding).
std::optional<std::uint64_t> content_length(context& c, const header_list& headers) {
    const auto values = find_headers(headers, "Content-Length");
    if (values.empty()) return std::nullopt;
    std::optional<std::string_view> agreed;
    for (auto v : values) {
        // Repeated fields or a list of identical values are a known, recoverable form (§8.6).
        while (!v.empty()) {
            const auto comma = v.find(',');
            const auto item = detail::trim(v.substr(0, comma));
            v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
            if (!detail::all_digits(item) || item.size() > 19) {
                c.sink.add("http.content-length.syntax",
                           fmt::format("Content-Length \"{}\" is not a decimal number", quoted_excerpt(item)));
                return std::nullopt;
            }
            if (agreed && *agreed != item) {
                c.sink.add("http.content-length.syntax",
                           fmt::format("Content-Length values disagree ({} and {})", *agreed, item));
                return std::nullopt;
            }
            agreed = item;
        }
    }
    if (!agreed) return std::nullopt;
    return std::stoull(std::string(*agreed));
}

void check_content_length(context& c) {
    const auto& r = c.response;
    const bool te = has(r.headers, "Transfer-Encoding");
    const auto cl = content_length(c, r.headers);
    if (te && has(r.headers, "Content-Length"))
        c.sink.add("http.content-length.with-transfer-encoding",
                   "response carries both Content-Length and Transfer-Encoding");
    if ((r.status >= 100 && r.status < 200) || r.status == 204) {
        if (has(r.headers, "Content-Length"))
            c.sink.add("http.content-length.forbidden", fmt::format("{} carries Content-Length", r.status));
        if (te) c.sink.add("http.transfer-encoding.forbidden", fmt::format("{} carries Transfer-Encoding", r.status));
    }
    if (te && is_http10(c.request))
        c.sink.add("http.transfer-encoding.http10", "Transfer-Encoding in answer to an HTTP/1.0 request");
    for (const auto& interim : r.interim) {
        if (has(interim.headers, "Content-Length"))
            c.sink.add("http.content-length.forbidden", fmt::format("interim {} carries Content-Length", interim.status));
        if (has(interim.headers, "Transfer-Encoding"))
            c.sink.add("http.transfer-encoding.forbidden",
                       fmt::format("interim {} carries Transfer-Encoding", interim.status));
    }
    // The content received against the announced length (RFC 9112 §6.3 rule 6).
    if (c.method == "HEAD" || no_content_status(r.status) || te || r.chunked || !cl) return;
    // body_length counts bytes past the client's cap on `body`.
    const std::uint64_t received = std::max<std::uint64_t>(r.body_length, r.body.size());
    if (!r.body_complete || received < *cl) {
        c.sink.add("http.content-length.matches",
                   fmt::format("Content-Length is {} but the connection ended after {} bytes", *cl, received));
    } else if (received > *cl) {
        c.sink.add("http.content-length.matches",
                   fmt::format("Content-Length is {} but {} bytes of content came", *cl, received));
    } else if (const auto trailing = extra_bytes(r); !trailing.empty()) {
        c.sink.add("http.content-length.matches",
                   fmt::format("Content-Length is {} but {} more bytes followed (\"{}\")", *cl,
                               trailing.size(), quoted_excerpt(trailing)));
    }
}

void check_1xx(context& c) {
    const auto& r = c.response;
    auto check_one = [&](const http_response_record& m) {
        if (is_http10(c.request))
            c.sink.add("http.1xx.http10", fmt::format("{} sent to an HTTP/1.0 request", m.status));
        if (m.status == 101 && !has(m.headers, "Upgrade"))
            c.sink.add("http.101.upgrade", "101 without Upgrade");
        if (!m.body.empty())
            c.sink.add("http.1xx.no-body", fmt::format("interim {} has {} bytes of content", m.status, m.body.size()));
    };
    for (const auto& interim : r.interim) check_one(interim);
    if (r.status >= 100 && r.status < 200) {
        if (is_http10(c.request))
            c.sink.add("http.1xx.http10", fmt::format("{} sent to an HTTP/1.0 request", r.status));
        if (r.status == 101 && !has(r.headers, "Upgrade")) c.sink.add("http.101.upgrade", "101 without Upgrade");
    }
}

// RFC 9110 §5.6.7, §6.6.1, §8.8.2, §8.8.3: Date, Last-Modified and ETag.
void check_dates_and_validators(context& c) {
    const auto& r = c.response;
    const auto* date = find_header(r.headers, "Date");
    if (!date && r.status >= 200 && r.status < 500)
        c.sink.add("http.date.present", fmt::format("{} without Date", r.status));
    if (date && !is_imf_fixdate(*date))
        c.sink.add("http.date.syntax", fmt::format("Date \"{}\" is not an IMF-fixdate", quoted_excerpt(*date)));
    const auto* lm = find_header(r.headers, "Last-Modified");
    if (lm && !is_imf_fixdate(*lm))
        c.sink.add("http.last-modified.syntax",
                   fmt::format("Last-Modified \"{}\" is not an IMF-fixdate", quoted_excerpt(*lm)));
    const auto* etag = find_header(r.headers, "ETag");
    if (etag) {
        std::string_view v = *etag;
        if (v.starts_with("W/")) v.remove_prefix(2);
        bool ok = v.size() >= 2 && v.front() == '"' && v.back() == '"';
        for (std::size_t i = 1; ok && i + 1 < v.size(); ++i) {
            const auto u = static_cast<unsigned char>(v[i]);
            // etagc = %x21 / %x23-7E / obs-text
            if (u == '"' || u <= 0x20 || u == 0x7f) ok = false;
        }
        if (!ok) c.sink.add("http.etag.syntax", fmt::format("ETag \"{}\" is not an entity-tag", quoted_excerpt(*etag)));
    }
    if (r.status == 200 && (c.method == "GET" || c.method == "HEAD") && !etag && !lm)
        c.sink.add("http.200.validators", "200 to " + c.method + " has neither ETag nor Last-Modified");
}

// RFC 9110 §14.2: a Range request; the number of ranges it asks for (0 when none).
std::size_t requested_ranges(const http_request_record& request) {
    const auto* range = find_header(request.headers, "Range");
    if (!range) return 0;
    std::size_t count = 1;
    for (char ch : *range) count += ch == ',' ? 1 : 0;
    return count;
}

// One multipart/byteranges body (RFC 9110 §14.6, §15.3.7.2).
void check_multipart(context& c, const std::string& boundary) {
    const std::string& body = c.response.body;
    const std::string delimiter = "--" + boundary;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string::npos || (pos != 0 && body.substr(pos >= 2 ? pos - 2 : 0, 2) != "\r\n")) {
        c.sink.add("http.206.multipart-boundary", "no part delimiter \"" + delimiter + "\" in the content");
        return;
    }
    int part = 0;
    while (true) {
        pos += delimiter.size();
        if (body.compare(pos, 2, "--") == 0) break;  // close-delimiter
        ++part;
        const auto head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string::npos) {
            c.sink.add("http.206.multipart-parts", fmt::format("part {} has no end of its header section", part));
            return;
        }
        const auto headers = header_section_after_first_line(std::string_view(body).substr(pos, head_end - pos));
        const auto content_start = head_end + 4;
        const auto next = body.find("\r\n" + delimiter, content_start);
        if (next == std::string::npos) {
            c.sink.add("http.206.multipart-boundary",
                       fmt::format("part {} is not followed by a delimiter (no close-delimiter \"{}--\")", part,
                                   delimiter));
            return;
        }
        const auto* cr = find_header(headers, "Content-Range");
        if (!cr) {
            c.sink.add("http.206.multipart-parts", fmt::format("part {} has no Content-Range", part));
        } else if (auto range = byte_range(*cr); !range || range->unsatisfied) {
            c.sink.add("http.206.multipart-parts",
                       fmt::format("part {} has an invalid Content-Range \"{}\"", part, quoted_excerpt(*cr)));
        } else if (next - content_start != range->last - range->first + 1) {
            c.sink.add("http.206.multipart-parts",
                       fmt::format("part {}: Content-Range {} but {} bytes of content", part, *cr,
                                   next - content_start));
        }
        pos = next + 2;
    }
    if (part == 0) c.sink.add("http.206.multipart-parts", "multipart 206 without any part");
}

void check_206(context& c) {
    const auto& r = c.response;
    const auto ranges = requested_ranges(c.request);
    if (ranges == 0) c.sink.add("http.206.without-range", "206 to a request without Range");
    const auto* type = find_header(r.headers, "Content-Type");
    const bool multipart = type && detail::media_type(*type) == "multipart/byteranges";
    const auto* cr = find_header(r.headers, "Content-Range");
    if (multipart) {
        if (cr) c.sink.add("http.206.multipart-top-content-range", "multipart 206 carries Content-Range: " + *cr);
        if (ranges == 1)
            c.sink.add("http.206.multipart-single-range", "a request for one range got multipart/byteranges");
        const auto boundary = detail::media_type_parameter(*type, "boundary");
        if (!boundary || boundary->empty()) {
            c.sink.add("http.206.multipart-boundary", "multipart/byteranges without a boundary parameter");
            return;
        }
        if (c.method != "HEAD" && r.body_complete) check_multipart(c, *boundary);
        return;
    }
    if (!cr) {
        c.sink.add("http.206.content-range", "single-part 206 without Content-Range");
        return;
    }
    const auto range = byte_range(*cr);
    if (!range || range->unsatisfied) {
        c.sink.add("http.206.content-range-valid",
                   fmt::format("Content-Range \"{}\" is not bytes first-last/length", quoted_excerpt(*cr)));
        return;
    }
    if (c.method != "HEAD" && r.body_complete && r.body.size() != range->last - range->first + 1)
        c.sink.add("http.206.content-range-body",
                   fmt::format("Content-Range {} announces {} bytes but {} came", *cr, range->last - range->first + 1,
                               r.body.size()));
}

void check_3xx(context& c) {
    const int s = c.response.status;
    if ((s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && !has(c.response.headers, "Location"))
        c.sink.add("http.3xx.location", fmt::format("{} without Location", s));
    if (s == 305 || s == 306)
        c.sink.add("http.3xx.deprecated", fmt::format("{} is {}", s, s == 305 ? "deprecated" : "reserved and unused"));
}

void check_304(context& c) {
    const auto& r = c.response;
    if (c.method != "GET" && c.method != "HEAD") c.sink.add("http.304.method", "304 to " + c.method);
    if (!has(c.request.headers, "If-None-Match") && !has(c.request.headers, "If-Modified-Since"))
        c.sink.add("http.304.without-condition", "304 to a request without If-None-Match or If-Modified-Since");
    for (std::string_view name : {"Content-Type", "Content-Encoding", "Content-Language", "Content-Range"})
        if (const auto* v = find_header(r.headers, name))
            c.sink.add("http.304.representation-metadata", fmt::format("304 carries {}: {}", name, *v));
}

// A challenge list starts with an auth-scheme token (RFC 9110 §11.3, §11.6.1).
bool has_challenge(const header_list& headers, std::string_view name) {
    for (auto v : find_headers(headers, name)) {
        v = detail::trim(v);
        const auto scheme = v.substr(0, v.find_first_of(" ,"));
        if (detail::is_token(scheme)) return true;
    }
    return false;
}

void check_4xx(context& c) {
    const auto& r = c.response;
    const auto& q = c.request.headers;
    switch (r.status) {
        case 401:
            if (!has_challenge(r.headers, "WWW-Authenticate"))
                c.sink.add("http.401.www-authenticate", "401 without a WWW-Authenticate challenge");
            break;
        case 405: {
            const auto* allow = find_header(r.headers, "Allow");
            if (!allow) {
                c.sink.add("http.405.allow", "405 to " + c.method + " without Allow");
                break;
            }
            for (auto v : find_headers(r.headers, "Allow")) {
                while (!v.empty()) {
                    const auto comma = v.find(',');
                    const auto m = detail::trim(v.substr(0, comma));
                    v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
                    if (m == c.method)  // methods are case-sensitive (RFC 9110 §9.1)
                        c.sink.add("http.405.method-in-allow",
                                   fmt::format("405 to {} but Allow lists it ({})", c.method, *allow));
                }
            }
            break;
        }
        case 407:
            if (!has_challenge(r.headers, "Proxy-Authenticate"))
                c.sink.add("http.407.proxy-authenticate", "407 without a Proxy-Authenticate challenge");
            break;
        case 412:
            if (!has(q, "If-Match") && !has(q, "If-None-Match") && !has(q, "If-Modified-Since") &&
                !has(q, "If-Unmodified-Since") && !has(q, "If"))
                c.sink.add("http.412.without-precondition", "412 to a request without a precondition");
            break;
        case 416: {
            if (!has(q, "Range")) c.sink.add("http.416.without-range", "416 to a request without Range");
            const auto* cr = find_header(r.headers, "Content-Range");
            const auto range = cr ? byte_range(*cr) : std::nullopt;
            if (!cr)
                c.sink.add("http.416.content-range", "416 without Content-Range: bytes */length");
            else if (!range || !range->unsatisfied)
                c.sink.add("http.416.content-range",
                           fmt::format("416 Content-Range \"{}\" is not bytes */length", quoted_excerpt(*cr)));
            break;
        }
        case 417:
            if (!has(q, "Expect")) c.sink.add("http.417.without-expect", "417 to a request without Expect");
            break;
        case 426:
            if (!has(r.headers, "Upgrade")) c.sink.add("http.426.upgrade", "426 without Upgrade");
            break;
        default: break;
    }
}

// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds.
void check_retry_after(context& c) {
    const auto* v = find_header(c.response.headers, "Retry-After");
    if (v && !detail::all_digits(*v) && !is_imf_fixdate(*v))
        c.sink.add("http.retry-after.syntax",
                   fmt::format("Retry-After \"{}\" is neither a date nor seconds", quoted_excerpt(*v)));
}

// RFC 9112 §3.2: an HTTP/1.1 request without Host gets 400. Only when the exact bytes sent are
// known (a client that adds Host by itself records the field in sent_raw).
void check_missing_host(context& c) {
    const auto& sent = c.exchange.sent_raw;
    if (sent.empty() || c.request.version != "HTTP/1.1") return;
    const auto head = header_section_after_first_line(sent);
    if (!has(head, "Host") && c.response.status != 400)
        c.sink.add("http.request.missing-host",
                   fmt::format("HTTP/1.1 request without Host answered {}", c.response.status));
}

void check_meaningless(context& c) {
    const int s = c.response.status;
    if (s != 206 && s != 416) {
        if (const auto* v = find_header(c.response.headers, "Content-Range"))
            c.sink.add("http.content-range.meaningless", fmt::format("{} carries Content-Range: {}", s, *v));
    }
    if (s != 201 && (s < 300 || s > 399)) {
        if (const auto* v = find_header(c.response.headers, "Location"))
            c.sink.add("http.location.meaningless", fmt::format("{} carries Location: {}", s, *v));
    }
}

}  // namespace

bool response_cut_short(const http_exchange& exchange) noexcept {
    return exchange.response && exchange.transport_code && !exchange.response->body_complete;
}

std::vector<finding> check_http(const http_exchange& exchange, const check_options& options) {
    if (!exchange.response) return {};
    finding_sink sink(options);
    context c{exchange, exchange.request, *exchange.response, detail::upper(exchange.request.method), sink};
    if (c.response.status == 0) {
        // Without a status code there is no header section and no framing (RFC 9112 §4): the
        // bytes are not an HTTP/1.x response, which is one finding. Rules about content, fields
        // or the status would each restate that cause in a misleading way.
        if (!c.response.status_line.empty() || !response_cut_short(exchange)) check_status_line(c);
        return sink.take();
    }
    if (response_cut_short(exchange)) {
        // The transport ended the read (RFC 9112 §6.3: the message is incomplete); the status
        // line, as it came in full, and what the parser saw in the received bytes are facts.
        // Missing fields, a short body or absent content are not: the rest never arrived.
        check_status_line(c);
        check_framing(c);
        detail::check_http2_fields(c.response, sink);  // an HTTP/2 header block arrives whole
        return sink.take();
    }
    check_status_line(c);
    check_framing(c);
    check_no_content(c);
    check_205(c);
    check_content_length(c);
    check_1xx(c);
    check_dates_and_validators(c);
    const int s = c.response.status;
    if (s == 206) check_206(c);
    if (s >= 300 && s < 400) check_3xx(c);
    if (s == 304) check_304(c);
    if (s >= 400 && s < 500) check_4xx(c);
    check_retry_after(c);
    check_missing_host(c);
    check_meaningless(c);
    detail::check_http2_fields(c.response, sink);
    return sink.take();
}

std::vector<finding> check_http_against_full(const http_exchange& exchange, const http_exchange& full,
                                             const check_options& options) {
    if (!exchange.response || !full.response || full.response->status != 200 || response_cut_short(exchange))
        return {};
    finding_sink sink(options);
    const auto& r = *exchange.response;
    const auto& f = *full.response;
    const auto method = detail::upper(exchange.request.method);
    const auto* full_cl = find_header(f.headers, "Content-Length");
    // The length the 200 sends: its Content-Length, or the content received.
    const std::string full_length =
        full_cl ? std::string(detail::trim(*full_cl)) : (f.body_complete ? std::to_string(f.body.size()) : "");
    auto compare_length = [&](std::string_view id, std::string_view what) {
        const auto* cl = find_header(r.headers, "Content-Length");
        if (cl && !full_length.empty() && detail::trim(*cl) != full_length)
            sink.add(id, fmt::format("{} carries Content-Length {} but the 200 has {}", what, *cl, full_length));
    };
    auto compare_fields = [&](std::string_view id, std::initializer_list<std::string_view> names) {
        for (auto name : names)
            if (has(f.headers, name) && !has(r.headers, name))
                sink.add(id, fmt::format("{} lacks {} that the 200 carries", r.status, name));
    };
    if (r.status == 304) {
        compare_length("http.304.content-length", "304");
        compare_fields("http.304.cache-fields",
                       {"Content-Location", "Date", "ETag", "Vary", "Cache-Control", "Expires"});
    } else if (method == "HEAD" && r.status == 200) {
        compare_length("http.head.content-length", "HEAD response");
        for (std::string_view name : {"Content-Type", "ETag", "Last-Modified"}) {
            const auto* a = find_header(f.headers, name);
            const auto* b = find_header(r.headers, name);
            if (a && !b)
                sink.add("http.head.same-headers", fmt::format("HEAD response lacks {} that GET carries", name));
            else if (a && b && *a != *b)
                sink.add("http.head.same-headers", fmt::format("HEAD has {}: {} but GET has {}", name, *b, *a));
        }
    } else if (r.status == 206) {
        compare_fields("http.206.cache-fields",
                       {"Date", "Cache-Control", "ETag", "Expires", "Content-Location", "Vary"});
        const auto* cr = find_header(r.headers, "Content-Range");
        const auto range = cr ? byte_range(*cr) : std::nullopt;
        if (range && !range->unsatisfied && method != "HEAD" && f.body_complete && r.body_complete) {
            const auto want_len = range->last - range->first + 1;
            if (range->last >= f.body.size() ||
                r.body.compare(0, std::string::npos, f.body, range->first, want_len) != 0)
                sink.add("http.206.bytes",
                         fmt::format("206 content is not bytes {}-{} of the 200 representation", range->first,
                                     range->last));
        }
    }
    return sink.take();
}

}  // namespace replycheck::protocol
