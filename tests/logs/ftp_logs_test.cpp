// FTP server logs: vsftpd's protocol log (sessions across the pid change at login, multi-line
// and preliminary replies, passwords), xferlog transfers, and proftpd's CLF command log.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include "logs/log_test_support.hpp"
#include "protocol/logs/ftp_clf_log.hpp"
#include "protocol/logs/vsftpd_log.hpp"

namespace l = replycheck::logs;
using logs_test::fixture;
using logs_test::read_all;

namespace {
std::vector<l::log_record> of_session(const std::vector<l::log_record>& all, const std::string& key) {
    std::vector<l::log_record> r;
    std::copy_if(all.begin(), all.end(), std::back_inserter(r), [&](const auto& e) { return e.session == key; });
    return r;
}
}  // namespace

BOOST_AUTO_TEST_CASE(vsftpd_sessions_survive_the_pid_change_at_login) {
    auto r = read_all(fixture("vsftpd.log"));
    BOOST_TEST((r.format == l::log_format::vsftpd));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_TEST(r.stats.lines == 48u);
    BOOST_TEST(r.records.size() == 20u);

    auto ana = of_session(r.records, "127.0.0.1#1");
    BOOST_REQUIRE_EQUAL(ana.size(), 8u);
    BOOST_TEST(ana[0].method == "CONNECT");
    BOOST_TEST(ana[0].status == 220);
    BOOST_TEST(ana[0].reply_text == "(vsFTPd 3.0.3)");
    BOOST_TEST(ana[1].method == "USER");
    BOOST_TEST(ana[1].target == "ana");
    BOOST_TEST(ana[1].status == 331);
    BOOST_TEST(ana[2].method == "PASS");
    BOOST_TEST(ana[2].target == "***");
    BOOST_TEST(ana[2].status == 230);           // logged by the new post-login process
    BOOST_TEST(ana[3].method == "FEAT");
    BOOST_TEST(ana[3].status == 211);           // the multi-line reply is one answer
    BOOST_TEST(ana[4].method == "PWD");
    BOOST_TEST(ana[4].reply_text == "\"/home/ana\" is the current directory");
    BOOST_TEST(ana[5].method == "EPSV");
    BOOST_TEST(ana[6].method == "RETR");
    BOOST_TEST(ana[6].status == 550);
    BOOST_TEST(ana[7].method == "QUIT");
    BOOST_TEST(ana[7].user == "ana");

    // The anonymous session ran at the same time from the same address.
    auto anon = of_session(r.records, "127.0.0.1#2");
    BOOST_REQUIRE_EQUAL(anon.size(), 6u);
    BOOST_TEST(anon[2].method == "PASS");
    BOOST_TEST(anon[2].status == 230);
    BOOST_TEST(anon[4].method == "RETR");
    BOOST_TEST(anon[4].target == "a.txt");
    BOOST_TEST(anon[4].status == 226);          // the final reply, not the 150 before it
    BOOST_TEST(anon[5].method == "QUIT");

    auto bob = of_session(r.records, "192.0.2.5#1");
    BOOST_REQUIRE_EQUAL(bob.size(), 4u);
    BOOST_TEST(bob[2].status == 530);
    BOOST_TEST(bob[2].target == "***");

    // A command whose reply is not in the log: status 0.
    auto last = of_session(r.records, "127.0.0.1#3");
    BOOST_REQUIRE_EQUAL(last.size(), 2u);
    BOOST_TEST(last[1].method == "NOOP");
    BOOST_TEST(last[1].status == 0);
}

