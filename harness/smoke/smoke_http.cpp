// The HTTP smoke probes. Every request goes through the raw TCP client so the bytes on the wire
// are exactly what the probe means (no Host when testing its absence, a version libcurl would
// refuse) and so that bytes after a bodiless reply (a body on 304 or HEAD) are seen.

#include <optional>
#include <random>

#include <fmt/format.h>

#include "harness/clients/raw_tcp_client.hpp"
#include "harness/smoke/probe_builder.hpp"
#include "harness/smoke/smoke.hpp"
#include "protocol/url/url.hpp"
#include "protocol/base64.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness {

namespace {

using detail::probe_builder;
using protocol::http_exchange;

// The first line of a field value, capped for a message.
std::string first_line_of(std::string_view value) {
    value = value.substr(0, value.find_first_of("\r\n"));
    return std::string(value.substr(0, 200));
}

// "HTTP/1.1 200" from a status line.
std::string first_word_pair(std::string_view status_line) {
    const auto first = status_line.find(' ');
    if (first == std::string_view::npos) return std::string(status_line.substr(0, 16));
    const auto second = status_line.find(' ', first + 1);
    return std::string(status_line.substr(0, std::min<std::size_t>(second, 32)));
}

std::string random_token() {
    std::random_device rd;
    return fmt::format("{:08x}", rd());
}

struct extra_header {
    std::string name, value;
};

// One probe run: the target, the options, the 200 GET the others compare with.
class http_prober {
public:
    http_prober(const smoke_target& target, const smoke_options& options) : target_(target), options_(options) {
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
    }

    reports::suite_result run();

private:
    // The request bytes: request line, Host (unless dropped), the probe's fields, the user's
    // -H fields and credentials, Connection: close.
    std::string request(std::string_view method, std::string_view target, const std::vector<extra_header>& extra,
                        std::string_view version = "HTTP/1.1", bool with_host = true) const {
        std::string out = fmt::format("{} {} {}\r\n", method, target, version);
        if (with_host) out += "Host: " + host_ + "\r\n";
        out += "User-Agent: replycheck-smoke\r\n";
        for (const auto& h : options_.headers) out += h.name + ": " + h.value + "\r\n";
        if (!authorization_.empty()) out += "Authorization: " + authorization_ + "\r\n";
        for (const auto& h : extra) out += h.name + ": " + h.value + "\r\n";
        out += "Connection: close\r\n\r\n";
        return out;
    }

    http_exchange send(std::string_view method, const std::string& bytes) {
        raw_tcp_client client;
        auto exchange = client.exchange_http(raw_, bytes, method, read_);
        client.close();
        if (exchange.transport_code == protocol::transport_errc::timeout) ++timeouts_;
        return exchange;
    }

    // Sends, checks with the rules (and against the 200 GET when there is one), adds the step.
    reports::step_result& probe(probe_builder& b, std::string_view method, const std::string& bytes,
                                http_exchange* out = nullptr) {
        auto exchange = send(method, bytes);
        auto findings = protocol::check_http(exchange, checks_);
        if (full_) {
            auto more = protocol::check_http_against_full(exchange, *full_, checks_);
            findings.insert(findings.end(), more.begin(), more.end());
        }
        auto& step = b.add_http(exchange, std::move(findings));
        if (out) *out = std::move(exchange);
        return step;
    }

    static int status(const http_exchange& e) { return e.response ? e.response->status : 0; }

    static void expect_status(probe_builder& b, reports::step_result& step, const http_exchange& e,
                              std::string_view id, std::initializer_list<int> codes, std::string_view why) {
        const int s = status(e);
        b.expect(step, !e.response || detail::one_of(s, codes), id, detail::codes_text(codes),
                 fmt::format("expected {} ({}), got {}", detail::codes_text(codes), why, s));
    }

    const std::string* full_header(std::string_view name) const {
        return full_ ? protocol::find_header(full_->response->headers, name) : nullptr;
    }

    std::string path_only() const { return target_.path.substr(0, target_.path.find('?')); }

    void add(reports::suite_result& suite, probe_builder& b) { suite.scenarios.push_back(b.finish()); }

