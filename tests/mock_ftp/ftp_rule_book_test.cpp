// Rule matching (exact, glob, regex, any) and `times` counting, first match wins.
#include "mockserver/ftp/ftp_rule_book.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace replycheck::mock;

namespace {
ftp_rule make(std::string command, ftp_match_kind kind, std::string argument, std::optional<int> times,
              std::string reply) {
    ftp_rule rule;
    rule.match.command = std::move(command);
    rule.match.kind = kind;
    rule.match.argument = std::move(argument);
    if (kind == ftp_match_kind::regex)
        rule.match.compiled = std::make_shared<const replycheck::protocol::bounded_regex>(rule.match.argument);
    rule.times = times;
    rule.reply = {std::move(reply)};
    return rule;
}
}  // namespace

BOOST_AUTO_TEST_CASE(glob_matching) {
    ftp_rule_match glob{"RETR", ftp_match_kind::glob, "*a*b*c", nullptr};
    BOOST_TEST(ftp_rule_matches(glob, "RETR", "xxaxxbxxc"));
    BOOST_TEST(!ftp_rule_matches(glob, "RETR", "xxaxxcxxb"));
    BOOST_TEST(!ftp_rule_matches(glob, "STOR", "xxaxxbxxc"));
}

BOOST_AUTO_TEST_CASE(match_kinds) {
    ftp_rule_match any;
    BOOST_TEST(ftp_rule_matches(any, "RETR", "x"));
    ftp_rule_match exact{"RETR", ftp_match_kind::exact, "a.txt", nullptr};
    BOOST_TEST(ftp_rule_matches(exact, "RETR", "a.txt"));
    BOOST_TEST(!ftp_rule_matches(exact, "RETR", "b.txt"));
    BOOST_TEST(!ftp_rule_matches(exact, "STOR", "a.txt"));
    ftp_rule_match regex{"", ftp_match_kind::regex, "[0-9]+",
                         std::make_shared<const replycheck::protocol::bounded_regex>("[0-9]+")};
    BOOST_TEST(ftp_rule_matches(regex, "REST", "100"));
    BOOST_TEST(!ftp_rule_matches(regex, "REST", "100x"));
    // Perl syntax, the dialect of scenario expectations.
    ftp_rule_match perl{"", ftp_match_kind::regex, R"(\w+\.(?:txt|md))",
                        std::make_shared<const replycheck::protocol::bounded_regex>(R"(\w+\.(?:txt|md))")};
    BOOST_TEST(ftp_rule_matches(perl, "RETR", "notes.md"));
    BOOST_TEST(!ftp_rule_matches(perl, "RETR", "notes.mdx"));
}

BOOST_AUTO_TEST_CASE(catastrophic_regex_is_no_match_with_a_note) {
    // (a|aa)*b backtracks exponentially over a run of a's that has no b; the matcher must give up
    // within its bound, the rule must not match, and the book must say why (once).
    ftp_rule_book book({make("RETR", ftp_match_kind::regex, "(a|aa)*b", std::nullopt, "550 never"),
                        make("RETR", ftp_match_kind::any, "", std::nullopt, "451 fallback")});
    const std::string argument(4000, 'a');
    const auto start = std::chrono::steady_clock::now();
    const auto* rule = book.take("RETR", argument);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(rule);
    BOOST_TEST(rule->reply[0] == "451 fallback");
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 10);
    book.take("RETR", argument);
    const auto notes = book.notes();
    BOOST_REQUIRE(notes.size() == 1u);
    BOOST_TEST(notes[0].find("too complex to match against 3.9 KB of argument") != std::string::npos, notes[0]);
    BOOST_TEST(notes[0].find("taken as no match") != std::string::npos, notes[0]);
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
