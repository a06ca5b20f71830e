// The HTTP conditional-request probes (RFC 9110 §13): each precondition evaluated against the
// validators of the 200 GET.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

void http_prober::run_conditionals() {
    const std::string no_full = not_here_.empty() ? "GET did not give a complete 200 to compare with" : not_here_;
    const std::string* etag = full_header("ETag");
    const std::string* last_modified = full_header("Last-Modified");

    // If-None-Match with the current ETag: 304 (RFC 9110 §13.1.2).
    {
        auto b = begin("If-None-Match gives 304");
        if (ready(b, false)) {
            if (!full_) b.skip(no_full);
            else if (!etag) b.skip("the 200 carries no ETag");
            else {
                http_exchange e;
                auto& step = probe(b, get({{"If-None-Match", *etag}}), &e);
                expect_status(b, step, e, "smoke.http.if-none-match-304", {304}, "the ETag is current");
            }
        }
        add(b);
    }

    // If-Modified-Since with Last-Modified: 304 (RFC 9110 §13.1.3).
    {
        auto b = begin("If-Modified-Since gives 304");
        if (ready(b, false)) {
            if (!full_) b.skip(no_full);
            else if (!last_modified) b.skip("the 200 carries no Last-Modified");
            else {
                http_exchange e;
                auto& step = probe(b, get({{"If-Modified-Since", *last_modified}}), &e);
                expect_status(b, step, e, "smoke.http.if-modified-since-304", {304}, "not modified since Last-Modified");
            }
        }
        add(b);
    }

    // If-Match with a tag that cannot match: 412 (RFC 9110 §13.1.1).
    {
        auto b = begin("If-Match mismatch gives 412");
        if (ready(b, false)) {
            if (!full_) b.skip(no_full);
            else if (!etag) b.skip("the 200 carries no ETag, so If-Match cannot be evaluated");
            else {
                http_exchange e;
                auto& step = probe(b, get({{"If-Match", "\"replycheck-" + random_token() + "\""}}), &e);
                expect_status(b, step, e, "smoke.http.if-match-412", {412}, "the entity-tag does not match");
            }
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
