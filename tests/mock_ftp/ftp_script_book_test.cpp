// Script matching (exact, glob, regex, any) and `times` counting, first match wins.
#include "mockserver/ftp/ftp_script_book.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace replycheck::mock;

namespace {
ftp_script make(std::string command, ftp_match_kind kind, std::string argument, std::optional<int> times,
              std::string reply) {
    ftp_script script;
    script.match.command = std::move(command);
    script.match.kind = kind;
    script.match.argument = std::move(argument);
    if (kind == ftp_match_kind::regex)
        script.match.compiled = std::make_shared<const replycheck::protocol::bounded_regex>(script.match.argument);
    script.times = times;
    script.reply = {std::move(reply)};
    return script;
}
}  // namespace

BOOST_AUTO_TEST_CASE(glob_matching) {
    ftp_script_match glob{"RETR", ftp_match_kind::glob, "*a*b*c", nullptr};
    BOOST_TEST(ftp_script_matches(glob, "RETR", "xxaxxbxxc"));
    BOOST_TEST(!ftp_script_matches(glob, "RETR", "xxaxxcxxb"));
    BOOST_TEST(!ftp_script_matches(glob, "STOR", "xxaxxbxxc"));
}

BOOST_AUTO_TEST_CASE(match_kinds) {
    ftp_script_match any;
    BOOST_TEST(ftp_script_matches(any, "RETR", "x"));
    ftp_script_match exact{"RETR", ftp_match_kind::exact, "a.txt", nullptr};
    BOOST_TEST(ftp_script_matches(exact, "RETR", "a.txt"));
    BOOST_TEST(!ftp_script_matches(exact, "RETR", "b.txt"));
    BOOST_TEST(!ftp_script_matches(exact, "STOR", "a.txt"));
    ftp_script_match regex{"", ftp_match_kind::regex, "[0-9]+",
                         std::make_shared<const replycheck::protocol::bounded_regex>("[0-9]+")};
    BOOST_TEST(ftp_script_matches(regex, "REST", "100"));
    BOOST_TEST(!ftp_script_matches(regex, "REST", "100x"));
    // Perl syntax, the dialect of scenario expectations.
    ftp_script_match perl{"", ftp_match_kind::regex, R"(\w+\.(?:txt|md))",
                        std::make_shared<const replycheck::protocol::bounded_regex>(R"(\w+\.(?:txt|md))")};
    BOOST_TEST(ftp_script_matches(perl, "RETR", "notes.md"));
    BOOST_TEST(!ftp_script_matches(perl, "RETR", "notes.mdx"));
}

BOOST_AUTO_TEST_CASE(catastrophic_regex_is_no_match_with_a_note) {
    // (a|aa)*b backtracks exponentially over a run of a's that has no b; the matcher must give up
    // within its bound, the script must not match, and the book must say why (once).
    ftp_script_book book({make("RETR", ftp_match_kind::regex, "(a|aa)*b", std::nullopt, "550 never"),
                        make("RETR", ftp_match_kind::any, "", std::nullopt, "451 fallback")});
    const std::string argument(4000, 'a');
    const auto start = std::chrono::steady_clock::now();
    const auto script = book.take("RETR", argument);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(script);
    BOOST_TEST(script->reply[0] == "451 fallback");
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 60);   // unbounded: hours
    book.take("RETR", argument);
    const auto notes = book.notes();
    BOOST_REQUIRE(notes.size() == 1u);
    BOOST_TEST(notes[0].find("too complex to match against 3.9 KB of argument") != std::string::npos, notes[0]);
    BOOST_TEST(notes[0].find("taken as no match") != std::string::npos, notes[0]);
    BOOST_TEST(notes[0].starts_with("mock FTP script 'rule 1': "), notes[0]);  // scripts, not conformance rules
}

BOOST_AUTO_TEST_CASE(first_match_wins_and_times_fall_through) {
    ftp_script_book book({make("RETR", ftp_match_kind::glob, "*.iso", 2, "550 a"),
                        make("RETR", ftp_match_kind::any, "", std::nullopt, "451 b")});
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "550 a");
    BOOST_TEST(book.take("RETR", "y.txt")->reply[0] == "451 b");
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "550 a");
    BOOST_TEST(book.take("RETR", "x.iso")->reply[0] == "451 b");   // used up
    BOOST_TEST(book.uses(0) == 2u);
    BOOST_TEST(book.uses(1) == 2u);
    BOOST_TEST(book.take("STOR", "x") == nullptr);
    BOOST_TEST(!book.empty());
    BOOST_TEST(ftp_script_book({}).empty());
}
