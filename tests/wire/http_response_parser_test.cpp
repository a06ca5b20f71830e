#include "protocol/wire/http_response_parser.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using replycheck::protocol::find_header;
using replycheck::protocol::http_parser_limits;
using replycheck::protocol::http_response_parser;

namespace {

// Feeds `bytes` in pieces of `step` bytes (1 = byte by byte) to exercise incremental parsing.
http_response_parser parse(std::string_view bytes, std::string_view method = "GET", std::size_t step = 0,
                           bool close = false, http_parser_limits limits = {}) {
    http_response_parser parser(method, limits);
    if (step == 0) {
        parser.feed(bytes);
    } else {
        for (std::size_t i = 0; i < bytes.size(); i += step) parser.feed(bytes.substr(i, step));
    }
    if (close) parser.finish();
    return parser;
}

bool has_error(const http_response_parser& parser, std::string_view fragment) {
    for (const auto& e : parser.record().framing_errors)
        if (e.find(fragment) != std::string::npos) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(content_length_body_complete_and_trailing_bytes_kept) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  spaced  \r\n\r\nhelloEXTRA");
    BOOST_TEST(p.done());
    const auto& r = p.record();
    BOOST_TEST(r.version == "HTTP/1.1");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.reason == "OK");
    BOOST_TEST(r.status_line == "HTTP/1.1 200 OK");
    BOOST_TEST(r.body == "hello");
    BOOST_TEST(r.body_length == 5u);
    BOOST_TEST(r.trailing_bytes == "EXTRA");
    BOOST_TEST(*find_header(r.headers, "x-a") == "spaced");
    BOOST_TEST(r.framing_errors.empty());
}

BOOST_AUTO_TEST_CASE(byte_by_byte_gives_the_same_result) {
    const std::string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n";
    for (std::size_t step : {1u, 2u, 7u, 1000u}) {
        auto p = parse(wire, "GET", step);
        BOOST_TEST(p.done());
        BOOST_TEST(p.record().body == "hello world");
        BOOST_TEST(p.record().chunked);
        BOOST_REQUIRE(p.record().trailers.size() == 1u);
        BOOST_TEST(p.record().trailers[0].name == "X-Checksum");
        BOOST_TEST(p.record().framing_errors.empty());
    }
}

BOOST_AUTO_TEST_CASE(head_response_ends_at_header_section) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", "HEAD");
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().body.empty());
}

BOOST_AUTO_TEST_CASE(not_modified_with_body_shows_as_trailing_bytes) {
    auto p = parse("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\nbody-that-must-not-be-here");
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().status == 304);
    BOOST_TEST(p.record().body.empty());
    BOOST_TEST(p.record().trailing_bytes == "body-that-must-not-be-here");
}

BOOST_AUTO_TEST_CASE(no_content_ignores_content_length) {
    auto p = parse("HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n");
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().body.empty());
}

BOOST_AUTO_TEST_CASE(interim_responses_are_kept) {
    auto p = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                   "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                   "POST", 3);
    BOOST_TEST(p.done());
    const auto& r = p.record();
    BOOST_TEST(r.status == 201);
    BOOST_TEST(r.body == "ok");
    BOOST_REQUIRE(r.interim.size() == 2u);
    BOOST_TEST(r.interim[0].status == 100);
    BOOST_TEST(r.interim[1].status == 103);
    BOOST_TEST(r.interim[1].headers.size() == 1u);
}

BOOST_AUTO_TEST_CASE(switching_protocols_is_final) {
    auto p = parse("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x7f");
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().status == 101);
    BOOST_TEST(p.record().trailing_bytes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(read_until_close) {
    auto p = parse("HTTP/1.0 200 OK\r\n\r\nall of this", "GET");
    BOOST_TEST(!p.done());
    BOOST_TEST(p.reads_until_close());
    p.feed(" and more");
    p.finish();
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().body == "all of this and more");
    BOOST_TEST(p.record().body_complete);
    BOOST_TEST(p.record().framing_errors.empty());
}

BOOST_AUTO_TEST_CASE(truncated_content_length_body) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "GET", 0, true);
    BOOST_TEST(p.done());
    BOOST_TEST(!p.record().body_complete);
    BOOST_TEST(p.record().body == "abc");
    BOOST_TEST(has_error(p, "3 of 10"));
}

BOOST_AUTO_TEST_CASE(truncated_chunked_body) {
    auto p = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "GET", 0, true);
    BOOST_TEST(!p.record().body_complete);
    BOOST_TEST(has_error(p, "chunked"));
}

BOOST_AUTO_TEST_CASE(close_in_headers_and_before_any_byte) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-", "GET", 0, true);
    BOOST_TEST(has_error(p, "header section"));
    auto q = parse("", "GET", 0, true);
    BOOST_TEST(q.done());
    BOOST_TEST(q.empty());
    BOOST_TEST(has_error(q, "before any response byte"));
}

BOOST_AUTO_TEST_CASE(content_length_and_transfer_encoding_together) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    BOOST_TEST(p.done());
    BOOST_TEST(p.record().body == "ok");
    BOOST_TEST(has_error(p, "both Transfer-Encoding and Content-Length"));
}

BOOST_AUTO_TEST_CASE(invalid_and_conflicting_content_length_read_until_close) {
    auto p = parse("HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\nxyz", "GET", 0, true);
    BOOST_TEST(has_error(p, "invalid Content-Length"));
    BOOST_TEST(p.record().body == "xyz");
    auto q = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "GET", 0, true);
    BOOST_TEST(has_error(q, "conflicting Content-Length"));
    BOOST_TEST(q.record().body == "abcd");
    auto r = parse("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc");
    BOOST_TEST(r.done());
    BOOST_TEST(r.record().body == "abc");
}

