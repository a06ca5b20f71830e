// What the HTTP journal shows of a request: cookies, secret-named fields, secret query
// parameters and form fields masked in every part (entries, JSON, console line), the entry as
// received kept for to_json(true) only.

#include "mockserver/http/http_journal.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using replycheck::mock::http_journal;
using replycheck::mock::http_journal_entry;

namespace {

http_journal_entry request_with_secrets() {
    http_journal_entry e;
    e.method = "POST";
    e.target = "/login?access_token=T0k3nQ&page=2";
    e.version = "HTTP/1.1";
    e.headers = {{"Host", "x"}, {"Cookie", "sid=S3cr3tC00kie; theme=dark"}, {"X-Api-Key", "K3yV4lue"},
                 {"Content-Type", "application/x-www-form-urlencoded"}, {"Transfer-Encoding", "chunked"}};
    // Chunks may cut a field in the raw bytes; the decoded content is masked all the same.
    e.body = "user=a&password=P4ssW0rd";
    e.raw = "POST /login?access_token=T0k3nQ&page=2 HTTP/1.1\r\nHost: x\r\nCookie: sid=S3cr3tC00kie; theme=dark\r\n"
            "X-Api-Key: K3yV4lue\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
            "a\r\nuser=a&pas\r\nf\r\nsword=P4ssW0rd\r\n0\r\n\r\n";
    e.status = 200;
    return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(secrets_are_masked_in_every_part_of_an_entry) {
    http_journal j;
    std::string console;
    j.set_observer([&](const http_journal_entry& shown, const http_journal_entry&) { console = summary(shown); });
    j.record(request_with_secrets());
    const auto e = j.snapshot().at(0);
    BOOST_TEST(e.target == "/login?access_token=***&page=2");
    BOOST_TEST(e.header("Cookie") == "sid=***; theme=***");
    BOOST_TEST(e.header("X-Api-Key") == "***");
    BOOST_TEST(e.header("Host") == "x");
    BOOST_TEST(e.body == "user=a&password=***");
    BOOST_TEST(e.raw.starts_with("POST /login?access_token=***&page=2 HTTP/1.1\r\nHost: x\r\nCookie: sid=***; theme=***\r\n"
                                 "X-Api-Key: ***\r\n"));
    BOOST_TEST(e.raw.ends_with("chunked\r\n\r\n***"));
    BOOST_TEST(console == "http #1 - \"POST /login?access_token=***&page=2 HTTP/1.1\" 200");
    const auto shown = boost::json::serialize(j.to_json());
    for (const char* secret : {"T0k3nQ", "S3cr3tC00kie", "K3yV4lue", "P4ssW0rd"}) {
        BOOST_TEST(shown.find(secret) == std::string::npos, secret);
        BOOST_TEST(console.find(secret) == std::string::npos, secret);
    }
    BOOST_TEST(boost::json::serialize(j.to_json(true)).find("S3cr3tC00kie") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_entry_without_secrets_is_shown_as_received) {
    http_journal j;
    http_journal_entry e;
    e.method = "GET";
    e.target = "/a?author=ann&monkey=1";
    e.version = "HTTP/1.1";
    e.headers = {{"Host", "x"}, {"Keep-Alive", "5"}};
    e.raw = "GET /a?author=ann&monkey=1 HTTP/1.1\r\nHost: x\r\nKeep-Alive: 5\r\n\r\n";
    j.record(e);
    const auto got = j.snapshot().at(0);
    BOOST_TEST(got.target == e.target);
    BOOST_TEST(got.raw == e.raw);
    BOOST_TEST(got.header("Keep-Alive") == "5");
}
