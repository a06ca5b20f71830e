// The HTTP probes of the resource itself: GET gives 200 (the reply the others compare with) and
// HEAD gives the same status.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

void http_prober::run_basics() {
    // GET: 200 with validators (RFC 9110 §15.3.1, §8.8). A redirect (RFC 9110 §15.4) or a
    // challenge (401/407, §15.5.2, §15.5.8) is a right answer for a URL that is not the
    // resource itself: the probes that need its 200 are skipped, with the reason, not failed.
    {
        auto b = begin("GET gives 200");
        http_exchange e;
        auto& step = probe(b, get(), &e);
        get_status_ = status(e);
        if (e.response && get_status_ >= 300 && get_status_ < 400) {
            const auto* location = protocol::find_header(e.response->headers, "Location");
            not_here_ = fmt::format("GET {} answered {}{}: smoke the final URL", path_only(), get_status_,
                                    location ? " to " + first_line_of(*location) : std::string());
        } else if (e.response && (get_status_ == 401 || get_status_ == 407)) {
            const bool credentials = !authorization_.empty();
            not_here_ = fmt::format("GET {} answered {}: {}", path_only(), get_status_,
                                    get_status_ == 407 ? "a proxy asks for credentials"
                                    : credentials      ? "the credentials given were refused (--user/--password)"
                                                       : "the URL needs credentials (--user/--password)");
        }
        if (!not_here_.empty()) b.skip(not_here_);
        else expect_status(b, step, e, "smoke.http.get-200", {200}, "the URL names a resource");
        if (!e.response) gone_ = "the server did not answer GET: " + e.transport_error;
        else if (e.response->status == 200 && e.response->body_complete) full_ = e;
        add(b);
    }

    // HEAD: the header section of GET, no content (RFC 9110 §9.3.2).
    {
        auto b = begin("HEAD matches GET");
        if (ready(b, true)) {
            auto request = get();
            request.method = "HEAD";
            http_exchange e;
            auto& step = probe(b, request, &e);
            const int want = get_status_ > 0 ? get_status_ : 200;
            b.expect(step, !e.response || status(e) == want, "smoke.http.head-as-get", std::to_string(want),
                     fmt::format("expected {} (as GET), got {}", want, status(e)));
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
