// IIS W3C logs read through the reader: HTTP sites (two #Fields: blocks, substatus and win32
// status, '+' in the user agent, the query) and FTP sites (sessions, PASS ***, pseudo-commands,
// sc-win32-status before sc-substatus).

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>

#include "logs/log_test_support.hpp"
#include "protocol/logs/w3c_log.hpp"

namespace l = replycheck::logs;
using logs_test::fixture;
using logs_test::read_all;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(iis_http_site_with_two_fields_blocks) {
    auto r = read_all(fixture("iis_http.log"));
    BOOST_TEST((r.format == l::log_format::w3c));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_TEST(r.stats.lines == 16u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 7u);

    const auto& first = r.records[0];
    BOOST_TEST((first.protocol == l::log_protocol::http));
    BOOST_TEST(first.method == "GET");
    BOOST_TEST(first.target == "/app/default.aspx");
    BOOST_TEST(first.status == 500);
    BOOST_TEST(first.substatus.value() == 19);
    BOOST_TEST(first.win32.value() == 13u);
    BOOST_TEST(first.time_taken_ms.value() == 31u);
    BOOST_TEST(first.user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    BOOST_TEST(first.referer.empty());
    BOOST_TEST(first.client == "203.0.113.9");
    BOOST_TEST(first.line == 5u);
    BOOST_TEST((first.time == sys_days{2026y / 1 / 5} + 10h + 12min + 1s));
    BOOST_TEST(l::code_text(first.status, first.substatus) == "500.19");

    // The query is appended to the stem; '+' in the target stays as logged.
    BOOST_TEST(r.records[1].target == "/search?q=log+files&page=2");
    BOOST_TEST(r.records[1].user == "CORP\\ana");
    BOOST_TEST(r.records[1].referer == "https://intranet.example/");
    BOOST_TEST(r.records[3].method == "POST");

    // The second block has other columns, found by name.
    const auto& partial = r.records[5];
    BOOST_TEST(partial.line == 15u);
    BOOST_TEST(partial.status == 206);
    BOOST_TEST(partial.win32.value() == 64u);
    BOOST_TEST(partial.bytes.value() == 1048576u);
    BOOST_TEST(partial.host == "www.example.org");
    BOOST_TEST(partial.version == "HTTP/2");
    BOOST_TEST(partial.time_taken_ms.value() == 950u);
    BOOST_TEST(r.records[6].status == 502);
    BOOST_TEST(r.records[6].substatus.value() == 5);
}

BOOST_AUTO_TEST_CASE(iis_ftp_site_sessions_and_masked_passwords) {
    auto r = read_all(fixture("iis_ftp.log"));
    BOOST_TEST(r.stats.malformed == 0u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 14u);
    for (const auto& e : r.records) {
        BOOST_TEST((e.protocol == l::log_protocol::ftp));
        BOOST_TEST(!e.session.empty());
        // The anonymous password IIS logs is never handed out.
        BOOST_TEST(logs_test::all_text(e).find("guest@example.org") == std::string::npos);
    }
    BOOST_TEST(r.records[0].method == "ControlChannelOpened");
    BOOST_TEST(r.records[0].status == 0);
    BOOST_TEST(r.records[1].method == "USER");
    BOOST_TEST(r.records[1].target == "CORP\\ana");
    // sc-win32-status comes before sc-substatus in the FTP layout.
    const auto& pass = r.records[2];
    BOOST_TEST(pass.method == "PASS");
    BOOST_TEST(pass.target == "***");
    BOOST_TEST(pass.status == 530);
    BOOST_TEST(pass.win32.value() == 1326u);
    BOOST_TEST(pass.substatus.value() == 41);
    BOOST_TEST(pass.session == "3f2a6c1e-1b2c-4d5e-8f90-000000000007");
    BOOST_TEST(r.records[6].target == "***");
    BOOST_TEST(r.records[6].status == 230);
    BOOST_TEST(r.records[10].method == "RETR");
    BOOST_TEST(r.records[10].status == 550);
    BOOST_TEST(r.records[10].win32.value() == 2u);
    BOOST_TEST(r.records[13].session == "9b1d0c2a-7e6f-4a3b-9c8d-000000000008");
}

BOOST_AUTO_TEST_CASE(ftp_site_is_recognised_without_x_session) {
    l::w3c_parser p;
    p.set_fields("date time c-ip cs-method cs-uri-stem sc-status", 1);
    l::log_entry e;
    std::string why;
    BOOST_TEST((p.feed("2026-01-05 10:00:00 192.0.2.1 ControlChannelOpened - -", 2, e, why) ==
                l::line_result::entry));
    BOOST_TEST((e.protocol == l::log_protocol::ftp));
    e = {};
    BOOST_TEST((p.feed("2026-01-05 10:00:01 192.0.2.1 pass secret 230", 3, e, why) == l::line_result::entry));
    BOOST_TEST(e.method == "PASS");
    BOOST_TEST(e.target == "***");
}

BOOST_AUTO_TEST_CASE(an_http_site_stays_http_whatever_a_method_is_called) {
    l::w3c_parser p;
    p.set_fields(l::w3c_parser::iis_http_fields, 1);
    l::log_entry e;
    std::string why;
    BOOST_TEST((p.feed("2026-01-05 10:00:00 10.1.1.4 GET / - 80 - 192.0.2.1 curl - 200 0 0 1", 2, e, why) ==
                l::line_result::entry));
    e = {};
    BOOST_TEST((p.feed("2026-01-05 10:00:01 10.1.1.4 HELP / - 80 - 192.0.2.1 scanner - 405 0 0 1", 3, e, why) ==
                l::line_result::entry));
    BOOST_TEST((e.protocol == l::log_protocol::http));
    BOOST_TEST(e.method == "HELP");
    // A new directive is a new block, decided again by its first line.
    p.set_fields("date time c-ip cs-method cs-uri-stem sc-status", 4);
    e = {};
    BOOST_TEST((p.feed("2026-01-05 10:00:02 192.0.2.1 USER ana 331", 5, e, why) == l::line_result::entry));
    BOOST_TEST((e.protocol == l::log_protocol::ftp));
}

BOOST_AUTO_TEST_CASE(pure_ftpd_w3c_transfers) {
    l::w3c_parser p;
    l::log_entry e;
    std::string why;
    BOOST_TEST((p.feed("#Software: Pure-FTPd 1.0.50", 1, e, why) == l::line_result::none));
    BOOST_TEST((p.feed("#Fields: date time c-ip cs-method cs-uri-stem sc-status cs-username sc-bytes", 2, e, why) ==
                l::line_result::none));
    BOOST_TEST((p.feed("2026-11-25 18:40:01 127.0.0.1 []sent /srv/ftp/a.txt 226 ana 12", 3, e, why) ==
                l::line_result::entry));
    BOOST_TEST((e.protocol == l::log_protocol::ftp));
    BOOST_TEST(e.method == "RETR");
    BOOST_TEST(e.status == 226);
    BOOST_TEST(e.bytes.value() == 12u);
    e = {};
    BOOST_TEST((p.feed("2026-11-25 18:40:02 127.0.0.1 []created /srv/ftp/b.txt 226 ana 5", 4, e, why) ==
                l::line_result::entry));
    BOOST_TEST(e.method == "STOR");
}

BOOST_AUTO_TEST_CASE(malformed_w3c_lines_are_counted_with_reasons) {
    auto r = read_all(fixture("malformed_w3c.log"));
    BOOST_TEST(r.records.size() == 2u);
    BOOST_TEST(r.records.back().target == "/last");
    BOOST_TEST(r.stats.malformed == 6u);
    BOOST_REQUIRE_EQUAL(r.stats.first_malformed.size(), 6u);
    const auto& m = r.stats.first_malformed;
    BOOST_TEST(m[0].ends_with("malformed_w3c.log:6: expected 15 fields (#Fields: on line 4), found 12"));
    BOOST_TEST(m[1].ends_with(":7: sc-status 'abc' is not a number"));
    BOOST_TEST(m[2].ends_with(":8: sc-substatus 'x' is not a number"));
    BOOST_TEST(m[3].find(":9: date and time '2026-13-05 10:12:05'") != std::string::npos);
    BOOST_TEST(m[4].ends_with(":10: expected 15 fields (#Fields: on line 4), found 17"));
    BOOST_TEST(m[5].ends_with(":11: sc-win32-status '99999999999' is out of range"));
}

BOOST_AUTO_TEST_CASE(data_before_any_fields_directive_is_malformed) {
    auto r = read_all(fixture("no_fields_w3c.log"));
    BOOST_TEST(r.stats.malformed == 1u);
    BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
    BOOST_TEST(r.records[0].target == "/after");
    BOOST_TEST(r.stats.first_malformed[0].ends_with(
        ":3: no #Fields: directive before this line, and not the IIS default fields (15 for HTTP sites, 13 for "
        "FTP sites)"));
}

BOOST_AUTO_TEST_CASE(lines_cut_out_of_an_iis_log_use_the_default_fields) {
    // `grep " 500 19 " u_ex*.log > excerpt.log` drops the header.
    logs_test::temp_dir dir;
    auto file = dir.path / "excerpt.log";
    std::ofstream(file) << "2026-01-05 10:12:01 10.1.1.4 GET /app/default.aspx - 443 - 203.0.113.9 curl - 500 19 13 31\n"
                           "2026-01-05 10:12:02 10.1.1.4 GET /short - 443 - 203.0.113.9 curl - 500 19 13\n";
    auto r = read_all(file);
    BOOST_TEST((r.format == l::log_format::w3c));
    BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
    BOOST_TEST(r.records[0].substatus.value() == 19);
    BOOST_REQUIRE_EQUAL(r.stats.first_malformed.size(), 1u);
    BOOST_TEST(r.stats.first_malformed[0].ends_with(":2: expected 15 fields (IIS default fields), found 14"));

    auto ftp = dir.path / "ftp-excerpt.log";
    std::ofstream(ftp) << "2026-01-05 10:13:44 203.0.113.9 CORP\\ana 10.1.1.4 21 PASS *** 530 1326 41 3f2a-07 -\n";
    auto f = read_all(ftp);
    BOOST_TEST((f.format == l::log_format::w3c));
    BOOST_REQUIRE_EQUAL(f.records.size(), 1u);
    BOOST_TEST((f.records[0].protocol == l::log_protocol::ftp));
    BOOST_TEST(f.records[0].win32.value() == 1326u);
    BOOST_TEST(f.records[0].substatus.value() == 41);
}
