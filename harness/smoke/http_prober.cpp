// The HTTP prober's plumbing: request building, the transport seam, the probe step helper and
// the run order. The probes themselves are in smoke_http_*.cpp.

#include "harness/smoke/http_prober.hpp"


#include <fmt/format.h>

#include "protocol/base64.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::harness {

namespace detail {

using protocol::http_exchange;

std::string first_line_of(std::string_view value) {
    value = value.substr(0, value.find_first_of("\r\n"));
    return std::string(value.substr(0, 200));
}

http_prober::http_prober(const smoke_target& target, const smoke_options& options) : target_(target), options_(options) {
    raw_.host = target.host;
    raw_.port = target.port;
    raw_.tls = target.tls == protocol::tls_mode::implicit;
    raw_.tls_settings = options.tls;
    if (raw_.tls && raw_.tls_settings.server_name.empty()) raw_.tls_settings.server_name = target.host;
    raw_.connect_timeout = options.timeout;
    read_.timeout = options.timeout;
    read_.linger = std::chrono::milliseconds(100);
    checks_.allowed = options.allowed;
    // RFC 9110 §7.2: Host is the authority, the port left out when it is the scheme's default.
    const auto* scheme = protocol::find_scheme(target.scheme);
    const bool default_port = scheme && scheme->default_port == target.port;
    host_ = protocol::bracket_host(target.host) + (default_port ? "" : ":" + std::to_string(target.port));
    const std::string user = options.user.value_or(target.user);
    const std::string password = options.password.value_or(target.password);
    if (!user.empty() || options.user) authorization_ = "Basic " + protocol::base64_encode(user + ":" + password);
    transport_ = [this](const http_probe_request& request, const protocol::header_list& fields) {
        return send_raw(request, fields);
    };
}

void http_prober::set_transport(http_transport transport, bool over_http2) {
    transport_ = std::move(transport);
    over_http2_ = over_http2;
}

std::string http_prober::request_bytes(const http_probe_request& request, const protocol::header_list& fields) {
    if (request.raw) return *request.raw;
    std::string out = fmt::format("{} {} {}\r\n", request.method, request.target, request.version);
    for (const auto& f : fields) out += f.name + ": " + f.value + "\r\n";
    // One request per connection: every probe starts from a clean connection.
    out += "Connection: close\r\n\r\n";
    out += request.body;
    return out;
}

http_exchange http_prober::send_raw(const http_probe_request& request, const protocol::header_list& fields) {
    const auto* expect = protocol::find_header(request.headers, "Expect");
    if (expect && protocol::iequals(*expect, "100-continue") && !request.body.empty() && !request.raw)
        return send_expecting_continue(request, fields);
    raw_tcp_client client;
    auto exchange = client.exchange_http(raw_, request_bytes(request, fields), request.method, read_);
    client.close();
    return exchange;
}

http_exchange http_prober::send_expecting_continue(const http_probe_request& request,
                                                   const protocol::header_list& fields) {
    const auto bytes = request_bytes(request, fields);
    const auto head = std::string_view(bytes).substr(0, bytes.size() - request.body.size());
    raw_tcp_client client;
    auto first_read = read_;
    first_read.stop_at_interim = true;
    first_read.linger = std::chrono::milliseconds(0);
    auto first = client.exchange_http(raw_, head, request.method, first_read);
    if (!first.response || first.transport_code || first.response->status != 100) {
        client.close();
        return first;  // a final reply without the content, or silence
    }
    auto last = client.exchange_http(raw_, request.body, request.method, read_);
    client.close();
    last.request = std::move(first.request);
    last.sent_raw = bytes;
    last.received_raw = first.received_raw + last.received_raw;
    if (last.response) last.response->interim.insert(last.response->interim.begin(), std::move(*first.response));
    last.duration += first.duration;
    return last;
}

http_exchange http_prober::send(const http_probe_request& request) {
    if (over_http2_ && request.wire_only) {
        http_exchange refused;
        refused.request.method = request.method;
        refused.request.target = request.target;
        refused.set_transport_error({protocol::transport_errc::not_connected,
                                     "a probe about HTTP/1.1 bytes cannot be sent over HTTP/2"});
        return refused;
    }
    protocol::header_list fields;
    if (request.with_host) fields.push_back({"Host", host_});
    fields.push_back({"User-Agent", "replycheck-smoke"});
    if (request.with_credentials) {
        for (const auto& h : options_.headers) fields.push_back(h);
        if (!authorization_.empty()) fields.push_back({"Authorization", authorization_});
    }
    for (const auto& h : request.headers) fields.push_back(h);
    return transport_(request, fields);
}

bool http_prober::ready(probe_builder& b, bool needs_resource, bool wire_only) {
    if (gone_.empty() && timeouts_ >= 2) gone_ = "the server stopped answering (two probes timed out)";
    if (!gone_.empty()) b.skip(gone_);
    else if (needs_resource && !not_here_.empty()) b.skip(not_here_);
    else if (wire_only && over_http2_) b.skip("the probe is about HTTP/1.1 bytes; the connection speaks HTTP/2");
    return !b.skipped();
}

reports::step_result& http_prober::probe(probe_builder& b, const http_probe_request& request, http_exchange* out,
                                         probe_options how) {
    auto exchange = send(request);
    const bool silent = !exchange.response && exchange.transport_code == protocol::transport_errc::timeout;
    if (silent && how.silence_is_verdict) {
        // The probe judges the silence itself (e.g. a server waiting for content never sent).
        exchange.received_raw += "[" + exchange.transport_error + "]";
        exchange.transport_code = {};
        exchange.transport_error.clear();
    } else if (exchange.transport_code == protocol::transport_errc::timeout) {
        ++timeouts_;
    }
    auto findings = protocol::check_http(exchange, checks_);
    const auto* compare_with = how.compare_with ? how.compare_with : (full_ ? &*full_ : nullptr);
    if (compare_with) {
        auto more = protocol::check_http_against_full(exchange, *compare_with, checks_);
        findings.insert(findings.end(), more.begin(), more.end());
    }
    auto& step = b.add_http(exchange, std::move(findings));
    if (out) *out = std::move(exchange);
    return step;
}

http_probe_request http_prober::get(protocol::header_list fields) const {
    http_probe_request r;
    r.target = target_.path;
    r.headers = std::move(fields);
    return r;
}

void http_prober::expect_status(probe_builder& b, reports::step_result& step, const http_exchange& e,
                                std::string_view id, std::initializer_list<int> codes, std::string_view why) {
    const int s = status(e);
    b.expect(step, !e.response || one_of(s, codes), id, codes_text(codes),
             fmt::format("expected {} ({}), got {}", codes_text(codes), why, s));
}

const std::string* http_prober::full_header(std::string_view name) const {
    return full_ ? protocol::find_header(full_->response->headers, name) : nullptr;
}

reports::suite_result http_prober::run() {
    suite_ = {};
    run_basics();
    run_conditionals();
    run_ranges();
    run_methods();
    run_negotiation();
    run_limits();
    run_hygiene();
    return std::move(suite_);
}

}  // namespace detail

reports::suite_result smoke_http(const smoke_target& target, const smoke_options& options) {
    detail::http_prober prober(target, options);
    return prober.run();
}

}  // namespace replycheck::harness
