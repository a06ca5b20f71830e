// The live journal file (rotation at the cap, whole lines, file modes, a failure told once) and
// what feeds it: the journals' observers (an FTP entry once its final reply is known).
#include "mockserver/journal_file.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mock_http/support.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/http/http_journal.hpp"

using namespace test_support;
using namespace replycheck::mock;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path numbered(const fs::path& path, int n) {
    auto p = path;
    p += "." + std::to_string(n);
    return p;
}

unsigned mode_of(const fs::path& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 0777;
}

}  // namespace

BOOST_AUTO_TEST_CASE(rotates_before_a_line_would_pass_the_cap) {
    temp_dir dir;
    const auto path = dir.path / "j.jsonl";
    dir.write("j.jsonl.9", "left by an earlier run\n");
    {
        journal_file file(path, {100, 2, false, {}});
        // 30-byte lines (29 + newline): three fit in 100 bytes, the fourth opens a new file.
        for (int i = 0; i < 10; ++i) file.write_line(std::string(27, 'a' + static_cast<char>(i)) + std::to_string(i % 10) + "x");
    }
    // 10 lines, 3 per file: FILE holds the 10th, FILE.1 the 7th-9th, FILE.2 the 4th-6th; the
    // first three went with the oldest rotation.
    BOOST_TEST(read_all(path) == std::string(27, 'j') + "9x\n");
    BOOST_TEST(read_all(numbered(path, 1)) ==
               std::string(27, 'g') + "6x\n" + std::string(27, 'h') + "7x\n" + std::string(27, 'i') + "8x\n");
    BOOST_TEST(read_all(numbered(path, 2)).substr(0, 27) == std::string(27, 'd'));
    BOOST_TEST(!fs::exists(numbered(path, 3)));
    BOOST_TEST(fs::exists(numbered(path, 9)));   // not ours to remove
}

BOOST_AUTO_TEST_CASE(a_line_longer_than_the_cap_goes_whole_into_a_file_of_its_own) {
    temp_dir dir;
    const auto path = dir.path / "j.jsonl";
    {
        journal_file file(path, {10, 1, false, {}});
        file.write_line("short");
        file.write_line(std::string(50, 'L'));
        file.write_line("tail");
    }
    BOOST_TEST(read_all(numbered(path, 1)) == std::string(50, 'L') + "\n");
    BOOST_TEST(read_all(path) == "tail\n");
    BOOST_TEST(!fs::exists(numbered(path, 2)));
}

BOOST_AUTO_TEST_CASE(keep_zero_empties_the_file_and_modes_are_set) {
    temp_dir dir;
    const auto path = dir.path / "j.jsonl";
    dir.write("j.jsonl", "an earlier run\n");
    fs::permissions(path, fs::perms(0666));
    {
        journal_file file(path, {8, 0, true, {}});
        BOOST_TEST(mode_of(path) == 0600u);   // an existing file may not stay readable by others
        BOOST_TEST(read_all(path).empty());
        file.write_line("one1234");
        file.write_line("two1234");
        BOOST_TEST(mode_of(path) == 0600u);   // the file after a rotation too
    }
    BOOST_TEST(read_all(path) == "two1234\n");
    BOOST_TEST(!fs::exists(numbered(path, 1)));
    journal_file plain(dir.path / "p.jsonl", {});
    BOOST_TEST(mode_of(dir.path / "p.jsonl") == 0644u);
}

