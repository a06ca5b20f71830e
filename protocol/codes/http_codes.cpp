// HTTP status code registry data and look-ups.
//
// Every code of the IANA "HTTP Status Codes" registry from 100 to 511. Reason phrases are the
// registered ones (RFC 9110 renamed 413 and 422). "Cacheable by default" is the list of RFC
// 9110 §15.1: a cache may store these without explicit freshness information. Date is listed
// for 2xx-4xx because an origin server with a clock must send it there (RFC 9110 §6.6.1).
#include "protocol/codes/http_codes.hpp"

#include <algorithm>
#include <array>

namespace replycheck::protocol {
namespace {

using s = http_status_info;

// Sorted by code; the registry test checks the order.
constexpr std::array http_statuses{
    // 1xx: interim responses. They never have content (RFC 9110 §15.2) and must not be sent
    // to an HTTP/1.0 client.
    s{100, "Continue", "RFC 9110 §15.2.1", false, false,
      "Interim reply: the server has seen the request header and the client may go on sending "
      "the content; a final status follows.",
      "no content; only in answer to a request with Expect: 100-continue", "",
      "POST with a body and Expect: 100-continue over HTTP/1.1"},
    s{101, "Switching Protocols", "RFC 9110 §15.2.2", false, false,
      "The server agrees to change the application protocol on this connection, as the "
      "request's Upgrade field offered; the new protocol starts right after the blank line.",
      "Upgrade naming the protocol switched to (one the client offered); Connection: upgrade", "",
      "GET with Connection: Upgrade and Upgrade: websocket (plus the WebSocket key) or h2c"},
    s{102, "Processing", "RFC 2518 §10.1", false, false,
      "WebDAV interim reply: the request is still being worked on, so the client should not time "
      "out yet. Deprecated by RFC 4918, still registered.",
      "no content", "", "a long-running WebDAV COPY or MOVE of a large collection"},
    s{103, "Early Hints", "RFC 8297 §2", false, false,
      "Interim reply carrying header fields (usually Link preload hints) that the final response "
      "is likely to carry, so the client can start fetching early.",
      "no content", "Link (rel=preload or preconnect)",
      "GET of an HTML page on a server configured to send early hints"},

    // 2xx: the request was received, understood and accepted.
    s{200, "OK", "RFC 9110 §15.3.1", true, true,
      "The request succeeded. For GET the content is the target's representation; for HEAD the "
      "same without content; for POST the result of the action.",
      "Date",
      "ETag and/or Last-Modified for GET/HEAD; Content-Type when there is content",
      "GET / on any served resource"},
    s{201, "Created", "RFC 9110 §15.3.2", true, false,
      "The request created one or more new resources. The primary one is named by Location, or is "
      "the target URI when Location is absent.",
      "Date",
      "Location naming the new resource; ETag / Last-Modified of the new representation",
      "PUT of a file that does not exist yet on a writable server"},
    s{202, "Accepted", "RFC 9110 §15.3.3", true, false,
      "The request was accepted for processing that has not finished and may still fail; HTTP "
      "has no way to report the later outcome.",
      "Date", "content describing the status or a link to a status monitor",
      "POST that queues a batch job"},
    s{203, "Non-Authoritative Information", "RFC 9110 §15.3.4", true, true,
      "Success, but a transforming proxy modified the content the origin sent.",
      "Date", "", "GET through a proxy that rewrites content"},
    s{204, "No Content", "RFC 9110 §15.3.5", false, true,
      "Success with no content to send. The header section may still carry metadata such as an "
      "ETag; the response ends at the blank line after it.",
      "Date; no content, no Content-Length, no Transfer-Encoding", "ETag after a PUT",
      "PUT or DELETE on a writable server; OPTIONS on some servers"},
    s{205, "Reset Content", "RFC 9110 §15.3.6", false, false,
      "Success; the user agent should reset the document view (clear the form) that sent the "
      "request. The response must not have content.",
      "Date; no content (Content-Length: 0 or close)", "", "POST of a data-entry form"},
    s{206, "Partial Content", "RFC 9110 §15.3.7", true, true,
      "The server sends only the part(s) of the representation the Range request asked for: one "
      "range with Content-Range, or several as a multipart/byteranges body.",
      "Date; single part: Content-Range (bytes first-last/length, matching the body); several "
      "parts: Content-Type multipart/byteranges; boundary=... with a Content-Range per part and "
      "none at the top level",
      "ETag, Cache-Control, Expires, Content-Location, Vary as a 200 for the same request would "
      "carry them",
      "GET /file with Range: bytes=0-9 (or bytes=0-9,20-29 for multipart)"},
    s{207, "Multi-Status", "RFC 4918 §11.1", true, false,
      "WebDAV: the body is an XML multistatus document with a separate status for each resource "
      "the request touched.",
      "Date; Content-Type application/xml (or text/xml) with a multistatus body", "",
      "PROPFIND with Depth: 1 on a WebDAV collection"},
    s{208, "Already Reported", "RFC 5842 §7.1", true, false,
      "WebDAV binding: inside a multistatus body, the members of this binding were already listed "
      "earlier and are not repeated.",
      "Date", "", "PROPFIND with Depth: infinity on a collection with bindings in a loop"},
    s{226, "IM Used", "RFC 3229 §10.4.1", true, false,
      "Delta encoding: the content is the result of instance manipulations (such as a delta) "
      "applied to the current instance.",
      "Date; IM naming the manipulations applied", "ETag of the current instance",
      "GET with A-IM: vcdiff and If-None-Match on a server supporting delta encoding"},

    // 3xx: the client must take further action.
    s{300, "Multiple Choices", "RFC 9110 §15.4.1", true, true,
      "The target has several representations with their own URIs and the server lets the client "
      "choose.",
      "Date", "Location for the server's preferred choice; content listing the choices",
      "GET on a resource with several variants and no negotiation possible"},
    s{301, "Moved Permanently", "RFC 9110 §15.4.2", true, true,
      "The target has a new permanent URI; clients should update links. For historical reasons "
      "a client may turn a POST into GET when following it.",
      "Date; Location with the new URI", "short hypertext note linking to the new URI",
      "GET /dir (directory without the trailing slash) on most servers"},
    s{302, "Found", "RFC 9110 §15.4.3", true, false,
      "The target is temporarily at another URI; clients keep using the original one. A client "
      "may turn a POST into GET when following it.",
      "Date; Location with the temporary URI", "short hypertext note linking to the new URI",
      "GET of a page behind a login that redirects"},
    s{303, "See Other", "RFC 9110 §15.4.4", true, false,
      "The answer is at another URI, to be fetched with GET (typical after a POST).",
      "Date; Location", "", "POST of a form that redirects to a result page"},
    s{304, "Not Modified", "RFC 9110 §15.4.5", false, false,
      "A conditional GET or HEAD found the client's cached copy still current, so no content is "
      "sent; the client reuses its copy.",
      "Date; no content; Cache-Control, Content-Location, ETag, Expires, Vary when a 200 would "
      "carry them",
      "nothing more: other representation metadata (such as Content-Type) should not be sent",
      "GET with If-None-Match: <current ETag> or If-Modified-Since: <Last-Modified>"},
    s{305, "Use Proxy", "RFC 9110 §15.4.6", true, false,
      "Deprecated: once asked the client to repeat the request through a proxy. Must not be "
      "relied on.",
      "Date", "", "none: deprecated, a conforming server does not send it"},
    s{306, "(Unused)", "RFC 9110 §15.4.7", true, false,
      "Reserved: used by an earlier draft, no longer has a meaning.",
      "", "", "none: reserved, a conforming server does not send it"},
    s{307, "Temporary Redirect", "RFC 9110 §15.4.8", true, false,
      "The target is temporarily at another URI, and the client must not change the method when "
      "following it (unlike 302).",
      "Date; Location with the temporary URI", "short hypertext note linking to the new URI",
      "POST to a resource configured to redirect temporarily"},
    s{308, "Permanent Redirect", "RFC 9110 §15.4.9", true, true,
      "The target has a new permanent URI, and the client must not change the method when "
      "following it (unlike 301). First defined in RFC 7538.",
      "Date; Location with the new URI", "short hypertext note linking to the new URI",
      "POST to a resource configured to redirect permanently"},

    // 4xx: the client seems to have erred.
    s{400, "Bad Request", "RFC 9110 §15.5.1", true, false,
      "The server will not process the request because of something it sees as a client error: "
      "bad syntax, invalid framing, misleading routing.",
      "Date; for HTTP/1.1, the answer to a missing, repeated or invalid Host (RFC 9112 §3.2)",
      "content explaining the error",
      "GET / HTTP/1.1 without a Host header field"},
    s{401, "Unauthorized", "RFC 9110 §15.5.2", true, false,
      "The request lacks valid credentials for the target. If it carried credentials, they were "
      "refused.",
      "Date; WWW-Authenticate with at least one challenge (RFC 9110 §11.6.1)", "",
      "GET of a protected resource without Authorization"},
    s{402, "Payment Required", "RFC 9110 §15.5.3", true, false,
      "Reserved for future use; some APIs use it for billing failures.",
      "Date", "", "none defined"},
    s{403, "Forbidden", "RFC 9110 §15.5.4", true, false,
      "The server understood the request and refuses it; new credentials would not help. A "
      "server may answer 404 instead to hide the resource.",
      "Date", "content explaining the refusal",
      "GET of a directory without index and with listing disabled; GET of an unreadable file"},
    s{404, "Not Found", "RFC 9110 §15.5.5", true, true,
      "The origin found no current representation for the target, or will not say that one "
      "exists; it may be temporary or permanent.",
      "Date", "content explaining the error",
      "GET /does-not-exist"},
    s{405, "Method Not Allowed", "RFC 9110 §15.5.6", true, true,
      "The method is known to the server but not supported by this target.",
      "Date; Allow listing the target's supported methods (possibly empty)",
      "Allow should not list the method that was refused",
      "DELETE (or PUT) on a static file of a read-only server"},
    s{406, "Not Acceptable", "RFC 9110 §15.5.7", true, false,
      "The target has no representation that fits the request's proactive negotiation fields "
      "(Accept, Accept-Encoding, Accept-Language), and the server will not send a default.",
      "Date", "content listing the available representations",
      "GET with Accept: application/x-none on a negotiating server"},
    s{407, "Proxy Authentication Required", "RFC 9110 §15.5.8", true, false,
      "Like 401, but the client must authenticate to the proxy.",
      "Date; Proxy-Authenticate with at least one challenge", "",
      "request through an authenticating proxy without Proxy-Authorization"},
    s{408, "Request Timeout", "RFC 9110 §15.5.9", true, false,
      "The server gave up waiting for a complete request and closes the connection.",
      "Date", "Connection: close, and the connection is then closed",
      "open a connection, send half a request header, then wait"},
    s{409, "Conflict", "RFC 9110 §15.5.10", true, false,
      "The request conflicts with the current state of the target (for example a version "
      "conflict on PUT).",
      "Date", "content that lets the user resolve the conflict",
      "PUT of a stale version; WebDAV MKCOL whose parent does not exist"},
    s{410, "Gone", "RFC 9110 §15.5.11", true, true,
      "The target is no longer available at the origin and this is likely permanent.",
      "Date", "", "GET of a resource configured as permanently removed"},
    s{411, "Length Required", "RFC 9110 §15.5.12", true, false,
      "The server refuses a request with content but without a Content-Length.",
      "Date", "", "POST with content framed by closing, no Content-Length or Transfer-Encoding"},
    s{412, "Precondition Failed", "RFC 9110 §15.5.13", true, false,
      "A precondition in the request header (If-Match, If-Unmodified-Since, or If-None-Match on "
      "an unsafe method) evaluated to false. Evaluation order: If-Match, If-Unmodified-Since, "
      "If-None-Match, If-Modified-Since, If-Range (RFC 9110 §13.2.2).",
      "Date; only when the request had such a precondition", "",
      "GET or PUT with If-Match: \"no-such-etag\""},
    s{413, "Content Too Large", "RFC 9110 §15.5.14", true, false,
      "The request content is larger than the server will process. Formerly \"Payload Too "
      "Large\" / \"Request Entity Too Large\".",
      "Date", "Retry-After when the condition is temporary",
      "POST with a body larger than the server limit"},
    s{414, "URI Too Long", "RFC 9110 §15.5.15", true, true,
      "The target URI is longer than the server will interpret. Servers should accept at least "
      "8000 octets.",
      "Date", "", "GET of a path longer than the server limit (e.g. 64 KB)"},
    s{415, "Unsupported Media Type", "RFC 9110 §15.5.16", true, false,
      "The content's media type or content coding is not supported for this method and target.",
      "Date", "Accept or Accept-Encoding saying what would be accepted",
      "POST with Content-Type: application/x-unknown to an API"},
    s{416, "Range Not Satisfiable", "RFC 9110 §15.5.17", true, false,
      "None of the requested ranges overlap the current representation (or there are too many "
      "small ranges).",
      "Date", "Content-Range: bytes */<current length>",
      "GET /file with Range: bytes=999999999-"},
    s{417, "Expectation Failed", "RFC 9110 §15.5.18", true, false,
      "The server cannot meet the request's Expect field.",
      "Date; only when the request had Expect", "", "GET with Expect: something-unknown"},
    s{418, "(Unused)", "RFC 9110 §15.5.19", true, false,
      "Reserved: was a joke code in RFC 2324 and is deployed as such; it must not be given a "
      "new meaning.",
      "", "", "none standard"},
    s{421, "Misdirected Request", "RFC 9110 §15.5.20", true, false,
      "The request reached a server that cannot answer for the target's scheme and authority "
      "(for example a reused TLS connection for another host). Proxies do not generate it.",
      "Date", "", "HTTPS request whose Host differs from the TLS SNI on a strict server"},
    s{422, "Unprocessable Content", "RFC 9110 §15.5.21", true, false,
      "The content is well-formed and of a supported type, but its instructions cannot be "
      "processed. Formerly \"Unprocessable Entity\" (RFC 4918).",
      "Date", "", "POST of syntactically valid JSON that fails validation"},
    s{423, "Locked", "RFC 4918 §11.3", true, false,
      "WebDAV: the source or destination resource is locked.",
      "Date", "content with a lock-token-submitted precondition element",
      "PUT on a WebDAV resource locked by someone else"},
    s{424, "Failed Dependency", "RFC 4918 §11.4", true, false,
      "WebDAV: the method failed because another action it depended on failed.",
      "Date", "", "PROPPATCH where one property update fails"},
    s{425, "Too Early", "RFC 8470 §5.2", true, false,
      "The server will not process a request that might be replayed (sent in TLS 1.3 early "
      "data).",
      "Date", "", "request in TLS early data, or with Early-Data: 1 through a proxy"},
    s{426, "Upgrade Required", "RFC 9110 §15.5.22", true, false,
      "The server refuses the request with the current protocol but may accept it after the "
      "client upgrades to one listed in Upgrade.",
      "Date; Upgrade listing the acceptable protocols; Connection: upgrade (a sender of Upgrade "
      "must list it, RFC 9110 §7.8)",
      "",
      "plain HTTP/1.1 request to an endpoint that only speaks a newer protocol"},
    s{428, "Precondition Required", "RFC 6585 §3", true, false,
      "The origin requires the request to be conditional (to avoid lost updates). Never stored "
      "by a cache.",
      "Date", "content explaining how to resend the request",
      "PUT without If-Match to a server that demands conditional updates"},
    s{429, "Too Many Requests", "RFC 6585 §4", true, false,
      "The client sent too many requests in a given time (rate limiting). Never stored by a "
      "cache.",
      "Date", "Retry-After (optional: an HTTP-date or a delay in seconds)",
      "burst of requests past the server's rate limit"},
    s{431, "Request Header Fields Too Large", "RFC 6585 §5", true, false,
      "The server refuses the request because one header field, or the whole header section, is "
      "too large. Never stored by a cache.",
      "Date", "", "GET with a 64 KB Cookie header field"},
    s{451, "Unavailable For Legal Reasons", "RFC 7725 §3", true, true,
      "The server denies access because of a legal demand.",
      "Date", "Link with rel=\"blocked-by\" naming the entity that imposed the block",
      "GET of a resource blocked by a legal order"},

    // 5xx: the server failed to fulfil a valid request.
    s{500, "Internal Server Error", "RFC 9110 §15.6.1", true, false,
      "The server met an unexpected condition that stopped it from fulfilling the request.",
      "", "Date; content explaining the error (except for HEAD)",
      "request to an application that throws"},
    s{501, "Not Implemented", "RFC 9110 §15.6.2", true, true,
      "The server does not support the functionality needed, e.g. an unknown method or "
      "transfer coding.",
      "", "Date; content explaining the error",
      "FOO / HTTP/1.1 (unknown method), or Transfer-Encoding: foo"},
    s{502, "Bad Gateway", "RFC 9110 §15.6.3", true, false,
      "A gateway or proxy got an invalid response from the upstream server.",
      "", "Date; content explaining the error",
      "request through a reverse proxy whose backend sends garbage"},
    s{503, "Service Unavailable", "RFC 9110 §15.6.4", true, false,
      "The server cannot handle the request now (overload, maintenance); likely temporary.",
      "", "Date; Retry-After (optional: an HTTP-date or a delay in seconds)",
      "request to an overloaded server or a stopped application pool"},
    s{504, "Gateway Timeout", "RFC 9110 §15.6.5", true, false,
      "A gateway or proxy did not get a timely response from the upstream server.",
      "", "Date; content explaining the error",
      "request through a reverse proxy whose backend never answers"},
    s{505, "HTTP Version Not Supported", "RFC 9110 §15.6.6", true, false,
      "The server does not support, or refuses, the major HTTP version of the request.",
      "", "Date; content describing the versions supported",
      "GET / HTTP/3.1 as an HTTP/1 request line"},
    s{506, "Variant Also Negotiates", "RFC 2295 §8.1", true, false,
      "Transparent content negotiation: the chosen variant is itself set up to negotiate, so "
      "negotiation would loop (a server configuration error).",
      "", "Date", "transparent negotiation with a misconfigured variant"},
    s{507, "Insufficient Storage", "RFC 4918 §11.5", true, false,
      "WebDAV: the server cannot store the representation needed to complete the request.",
      "", "Date", "PUT of a large file to a full WebDAV store"},
    s{508, "Loop Detected", "RFC 5842 §7.2", true, false,
      "WebDAV binding: the server ended a Depth: infinity operation because it met an infinite "
      "loop.",
      "", "Date", "PROPFIND Depth: infinity across bindings that form a loop"},
    s{510, "Not Extended", "RFC 2774 §7", true, false,
      "The HTTP Extension Framework policy for the resource was not met. The framework is "
      "historic and the registration is marked obsoleted.",
      "", "Date", "request without the mandatory extension declaration the server demands"},
    s{511, "Network Authentication Required", "RFC 6585 §6", true, false,
      "An intercepting proxy (captive portal) requires the client to authenticate to the network. "
      "Origin servers must not send it; never stored by a cache.",
      "", "Date; content with a link to the login page",
      "any request on a network behind a captive portal"},
};

}  // namespace

const http_status_info* find_http_status(int code) noexcept {
    auto it = std::lower_bound(http_statuses.begin(), http_statuses.end(), code,
                               [](const http_status_info& info, int c) { return info.code < c; });
    return (it != http_statuses.end() && it->code == code) ? &*it : nullptr;
}

std::string_view reason_phrase(int code) noexcept {
    const auto* info = find_http_status(code);
    return info ? info->reason : std::string_view{};
}

std::span<const http_status_info> all_http_statuses() noexcept { return http_statuses; }

std::string_view http_status_class(int code) noexcept {
    if (code < 100 || code > 599) return {};
    switch (code / 100) {
        case 1: return "Informational";
        case 2: return "Successful";
        case 3: return "Redirection";
        case 4: return "Client Error";
        default: return "Server Error";
    }
}

}  // namespace replycheck::protocol
