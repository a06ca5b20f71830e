// The HTTP probes over HTTP/2: the same probes, rules and expectations as over HTTP/1.1, carried
// by libcurl on one reused connection (TLS with ALPN "h2", RFC 9113 §3.2, or cleartext with
// prior knowledge, §3.3). Probes about HTTP/1.1 bytes are skipped. When libcurl refuses a reply
// as malformed (RFC 9113 §8.1.1: it resets the stream), the same request is sent again on a
// connection of our own and the reply read without validation, so the rules can name the field.

#include <memory>

#include <fmt/format.h>

#include "harness/clients/alpn_probe.hpp"
#include "harness/clients/curl_http_client.hpp"
#include "harness/clients/h2_peek_client.hpp"
#include "harness/smoke/http_prober.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::harness {

namespace {

using protocol::http_exchange;

// RFC 9113 §8.2.2: fields an HTTP/2 request must not carry; the authority travels as :authority.
bool sent_over_http2(std::string_view name) {
    return !protocol::iequals(name, "Host") && !protocol::is_connection_specific_field(name);
}

// Faults after which the server's own answer is worth reading: libcurl refused the reply
// (a reset stream, a malformed header block) or the connection ended without one.
bool refused_or_cut(const std::error_code& code) {
    using protocol::transport_errc;
    return code == transport_errc::protocol_violation || code == transport_errc::receive_failed ||
           code == transport_errc::closed_early || code == transport_errc::connection_reset;
}

class http2_transport {
public:
    http2_transport(const smoke_target& target, const smoke_options& options) : target_(target), options_(options) {}

    http_exchange operator()(const detail::http_probe_request& request, const protocol::header_list& fields) {
        http_request_spec spec;
        spec.method = request.method;
        protocol::url url;
        url.scheme = protocol::find_scheme(target_.scheme);
        url.host = target_.host;
        url.port = target_.port;
        url.has_port = true;
        url.target = request.target;
        spec.url = url.display();
        for (const auto& f : fields)
            if (sent_over_http2(f.name)) spec.headers.push_back(f);
        spec.body = request.body;
        spec.version = tls() ? http_version::http2 : http_version::http2_prior_knowledge;
        spec.tls = options_.tls;
        spec.timeout = options_.timeout;
        spec.connect_timeout = options_.timeout;
        auto exchange = client_.perform(spec);
        if (exchange.response || !refused_or_cut(exchange.transport_code)) return exchange;
        return read_again(request, spec, std::move(exchange));
    }

private:
    bool tls() const { return target_.tls == protocol::tls_mode::implicit; }

    // libcurl refused the reply: what did the server send? The refusal stays the exchange's
    // transport error; the reply read without validation is judged by the rules.
    http_exchange read_again(const detail::http_probe_request& request, const http_request_spec& spec,
                             http_exchange refused) {
        h2_peek_request again;
        again.host = target_.host;
        again.port = target_.port;
        again.tls = tls();
        again.tls_settings = options_.tls;
        again.method = request.method;
        again.authority = protocol::bracket_host(target_.host) + ":" + std::to_string(target_.port);
        again.path = request.target;
        again.fields = spec.headers;
        again.body = request.body;
        again.timeout = options_.timeout;
        auto seen = h2_peek(again);
        if (!seen.response) {
            // No reply either way; what the server did instead (GOAWAY, RST_STREAM) says why.
            const auto code = refused.transport_code;
            refused.set_transport_error(
                {static_cast<protocol::transport_errc>(code.value()),
                 fmt::format("{} (read again: {})", refused.transport_error,
                             seen.transport_error.empty() ? std::string("no reply") : seen.transport_error)});
            return refused;
        }
        seen.sent_raw = refused.sent_raw.empty() ? seen.sent_raw : refused.sent_raw;
        seen.received_raw += fmt::format("\n! libcurl refused the reply: {}; shown as read again without validation\n",
                                         refused.transport_error);
        const bool complete = seen.transport_error.empty();
        seen.set_transport_error({protocol::transport_errc::protocol_violation,
                                  "libcurl refused the reply as malformed: " + refused.transport_error});
        if (seen.response && !complete) seen.response->body_complete = false;
        return seen;
    }

    smoke_target target_;
    smoke_options options_;
    curl_http_client client_;  // one connection, reused by every probe
};

// A suite of one skipped scenario: why the HTTP/2 probes did not run.
reports::suite_result not_run(std::string reason) {
    reports::suite_result suite;
    reports::scenario_result sc;
    sc.name = "HTTP/2 available";
    sc.result = reports::outcome::skipped;
    sc.message = std::move(reason);
    suite.scenarios.push_back(std::move(sc));
    return suite;
}

}  // namespace

std::optional<reports::suite_result> smoke_http2(const smoke_target& target, const smoke_options& options) {
    const bool tls = target.tls == protocol::tls_mode::implicit;
    if (!tls && !options.http2) return std::nullopt;  // cleartext HTTP/2 is never guessed
    if (tls) {
        auto offered = probe_alpn(target.host, target.port, options.tls, options.timeout);
        if (offered.protocol != "h2") {
            if (!options.http2) return std::nullopt;
            if (offered.fault)
                return not_run("--http2: the TLS handshake offering h2 failed: " + offered.fault.text);
            return not_run(fmt::format("--http2: offered h2 and http/1.1 by ALPN, the server chose {}: it does "
                                       "not speak HTTP/2 over TLS (RFC 9113 §3.2)",
                                       offered.protocol.empty() ? std::string("none") : offered.protocol));
        }
    } else {
        // Prior knowledge (RFC 9113 §3.3): a server that does not speak HTTP/2 answers the
        // connection preface with something other than SETTINGS, or closes.
        h2_peek_request hello;
        hello.host = target.host;
        hello.port = target.port;
        hello.tls = false;
        hello.method = "HEAD";
        hello.authority = protocol::bracket_host(target.host) + ":" + std::to_string(target.port);
        hello.path = target.path;
        hello.timeout = options.timeout;
        bool spoken = false;
        const auto answer = h2_peek(hello, &spoken);
        if (!spoken)
            return not_run("--http2: the server does not speak HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3): " +
                           (answer.transport_error.empty() ? std::string("no SETTINGS frame") : answer.transport_error));
    }
    detail::http_prober prober(target, options);
    auto transport = std::make_shared<http2_transport>(target, options);
    prober.set_transport([transport](const detail::http_probe_request& request,
                                     const protocol::header_list& fields) { return (*transport)(request, fields); },
                         true);
    return prober.run();
}

}  // namespace replycheck::harness
