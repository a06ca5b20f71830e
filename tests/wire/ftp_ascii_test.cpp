// TYPE A conversion (RFC 959 §3.1.1.1) in both directions, whole and split at every byte.
#include "protocol/wire/ftp_ascii.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using replycheck::protocol::ftp_ascii_decoder;
using replycheck::protocol::ftp_ascii_encoder;

namespace {

std::string encode(std::string_view text, std::size_t split) {
    ftp_ascii_encoder encoder;
    std::string out;
    encoder.encode(text.substr(0, split), out);
    encoder.encode(text.substr(split), out);
    return out;
}

std::string decode(std::string_view wire, std::size_t split) {
    ftp_ascii_decoder decoder;
    std::string out;
    decoder.decode(wire.substr(0, split), out);
    decoder.decode(wire.substr(split), out);
    decoder.finish(out);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(encoder_turns_lf_into_crlf_and_keeps_crlf) {
    const std::string text = "one\ntwo\r\nbare\rcr\n\n";
    for (std::size_t split = 0; split <= text.size(); ++split)
        BOOST_TEST(encode(text, split) == "one\r\ntwo\r\nbare\rcr\r\n\r\n", "split at " << split);
}

BOOST_AUTO_TEST_CASE(decoder_turns_crlf_into_lf_and_keeps_bare_cr) {
    const std::string wire = "one\r\ntwo\r\nbare\rcr\r\n\r";
    for (std::size_t split = 0; split <= wire.size(); ++split)
        BOOST_TEST(decode(wire, split) == "one\ntwo\nbare\rcr\n\r", "split at " << split);
}

BOOST_AUTO_TEST_CASE(binary_bytes_pass_unchanged) {
    const std::string bytes("\x00\x01\xff text", 8);
    BOOST_TEST(encode(bytes, 3) == bytes);
    BOOST_TEST(decode(bytes, 3) == bytes);
}

BOOST_AUTO_TEST_CASE(a_round_trip_restores_lf_text) {
    const std::string text = "a\nb\n\nc";
    BOOST_TEST(decode(encode(text, 2), 4) == text);
}

BOOST_AUTO_TEST_CASE(empty_input_gives_empty_output) {
    BOOST_TEST(encode("", 0) == "");
    BOOST_TEST(decode("", 0) == "");
}
