// Reply text made safe for one reply line, and inner lines that cannot end a multi-line reply.
#include "mockserver/ftp/ftp_reply_text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using replycheck::mock::ftp_reply_inner_line;
using replycheck::mock::ftp_reply_safe;

BOOST_AUTO_TEST_CASE(plain_text_is_kept) {
    BOOST_TEST(ftp_reply_safe("Rename successful.") == "Rename successful.");
    BOOST_TEST(ftp_reply_safe("\"/a\"\"b\" created.") == "\"/a\"\"b\" created.");
    BOOST_TEST(ftp_reply_safe("") == "");
}

BOOST_AUTO_TEST_CASE(utf8_names_are_kept) {
    // RFC 2640: pathnames are UTF-8; only the bytes that break the framing are escaped.
    BOOST_TEST(ftp_reply_safe("caf\xc3\xa9.txt") == "caf\xc3\xa9.txt");
}

BOOST_AUTO_TEST_CASE(line_breaks_and_control_bytes_are_escaped) {
    BOOST_TEST(ftp_reply_safe("a\r\n226 x") == "a\\x0d\\x0a226 x");
    BOOST_TEST(ftp_reply_safe(std::string("a\0b", 3)) == "a\\x00b");
    BOOST_TEST(ftp_reply_safe("\x1b[31mred\t\x7f") == "\\x1b[31mred\\x09\\x7f");
}

BOOST_AUTO_TEST_CASE(telnet_iac_is_escaped) {
    BOOST_TEST(ftp_reply_safe("a\xff\xf4" "b") == "a\\xff\xf4" "b");
}

BOOST_AUTO_TEST_CASE(inner_line_starting_with_a_digit_is_padded) {
    // RFC 959 §4.2: "211 End" inside a 211 reply would end it early.
    BOOST_TEST(ftp_reply_inner_line("211 End") == " 211 End");
    BOOST_TEST(ftp_reply_inner_line("2") == " 2");
    BOOST_TEST(ftp_reply_inner_line(" -rw-r--r-- 211 End") == " -rw-r--r-- 211 End");
    BOOST_TEST(ftp_reply_inner_line("x\r\n211 End") == "x\\x0d\\x0a211 End");
    BOOST_TEST(ftp_reply_inner_line("") == "");
}
