#include "reports/writers.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reports/sample_run.hpp"

namespace fs = std::filesystem;
using namespace replycheck::reports;
using namespace replycheck::reports::testing;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("replycheck-out-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// The pid of a process that has exited and been reaped: no process has it now.
pid_t dead_pid() {
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

void touch(const fs::path& path, std::string_view content = "half a rep") {
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

BOOST_AUTO_TEST_CASE(removes_temporaries_a_killed_writer_left_and_nothing_else) {
    fs::path dir = fresh_dir("stale");
    const auto dead = std::to_string(dead_pid());
    const auto alive = std::to_string(::getpid());
    const fs::path stale = dir / (".report.json." + dead + ".0.tmp");
    const fs::path expired = dir / (".report.json." + alive + ".7.tmp");
    const std::vector<fs::path> kept = {
        dir / (".report.json." + alive + ".8.tmp"),   // a live writer's, recent
        dir / (".other.json." + dead + ".0.tmp"),     // another report's
        dir / (".report.json." + dead + ".x.tmp"),    // not a name we make
        dir / ("report.json." + dead + ".0.tmp"),
        dir / (".report.json." + dead + ".0.tmp.bak"),
        dir / "notes.txt",
    };
    touch(stale);
    touch(expired);
    fs::last_write_time(expired, fs::file_time_type::clock::now() - std::chrono::hours(2));
    for (const auto& p : kept) touch(p);
    const fs::path folder = dir / (".report.json." + dead + ".1.tmp");  // not a regular file
    fs::create_directory(folder);

    write_json(sample_run(), dir / "report.json", writer_options{});

    BOOST_TEST(!fs::exists(stale));
    BOOST_TEST(!fs::exists(expired));
    for (const auto& p : kept) BOOST_TEST(fs::exists(p), p);
    BOOST_TEST(fs::is_directory(folder));
    BOOST_TEST(parse_json(read_file((dir / "report.json").string())).suites.size() == sample_run().suites.size());
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(replaces_atomically_and_leaves_no_temporary_file) {
    fs::path dir = fresh_dir("atomic");
    fs::path target = dir / "report.txt";
    write_file_atomically(target, "first");
    write_file_atomically(target, "second version");
    BOOST_TEST(read_file(target.string()) == "second version");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
    BOOST_TEST(entries == 1);
    // Permissions follow the umask like any file the user creates, not mkstemp's 0600.
    mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat st {};
    BOOST_TEST_REQUIRE(::stat(target.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == (0666 & ~mask));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(creates_missing_directories) {
    fs::path dir = fresh_dir("nested");
    write_json(sample_run(), dir / "a" / "b" / "r.json", writer_options{});
    BOOST_TEST(fs::exists(dir / "a" / "b" / "r.json"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(unwritable_paths_throw_a_clear_error) {
    fs::path dir = fresh_dir("unwritable");
    fs::path file = dir / "plain-file";
    write_file_atomically(file, "x");
    try {
        // A directory component that is a file: cannot be created, whoever runs the test.
        write_junit(sample_run(), file / "r.xml", writer_options{});
        BOOST_FAIL("no error");
    } catch (const report_error& e) {
        std::string what = e.what();
        BOOST_TEST(what.find("cannot write report '" + (file / "r.xml").string() + "'") == 0u, what);
    }
    BOOST_CHECK_THROW(write_file_atomically(dir, "x"), report_error);  // a directory is not a file
    BOOST_CHECK_THROW(write_file_atomically("", "x"), report_error);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
    BOOST_TEST(entries == 1);  // no temporary file left behind
    fs::remove_all(dir);
}
