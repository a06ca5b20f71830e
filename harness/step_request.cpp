// `request` steps: one HTTP exchange through libcurl. Also the HTTP reply handling that raw
// steps share: the conformance rules, the comparison with the full 200, the reply view.

#include <fstream>
#include <sstream>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include "harness/scenario_runner.hpp"

namespace replycheck::harness::detail {

using reports::failure_kind;
using reports::outcome;

namespace {

std::string url_with_query(std::string url, const std::vector<std::pair<std::string, std::string>>& query) {
    if (query.empty()) return url;
    boost::urls::encoding_opts opts;
    bool first = url.find('?') == std::string::npos;
    std::string fragment;
    if (auto hash = url.find('#'); hash != std::string::npos) {
        fragment = url.substr(hash);
        url.resize(hash);
    }
    for (const auto& [k, v] : query) {
        url += first ? '?' : '&';
        first = false;
        url += boost::urls::encode(k, boost::urls::unreserved_chars, opts);
        url += '=';
        url += boost::urls::encode(v, boost::urls::unreserved_chars, opts);
    }
    return url + fragment;
}

}  // namespace

std::string http_transcript(const protocol::http_exchange& exchange) {
    // The transport error closes the transcript, so a cut reply says why it stops.
    return capped(exchange.sent_raw) + "\n" + capped(exchange.received_raw) +
           (exchange.transport_error.empty() ? std::string() : "\n! " + exchange.transport_error + "\n");
}

bool scenario_runner::run(const http_step& h, const step& st, reports::step_result& sr,
                          const conformance_settings& conf, step_outcome& out) {
    http_request_spec spec;
    std::string url;
    if (!expand(h.method, spec.method, sr) || !expand(h.url, url, sr)) return false;
    std::vector<std::pair<std::string, std::string>> query;
    for (const auto& [k, v] : h.query) {
        std::string value;
        if (!expand(v, value, sr)) return false;
        query.emplace_back(k, value);
    }
    spec.url = url_with_query(url, query);
    for (const auto& [k, v] : h.headers) {
        std::string value;
        if (!expand(v, value, sr)) return false;
        spec.headers.push_back({k, value});
    }
    if (h.body) {
        if (!expand(*h.body, spec.body, sr)) return false;
    } else if (h.body_file) {
        std::string name;
        if (!expand(*h.body_file, name, sr)) return false;
        std::filesystem::path p(name);
        if (p.is_relative()) p = suite_.base_dir / p;
        std::ifstream in(p, std::ios::binary);
        if (!in) {
            sr.result = outcome::error;
            sr.failure = failure_kind::transport;
            sr.message = "cannot read body_file " + p.string();
            return false;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        spec.body = buffer.str();
    }
    if (!h.auth_user.empty() || !h.auth_password.empty()) {
        if (!expand(h.auth_user, spec.user, sr) || !expand(h.auth_password, spec.password, sr)) return false;
        switch (h.auth_type) {
            case http_auth_scheme::basic: spec.auth = http_auth::basic; break;
            case http_auth_scheme::digest: spec.auth = http_auth::digest; break;
        }
        redact_.add_secret(spec.password, secret_scope());
    }
    switch (h.version) {
        case http_version_choice::http1_0: spec.version = http_version::http1_0; break;
        case http_version_choice::http1_1: spec.version = http_version::http1_1; break;
        // HTTP/2 over TLS is chosen by ALPN; in clear text only with prior knowledge (RFC 9113 §3).
        case http_version_choice::http2:
            spec.version = spec.url.rfind("https", 0) == 0 ? http_version::http2
                                                           : http_version::http2_prior_knowledge;
            break;
    }
    spec.tls.insecure = h.insecure;
    if (!expand_tls_files(h, spec.tls, sr)) return false;
    spec.follow_redirects = h.follow_redirects;
    spec.max_redirects = h.max_redirects;
    spec.timeout = step_timeout(st);
    spec.connect_timeout = connect_timeout(st);
    auto exchange = worker_.http.perform(spec);
    sr.label = exchange.request.method.empty()
                   ? spec.method + " " + spec.url
                   : fmt::format("{} {} {}", exchange.request.method,
                                 exchange.request.target.empty() ? spec.url : exchange.request.target,
                                 exchange.request.version);
    sr.transcript = http_transcript(exchange);
    http_reply(exchange, conf, out);
    return fill_http_view(std::move(exchange), out.reply);
}

void scenario_runner::http_reply(const protocol::http_exchange& exchange, const conformance_settings& conf,
                                 step_outcome& out) {
    out.reply.http = true;
    out.reply.duration = exchange.duration;
    out.reply.closed = exchange.connection_closed;
    out.fault = {exchange.transport_code, exchange.transport_error};
    if (conf.enabled && exchange.response) {
        // A reply cut short gets only the findings its bytes prove (check_http), and is not
        // compared with the full 200: its fields and content never arrived in full.
        out.findings = protocol::check_http(exchange, conf.options);
        if (!protocol::response_cut_short(exchange)) compare_with_full(exchange, conf, out.findings);
    }
}

/// A 304, a 206 or a HEAD reply must agree with the full 200 GET of the same resource
/// (RFC 9110 §15.4.5, §15.3.7, §9.3.2): the scenario's last 200 GET of that target is kept
/// and later replies are compared with it.
void scenario_runner::compare_with_full(const protocol::http_exchange& exchange, const conformance_settings& conf,
                                        std::vector<protocol::finding>& findings) {
    const auto& response = *exchange.response;
    std::string key = exchange.remote_address + " " + exchange.request.target;
    if (exchange.request.target.empty()) return;
    bool get = protocol::iequals(exchange.request.method, "GET");
    bool head = protocol::iequals(exchange.request.method, "HEAD");
    if (get && response.status == 200 && response.body_complete && response.body.size() <= 1024 * 1024) {
        full_[key] = exchange;
        return;
    }
    if (!(head || (get && (response.status == 304 || response.status == 206)))) return;
    auto it = full_.find(key);
    if (it == full_.end()) return;
    auto more = protocol::check_http_against_full(exchange, it->second, conf.options);
    findings.insert(findings.end(), more.begin(), more.end());
}

bool scenario_runner::fill_http_view(protocol::http_exchange&& exchange, reply_view& reply) {
    if (!exchange.response) return false;
    if (exchange.transport_code) {
        // A reset, a close before the framing said the reply ended (RFC 9112 §6.3, §8), our
        // timeout: the step is that error, with the framing findings. Expectations on part of
        // a reply would pass or fail by chance.
        reply.code = exchange.response->status;
        return false;
    }
    last_http_ = std::move(exchange);
    const auto& r = *last_http_.response;
    reply.code = r.status;
    reply.reason = r.reason;
    reply.headers = &r.headers;
    reply.body = r.body;
    if (r.status >= 400) reply.iis_code = detect_iis_substatus(r.status, r.body);
    return true;
}

}  // namespace replycheck::harness::detail
