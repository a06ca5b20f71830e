// Client input and file names echoed into the mock's replies never break the reply framing
// (RFC 959 §4.2): raw control connection against the real mock, with hostile file names on
// disk and hostile arguments on the wire.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include "ftp_test_client.hpp"
#include "ftp_test_server.hpp"

using replycheck::test::ftp_test_client;
using replycheck::test::server;
using replycheck::test::test_reply;
using replycheck::test::write_file;

namespace {

// True when every line of `raw` ends with CRLF and holds no other control byte.
bool well_framed(const std::string& raw) {
    if (raw.size() < 2 || raw.compare(raw.size() - 2, 2, "\r\n") != 0) return false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto byte = static_cast<unsigned char>(raw[i]);
        if (byte == '\r') {
            if (i + 1 >= raw.size() || raw[i + 1] != '\n') return false;
            ++i;
            continue;
        }
        if (byte < 0x20 || byte == 0x7f || byte == 0xff) return false;
    }
    return true;
}

// True when no line but the last is "code SP..." (such a line would end the reply).
bool ends_only_at_last_line(const test_reply& reply) {
    const std::string end = std::to_string(reply.code) + " ";
    return std::none_of(reply.lines.begin(), reply.lines.end() - 1,
                        [&](const std::string& line) { return line.starts_with(end); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(stat_listing_escapes_line_breaks_in_file_names) {
    server s;
    write_file(s.root.path / "a\r\n213 x", "evil");
    write_file(s.root.path / "213 End of status", "looks like the end");
    write_file(s.root.path / "b\n211 End", "evil");
    auto c = s.logged_in();
    auto stat = c.command("STAT /");
    BOOST_TEST(stat.code == 213);
    BOOST_TEST(well_framed(stat.raw), stat.raw);
    BOOST_TEST(ends_only_at_last_line(stat), stat.raw);
    BOOST_TEST(stat.lines.back() == "213 End of status");
    BOOST_TEST(stat.raw.find("a\\x0d\\x0a213 x") != std::string::npos, stat.raw);
    BOOST_TEST(stat.raw.find("b\\x0a211 End") != std::string::npos, stat.raw);
    // The next reply is the one for the next command: the stream is still in step.
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(stat_of_a_folder_named_like_a_reply_stays_one_reply) {
    server s;
    std::filesystem::create_directory(s.root.path / "213 x\r\n213 End");
    write_file(s.root.path / "213 x\r\n213 End" / "f", "f");
    auto c = s.logged_in();
    auto stat = c.command("STAT /");
    BOOST_TEST(well_framed(stat.raw), stat.raw);
    BOOST_TEST(ends_only_at_last_line(stat), stat.raw);
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(error_texts_escape_echoed_arguments) {
    server s;
    auto c = s.logged_in();
    // A bare CR, an escape sequence and a NUL inside the argument (the line ends at CRLF).
    c.send_line(std::string("HELP x\r226 Fake\x1b[2J\0y", 21));
    auto help = c.read_reply();
    BOOST_TEST(help.code == 501);
    BOOST_TEST(well_framed(help.raw), help.raw);
    BOOST_TEST(help.lines.size() == 1u);
    BOOST_TEST(help.raw.find("\\x0d226 FAKE\\x1b[2J\\x00Y") != std::string::npos, help.raw);
    BOOST_TEST(c.command("NOOP").code == 200);
}

BOOST_AUTO_TEST_CASE(reply_257_quotes_and_escapes_the_path) {
    server s;
    auto c = s.logged_in();
    auto made = c.command("MKD q\"x\x1b[0m\x01");
    BOOST_TEST(made.code == 257);
    BOOST_TEST(well_framed(made.raw), made.raw);
    // RFC 959 Appendix II: the quote inside the name is doubled.
    BOOST_TEST(made.lines[0] == "257 \"/q\"\"x\\x1b[0m\\x01\" created.");
    BOOST_TEST(c.command("CWD q\"x\x1b[0m\x01").code == 250);
    auto pwd = c.command("PWD");
    BOOST_TEST(well_framed(pwd.raw), pwd.raw);
    BOOST_TEST(pwd.lines[0] == "257 \"/q\"\"x\\x1b[0m\\x01\" is the current directory.");
}

BOOST_AUTO_TEST_CASE(transfer_replies_escape_the_chosen_name) {
    server s;
    auto c = s.logged_in();
    auto data = c.open_passive(true);
    // STOU builds the new name from the argument (RFC 959 §4.1.3) and names it in 150 and 226.
    c.send_line("STOU u\x07");
    auto preliminary = c.read_reply();
    BOOST_TEST(preliminary.code == 150);
    BOOST_TEST(well_framed(preliminary.raw), preliminary.raw);
    BOOST_TEST(preliminary.lines[0].starts_with("150 FILE: u\\x07."), preliminary.raw);
    data.send_all("x");
    data.close();
    auto done = c.read_reply();
    BOOST_TEST(done.code == 226);
    BOOST_TEST(well_framed(done.raw), done.raw);
}

BOOST_AUTO_TEST_CASE(mlst_escapes_the_path_in_both_lines) {
    server s;
    write_file(s.root.path / "t\x1b", "t");
    auto c = s.logged_in();
    auto mlst = c.command("MLST t\x1b");
    BOOST_TEST(mlst.code == 250);
    BOOST_TEST(well_framed(mlst.raw), mlst.raw);
    BOOST_TEST(ends_only_at_last_line(mlst), mlst.raw);
    BOOST_TEST(mlst.lines.size() == 3u);
}