BOOST_AUTO_TEST_CASE(a_failure_is_told_once_and_writing_resumes) {
    temp_dir dir;
    const auto folder = dir.path / "sub";
    fs::create_directories(folder);
    std::vector<std::string> told;
    journal_file file(folder / "j.jsonl", {1000, 1, false, [&](const std::string& m) { told.push_back(m); }});
    file.write_line("first");
    fs::remove(folder / "j.jsonl");
    file.write_line("again");   // the file alone removed: a new one, nothing to tell
    BOOST_TEST(read_all(folder / "j.jsonl") == "again\n");
    BOOST_TEST(told.empty());
    fs::remove_all(folder);
    for (int i = 0; i < 5; ++i) file.write_line("lost" + std::to_string(i));
    BOOST_REQUIRE_EQUAL(told.size(), 1u);
    BOOST_TEST(told[0].find("cannot open") != std::string::npos, told[0]);
    fs::create_directories(folder);
    file.write_line("back");
    BOOST_TEST(read_all(folder / "j.jsonl") == "back\n");
    BOOST_TEST(told.size() == 1u);
    BOOST_CHECK_THROW(journal_file(dir.path / "none" / "j.jsonl", {}), std::system_error);
}

BOOST_AUTO_TEST_CASE(ftp_entries_are_observed_once_complete) {
    ftp_journal journal;
    std::vector<std::string> seen;   // "seq COMMAND ARGUMENT CODE" as shown, then as received
    journal.set_observer([&](const ftp_journal_entry& shown, const ftp_journal_entry& received) {
        seen.push_back(std::to_string(shown.seq) + " " + shown.command + " " + shown.argument + " " +
                       std::to_string(shown.reply_code) + " / " + received.argument);
    });
    const auto t = std::chrono::system_clock::time_point{};
    journal.set_reply_code(journal.record({1, t, "PASS", "Hunter-9", 0, nullptr}), 230);
    const auto retr = journal.record({1, t, "RETR", "a.bin", 0, nullptr});
    journal.set_reply_code(retr, 150);   // RFC 959 §4.2: preliminary, another reply follows
    BOOST_TEST(seen.size() == 1u);
    journal.set_reply_code(retr, 226);
    journal.set_reply_code(retr, 226);   // once only
    journal.record({2, t, "NOOP", "", 0, nullptr});
    journal.record({1, t, "STAT", "", 0, nullptr});
    journal.end_session(2);
    journal.end_session(2);
    BOOST_REQUIRE_EQUAL(seen.size(), 3u);
    BOOST_TEST(seen[0] == "1 PASS **** 230 / Hunter-9");
    BOOST_TEST(seen[1] == "2 RETR a.bin 226 / a.bin");
    BOOST_TEST(seen[2] == "3 NOOP  0 / ");
    journal.clear();   // the STAT of session 1 is dropped: observed as it is
    BOOST_REQUIRE_EQUAL(seen.size(), 4u);
    BOOST_TEST(seen[3] == "4 STAT  0 / ");
    BOOST_TEST(summary(ftp_journal_entry{1, t, "RETR", "a\x1b[2J", 226, nullptr, 7}) == "ftp #7 session 1 RETR a?[2J -> 226");
    // JSON is UTF-8: a UTF-8 pathname (RFC 2640) is kept, other bytes shown as Latin-1.
    BOOST_TEST(to_json(ftp_journal_entry{1, t, "SIZE", "caf\xc3\xa9", 213, nullptr, 8}).at("argument").as_string() == "caf\xc3\xa9");
    BOOST_TEST(to_json(ftp_journal_entry{1, t, "SIZE", "caf\xe9", 550, nullptr, 9}).at("argument").as_string() == "caf\xc3\xa9");
    BOOST_TEST(to_json(ftp_journal_entry{1, t, "SIZE", "\xed\xa0\x80", 550, nullptr, 9}).at("argument").as_string() == "\xc3\xad\xc2\xa0\xc2\x80");
    journal.set_observer({});
    journal.record({1, t, "QUIT", "", 0, nullptr});
    BOOST_TEST(seen.size() == 4u);
}

