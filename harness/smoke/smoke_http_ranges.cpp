// The HTTP range probes (RFC 9110 §14): one range, several, an unsatisfiable one, a stale
// If-Range. Ignoring Range is allowed (§14.2), so a 200 skips rather than fails.

#include <algorithm>

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

void http_prober::run_ranges() {
    const std::string no_full = not_here_.empty() ? "GET did not give a complete 200 to compare with" : not_here_;
    const std::string* accept_ranges = full_header("Accept-Ranges");
    const bool ranges_refused = accept_ranges && protocol::iequals(*accept_ranges, "none");
    const std::size_t size = full_ ? full_->response->body.size() : 0;

    // Range: 206 with the right bytes (RFC 9110 §14.2, §15.3.7); ignoring Range is allowed.
    {
        auto b = begin("Range gives 206");
        if (ready(b, false)) {
            if (!full_) b.skip(no_full);
            else if (ranges_refused) b.skip("the server announces Accept-Ranges: none");
            else if (size < 2) b.skip("the representation is too short for a range");
            else {
                const auto last = std::min<std::size_t>(size, 10) - 1;
                http_exchange e;
                auto& step = probe(b, get({{"Range", fmt::format("bytes=0-{}", last)}}), &e);
                if (status(e) == 200) b.skip("the server ignores Range (RFC 9110 §14.2 allows it)");
                else {
                    expect_status(b, step, e, "smoke.http.range-206", {206}, "a satisfiable range");
                    ranges_supported_ = status(e) == 206;
                }
            }
        }
        add(b);
    }
    const std::string no_ranges = not_here_.empty() ? "the server does not answer ranges with 206" : not_here_;

    // Several ranges: multipart/byteranges, or one coalesced part (RFC 9110 §15.3.7.2).
    {
        auto b = begin("several ranges give 206");
        if (ready(b, false)) {
            if (!ranges_supported_) b.skip(no_ranges);
            else if (size < 4) b.skip("the representation is too short for two ranges");
            else {
                http_exchange e;
                auto& step = probe(b, get({{"Range", "bytes=0-0,2-3"}}), &e);
                if (status(e) == 200) b.skip("the server answers several ranges with the whole representation");
                else expect_status(b, step, e, "smoke.http.ranges-206", {206}, "satisfiable ranges");
            }
        }
        add(b);
    }

    // An unsatisfiable range: 416 with Content-Range: bytes */length (RFC 9110 §15.5.17).
    {
        auto b = begin("unsatisfiable Range gives 416");
        if (ready(b, false)) {
            if (!ranges_supported_) b.skip(no_ranges);
            else {
                http_exchange e;
                auto& step = probe(b, get({{"Range", "bytes=" + std::to_string(size) + "-"}}), &e);
                if (status(e) == 200) b.skip("the server ignores an unsatisfiable Range (allowed)");
                else expect_status(b, step, e, "smoke.http.range-416", {416}, "the first position is past the end");
            }
        }
        add(b);
    }

    // If-Range with a stale validator: the whole 200, not 206 (RFC 9110 §13.1.5).
    {
        auto b = begin("stale If-Range gives 200");
        if (ready(b, false)) {
            if (!ranges_supported_) b.skip(no_ranges);
            else {
                const std::string validator = full_header("ETag") ? "\"replycheck-stale-" + random_token() + "\""
                                                                  : std::string("Sat, 01 Jan 2000 00:00:00 GMT");
                http_exchange e;
                auto& step = probe(b, get({{"Range", "bytes=0-0"}, {"If-Range", validator}}), &e);
                expect_status(b, step, e, "smoke.http.if-range-200", {200},
                              "the If-Range validator does not match, so Range is ignored");
            }
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
