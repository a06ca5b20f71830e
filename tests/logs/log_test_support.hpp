#pragma once
// Shared by the tests/logs units: where the fixtures are, and reading a whole file into records.

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "protocol/logs/log_reader.hpp"

namespace logs_test {

namespace fs = std::filesystem;

// The repository: from ctest's environment, else three levels above this file.
inline fs::path source_dir() {
    if (const char* dir = std::getenv("REPLYCHECK_SOURCE_DIR")) return dir;
    return fs::path{__FILE__}.parent_path().parent_path().parent_path();
}

inline fs::path fixture(const std::string& name) { return source_dir() / "tests/fixtures/logs" / name; }

struct read_result {
    replycheck::logs::log_format format{};
    std::vector<replycheck::logs::log_record> records;
    replycheck::logs::read_stats stats;
};

inline read_result read_all(const fs::path& file, std::optional<replycheck::logs::log_format> format = {}) {
    replycheck::logs::log_reader reader(file, format);
    read_result r;
    r.format = reader.format();
    replycheck::logs::log_entry e;
    while (reader.next(e)) r.records.push_back(replycheck::logs::log_record::from(e, reader.file()));
    r.stats = reader.stats();
    return r;
}

// Every text field of a record, for "this secret appears nowhere" checks.
inline std::string all_text(const replycheck::logs::log_record& r) {
    return r.client + "|" + r.user + "|" + r.method + "|" + r.target + "|" + r.version + "|" + r.host + "|" +
           r.reply_text + "|" + r.user_agent + "|" + r.referer + "|" + r.session;
}

// A temporary directory removed at the end of the test.
struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() /
               ("replycheck-logs-" + std::to_string(std::rand()) + "-" + std::to_string(::getpid()));
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace logs_test
