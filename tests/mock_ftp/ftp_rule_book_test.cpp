// Rule matching (exact, glob, regex, any) and `times` counting, first match wins.
#include "mockserver/ftp/ftp_rule_book.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::mock;

namespace {
ftp_rule make(std::string command, ftp_match_kind kind, std::string argument, std::optional<int> times,
              std::string reply) {
    ftp_rule rule;
    rule.match.command = std::move(command);
    rule.match.kind = kind;
    rule.match.argument = std::move(argument);
    if (kind == ftp_match_kind::regex)
        rule.match.compiled = std::make_shared<const std::regex>(rule.match.argument);
    rule.times = times;
    rule.reply = {std::move(reply)};
    return rule;
}
}  // namespace

BOOST_AUTO_TEST_CASE(glob_matching) {
    BOOST_TEST(ftp_glob_match("*.txt", "a.txt"));
    BOOST_TEST(!ftp_glob_match("*.txt", "a.txt.bak"));
    BOOST_TEST(ftp_glob_match("a?c*", "abcdef"));
    BOOST_TEST(ftp_glob_match("*", ""));
    BOOST_TEST(!ftp_glob_match("?", ""));
    BOOST_TEST(ftp_glob_match("*a*b*c", "xxaxxbxxc"));
    BOOST_TEST(!ftp_glob_match("*a*b*c", "xxaxxcxxb"));
}

BOOST_AUTO_TEST_CASE(match_kinds) {
    ftp_rule_match any;
    BOOST_TEST(ftp_rule_matches(any, "RETR", "x"));
    ftp_rule_match exact{"RETR", ftp_match_kind::exact, "a.txt", nullptr};
    BOOST_TEST(ftp_rule_matches(exact, "RETR", "a.txt"));
    BOOST_TEST(!ftp_rule_matches(exact, "RETR", "b.txt"));
    BOOST_TEST(!ftp_rule_matches(exact, "STOR", "a.txt"));
    ftp_rule_match regex{"", ftp_match_kind::regex, "[0-9]+",
                         std::make_shared<const std::regex>("[0-9]+")};
    BOOST_TEST(ftp_rule_matches(regex, "REST", "100"));
    BOOST_TEST(!ftp_rule_matches(regex, "REST", "100x"));
}

BOOST_AUTO_TEST_CASE(first_match_wins_and_times_fall_through) {
    ftp_rule_book book({make("RETR", ftp_match_kind::glob, "*.iso", 2, "550 a"),
                        make("RETR", ftp_match_kind::any, "", std::nullopt, "451 b")});
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "550 a");
    BOOST_TEST(book.take("RETR", "y.txt")->reply[0] == "451 b");
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "550 a");
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "451 b");   // used up
    BOOST_TEST(book.uses(0) == 2u);
    BOOST_TEST(book.uses(1) == 2u);
    BOOST_TEST(book.take("STOR", "x") == nullptr);
    BOOST_TEST(!book.empty());
    BOOST_TEST(ftp_rule_book({}).empty());
}
