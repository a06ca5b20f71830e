#include "protocol/wire/ftp_reply_parser.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using replycheck::protocol::ftp_parser_limits;
using replycheck::protocol::ftp_reply_parser;
using replycheck::protocol::ftp_reply_record;

namespace {

std::vector<ftp_reply_record> replies(std::string_view bytes, std::size_t step = 0, bool close = false,
                                      ftp_parser_limits limits = {}) {
    ftp_reply_parser parser(limits);
    if (step == 0) parser.feed(bytes);
    else
        for (std::size_t i = 0; i < bytes.size(); i += step) parser.feed(bytes.substr(i, step));
    if (close) parser.finish();
    std::vector<ftp_reply_record> out;
    while (auto r = parser.next()) out.push_back(std::move(*r));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(single_line_replies) {
    auto r = replies("220 Service ready\r\n331 Password required\r\n");
    BOOST_REQUIRE(r.size() == 2u);
    BOOST_TEST(r[0].code == 220);
    BOOST_TEST(!r[0].multiline);
    BOOST_TEST(r[0].lines[0] == "220 Service ready");
    BOOST_TEST(r[0].raw == "220 Service ready\r\n");
    BOOST_TEST(r[0].crlf);
    BOOST_TEST(r[0].format_errors.empty());
    BOOST_TEST(r[1].code == 331);
}

BOOST_AUTO_TEST_CASE(preliminary_and_final_in_one_read) {
    auto r = replies("150 Opening data connection\r\n226 Transfer complete\r\n");
    BOOST_REQUIRE(r.size() == 2u);
    BOOST_TEST(r[0].code == 150);
    BOOST_TEST(r[1].code == 226);
}

BOOST_AUTO_TEST_CASE(multiline_with_digit_lines_inside) {
    const std::string wire = "211-Features:\r\n MDTM\r\n226 is not the end\r\n211-still going\r\n211 End\r\n200 next\r\n";
    for (std::size_t step : {0u, 1u, 4u}) {
        auto r = replies(wire, step);
        BOOST_REQUIRE(r.size() == 2u);
        BOOST_TEST(r[0].code == 211);
        BOOST_TEST(r[0].multiline);
        BOOST_TEST(r[0].lines.size() == 5u);
        BOOST_TEST(r[0].lines.back() == "211 End");
        BOOST_TEST(r[0].format_errors.empty());
        BOOST_TEST(r[1].code == 200);
    }
}

BOOST_AUTO_TEST_CASE(lf_only_lines_are_flagged) {
    auto r = replies("220 hi\n");
    BOOST_REQUIRE(r.size() == 1u);
    BOOST_TEST(!r[0].crlf);
    BOOST_TEST(r[0].lines[0] == "220 hi");
}

BOOST_AUTO_TEST_CASE(malformed_lines_become_code_zero_replies) {
    auto r = replies("hello there\r\n22 short\r\n220x\r\n");
    BOOST_REQUIRE(r.size() == 3u);
    for (const auto& reply : r) {
        BOOST_TEST(reply.code == 0);
        BOOST_TEST(!reply.format_errors.empty());
    }
    auto bare = replies("200\r\n");
    BOOST_REQUIRE(bare.size() == 1u);
    BOOST_TEST(bare[0].code == 200);
    BOOST_TEST(!bare[0].format_errors.empty());
}

BOOST_AUTO_TEST_CASE(incomplete_reply_waits_then_close_flushes) {
    ftp_reply_parser parser;
    parser.feed("230-Welcome\r\nline two\r\n");
    BOOST_TEST(!parser.has_reply());
    BOOST_TEST(parser.in_reply());
    parser.feed("230 ");
    BOOST_TEST(!parser.has_reply());
    parser.finish();
    auto reply = parser.next();
    BOOST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->code == 230);
    BOOST_TEST(reply->format_errors.size() >= 1u);
}

BOOST_AUTO_TEST_CASE(unterminated_single_line_at_close) {
    auto r = replies("421 bye", 0, true);
    BOOST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].code == 421);
    BOOST_TEST(!r[0].crlf);
    BOOST_TEST(!r[0].format_errors.empty());
}

BOOST_AUTO_TEST_CASE(long_lines_are_cut) {
    ftp_parser_limits limits;
    limits.max_line_bytes = 16;
    auto r = replies("200 " + std::string(100, 'x') + "\r\n", 0, false, limits);
    BOOST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].lines[0].size() == 16u);
    BOOST_TEST(!r[0].format_errors.empty());
}

BOOST_AUTO_TEST_CASE(too_many_lines_are_dropped_but_end_detected) {
    ftp_parser_limits limits;
    limits.max_lines = 3;
    std::string wire = "250-a\r\n";
    for (int i = 0; i < 10; ++i) wire += " x\r\n";
    wire += "250 end\r\n";
    auto r = replies(wire, 0, false, limits);
    BOOST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].lines.size() == 4u);
    BOOST_TEST(!r[0].format_errors.empty());
}

BOOST_AUTO_TEST_CASE(a_reply_past_the_byte_limit_stops_the_parser) {
    ftp_parser_limits limits;
    limits.max_reply_bytes = 100;
    // Endless continuation lines, and one endless line: both stop at byte 101.
    std::string lines = "220-greeting\r\n";
    while (lines.size() < 1000) lines += "220-more\r\n";
    ftp_reply_parser many(limits);
    many.feed(lines);
    BOOST_TEST(many.too_large());
    many.finish();
    auto r = many.next();
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->code == 0);
    BOOST_TEST(r->raw.size() <= 100u);
    BOOST_TEST(r->format_errors.back() == "reply larger than 100 bytes; the rest was not read");
    BOOST_TEST(!many.next().has_value());
    many.feed("220 ready\r\n");  // the stream can no longer be split into replies
    many.finish();
    BOOST_TEST(!many.has_reply());

    ftp_reply_parser endless(limits);
    endless.feed("200 " + std::string(1000, 'x'));
    BOOST_TEST(endless.too_large());
    endless.finish();
    r = endless.next();
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->code == 0);
    BOOST_REQUIRE(r->lines.size() == 1u);
    BOOST_TEST(r->lines[0].starts_with("200 xxx"));
    BOOST_TEST(r->lines[0].size() <= 100u);
}

BOOST_AUTO_TEST_CASE(replies_within_the_byte_limit_reset_the_count) {
    // The limit is per reply: many short replies in a row are fine.
    ftp_parser_limits limits;
    limits.max_reply_bytes = 16;
    std::string wire;
    for (int i = 0; i < 100; ++i) wire += "200 ok\r\n";
    auto r = replies(wire, 3, true, limits);
    BOOST_TEST(r.size() == 100u);
}
