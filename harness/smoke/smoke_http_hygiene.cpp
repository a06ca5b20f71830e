// The HTTP/1.1 request-hygiene probes (RFC 9112): requests a server must refuse or read in one
// safe way. They are about HTTP/1.1 bytes, so they are skipped over HTTP/2.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

namespace {

// "HTTP/1.1 200" from a status line.
std::string first_word_pair(std::string_view status_line) {
    const auto first = status_line.find(' ');
    if (first == std::string_view::npos) return std::string(status_line.substr(0, 16));
    const auto second = status_line.find(' ', first + 1);
    return std::string(status_line.substr(0, std::min<std::size_t>(second, 32)));
}

}  // namespace

void http_prober::run_hygiene() {
    // HTTP/1.1 without Host: 400 (RFC 9112 §3.2).
    {
        auto b = begin("HTTP/1.1 without Host gives 400");
        if (ready(b, false, true)) {
            auto request = get();
            request.with_host = false;
            request.wire_only = true;
            http_exchange e;
            auto& step = probe(b, request, &e);
            expect_status(b, step, e, "smoke.http.no-host-400", {400}, "Host is required in HTTP/1.1");
        }
        add(b);
    }

    // An unsupported major version: 505 (RFC 9110 §15.6.6) is one conformant answer, not the
    // only one: a server may answer a higher version with the highest version it supports
    // (RFC 9110 §6.2, RFC 9112 §2.3), so any other HTTP/1.x reply skips the probe. The rules
    // still judge that reply (a status line is needed, RFC 9112 §4).
    {
        auto b = begin("HTTP/3.1 request line gives 505");
        if (ready(b, true, true)) {
            auto request = get();
            request.version = "HTTP/3.1";
            request.wire_only = true;
            http_exchange e;
            auto& step = probe(b, request, &e);
            if (e.response && status(e) != 505 && e.response->status_line.starts_with("HTTP/1."))
                b.skip(fmt::format("the server answers an HTTP/3.1 request line with {} (RFC 9110 §6.2 lets it "
                                   "answer in its own highest version; 505 is optional)",
                                   first_word_pair(e.response->status_line)));
            else
                expect_status(b, step, e, "smoke.http.version-505", {505}, "major version 3 is not HTTP/1.x");
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
