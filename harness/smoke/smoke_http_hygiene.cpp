// The HTTP/1.1 request-hygiene probes (RFC 9112): requests a server must refuse, or read in the
// one safe way, so that it and the proxies in front of it agree where each request ends. They
// are about HTTP/1.1 bytes, so they are skipped over HTTP/2.

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
    // A wire-only GET of the URL with `fields`.
    auto wire_get = [&](protocol::header_list fields = {}) {
        auto request = get(std::move(fields));
        request.wire_only = true;
        return request;
    };
    // A wire-only POST of `body` to the URL with `fields` (framing fields included by the caller).
    auto wire_post = [&](protocol::header_list fields, std::string body) {
        auto request = wire_get(std::move(fields));
        request.method = "POST";
        request.body = std::move(body);
        return request;
    };

    // HTTP/1.1 without Host: 400 (RFC 9112 §3.2).
    {
        auto b = begin("HTTP/1.1 without Host gives 400");
        if (ready(b, false, true)) {
            auto request = wire_get();
            request.with_host = false;
            http_exchange e;
            auto& step = probe(b, request, &e);
            expect_status(b, step, e, "smoke.http.no-host-400", {400}, "Host is required in HTTP/1.1");
        }
        add(b);
    }

    // An unsupported major version: 505 (RFC 9110 §15.6.6) is one conformant answer, not the
    // only one: a server may answer a higher version with the highest version it supports
    // (RFC 9110 §6.2, RFC 9112 §2.3), so any other HTTP/1.x reply skips the probe. What it
    // must not do is answer in a version it does not conform to, e.g. echo HTTP/3.1 (§6.2).
    {
        auto b = begin("HTTP/3.1 request line gets 505 or an HTTP/1.x reply");
        if (ready(b, true, true)) {
            auto request = wire_get();
            request.version = "HTTP/3.1";
            http_exchange e;
            auto& step = probe(b, request, &e);
            const bool http1 = e.response && e.response->version.starts_with("HTTP/1.");
            if (http1 && status(e) != 505)
                b.skip(fmt::format("the server answers an HTTP/3.1 request line with {} (RFC 9110 §6.2 lets it "
                                   "answer in its own highest version; 505 is optional)",
                                   first_word_pair(e.response->status_line)));
            else
                b.expect(step, !e.response || http1, "smoke.http.version-echo", "505 or an HTTP/1.x reply",
                         fmt::format("the reply's status line '{}' is not HTTP/1.x: a server must not send a version "
                                     "it does not conform to",
                                     e.response ? first_word_pair(e.response->status_line) : ""));
        }
        add(b);
    }

    // Whitespace between a field name and its colon: 400 (RFC 9112 §5.1), since a proxy may
    // read the field under another name than the server does.
    {
        auto b = begin("space before colon gives 400");
        if (ready(b, false, true)) {
            http_exchange e;
            auto& step = probe(b, wire_get({{"X-Replycheck-Space ", "1"}}), &e);
            expect_status(b, step, e, "smoke.http.space-before-colon-400", {400},
                          "whitespace between a field name and the colon");
        }
        add(b);
    }

    // obs-fold: 400, or the folded line joined to the field with SP (RFC 9112 §5.2). Folding
    // If-None-Match around the current ETag shows which: joined, the tag matches (304);
    // refused, 400; a 200 means the continuation line was read as something else.
    {
        auto b = begin("folded field line gives 400 or is joined");
        if (ready(b, false, true)) {
            const std::string* etag = full_header("ETag");
            if (!full_) b.skip(not_here_.empty() ? "GET did not give a complete 200 to compare with" : not_here_);
            else if (!etag) b.skip("the 200 carries no ETag to fold into If-None-Match");
            else {
                http_exchange e;
                auto& step =
                    probe(b, wire_get({{"If-None-Match", "\"replycheck-" + random_token() + "\",\r\n " + *etag}}), &e);
                b.expect(step, !e.response || status(e) == 400 || status(e) == 304, "smoke.http.obs-fold", "400 or 304",
                         fmt::format("expected 400 (folding refused) or 304 (the folded ETag joined), got {}: the "
                                     "continuation line was neither refused nor joined",
                                     status(e)));
            }
        }
        add(b);
    }

    // Content-Length and Transfer-Encoding together (RFC 9112 §6.1): the server may refuse
    // (400) or read by Transfer-Encoding, and MUST close the connection after answering. The
    // bytes frame differently: by chunked, a second request (a GET) follows the empty body;
    // by Content-Length it is all body. A reply to that GET, or a connection kept open, is the
    // ground for request smuggling.
    {
        auto b = begin("Content-Length with Transfer-Encoding is refused or closed");
        if (ready(b, false, true)) {
            const std::string smuggled = fmt::format("GET {}?replycheck-smuggled HTTP/1.1\r\nHost: {}\r\n"
                                                     "Connection: close\r\n\r\n",
                                                     path_only(), host_);
            const std::string body = "0\r\n\r\n" + smuggled;
            auto request = wire_post({}, body);
            request.raw = fmt::format("POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: replycheck-smoke\r\n"
                                      "Content-Type: text/plain\r\nContent-Length: {}\r\nTransfer-Encoding: chunked\r\n\r\n{}",
                                      target_.path, host_, body.size(), body);
            http_exchange e;
            auto& step = probe(b, request, &e);
            const bool second_reply = e.response && e.response->trailing_bytes.starts_with("HTTP/");
            // Closing counts when seen, or when announced: "close" commits the server (RFC 9112 §9.6).
            const auto* connection = e.response ? protocol::find_header(e.response->headers, "Connection") : nullptr;
            const bool closes = e.connection_closed || (connection && protocol::iequals(*connection, "close"));
            std::string why;
            if (second_reply) why = "the GET inside the body was answered as a second request";
            else if (e.response && status(e) != 400 && !closes)
                why = fmt::format("{} and the connection stayed open", status(e));
            b.expect(step, why.empty(), "smoke.http.cl-te", "400, or one reply and the connection closed",
                     "Content-Length with Transfer-Encoding: " + why);
        }
        add(b);
    }

    // Two different Content-Length values: invalid framing, 400 (RFC 9112 §6.3).
    {
        auto b = begin("two Content-Length values give 400");
        if (ready(b, false, true)) {
            http_exchange e;
            auto& step = probe(b,
                               wire_post({{"Content-Type", "text/plain"}, {"Content-Length", "3"}, {"Content-Length", "5"}},
                                         "abcde"),
                               &e, {.silence_is_verdict = true});
            b.expect(step, status(e) == 400, "smoke.http.duplicate-content-length-400", "400",
                     e.response ? fmt::format("expected 400 (Content-Length 3 and 5 leave the framing unknown), got {}",
                                              status(e))
                                : std::string("no reply: the server waits instead of refusing the framing"));
        }
        add(b);
    }

    // Expect: 100-continue: 100 before the content, or a final status without it (RFC 9110
    // §10.1.1). The content goes only after a 100; silence is the failure.
    {
        auto b = begin("Expect: 100-continue gets 100 or a final status");
        if (ready(b, false, true)) {
            http_exchange e;
            auto& step = probe(b,
                               wire_post({{"Content-Type", "text/plain"}, {"Content-Length", "5"}, {"Expect", "100-continue"}},
                                         "hello"),
                               &e, {.silence_is_verdict = true});
            b.expect(step, e.response.has_value(), "smoke.http.expect-continue", "100 or a final status",
                     "neither 100 (Continue) nor a final status before the content was sent");
        }
        add(b);
    }

    // An expectation the server does not know: 417 (RFC 9110 §10.1.1 makes it a MAY).
    {
        auto b = begin("unknown expectation gets 417");
        if (ready(b, true, true)) {
            http_exchange e;
            auto& step = probe(b, wire_get({{"Expect", "replycheck-unknown"}}), &e);
            expect_status(b, step, e, "smoke.http.unknown-expectation-417", {417}, "the expectation cannot be met");
        }
        add(b);
    }

    // POST without Content-Length or Transfer-Encoding: its content is empty (RFC 9112 §6.3);
    // 411 is the server's right to want a length (RFC 9110 §15.5.12). A server that waits for
    // content never announced hangs the client.
    {
        auto b = begin("POST without a length is answered");
        if (ready(b, false, true)) {
            http_exchange e;
            auto& step = probe(b, wire_post({{"Content-Type", "text/plain"}}, ""), &e, {.silence_is_verdict = true});
            b.expect(step, e.response.has_value(), "smoke.http.post-no-length", "411 or a reply",
                     "no reply: the server waits for content the request does not have");
        }
        add(b);
    }
}

}  // namespace replycheck::harness::detail