BOOST_AUTO_TEST_CASE(vsftpd_two_anonymous_sessions_at_once) {
    // Both sessions log "[ftp]" after login; the second 230 belongs to the session waiting for
    // its PASS reply, not to the first one whose user name matches.
    auto r = read_all(fixture("vsftpd_interleaved.log"));
    BOOST_TEST(r.stats.malformed == 0u);
    auto first = of_session(r.records, "127.0.0.1#1");
    auto second = of_session(r.records, "127.0.0.1#2");
    BOOST_REQUIRE_EQUAL(first.size(), 5u);
    BOOST_REQUIRE_EQUAL(second.size(), 5u);
    for (const auto* s : {&first, &second}) {
        BOOST_TEST((*s)[0].method == "CONNECT");
        BOOST_TEST((*s)[1].method == "USER");
        BOOST_TEST((*s)[2].method == "PASS");
        BOOST_TEST((*s)[2].status == 230);
        BOOST_TEST((*s)[4].method == "QUIT");
        BOOST_TEST((*s)[4].status == 221);
    }
    BOOST_TEST(first[3].method == "PWD");
    BOOST_TEST(second[3].method == "CWD");
    BOOST_TEST(second[3].status == 550);
    for (const auto& e : r.records) BOOST_TEST(logs_test::all_text(e).find("anon@example.org") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(vsftpd_passwords_appear_in_no_entry) {
    auto r = read_all(fixture("vsftpd.log"));
    for (const auto& e : r.records) {
        auto text = logs_test::all_text(e);
        for (const char* secret : {"s3cr3t-Hunter2", "wrong-Secret-99", "guest-mail@example.org", "<password>"})
            BOOST_TEST(text.find(secret) == std::string::npos, secret << " leaked: " << text);
    }
}

BOOST_AUTO_TEST_CASE(vsftpd_line_split) {
    l::vsftpd_line v;
    std::string why;
    BOOST_TEST(l::split_vsftpd_line(
        R"(Wed Nov 25 18:40:03 2026 [pid 2110] [anonymous] OK LOGIN: Client "::ffff:127.0.0.1", anon password "x@y")", v,
        why));
    BOOST_TEST((v.what == l::vsftpd_line::kind::login_ok));
    BOOST_TEST(v.client == "::ffff:127.0.0.1");
    BOOST_TEST(v.user == "anonymous");
    BOOST_TEST(v.payload.empty());
    BOOST_TEST(v.pid == 2110u);
    BOOST_TEST(!l::split_vsftpd_line("Wed Nov 25 18:40:03 2026 [pid x] CONNECT: Client \"1\"", v, why));
    BOOST_TEST(!l::split_vsftpd_line("Wed Nov 25 18:40:03 2026 [pid 1] FTP command: Client \"1\", \"unterminated", v,
                                     why));
    BOOST_TEST(why == "no quoted text after the client address");
}

BOOST_AUTO_TEST_CASE(vsftpd_log_starting_mid_session) {
    logs_test::temp_dir dir;
    auto file = dir.path / "mid.log";
    std::ofstream(file) << "Wed Nov 25 18:40:02 2026 [pid 7] [ana] FTP command: Client \"10.0.0.1\", \"PWD\"\n"
                           "Wed Nov 25 18:40:02 2026 [pid 7] [ana] FTP response: Client \"10.0.0.1\", \"257 \"/\"\"\n"
                           "Wed Nov 25 18:40:03 2026 [pid 7] [ana] FTP response: Client \"10.0.0.1\", \"421 Timeout.\"\n"
                           "this is not vsftpd\n";
    auto r = read_all(file);
    BOOST_TEST((r.format == l::log_format::vsftpd));
    BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
    BOOST_TEST(r.records[0].method == "PWD");
    BOOST_TEST(r.records[0].session == "10.0.0.1#1");
    BOOST_TEST(r.records[0].user == "ana");
    BOOST_TEST(r.stats.malformed == 1u);
    BOOST_TEST(r.stats.first_malformed[0].ends_with(":4: does not start with a date like 'Wed Nov 25 18:40:01 2026'"));
}

BOOST_AUTO_TEST_CASE(xferlog_transfers_stand_alone) {
    auto r = read_all(fixture("xferlog"));
    BOOST_TEST((r.format == l::log_format::xferlog));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 4u);
    const auto& anon = r.records[0];
    BOOST_TEST((anon.protocol == l::log_protocol::ftp));
    BOOST_TEST(anon.method == "RETR");
    BOOST_TEST(anon.status == 226);
    BOOST_TEST(anon.user == "anonymous");   // the logged e-mail is the anonymous password
    BOOST_TEST(anon.target == "/pub/file.txt");
    BOOST_TEST(anon.bytes.value() == 10240u);
    BOOST_TEST(anon.session.empty());
    BOOST_TEST(logs_test::all_text(anon).find("guest@example.org") == std::string::npos);
    BOOST_TEST(r.records[1].method == "STOR");
    BOOST_TEST(r.records[1].user == "ana");
    BOOST_TEST(r.records[2].target == "/home/ana/big file.bin");
    BOOST_TEST(r.records[2].status == 426);
    BOOST_TEST(r.records[2].time_taken_ms.value() == 12000u);
    BOOST_TEST(r.records[3].method == "DELE");
}

BOOST_AUTO_TEST_CASE(proftpd_extended_log_sessions) {
    auto r = read_all(fixture("proftpd_extended.log"));
    BOOST_TEST((r.format == l::log_format::ftp_clf));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 9u);
    BOOST_TEST(r.records[0].method == "USER");
    BOOST_TEST(r.records[0].session == "127.0.0.1#1");
    BOOST_TEST(r.records[0].user.empty());
    BOOST_TEST(r.records[1].target == "***");
    BOOST_TEST(r.records[4].bytes.value() == 12u);
    BOOST_TEST(!r.records[3].bytes.has_value());
    BOOST_TEST(r.records[5].method == "QUIT");
    BOOST_TEST(r.records[5].session == "127.0.0.1#1");
    BOOST_TEST(r.records[6].session == "127.0.0.1#2");   // USER after QUIT: a new session
    BOOST_TEST(r.records[7].status == 530);
    BOOST_TEST(r.records[8].session == "127.0.0.1#2");
}

BOOST_AUTO_TEST_CASE(pure_ftpd_clf_transfers) {
    l::ftp_clf_parser p;
    l::log_entry e;
    std::string why;
    BOOST_TEST((p.feed(R"(127.0.0.1 - ana [25/Nov/2026:18:40:01 +0000] "GET /srv/a%20b.txt" 200 12)", 1, e, why) ==
                l::line_result::entry));
    BOOST_TEST(e.method == "RETR");
    BOOST_TEST(e.status == 226);
    BOOST_TEST(e.target == "/srv/a%20b.txt");
    BOOST_TEST(e.user == "ana");
    BOOST_TEST(e.session.empty());
    e = {};
    BOOST_TEST((p.feed(R"(127.0.0.1 - ana [25/Nov/2026:18:40:01 +0000] "XYZZY" 500 -)", 2, e, why) ==
                l::line_result::entry));   // unknown commands are logged too
    BOOST_TEST(e.method == "XYZZY");
    BOOST_TEST(e.session == "127.0.0.1#1");
    e = {};
    BOOST_TEST((p.feed(R"(127.0.0.1 - ana [25/Nov/2026:18:40:01 +0000] "<script> x" 500 -)", 3, e, why) ==
                l::line_result::malformed));
    BOOST_TEST(why == "request '<script> x' is not an FTP command");
}
