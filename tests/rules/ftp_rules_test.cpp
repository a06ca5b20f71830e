// Every FTP rule fails on a crafted session that breaks it and passes on one that keeps it.
// Replies are parsed from raw control-connection bytes with protocol/wire's ftp_reply_parser.
#include "protocol/rules/rules.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "protocol/wire/ftp_reply_parser.hpp"

using namespace replycheck::protocol;

namespace {

struct step {
    std::string command;  // "" for the greeting
    std::string bytes;    // what the server sent on the control connection
    std::string data = {};  // what came on the data connection
};

ftp_exchange make_ftp_exchange(const step& s) {
    ftp_exchange ex;
    ex.command = s.command;
    ex.server_address = "127.0.0.1";
    ftp_reply_parser parser;
    parser.feed(s.bytes);
    parser.finish();
    while (auto reply = parser.next()) ex.replies.push_back(std::move(*reply));
    ex.data = s.data;
    ex.data_connection_used = !s.data.empty();
    return ex;
}

std::vector<finding> run(const std::vector<step>& steps, bool strict = false) {
    ftp_session_checker checker(check_options{strict, {}});
    std::vector<finding> out;
    for (const auto& s : steps) {
        auto f = checker.check(make_ftp_exchange(s));
        out.insert(out.end(), f.begin(), f.end());
    }
    return out;
}

bool has(const std::vector<finding>& findings, std::string_view id) {
    for (const auto& f : findings)
        if (f.rule_id == id) return true;
    return false;
}

std::string show(const std::vector<finding>& findings) {
    std::string out;
    for (const auto& f : findings) out += f.rule_id + " (" + f.message + "); ";
    return out.empty() ? "none" : out;
}

const step greeting{"", "220 ready\r\n"};

struct ftp_case {
    std::string rule;
    std::vector<step> bad, good;
};

std::vector<ftp_case> cases() {
    const std::string mlsd_ok = "type=cdir;modify=20240102030405; .\r\ntype=file;size=3; a.txt\r\n";
    return {
        {"ftp.reply.syntax", {{"", "22 ready\r\n"}}, {greeting}},
        {"ftp.reply.multiline", {{"", "220-hello\r\n221 bye\r\n"}}, {{"", "220-hello\r\n 221 text\r\n220 ready\r\n"}}},
        {"ftp.reply.crlf", {{"", "220 ready\n"}}, {greeting}},
        {"ftp.reply.allowed", {greeting, {"PWD", "200 ok\r\n"}}, {greeting, {"PWD", "257 \"/\" is cwd\r\n"}}},
        {"ftp.reply.preliminary-once", {greeting, {"RETR a", "150 one\r\n150 two\r\n226 done\r\n"}},
         {greeting, {"RETR a", "150 one\r\n226 done\r\n"}}},
        {"ftp.reply.final", {greeting, {"RETR a", "150 opening\r\n"}}, {greeting, {"RETR a", "150 one\r\n226 done\r\n"}}},
        {"ftp.transfer.preliminary", {greeting, {"RETR a", "226 done\r\n"}},
         {greeting, {"RETR a", "125 already open\r\n226 done\r\n"}}},
        {"ftp.227.format", {greeting, {"PASV", "227 Entering Passive Mode (127,0,0,1,300,1)\r\n"}},
         {greeting, {"PASV", "227 Entering Passive Mode (127,0,0,1,200,1).\r\n"}}},
        {"ftp.227.address", {greeting, {"PASV", "227 Entering Passive Mode (10,0,0,1,200,1)\r\n"}},
         {greeting, {"PASV", "227 Entering Passive Mode (127,0,0,1,200,1)\r\n"}}},
        {"ftp.229.format", {greeting, {"EPSV", "229 Entering Extended Passive Mode (|||abc|)\r\n"}},
         {greeting, {"EPSV", "229 Entering Extended Passive Mode (|||6446|)\r\n"}}},
        {"ftp.257.format", {greeting, {"PWD", "257 /home is the current directory\r\n"}},
         {greeting, {"PWD", "257 \"/a \"\"q\"\"\" is the current directory\r\n"}}},
        {"ftp.213.size", {greeting, {"SIZE a", "213 12a\r\n"}}, {greeting, {"SIZE a", "213 1234\r\n"}}},
        {"ftp.213.mdtm", {greeting, {"MDTM a", "213 20241301000000\r\n"}},
         {greeting, {"MDTM a", "213 20240102030405.123\r\n"}}},
        {"ftp.213.mdtm-future", {greeting, {"MDTM a", "213 29991231000000\r\n"}},
         {greeting, {"MDTM a", "213 20240102030405\r\n"}}},
        {"ftp.feat.format", {greeting, {"FEAT", "211-Features:\r\nEPSV\r\n211 End\r\n"}},
         {greeting, {"FEAT", "211-Features:\r\n EPSV\r\n REST STREAM\r\n211 End\r\n"}}},
        {"ftp.mlst.facts", {greeting, {"MLST a", "250-Listing a\r\n type=file;size=3 a\r\n250 End\r\n"}},
         {greeting, {"MLST a", "250-Listing a\r\n type=file;size=3; a\r\n250 End\r\n"}}},
        {"ftp.mlsd.facts",
         {greeting, {"MLSD", "150 here\r\n226 done\r\n", "type=file;size=3; a\r\ntype=weird; b\r\n"}},
         {greeting, {"MLSD", "150 here\r\n226 done\r\n", mlsd_ok}}},
        {"ftp.421.close", {greeting, {"NOOP", "421 going down\r\n"}, {"NOOP", "200 still here\r\n"}},
         {greeting, {"NOOP", "200 ok\r\n"}, {"NOOP", "421 going down\r\n"}}},
        {"ftp.rnto.sequence", {greeting, {"RNTO b", "250 renamed\r\n"}},
         {greeting, {"RNFR a", "350 ready\r\n"}, {"RNTO b", "250 renamed\r\n"}}},
    };
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_ftp_rule_fails_and_passes_on_crafted_sessions) {
    for (const auto& c : cases()) {
        BOOST_TEST_CONTEXT("rule " << c.rule) {
            const auto bad = run(c.bad);
            BOOST_TEST(has(bad, c.rule), "bad session not caught; findings: " << show(bad));
            const auto good = run(c.good);
            BOOST_TEST(good.empty(), "good session flagged: " << show(good));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_ftp_rule_has_a_case) {
    std::set<std::string> covered;
    for (const auto& c : cases()) covered.insert(c.rule);
    for (const auto& rule : all_rules()) {
        if (rule.protocol != "ftp") continue;
        BOOST_TEST(covered.contains(std::string(rule.id)), "no test case for " << rule.id);
    }
}

BOOST_AUTO_TEST_CASE(strict_and_lenient_profiles) {
    // RFC 959 §5.4 gives LIST no 550, yet every widely deployed server answers a missing path so.
    const std::vector<step> list_missing{greeting, {"LIST /nope", "550 No such file or directory.\r\n"}};
    BOOST_TEST(run(list_missing, false).empty());
    BOOST_TEST(has(run(list_missing, true), "ftp.reply.allowed"));
    // vsftpd: ACCT -> 502; EPRT with AF 2 -> 500; 425 to RETR without PASV.
    const std::vector<step> vsftpd{greeting,
                                   {"ACCT x", "502 ACCT not implemented.\r\n"},
                                   {"EPRT |2|::1|2000|", "500 Bad EPRT protocol.\r\n"},
                                   {"RETR a", "425 Use PORT or PASV first.\r\n"},
                                   {"RMD d", "450 busy\r\n"}};
    BOOST_TEST(run(vsftpd, false).empty(), show(run(vsftpd, false)));
    BOOST_TEST(has(run(vsftpd, true), "ftp.reply.allowed"));
    // Strict wants 503 for RNTO without RNFR; lenient takes any refusal.
    const std::vector<step> rnto{greeting, {"RNTO b", "550 RNFR first\r\n"}};
    BOOST_TEST(run(rnto, false).empty());
    BOOST_TEST(has(run(rnto, true), "ftp.rnto.sequence"));
    // A code no profile accepts.
    BOOST_TEST(has(run({greeting, {"SYST", "257 \"/\"\r\n"}}, false), "ftp.reply.allowed"));
}

BOOST_AUTO_TEST_CASE(a_typical_vsftpd_session_is_clean) {
    const std::vector<step> session{
        {"", "220 (vsFTPd 3.0.3)\r\n"},
        {"USER anonymous", "331 Please specify the password.\r\n"},
        {"PASS ***", "230 Login successful.\r\n"},
        {"PWD", "257 \"/\" is the current directory\r\n"},
        {"SYST", "215 UNIX Type: L8\r\n"},
        {"FEAT", "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n"},
        {"TYPE I", "200 Switching to Binary mode.\r\n"},
        {"EPSV", "229 Entering Extended Passive Mode (|||40001|)\r\n"},
        {"LIST", "150 Here comes the directory listing.\r\n226 Directory send OK.\r\n", "-rw-r--r-- 1 0 0 5 a\r\n"},
        {"SIZE a", "213 5\r\n"},
        {"MDTM a", "213 20240102030405\r\n"},
        {"RETR missing", "550 Failed to open file.\r\n"},
        {"REST 2", "350 Restart position accepted (2).\r\n"},
        {"PASV", "227 Entering Passive Mode (127,0,0,1,156,65).\r\n"},
        {"RETR a", "150 Opening BINARY mode data connection for a (5 bytes).\r\n226 Transfer complete.\r\n", "llo"},
        {"XYZZY", "500 Unknown command.\r\n"},
        {"RNTO b", "503 RNFR required first.\r\n"},
        {"QUIT", "221 Goodbye.\r\n"},
    };
    const auto findings = run(session);
    BOOST_TEST(findings.empty(), show(findings));
}

BOOST_AUTO_TEST_CASE(allowed_ids_and_sections) {
    const std::vector<step> bad{greeting, {"PASV", "227 Entering Passive Mode (1,2,3)\r\n"}};
    const auto findings = run(bad);
    BOOST_REQUIRE(has(findings, "ftp.227.format"));
    BOOST_TEST(findings.front().section == "RFC 959 §4.1.2");
    ftp_session_checker checker(check_options{false, {"ftp.227.*"}});
    checker.check(make_ftp_exchange(bad[0]));
    BOOST_TEST(checker.check(make_ftp_exchange(bad[1])).empty());
}

BOOST_AUTO_TEST_CASE(reply_records_built_directly) {
    // A reply cut by the connection closing (what a client hands over after a timeout).
    ftp_exchange ex;
    ex.command = "FEAT";
    ftp_reply_record r;
    r.code = 211;
    r.multiline = true;
    r.lines = {"211-Features:", " EPSV"};
    r.multiline_errors = {"connection closed inside a multi-line reply"};
    ex.replies.push_back(r);
    ftp_session_checker checker({});
    BOOST_TEST(has(checker.check(ex), "ftp.reply.multiline"));
    // The greeting may be 120 then 220.
    ftp_session_checker fresh({});
    BOOST_TEST(fresh.check(make_ftp_exchange({"", "120 in 5 minutes\r\n220 ready\r\n"})).empty());
}

BOOST_AUTO_TEST_CASE(a_multiline_reply_cut_by_the_timeout) {
    // What the client hands over when the read times out inside "211-...": the lines so far.
    ftp_session_checker checker({});
    BOOST_TEST(checker.check(make_ftp_exchange({"", "220 ready\r\n"})).empty());
    ftp_exchange ex;
    ex.command = "USER anonymous";
    ex.set_transport_error({transport_errc::timeout, "timeout after 2000ms waiting for the reply"});
    ftp_reply_record r;
    r.code = 0;
    r.multiline = true;
    r.lines = {"211-start of a reply that never ends", " more"};
    r.multiline_errors = {"multi-line reply not closed by \"211 \" when the read timed out"};
    ex.replies.push_back(r);
    BOOST_TEST(ftp_reply_cut_short(ex));
    const auto findings = checker.check(ex);
    // The reply never ended: that is the finding; it is not USER's final reply (no "211 to USER").
    BOOST_TEST(findings.size() == 1u, show(findings));
    BOOST_TEST(has(findings, "ftp.reply.multiline"), show(findings));
    // Nor is it a final reply for the sequence rules of the strict profile (RNTO wants 503).
    ftp_session_checker strict({true, {}});
    ex.command = "RNTO b";
    const auto rnto = strict.check(ex);
    BOOST_TEST(rnto.size() == 1u, show(rnto));
    BOOST_TEST(has(rnto, "ftp.reply.multiline"), show(rnto));
    ex.set_transport_error({});
    BOOST_TEST(!ftp_reply_cut_short(ex));
}
