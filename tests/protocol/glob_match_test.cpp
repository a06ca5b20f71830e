// Wildcards of mock rules: whole-text match, `*` any run (also '/'), `?` one character.
#include "protocol/glob_match.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using replycheck::protocol::glob_match;

BOOST_AUTO_TEST_CASE(wildcards) {
    BOOST_TEST(glob_match("*.txt", "a.txt"));
    BOOST_TEST(!glob_match("*.txt", "a.txt.bak"));
    BOOST_TEST(glob_match("a?c*", "abcdef"));
    BOOST_TEST(glob_match("*", ""));
    BOOST_TEST(!glob_match("?", ""));
    BOOST_TEST(glob_match("/img/*.png", "/img/a/b.png"));
    BOOST_TEST(glob_match("*a*b*c", "xxaxxbxxc"));
    BOOST_TEST(!glob_match("*a*b*c", "xxaxxcxxb"));
    BOOST_TEST(glob_match("", ""));
    BOOST_TEST(!glob_match("", "x"));
}

BOOST_AUTO_TEST_CASE(many_stars_end_quickly) {
    // One backtrack point (the last star): no exponential search over a long subject.
    const std::string text(100000, 'a');
    BOOST_TEST(!glob_match("*a*a*a*a*a*a*a*a*b", text));
    BOOST_TEST(glob_match("*a*a*a*a*a*a*a*a*", text));
}
