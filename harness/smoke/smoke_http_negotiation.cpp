// The HTTP content-negotiation probes (RFC 9110 §12): when the content coding depends on
// Accept-Encoding, caches must be told (Vary) on the 200 and on the 304 alike, and HEAD must
// describe the same coded representation as GET.

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

namespace {

// True when a `field` line of `headers` lists `member` (a comma-separated list, RFC 9110 §5.6.1),
// or "*" for Vary.
bool lists_member(const protocol::header_list& headers, std::string_view field, std::string_view member) {
    for (auto value : protocol::find_headers(headers, field)) {
        while (!value.empty()) {
            const auto comma = value.find(',');
            const auto item = protocol::trim_ows(value.substr(0, comma));
            if (protocol::iequals(item, member) || item == "*") return true;
            value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        }
    }
    return false;
}

// The content coding of a reply, "" for identity.
std::string coding_of(const protocol::http_response_record& r) {
    const auto* coding = protocol::find_header(r.headers, "Content-Encoding");
    if (!coding || protocol::iequals(protocol::trim_ows(*coding), "identity")) return {};
    return std::string(protocol::trim_ows(*coding));
}

}  // namespace

void http_prober::run_negotiation() {
    const std::string no_full = not_here_.empty() ? "GET did not give a complete 200 to compare with" : not_here_;
    const protocol::header_list gzip{{"Accept-Encoding", "gzip"}};
    std::optional<http_exchange> coded;  // the 200 to GET with Accept-Encoding: gzip, when the coding varies

    // GET with Accept-Encoding: gzip. When the coding depends on it (a Content-Encoding, or a
    // Vary naming it), the 200 says Vary: Accept-Encoding (RFC 9110 §12.5.5) and so does the
    // 304 to the same request: a 304 carries the Vary the 200 would (§15.4.5, the rule
    // http.304.cache-fields, judged against this 200 rather than the identity one).
    {
        auto b = begin("Accept-Encoding varies with Vary on 200 and 304");
        if (ready(b, true) && !full_) b.skip(no_full);
        if (!b.skipped()) {
            http_exchange e;
            auto& step = probe(b, get(gzip), &e);
            const bool ok = e.response && status(e) == 200 && e.response->body_complete;
            const std::string coding = ok ? coding_of(*e.response) : "";
            const bool vary = ok && lists_member(e.response->headers, "Vary", "Accept-Encoding");
            if (!e.response) {
                // the transport fault is the verdict
            } else if (!ok) b.skip(fmt::format("GET with Accept-Encoding: gzip answered {}", status(e)));
            else if (coding.empty() && !vary)
                b.skip("the coding does not depend on Accept-Encoding (no Content-Encoding, no Vary)");
            else {
                b.expect(step, vary, "smoke.http.vary-accept-encoding", "Vary: Accept-Encoding",
                         fmt::format("the 200 is coded {} for Accept-Encoding: gzip without Vary: Accept-Encoding",
                                     coding.empty() ? std::string("identity") : coding));
                coded = e;
                const auto* etag = protocol::find_header(e.response->headers, "ETag");
                if (etag) {
                    auto conditional = gzip;
                    conditional.push_back({"If-None-Match", *etag});
                    // Judged against the coded 200: a 304 without its Vary is http.304.cache-fields.
                    probe(b, get(conditional), nullptr, {.compare_with = &e});
                }
            }
        }
        add(b);
    }

    // HEAD with Accept-Encoding: gzip describes the coded representation GET sends (§9.3.2):
    // the rules compare it with that GET, not the identity one (a Content-Length that differs
    // is http.head.content-length, RFC 9110 §8.6).
    {
        auto b = begin("HEAD with Accept-Encoding matches GET");
        if (ready(b, true)) {
            if (!coded) b.skip("the coding does not depend on Accept-Encoding (see the Vary probe)");
            else {
                auto request = get(gzip);
                request.method = "HEAD";
                http_exchange e;
                auto& step = probe(b, request, &e, {.compare_with = &*coded});
                const int want = status(*coded);
                b.expect(step, !e.response || status(e) == want, "smoke.http.head-as-get", std::to_string(want),
                         fmt::format("expected {} (as GET with the same Accept-Encoding), got {}", want, status(e)));
            }
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
