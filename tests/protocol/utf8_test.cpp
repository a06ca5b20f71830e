// UTF-8 checks (RFC 3629) and the escaping that makes any bytes safe for a console or a TOML file.
#include "protocol/utf8.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::protocol;

BOOST_AUTO_TEST_CASE(valid_utf8_refuses_broken_overlong_and_surrogate_forms) {
    BOOST_TEST(valid_utf8("caf\xc3\xa9"));
    BOOST_TEST(!valid_utf8("caf\xe9"));
    BOOST_TEST(!valid_utf8("\xc0\xaf"));            // overlong '/'
    BOOST_TEST(!valid_utf8("\xed\xa0\x80"));        // U+D800
    BOOST_TEST(!valid_utf8("\xf4\x90\x80\x80"));    // past U+10FFFF
}

BOOST_AUTO_TEST_CASE(visible_text_percent_encodes_what_is_not_printable_utf8) {
    BOOST_TEST(visible_text("/caf\xe9.txt?q=\xff") == "/caf%E9.txt?q=%FF");
    BOOST_TEST(visible_text("/caf\xc3\xa9 100%") == "/caf\xc3\xa9 100%");    // UTF-8 and '%' stay
    BOOST_TEST(visible_text(std::string("a\r\nb\x7f\0c\t", 8)) == "a%0D%0Ab%7F%00c%09");
    BOOST_TEST(visible_text("\x1b[2J") == "%1B[2J");                           // a terminal escape
    BOOST_TEST(visible_text("x\xc2\x9b" "y") == "x%C2%9By");                  // C1 CSI, escaped whole
    BOOST_TEST(visible_text("\xe2\x82") == "%E2%82");                        // a cut character
    BOOST_TEST(valid_utf8(visible_text("\xc0\xaf\xed\xa0\x80\xf8")));
}