BOOST_AUTO_TEST_CASE(bad_chunk_size_switches_to_read_until_close) {
    auto p = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nrest", "GET", 0, true);
    BOOST_TEST(has_error(p, "invalid chunk size"));
    BOOST_TEST(p.record().body == "zz\r\nrest");
}

BOOST_AUTO_TEST_CASE(chunk_without_crlf_after_data) {
    auto p = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX0\r\n\r\n");
    BOOST_TEST(has_error(p, "not followed by CRLF"));
}

BOOST_AUTO_TEST_CASE(status_line_deviations) {
    auto a = parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(a.done());
    BOOST_TEST(a.record().status == 200);
    BOOST_TEST(has_error(a, "lacks the space"));
    auto b = parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(b.record().framing_errors.empty());
    BOOST_TEST(b.record().reason.empty());
    auto c = parse("HTTP/1.1 2000 Big\r\n\r\n", "GET", 0, true);
    BOOST_TEST(has_error(c, "not 3 digits"));
    auto d = parse("HTTP/11 200 OK\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(has_error(d, "invalid HTTP version"));
    auto e = parse("SSH-2.0-OpenSSH\r\nhello", "GET", 0, true);
    BOOST_TEST(has_error(e, "invalid status line"));
    BOOST_TEST(e.record().status == 0);
    BOOST_TEST(e.record().body == "SSH-2.0-OpenSSH\r\nhello");
}

BOOST_AUTO_TEST_CASE(header_deviations_are_recorded_and_tolerated) {
    auto p = parse("HTTP/1.1 200 OK\nServer : x\r\nX-Fold: a\r\n  b\r\nNoColon\r\nContent-Length: 0\r\n\r\n");
    BOOST_TEST(p.done());
    BOOST_TEST(has_error(p, "LF without CR"));
    BOOST_TEST(has_error(p, "whitespace between field name and colon"));
    BOOST_TEST(has_error(p, "obsolete line folding"));
    BOOST_TEST(has_error(p, "without colon"));
    BOOST_TEST(*find_header(p.record().headers, "X-Fold") == "a b");
    BOOST_TEST(*find_header(p.record().headers, "Server") == "x");
}

BOOST_AUTO_TEST_CASE(limits) {
    http_parser_limits small;
    small.max_header_bytes = 64;
    auto p = parse("HTTP/1.1 200 OK\r\nX-Long: " + std::string(200, 'a') + "\r\n\r\n", "GET", 0, false, small);
    BOOST_TEST(p.done());
    BOOST_TEST(has_error(p, "header section larger than 64"));
    http_parser_limits capped;
    capped.max_body_bytes = 4;
    auto q = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", "GET", 3, false, capped);
    BOOST_TEST(q.done());
    BOOST_TEST(q.record().body == "0123");
    BOOST_TEST(q.record().body_length == 10u);
    BOOST_TEST(q.body_bytes_seen() == 10u);
}

BOOST_AUTO_TEST_CASE(header_limit_result_does_not_depend_on_read_boundaries) {
    // A tiny limit hit inside the status line: whole and byte-by-byte parses must agree.
    http_parser_limits tiny{1, 0, 0};
    const std::string wire = "HTTP/1.1 200 OK\n\n";
    auto whole = parse(wire, "GET", 0, true, tiny);
    auto split = parse(wire, "GET", 1, true, tiny);
    BOOST_TEST(whole.record().framing_errors == split.record().framing_errors, boost::test_tools::per_element());
    BOOST_TEST(whole.record().trailing_bytes == split.record().trailing_bytes);
    BOOST_TEST(has_error(whole, "header section larger than 1"));
    // A limit that the complete line fits exactly is not exceeded by a partial read.
    http_parser_limits exact{17 + 2, 100, 100};
    auto fits = parse("HTTP/1.1 200 OK\r\n\r\n", "GET", 1, false, exact);
    BOOST_TEST(fits.headers_done());
    BOOST_TEST(fits.record().framing_errors.empty());
    // An overlong chunk-size line is judged the same way whole or split.
    const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + std::string(5000, 'e') + "\r\nx\r\n0\r\n\r\n";
    auto c1 = parse(chunked, "GET", 0, true);
    auto c2 = parse(chunked, "GET", 7, true);
    BOOST_TEST(c1.record().framing_errors == c2.record().framing_errors, boost::test_tools::per_element());
    BOOST_TEST(c1.record().body == c2.record().body);
    BOOST_TEST(has_error(c1, "chunk size line longer than 4096"));
}

BOOST_AUTO_TEST_CASE(transfer_encoding_not_ending_in_chunked) {
    auto p = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nraw", "GET", 0, true);
    BOOST_TEST(has_error(p, "does not end in chunked"));
    BOOST_TEST(p.record().body == "raw");
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
    // A crude fuzz pass: every prefix and every byte mutation of a valid message.
    const std::string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                             "4\r\nabcd\r\n0\r\nT: v\r\n\r\n";
    for (std::size_t i = 0; i <= wire.size(); ++i) {
        auto p = parse(wire.substr(0, i), "GET", 1, true);
        BOOST_TEST(p.done());
    }
    for (std::size_t i = 0; i < wire.size(); ++i) {
        for (char c : {'\0', '\n', '\r', ' ', ':', 'f', '\xff'}) {
            std::string mutated = wire;
            mutated[i] = c;
            auto p = parse(mutated, "GET", 5, true);
            BOOST_TEST(p.done());
        }
    }
}