BOOST_AUTO_TEST_CASE(http_entries_are_observed_at_record_masked_and_as_received) {
    http_journal journal;
    std::vector<std::pair<std::string, std::string>> seen;   // shown, received Authorization
    journal.set_observer([&](const http_journal_entry& shown, const http_journal_entry& received) {
        seen.emplace_back(std::string(shown.header("Authorization")), std::string(received.header("Authorization")));
        BOOST_TEST(shown.seq == received.seq);
        BOOST_TEST(summary(shown) == "http #" + std::to_string(shown.seq) + " 127.0.0.1 \"GET /a HTTP/1.1\" 200 (script \"slow\")");
    });
    http_journal_entry e;
    e.connection_id = 3;
    e.client = "127.0.0.1";
    e.method = "GET";
    e.target = "/a";
    e.version = "HTTP/1.1";
    e.headers = {{"Authorization", "Basic YWxpY2U6V29uZGVyLTc="}};
    e.raw = "GET /a HTTP/1.1\r\nAuthorization: Basic YWxpY2U6V29uZGVyLTc=\r\n\r\n";
    e.status = 200;
    e.script = "slow";
    journal.record(e);
    e.headers.clear();
    e.raw = "GET /a HTTP/1.1\r\n\r\n";
    journal.record(e);
    BOOST_REQUIRE_EQUAL(seen.size(), 2u);
    BOOST_TEST(seen[0].first == "Basic ***");
    BOOST_TEST(seen[0].second == "Basic YWxpY2U6V29uZGVyLTc=");
    BOOST_TEST(seen[1].first == "");
    BOOST_TEST(to_json(journal.snapshot()[0]).at("status").as_int64() == 200);
}

BOOST_AUTO_TEST_CASE(a_fifo_or_socket_is_refused_at_once_and_a_device_is_written_as_it_is) {
    temp_dir dir;
    const auto fifo = dir.path / "pipe";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // No reader: open(2) without O_NONBLOCK would wait here for one.
    try {
        journal_file file(fifo, {});
        BOOST_FAIL("a FIFO was accepted");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("it is a FIFO") != std::string::npos, e.what());
    }
    BOOST_TEST(mode_of(fifo) == 0600u);
    // With a reader it is still no file to rotate.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    BOOST_REQUIRE(reader >= 0);
    BOOST_CHECK_THROW(journal_file(fifo, {}), std::runtime_error);
    ::close(reader);
    const auto socket_path = dir.path / "s";
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    BOOST_REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_CHECK_THROW(journal_file(socket_path, {}), std::runtime_error);
    ::close(sock);
    // A character device: written, never chmod'ed (as root a fchmod would succeed). A node of
    // our own for the null device, so that a regression changes no mode the system relies on.
    const auto device = dir.path / "null";
    if (::mknod(device.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0) return;   // not allowed here
    ::chmod(device.c_str(), 0666);
    {
        journal_file null_journal(device, {1, 1, true, {}});
        null_journal.write_line("one");
        null_journal.write_line("two");   // past the cap: no rotation of a device
    }
    BOOST_TEST(mode_of(device) == 0666u);
    BOOST_TEST(fs::is_character_file(device));
    BOOST_TEST(!fs::exists(numbered(device, 1)));
}

BOOST_AUTO_TEST_CASE(the_file_stdout_writes_to_is_appended_to_not_emptied) {
    temp_dir dir;
    const auto out = dir.path / "out.txt";
    dir.write("out.txt", "http 127.0.0.1:8080\n");
    fs::permissions(out, fs::perms(0664));
    // `--journal /dev/stdout > out.txt`: fd 1 is out.txt.
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    const int fd = ::open(out.c_str(), O_WRONLY);
    ::lseek(fd, 0, SEEK_END);
    ::dup2(fd, STDOUT_FILENO);
    ::close(fd);
    {
        journal_file file("/dev/stdout", {10, 1, true, {}});
        file.write_line("{\"seq\":1}");
        file.write_line("{\"seq\":2}");   // past the cap: no rotation of stdout's file
    }
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    BOOST_TEST(read_all(out) == "http 127.0.0.1:8080\n{\"seq\":1}\n{\"seq\":2}\n");
    BOOST_TEST(mode_of(out) == 0664u);
    BOOST_TEST(!fs::exists(numbered(out, 1)));
}
