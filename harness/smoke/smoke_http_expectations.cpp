// The HTTP probes' expectations: what each probe expects beyond the conformance rules, with
// the RFC section and the level of the requirement it tests.

#include "harness/smoke/smoke.hpp"

#include <array>

namespace replycheck::harness {

namespace {

using protocol::rule_level;

constexpr std::array expectations{
    smoke_expectation{"smoke.http.get-200", "RFC 9110 §15.3.1", "GET of the URL gives 200"},
    smoke_expectation{"smoke.http.head-as-get", "RFC 9110 §9.3.2", "HEAD gives the status of GET"},
    smoke_expectation{"smoke.http.if-none-match-304", "RFC 9110 §13.1.2",
                      "If-None-Match with the current ETag gives 304 to GET"},
    smoke_expectation{"smoke.http.if-modified-since-304", "RFC 9110 §13.1.3",
                      "If-Modified-Since with Last-Modified gives 304 to GET"},
    smoke_expectation{"smoke.http.if-match-412", "RFC 9110 §13.1.1",
                      "If-Match with a tag that cannot match gives 412"},
    smoke_expectation{"smoke.http.range-206", "RFC 9110 §15.3.7", "a satisfiable Range gives 206 (or is ignored)"},
    smoke_expectation{"smoke.http.ranges-206", "RFC 9110 §15.3.7.2",
                      "several satisfiable ranges give 206 (or are ignored)"},
    smoke_expectation{"smoke.http.range-416", "RFC 9110 §15.5.17", "an unsatisfiable Range gives 416 (or is ignored)"},
    smoke_expectation{"smoke.http.if-range-200", "RFC 9110 §13.1.5", "a stale If-Range gives the whole 200"},
    smoke_expectation{"smoke.http.options", "RFC 9110 §9.3.7", "OPTIONS gives 2xx, 405 or 501"},
    smoke_expectation{"smoke.http.unknown-method-405-501", "RFC 9110 §9.1",
                      "a method the resource does not support gives 405 or 501", rule_level::should},
    smoke_expectation{"smoke.http.missing-404", "RFC 9110 §15.5.5", "a missing path gives 404 or 410"},
    smoke_expectation{"smoke.http.long-uri-414", "RFC 9112 §3",
                      "a request-target longer than the server parses gives 414"},
    smoke_expectation{"smoke.http.large-headers-431", "RFC 6585 §5",
                      "a header section larger than the server accepts gives 431 or 400"},
    smoke_expectation{"smoke.http.no-host-400", "RFC 9112 §3.2", "HTTP/1.1 without Host gives 400"},
    smoke_expectation{"smoke.http.version-505", "RFC 9110 §15.6.6",
                      "an HTTP/3.1 request line gives 505 or an HTTP/1.x reply"},
};

}  // namespace

std::span<const smoke_expectation> http_smoke_expectations() noexcept { return expectations; }

}  // namespace replycheck::harness
