// The HTTP size-limit probes: a request-target and a header section larger than servers parse.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

// Over HTTP/2 a field block too large to process may end the stream or the connection instead
// of a 4xx (RFC 9113 §10.5.1): no reply, and not our timeout.
bool http_prober::refused_over_http2(const http_exchange& e) const {
    return over_http2_ && !e.response && e.transport_code && e.transport_code != protocol::transport_errc::timeout;
}

std::string http_prober::refusal_over_http2(std::string_view what, const http_exchange& e) {
    return fmt::format("over HTTP/2 the server refused the {} without a reply ({}); RFC 9113 §10.5.1 allows it",
                       what, e.transport_error);
}

void http_prober::run_limits() {
    // A 16 KiB request-target: 414 (RFC 9110 §15.5.15; 8000 octets SHOULD be supported).
    {
        auto b = begin("long URI gives 414");
        if (ready(b, true)) {
            auto request = get();
            request.target = path_only() + "?replycheck=" + std::string(16 * 1024, 'a');
            http_exchange e;
            auto& step = probe(b, request, &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server accepts a 16 KiB request-target");
            else if (refused_over_http2(e)) b.skip(refusal_over_http2("16 KiB request-target", e));
            else expect_status(b, step, e, "smoke.http.long-uri-414", {414}, "the request-target is longer than the server parses");
        }
        add(b);
    }

    // A 48 KiB header section (48 fields of 1 KiB): RFC 9110 §5.4 asks for "an appropriate
    // 4xx" (the MUST-level expectation); 431 is the code made for it (RFC 6585 §5) and 400 the
    // old habit, so another 4xx (413) is a warning.
    {
        auto b = begin("oversized header section gives a 4xx");
        if (ready(b, true)) {
            protocol::header_list padding;
            for (int i = 0; i < 48; ++i)
                padding.push_back({fmt::format("X-Replycheck-Padding-{}", i), std::string(1000, 'a')});
            http_exchange e;
            auto& step = probe(b, get(std::move(padding)), &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server accepts a 48 KiB header section");
            else if (refused_over_http2(e)) b.skip(refusal_over_http2("48 KiB header section", e));
            else {
                b.expect(step, !e.response || (status(e) >= 400 && status(e) < 500), "smoke.http.large-headers-4xx",
                         "a 4xx", fmt::format("expected a 4xx (the header section is larger than the server accepts), got {}",
                                              status(e)));
                expect_status(b, step, e, "smoke.http.large-headers-431", {431, 400},
                              "431 is the code for a header section too large");
            }
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
