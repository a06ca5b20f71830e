#pragma once
// The HTTP smoke prober: one run of the HTTP probes against one URL. Every probe sends its
// request through send(), the one seam between what a probe means and how it travels: by
// default the raw TCP client writes the exact bytes (no Host when testing its absence, a
// version libcurl would refuse, bytes after a bodiless reply seen); another transport (HTTP/2)
// can be plugged in with set_transport(), and then the probes about HTTP/1.1 bytes
// (`wire_only`) are skipped with the reason.

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/clients/raw_tcp_client.hpp"
#include "harness/smoke/probe_builder.hpp"
#include "harness/smoke/smoke.hpp"
#include "protocol/exchange.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness::detail {

/// What one probe asks; the prober adds Host, User-Agent, the user's -H fields and credentials.
struct http_probe_request {
    std::string method = "GET";
    std::string target;                  ///< request-target as sent
    protocol::header_list headers;       ///< the probe's own fields, after the common ones
    std::string version = "HTTP/1.1";
    bool with_host = true;
    bool with_credentials = true;        ///< Authorization and -H (TRACE goes without, RFC 9110 §9.3.8)
    std::string body;                    ///< sent as is; the probe sets any framing field itself
    bool wire_only = false;              ///< about HTTP/1.1 bytes: meaningless over HTTP/2
    std::optional<std::string> raw;      ///< exact bytes to send instead of building them
};

/// Carries one request and returns the exchange. `fields` is the complete header section the
/// prober wants (Host first when asked for, then User-Agent, -H, Authorization, the probe's).
using http_transport =
    std::function<protocol::http_exchange(const http_probe_request& request, const protocol::header_list& fields)>;

/// How http_prober::probe() treats one exchange.
struct probe_options {
    const protocol::http_exchange* compare_with = nullptr;  ///< the 200 to compare with; GET's when null
    bool silence_is_verdict = false;  ///< no reply in time is the probe's own failure, not a fault
};

/// One probe run: the target, the options, the 200 GET the others compare with.
class http_prober {
public:
    http_prober(const smoke_target& target, const smoke_options& options);

    /// Every probe, in order; the suite of the URL.
    reports::suite_result run();

    /// Sends one request through the transport (the raw TCP client unless replaced).
    protocol::http_exchange send(const http_probe_request& request);

    /// Replaces the transport; `over_http2` makes the wire-only probes skip.
    void set_transport(http_transport transport, bool over_http2);

    /// The bytes the raw transport writes for `request` with `fields` (Connection: close added).
    static std::string request_bytes(const http_probe_request& request, const protocol::header_list& fields);

private:
    // Probe groups (smoke_http_*.cpp), run in this order by run().
    void run_basics();
    void run_conditionals();
    void run_ranges();
    void run_methods();
    void run_negotiation();
    void run_limits();
    void run_hygiene();

    // A probe's builder.
    probe_builder begin(std::string name) const { return probe_builder(std::move(name), options_.strict, options_.allowed); }
    // True when the probe can run; otherwise skips `b` with the reason (the server stopped
    // answering; the URL is not the resource itself when `needs_resource`; a wire-only probe
    // over HTTP/2).
    bool ready(probe_builder& b, bool needs_resource, bool wire_only = false);
    // Adds the finished probe to the suite.
    void add(probe_builder& b) { suite_.scenarios.push_back(b.finish()); }

    // Sends, checks with the rules (and against the 200 GET when there is one), adds the step.
    reports::step_result& probe(probe_builder& b, const http_probe_request& request, protocol::http_exchange* out = nullptr,
                                probe_options how = {});
    // A GET of the URL with the probe's fields.
    http_probe_request get(protocol::header_list fields = {}) const;

    static int status(const protocol::http_exchange& e) { return e.response ? e.response->status : 0; }
    static void expect_status(probe_builder& b, reports::step_result& step, const protocol::http_exchange& e,
                              std::string_view id, std::initializer_list<int> codes, std::string_view why);
    const std::string* full_header(std::string_view name) const;
    std::string path_only() const { return target_.path.substr(0, target_.path.find('?')); }

    // Over HTTP/2, a too-large request refused by ending the stream or connection (smoke_http_limits.cpp).
    bool refused_over_http2(const protocol::http_exchange& e) const;
    static std::string refusal_over_http2(std::string_view what, const protocol::http_exchange& e);

    protocol::http_exchange send_raw(const http_probe_request& request, const protocol::header_list& fields);
    // Expect: 100-continue on the wire: the header section, the wait for 100 or a final
    // reply, then the content only after a 100 (RFC 9110 §10.1.1).
    protocol::http_exchange send_expecting_continue(const http_probe_request& request, const protocol::header_list& fields);

    smoke_target target_;
    smoke_options options_;
    raw_target raw_;
    raw_read_options read_;
    protocol::check_options checks_;
    std::string host_;
    std::string authorization_;
    http_transport transport_;
    bool over_http2_ = false;

    reports::suite_result suite_;
    std::optional<protocol::http_exchange> full_;  // the complete 200 to GET
    int get_status_ = 0;
    std::string gone_;       // why the server counts as gone (the rest is skipped)
    std::string not_here_;   // why the URL is not the resource itself (a redirect, a challenge)
    bool ranges_supported_ = false;
    int timeouts_ = 0;
};

/// The first line of a field value, capped for a message.
std::string first_line_of(std::string_view value);

}  // namespace replycheck::harness::detail
