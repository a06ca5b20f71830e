// The HTTP probes' expectations: what each probe expects beyond the conformance rules, with
// the RFC section and the level of the requirement it tests.

#include "harness/smoke/smoke.hpp"

#include <array>

namespace replycheck::harness {

namespace {

using protocol::rule_level;

constexpr std::array http_expectations{
    smoke_expectation{"smoke.http.get-200", "RFC 9110 §15.3.1", "GET of the URL gives 200"},
    smoke_expectation{"smoke.http.head-as-get", "RFC 9110 §9.3.2", "HEAD gives the status of GET"},
    // Conditional requests (RFC 9110 §13).
    smoke_expectation{"smoke.http.if-none-match-304", "RFC 9110 §13.1.2",
                      "If-None-Match with the current ETag gives 304 to GET"},
    smoke_expectation{"smoke.http.if-none-match-star-304", "RFC 9110 §13.1.2",
                      "If-None-Match: * gives 304 to GET of a resource that exists"},
    smoke_expectation{"smoke.http.if-none-match-weak-304", "RFC 9110 §13.1.2",
                      "If-None-Match compares weakly: W/ and the current ETag give 304 to GET"},
    smoke_expectation{"smoke.http.if-modified-since-304", "RFC 9110 §13.1.3",
                      "If-Modified-Since with Last-Modified gives 304 to GET"},
    smoke_expectation{"smoke.http.ims-invalid-date-200", "RFC 9110 §13.1.3",
                      "If-Modified-Since that is not an HTTP-date is ignored: 200"},
    smoke_expectation{"smoke.http.ims-future-date-200", "RFC 9110 §13.1.3",
                      "If-Modified-Since later than the server's clock is ignored: 200 (RFC 2616 §14.25 called "
                      "it invalid; RFC 9110 no longer says so)",
                      rule_level::info},
    smoke_expectation{"smoke.http.inm-over-ims-200", "RFC 9110 §13.1.3",
                      "If-None-Match that does not match wins over a matching If-Modified-Since: 200"},
    smoke_expectation{"smoke.http.if-match-412", "RFC 9110 §13.1.1",
                      "If-Match with a tag that cannot match gives 412 (also without an ETag)"},
    smoke_expectation{"smoke.http.if-unmodified-since-412", "RFC 9110 §13.1.4",
                      "If-Unmodified-Since before Last-Modified gives 412"},
    // Ranges (RFC 9110 §14).
    smoke_expectation{"smoke.http.range-206", "RFC 9110 §15.3.7", "a satisfiable Range gives 206 (or is ignored)"},
    smoke_expectation{"smoke.http.ranges-206", "RFC 9110 §15.3.7.2",
                      "several satisfiable ranges give 206 (or are ignored)"},
    smoke_expectation{"smoke.http.range-416", "RFC 9110 §15.5.17", "an unsatisfiable Range gives 416 (or is ignored)"},
    smoke_expectation{"smoke.http.if-range-200", "RFC 9110 §13.1.5", "a stale If-Range gives the whole 200"},
    // Methods and paths.
    smoke_expectation{"smoke.http.options", "RFC 9110 §9.3.7", "OPTIONS gives 2xx, 405 or 501"},
    smoke_expectation{"smoke.http.unknown-method-405-501", "RFC 9110 §9.1",
                      "a method the resource does not support gives 405 or 501", rule_level::should},
    smoke_expectation{"smoke.http.missing-404", "RFC 9110 §15.5.5", "a missing path gives 404 or 410"},
    smoke_expectation{"smoke.http.trace-enabled", "RFC 9110 §9.3.8",
                      "TRACE echoes the request (a security note: it can reflect credentials)", rule_level::info},
    // Content negotiation (RFC 9110 §12).
    smoke_expectation{"smoke.http.vary-accept-encoding", "RFC 9110 §12.5.5",
                      "a reply whose coding depends on Accept-Encoding says Vary: Accept-Encoding",
                      rule_level::should},
    // Limits.
    smoke_expectation{"smoke.http.long-uri-414", "RFC 9112 §3",
                      "a request-target longer than the server parses gives 414"},
    smoke_expectation{"smoke.http.large-headers-4xx", "RFC 9110 §5.4",
                      "a header section larger than the server accepts gives a 4xx"},
    smoke_expectation{"smoke.http.large-headers-431", "RFC 6585 §5",
                      "a header section larger than the server accepts gives 431 (or 400)", rule_level::should},
    smoke_expectation{"smoke.http.reset-after-reply", "RFC 9112 §9.6",
                      "the connection was reset after a complete reply (noted, not an error)", rule_level::info},
    // Request hygiene (RFC 9112): requests a server must refuse or read one safe way.
    smoke_expectation{"smoke.http.no-host-400", "RFC 9112 §3.2", "HTTP/1.1 without Host gives 400"},
    smoke_expectation{"smoke.http.version-echo", "RFC 9110 §6.2",
                      "an HTTP/3.1 request line gets 505 or an HTTP/1.x reply, never a version the server "
                      "does not speak"},
    smoke_expectation{"smoke.http.space-before-colon-400", "RFC 9112 §5.1",
                      "whitespace between a field name and the colon gives 400"},
    smoke_expectation{"smoke.http.obs-fold", "RFC 9112 §5.2",
                      "a folded field line gives 400 or is joined with SP"},
    smoke_expectation{"smoke.http.cl-te", "RFC 9112 §6.1",
                      "Content-Length with Transfer-Encoding gives 400 or one reply and a close, never a "
                      "second request answered"},
    smoke_expectation{"smoke.http.duplicate-content-length-400", "RFC 9112 §6.3",
                      "two different Content-Length values give 400"},
    smoke_expectation{"smoke.http.expect-continue", "RFC 9110 §10.1.1",
                      "Expect: 100-continue gets 100 or a final status before the content is sent"},
    smoke_expectation{"smoke.http.unknown-expectation-417", "RFC 9110 §10.1.1",
                      "an expectation other than 100-continue gets 417 (a MAY)", rule_level::info},
    smoke_expectation{"smoke.http.post-no-length", "RFC 9112 §6.3",
                      "POST without Content-Length or Transfer-Encoding is answered (411, or read as no content)"},
};

}  // namespace

std::span<const smoke_expectation> http_smoke_expectations() noexcept { return http_expectations; }

}  // namespace replycheck::harness
