// The HTTP method and path probes: OPTIONS, a method the server does not know, a missing path.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

void http_prober::run_methods() {
    // OPTIONS: whatever the answer, the rules hold (a 405 needs Allow, RFC 9110 §15.5.6).
    {
        auto b = begin("OPTIONS");
        if (ready(b, false)) {
            auto request = get();
            request.method = "OPTIONS";
            http_exchange e;
            auto& step = probe(b, request, &e);
            b.expect(step, !e.response || status(e) < 500 || status(e) == 501, "smoke.http.options", "2xx, 405 or 501",
                     fmt::format("OPTIONS answered {}", status(e)));
        }
        add(b);
    }

    // A method the resource does not support: 405 with Allow, or 501 (RFC 9110 §9.1, §15.5.6).
    {
        auto b = begin("unknown method gives 405 or 501");
        if (ready(b, true)) {
            auto request = get();
            request.method = "REPLYCHECK";
            http_exchange e;
            auto& step = probe(b, request, &e);
            expect_status(b, step, e, "smoke.http.unknown-method-405-501", {405, 501}, "the method is not supported");
        }
        add(b);
    }

    // A missing path: 404 or 410 (RFC 9110 §15.5.5).
    {
        auto b = begin("missing path gives 404");
        if (ready(b, true)) {
            const auto dir = path_only().substr(0, path_only().rfind('/') + 1);
            auto request = get();
            request.target = dir + "replycheck-missing-" + random_token();
            http_exchange e;
            auto& step = probe(b, request, &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server answers every path (a catch-all route)");
            else expect_status(b, step, e, "smoke.http.missing-404", {404, 410}, "no such resource");
        }
        add(b);
    }

    // TRACE echoes the request it received (RFC 9110 §9.3.8): enabled, it can reflect fields a
    // script cannot otherwise read. Reported, never failed; sent without credentials or -H.
    {
        auto b = begin("TRACE is disabled");
        if (ready(b, false)) {
            const std::string marker = "replycheck-trace-" + random_token();
            auto request = get({{"X-Replycheck-Trace", marker}});
            request.method = "TRACE";
            request.with_credentials = false;
            http_exchange e;
            auto& step = probe(b, request, &e);
            const bool echoed = e.response && status(e) == 200 && e.response->body.find(marker) != std::string::npos;
            b.expect(step, !echoed, "smoke.http.trace-enabled", "TRACE refused (405 or 501)",
                     "TRACE is enabled: the 200 echoes the request (a security note, RFC 9110 §9.3.8)");
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