    smoke_target target_;
    smoke_options options_;
    raw_target raw_;
    raw_read_options read_;
    protocol::check_options checks_;
    std::string host_;
    std::string authorization_;
    std::optional<http_exchange> full_;  // the 200 to GET
    int timeouts_ = 0;
};

reports::suite_result http_prober::run() {
    reports::suite_result suite;
    const auto& path = target_.path;
    const bool strict = options_.strict;

    // A server that stopped answering: the remaining probes are skipped, not waited for.
    std::string gone;
    auto runnable = [&](probe_builder& b) {
        if (gone.empty() && timeouts_ >= 2) gone = "the server stopped answering (two probes timed out)";
        if (gone.empty()) return true;
        b.skip(gone);
        suite.scenarios.push_back(b.finish());
        return false;
    };

    // GET: 200 with validators (RFC 9110 §15.3.1, §8.8). A redirect (RFC 9110 §15.4) or a
    // challenge (401/407, §15.5.2, §15.5.8) is a right answer for a URL that is not the
    // resource itself: the probes that need its 200 are skipped, with the reason, not failed.
    std::string not_here;
    int get_status = 0;
    {
        probe_builder b("GET gives 200", strict, options_.allowed);
        http_exchange e;
        auto& step = probe(b, "GET", request("GET", path, {}), &e);
        get_status = status(e);
        if (e.response && get_status >= 300 && get_status < 400) {
            const auto* location = protocol::find_header(e.response->headers, "Location");
            not_here = fmt::format("GET {} answered {}{}: smoke the final URL", path_only(), get_status,
                                   location ? " to " + first_line_of(*location) : std::string());
        } else if (e.response && (get_status == 401 || get_status == 407)) {
            const bool credentials = !authorization_.empty();
            not_here = fmt::format("GET {} answered {}: {}", path_only(), get_status,
                                   get_status == 407 ? "a proxy asks for credentials"
                                   : credentials     ? "the credentials given were refused (--user/--password)"
                                                     : "the URL needs credentials (--user/--password)");
        }
        if (!not_here.empty()) b.skip(not_here);
        else expect_status(b, step, e, "smoke.http.get-200", {200}, "the URL names a resource");
        if (!e.response) gone = "the server did not answer GET: " + e.transport_error;
        else if (e.response->status == 200 && e.response->body_complete) full_ = e;
        add(suite, b);
    }
    // Probes whose expectation needs the URL to be the resource itself: like runnable(), and
    // skipped (and added) when GET was redirected or challenged.
    auto runnable_resource = [&](probe_builder& b) {
        if (!runnable(b)) return false;
        if (not_here.empty()) return true;
        b.skip(not_here);
        suite.scenarios.push_back(b.finish());
        return false;
    };
    const std::string no_full = not_here.empty() ? "GET did not give a complete 200 to compare with" : not_here;
    const std::string length = full_ ? std::to_string(full_->response->body.size()) : "0";
    const std::string* etag = full_header("ETag");
    const std::string* last_modified = full_header("Last-Modified");
    const std::string* accept_ranges = full_header("Accept-Ranges");
    const bool ranges_refused = accept_ranges && protocol::iequals(*accept_ranges, "none");
    const std::size_t size = full_ ? full_->response->body.size() : 0;

    // HEAD: the header section of GET, no content (RFC 9110 §9.3.2).
    {
        probe_builder b("HEAD matches GET", strict, options_.allowed);
        if (runnable_resource(b)) {
            http_exchange e;
            auto& step = probe(b, "HEAD", request("HEAD", path, {}), &e);
            const int want = get_status > 0 ? get_status : 200;
            b.expect(step, !e.response || status(e) == want, "smoke.http.head-as-get", std::to_string(want),
                     fmt::format("expected {} (as GET), got {}", want, status(e)));
            add(suite, b);
        }
    }

    // If-None-Match with the current ETag: 304 (RFC 9110 §13.1.2).
    {
        probe_builder b("If-None-Match gives 304", strict, options_.allowed);
        if (runnable(b)) {
            if (!full_) b.skip(no_full);
            else if (!etag) b.skip("the 200 carries no ETag");
            else {
                http_exchange e;
                auto& step = probe(b, "GET", request("GET", path, {{"If-None-Match", *etag}}), &e);
                expect_status(b, step, e, "smoke.http.if-none-match-304", {304}, "the ETag is current");
            }
            add(suite, b);
        }
    }

    // If-Modified-Since with Last-Modified: 304 (RFC 9110 §13.1.3).
    {
        probe_builder b("If-Modified-Since gives 304", strict, options_.allowed);
        if (runnable(b)) {
            if (!full_) b.skip(no_full);
            else if (!last_modified) b.skip("the 200 carries no Last-Modified");
            else {
                http_exchange e;
                auto& step = probe(b, "GET", request("GET", path, {{"If-Modified-Since", *last_modified}}), &e);
                expect_status(b, step, e, "smoke.http.if-modified-since-304", {304}, "not modified since Last-Modified");
            }
            add(suite, b);
        }
    }

    // If-Match with a tag that cannot match: 412 (RFC 9110 §13.1.1).
    {
        probe_builder b("If-Match mismatch gives 412", strict, options_.allowed);
        if (runnable(b)) {
            if (!full_) b.skip(no_full);
            else if (!etag) b.skip("the 200 carries no ETag, so If-Match cannot be evaluated");
            else {
                http_exchange e;
                auto& step = probe(b, "GET",
                                   request("GET", path, {{"If-Match", "\"replycheck-" + random_token() + "\""}}), &e);
                expect_status(b, step, e, "smoke.http.if-match-412", {412}, "the entity-tag does not match");
            }
            add(suite, b);
        }
    }

    // Range: 206 with the right bytes (RFC 9110 §14.2, §15.3.7); ignoring Range is allowed.
    bool ranges_supported = false;
    {
        probe_builder b("Range gives 206", strict, options_.allowed);
        if (runnable(b)) {
            if (!full_) b.skip(no_full);
            else if (ranges_refused) b.skip("the server announces Accept-Ranges: none");
            else if (size < 2) b.skip("the representation is too short for a range");
            else {
                const auto last = std::min<std::size_t>(size, 10) - 1;
                http_exchange e;
                auto& step = probe(b, "GET", request("GET", path, {{"Range", fmt::format("bytes=0-{}", last)}}), &e);
                if (status(e) == 200) b.skip("the server ignores Range (RFC 9110 §14.2 allows it)");
                else {
                    expect_status(b, step, e, "smoke.http.range-206", {206}, "a satisfiable range");
                    ranges_supported = status(e) == 206;
                }
            }
            add(suite, b);
        }
    }
    const std::string no_ranges = not_here.empty() ? "the server does not answer ranges with 206" : not_here;

    // Several ranges: multipart/byteranges, or one coalesced part (RFC 9110 §15.3.7.2).
    {
        probe_builder b("several ranges give 206", strict, options_.allowed);
        if (runnable(b)) {
            if (!ranges_supported) b.skip(no_ranges);
            else if (size < 4) b.skip("the representation is too short for two ranges");
            else {
                http_exchange e;
                auto& step = probe(b, "GET", request("GET", path, {{"Range", "bytes=0-0,2-3"}}), &e);
                if (status(e) == 200) b.skip("the server answers several ranges with the whole representation");
                else expect_status(b, step, e, "smoke.http.ranges-206", {206}, "satisfiable ranges");
            }
            add(suite, b);
        }
    }

    // An unsatisfiable range: 416 with Content-Range: bytes */length (RFC 9110 §15.5.17).
    {
        probe_builder b("unsatisfiable Range gives 416", strict, options_.allowed);
        if (runnable(b)) {
            if (!ranges_supported) b.skip(no_ranges);
            else {
                http_exchange e;
                auto& step = probe(b, "GET", request("GET", path, {{"Range", "bytes=" + length + "-"}}), &e);
                if (status(e) == 200) b.skip("the server ignores an unsatisfiable Range (allowed)");
                else expect_status(b, step, e, "smoke.http.range-416", {416}, "the first position is past the end");
            }
            add(suite, b);
        }
    }

    // If-Range with a stale validator: the whole 200, not 206 (RFC 9110 §13.1.5).
    {
        probe_builder b("stale If-Range gives 200", strict, options_.allowed);
        if (runnable(b)) {
            if (!ranges_supported) b.skip(no_ranges);
            else {
                const std::string validator = etag ? "\"replycheck-stale-" + random_token() + "\""
                                                   : std::string("Sat, 01 Jan 2000 00:00:00 GMT");
                http_exchange e;
                auto& step =
                    probe(b, "GET", request("GET", path, {{"Range", "bytes=0-0"}, {"If-Range", validator}}), &e);
                expect_status(b, step, e, "smoke.http.if-range-200", {200}, "the If-Range validator does not match, so Range is ignored");
            }
            add(suite, b);
        }
    }

    // OPTIONS: whatever the answer, the rules hold (a 405 needs Allow, RFC 9110 §15.5.6).
    {
        probe_builder b("OPTIONS", strict, options_.allowed);
        if (runnable(b)) {
            http_exchange e;
            auto& step = probe(b, "OPTIONS", request("OPTIONS", path, {}), &e);
            b.expect(step, !e.response || status(e) < 500 || status(e) == 501, "smoke.http.options", "2xx, 405 or 501",
                     fmt::format("OPTIONS answered {}", status(e)));
            add(suite, b);
        }
    }

    // A method the resource does not support: 405 with Allow, or 501 (RFC 9110 §9.1, §15.5.6).
    {
        probe_builder b("unknown method gives 405 or 501", strict, options_.allowed);
        if (runnable_resource(b)) {
            http_exchange e;
            auto& step = probe(b, "REPLYCHECK", request("REPLYCHECK", path, {}), &e);
            expect_status(b, step, e, "smoke.http.unknown-method-405-501", {405, 501}, "the method is not supported");
            add(suite, b);
        }
    }

    // A missing path: 404 or 410 (RFC 9110 §15.5.5).
    {
        probe_builder b("missing path gives 404", strict, options_.allowed);
        if (runnable_resource(b)) {
            const auto dir = path_only().substr(0, path_only().rfind('/') + 1);
            http_exchange e;
            auto& step = probe(b, "GET", request("GET", dir + "replycheck-missing-" + random_token(), {}), &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server answers every path (a catch-all route)");
            else expect_status(b, step, e, "smoke.http.missing-404", {404, 410}, "no such resource");
            add(suite, b);
        }
    }

    // A 16 KiB request-target: 414 (RFC 9110 §15.5.15; 8000 octets SHOULD be supported).
    {
        probe_builder b("long URI gives 414", strict, options_.allowed);
        if (runnable_resource(b)) {
            const std::string target = path_only() + "?replycheck=" + std::string(16 * 1024, 'a');
            http_exchange e;
            auto& step = probe(b, "GET", request("GET", target, {}), &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server accepts a 16 KiB request-target");
            else expect_status(b, step, e, "smoke.http.long-uri-414", {414}, "the request-target is longer than the server parses");
            add(suite, b);
        }
    }

    // A 48 KiB header section (48 fields of 1 KiB): 431 or 400 (RFC 6585 §5).
    {
        probe_builder b("oversized header section gives 431 or 400", strict, options_.allowed);
        if (runnable_resource(b)) {
            std::vector<extra_header> padding;
            for (int i = 0; i < 48; ++i)
                padding.push_back({fmt::format("X-Replycheck-Padding-{}", i), std::string(1000, 'a')});
            http_exchange e;
            auto& step = probe(b, "GET", request("GET", path, padding), &e);
            if (status(e) >= 200 && status(e) < 300) b.skip("the server accepts a 48 KiB header section");
            else expect_status(b, step, e, "smoke.http.large-headers-431", {431, 400}, "the header section is larger than the server accepts");
            add(suite, b);
        }
    }

    // HTTP/1.1 without Host: 400 (RFC 9112 §3.2).
    {
        probe_builder b("HTTP/1.1 without Host gives 400", strict, options_.allowed);
        if (runnable(b)) {
            http_exchange e;
            auto& step = probe(b, "GET", request("GET", path, {}, "HTTP/1.1", false), &e);
            expect_status(b, step, e, "smoke.http.no-host-400", {400}, "Host is required in HTTP/1.1");
            add(suite, b);
        }
    }

    // An unsupported major version: 505 (RFC 9110 §15.6.6) is one conformant answer, not the
    // only one: a server may answer a higher version with the highest version it supports
    // (RFC 9110 §6.2, RFC 9112 §2.3), so any other HTTP/1.x reply skips the probe. The rules
    // still judge that reply (a status line is needed, RFC 9112 §4).
    {
        probe_builder b("HTTP/3.1 request line gives 505", strict, options_.allowed);
        if (runnable_resource(b)) {
            http_exchange e;
            auto& step = probe(b, "GET", request("GET", path, {}, "HTTP/3.1"), &e);
            if (e.response && status(e) != 505 && e.response->status_line.starts_with("HTTP/1."))
                b.skip(fmt::format("the server answers an HTTP/3.1 request line with {} (RFC 9110 §6.2 lets it "
                                   "answer in its own highest version; 505 is optional)",
                                   first_word_pair(e.response->status_line)));
            else
                expect_status(b, step, e, "smoke.http.version-505", {505}, "major version 3 is not HTTP/1.x");
            add(suite, b);
        }
    }
    return suite;
}

}  // namespace

reports::suite_result smoke_http(const smoke_target& target, const smoke_options& options) {
    http_prober prober(target, options);
    return prober.run();
}

}  // namespace replycheck::harness
