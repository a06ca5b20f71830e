// Fuzzes the incremental HTTP response parser: the input is fed whole and in random chunk
// splits, for a request method chosen by the input; both parses must agree, the record must
// respect the limits, and the conformance rules must accept any record the parser produces.
//
// Layout: [method selector][limits selector][split seed lo][split seed hi][flags][response bytes...]

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/rules/rules.hpp"
#include "protocol/wire/http_response_parser.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck::protocol;
using replycheck::fuzz::byte_reader;
using replycheck::fuzz::split_rng;

namespace {

constexpr std::string_view methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
                                        "CONNECT", "TRACE", "PATCH", "head", "", "BREW"};

std::string describe(const http_response_record& r) {
    std::string out = r.version + " " + std::to_string(r.status) + " [" + r.reason + "] hdrs=" +
                      std::to_string(r.headers.size()) + " body=" + std::to_string(r.body.size()) +
                      " len=" + std::to_string(r.body_length) + " trailing=" +
                      std::to_string(r.trailing_bytes.size()) + " interim=" + std::to_string(r.interim.size()) +
                      " complete=" + std::to_string(r.body_complete) + " errors:";
    for (const auto& e : r.framing_errors) out += " {" + e + "}";
    return out;
}

bool same_headers(const header_list& a, const header_list& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
    return true;
}

bool same_record(const http_response_record& a, const http_response_record& b) {
    if (a.version != b.version || a.status != b.status || a.reason != b.reason ||
        a.status_line != b.status_line || !same_headers(a.headers, b.headers) || a.body != b.body ||
        a.chunked != b.chunked || a.body_complete != b.body_complete ||
        a.trailing_bytes != b.trailing_bytes || a.framing_errors != b.framing_errors ||
        !same_headers(a.trailers, b.trailers) || a.body_length != b.body_length ||
        a.interim.size() != b.interim.size())
        return false;
    for (std::size_t i = 0; i < a.interim.size(); ++i)
        if (!same_record(a.interim[i], b.interim[i])) return false;
    return true;
}

void check_limits(const http_response_record& r, const http_parser_limits& limits, std::string_view method) {
    FUZZ_CHECK(r.body.size() <= limits.max_body_bytes, describe(r));
    FUZZ_CHECK(r.trailing_bytes.size() <= limits.max_trailing_bytes, describe(r));
    FUZZ_CHECK(r.body_length >= r.body.size(), describe(r));
    // RFC 9110 §9.3.2: a response to HEAD carries no content; the parser must not read one.
    // (Without a valid status line the parser keeps everything as body, for display.)
    if (method == "HEAD" && r.status >= 100) FUZZ_CHECK(r.body.empty(), describe(r));
    // RFC 9110 §15.3.5 / §15.4.5: 204 and 304 end at the header section.
    if (r.status == 204 || r.status == 304) FUZZ_CHECK(r.body.empty(), describe(r));
    for (const auto& interim : r.interim) {
        FUZZ_CHECK(interim.status >= 100 && interim.status <= 199, describe(interim));
        FUZZ_CHECK(interim.body.empty(), describe(interim));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    std::string_view method = methods[in.byte() % std::size(methods)];
    http_parser_limits limits;
    switch (in.byte() % 4) {
        case 0: break;
        case 1: limits = {64, 16, 8}; break;
        case 2: limits = {1, 0, 0}; break;
        default: limits = {300, 100, 100}; break;
    }
    split_rng rng(in.u16());
    std::uint8_t flags = in.byte();
    const bool finish = (flags & 1) == 0;
    const std::size_t max_chunk = 1 + (flags >> 1) % 32;
    std::string_view bytes = in.rest();

    http_response_parser whole(method, limits);
    whole.feed(bytes);
    if (finish) whole.finish();

    http_response_parser split(method, limits);
    for (std::size_t pos = 0; pos < bytes.size();) {
        std::size_t n = rng.chunk(max_chunk);
        split.feed(bytes.substr(pos, n));
        pos += n;
        // Bytes fed after done() go to trailing_bytes; done must never flip back.
        if (split.done()) {
            split.feed({});
            FUZZ_CHECK(split.done(), describe(split.record()));
        }
    }
    if (finish) split.finish();

    FUZZ_CHECK(whole.total_bytes() == bytes.size(), describe(whole.record()));
    FUZZ_CHECK(split.total_bytes() == bytes.size(), describe(split.record()));
    FUZZ_CHECK(whole.done() == split.done(), describe(whole.record()) + " | " + describe(split.record()));
    FUZZ_CHECK(same_record(whole.record(), split.record()),
               std::string(bytes.substr(0, 200)) + " || whole: " + describe(whole.record()) +
                   " || split: " + describe(split.record()));
    if (finish) FUZZ_CHECK(whole.done(), describe(whole.record()));
    check_limits(whole.record(), limits, method);

    // Every rule must cope with whatever the parser produced.
    http_exchange exchange;
    exchange.request.method = std::string(method);
    exchange.request.target = "/";
    if (flags & 0x40) exchange.request.headers.push_back({"Range", "bytes=0-9"});
    if (flags & 0x80) exchange.request.headers.push_back({"If-None-Match", "\"x\""});
    exchange.received_raw = std::string(bytes);
    exchange.response = whole.take();
    check_options options;
    auto findings = check_http(exchange, options);
    for (const auto& f : findings) {
        FUZZ_CHECK(!f.rule_id.empty(), f.message);
        FUZZ_CHECK(find_rule(f.rule_id) != nullptr, f.rule_id);
    }
    // Against itself as the "full" 200 response, and against a plain 200.
    check_http_against_full(exchange, exchange, options);
    http_exchange full;
    full.request.method = "GET";
    full.response.emplace();
    full.response->version = "HTTP/1.1";
    full.response->status = 200;
    full.response->headers = {{"Content-Length", "10"}, {"ETag", "\"x\""}};
    full.response->body = "0123456789";
    full.response->body_length = 10;
    check_http_against_full(exchange, full, options);
    return 0;
}
