#pragma once
// A mock FTP server over a temporary root for the mock's tests: files hello.txt (12 bytes),
// sub/a.txt, big.bin (256 KiB) and two symlinks that lead out of the root; user alice/secret.

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "ftp_test_client.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

namespace replycheck::test {

namespace fs = std::filesystem;
using replycheck::mock::ftp_mock;
using replycheck::mock::ftp_mock_config;
using namespace std::chrono_literals;

inline void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A temporary root with a few files, removed at the end.
struct temp_root {
    fs::path path;
    temp_root() {
        std::random_device device;
        path = fs::temp_directory_path() / ("rc-ftp-" + std::to_string(device()) + "-" +
                                            std::to_string(::getpid()));
        fs::create_directories(path / "sub");
        write_file(path / "hello.txt", "Hello, FTP!\n");   // 12 bytes
        write_file(path / "sub" / "a.txt", "a");
        std::string big(256 * 1024, 'x');
        for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
        write_file(path / "big.bin", big);
        fs::create_directory_symlink("/etc", path / "escape");
        fs::create_symlink("/etc/hostname", path / "escape.txt");
    }
    ~temp_root() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

/// A mock over a temp root with alice/secret, started on 127.0.0.1:0.
struct server {
    temp_root root;
    std::unique_ptr<ftp_mock> mock;
    explicit server(const std::function<void(ftp_mock_config&)>& adjust = {}) {
        ftp_mock_config config;
        config.root = root.path;
        config.users = {{"alice", "secret"}};
        config.writable = true;
        config.limits.data_timeout = 3s;
        if (adjust) adjust(config);
        mock = std::make_unique<ftp_mock>(std::move(config));
        mock->start();
    }
    ftp_test_client client() {
        ftp_test_client c(mock->port());
        auto greeting = c.read_reply();
        BOOST_REQUIRE_EQUAL(greeting.code, 220);
        return c;
    }
    ftp_test_client logged_in() {
        auto c = client();
        BOOST_REQUIRE_EQUAL(c.login("alice", "secret").code, 230);
        return c;
    }
};

}  // namespace replycheck::test
