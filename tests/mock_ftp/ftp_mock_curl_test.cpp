// libcurl's FTP client against the mock FTP server on port 0: downloads over EPSV and PASV,
// active mode, uploads, resumed downloads, listings, and the errors curl maps from replies.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <curl/curl.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <cstring>
#include <string>

#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using replycheck::mock::ftp_mock;
using replycheck::mock::ftp_mock_config;

namespace {

struct curl_global {
    curl_global() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~curl_global() { curl_global_cleanup(); }
};
BOOST_TEST_GLOBAL_FIXTURE(curl_global);

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct upload_source {
    std::string bytes;
    std::size_t offset = 0;
};

std::size_t provide(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* source = static_cast<upload_source*>(user);
    std::size_t n = std::min(size * count, source->bytes.size() - source->offset);
    std::memcpy(buffer, source->bytes.data() + source->offset, n);
    source->offset += n;
    return n;
}

int seek(void* user, curl_off_t offset, int origin) {
    auto* source = static_cast<upload_source*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > source->bytes.size())
        return CURL_SEEKFUNC_FAIL;
    source->offset = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
}

struct curl_result {
    CURLcode code = CURLE_OK;
    long response = 0;   // last FTP reply code curl saw
    std::string body;
};

/// One libcurl transfer with timeouts; `setup` adds options.
template <typename Setup>
curl_result run_curl(const std::string& url, Setup setup) {
    curl_result result;
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_ACCEPTTIMEOUT_MS, 3000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    setup(curl);
    result.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.response);
    curl_easy_cleanup(curl);
    return result;
}

struct curl_server {
    fs::path root;
    std::unique_ptr<ftp_mock> mock;
    curl_server() {
        std::random_device device;
        root = fs::temp_directory_path() / ("rc-ftp-curl-" + std::to_string(device()));
        fs::create_directories(root / "docs");
        std::ofstream(root / "hello.txt") << "Hello, curl!\n";
        std::ofstream(root / "docs" / "readme.md") << "# readme\n";
        std::string blob(100000, '\0');
        for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<char>(i * 7 % 251);
        std::ofstream(root / "blob.bin", std::ios::binary) << blob;
        ftp_mock_config config;
        config.root = root;
        config.users = {{"alice", "secret"}};
        config.anonymous = true;
        config.writable = true;
        config.limits.data_timeout = 3s;
        mock = std::make_unique<ftp_mock>(std::move(config));
        mock->start();
    }
    ~curl_server() {
        mock->stop();
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    std::string url(const std::string& path, const std::string& user = "alice:secret") const {
        return "ftp://" + user + "@127.0.0.1:" + std::to_string(mock->port()) + path;
    }
    std::string blob() const {
        std::ifstream in(root / "blob.bin", std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(retr_over_epsv) {
    curl_server s;
    auto result = run_curl(s.url("/blob.bin"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, 1L);
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    BOOST_TEST((result.body == s.blob()));
    BOOST_TEST(result.response == 226);
    bool saw_epsv = false, saw_pasv = false;
    for (const auto& entry : s.mock->journal().snapshot()) {
        saw_epsv |= entry.command == "EPSV" && entry.reply_code == 229;
        saw_pasv |= entry.command == "PASV";
    }
    BOOST_TEST(saw_epsv);
    BOOST_TEST(!saw_pasv);
}

BOOST_AUTO_TEST_CASE(retr_over_pasv) {
    curl_server s;
    auto result = run_curl(s.url("/hello.txt"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, 0L);
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    BOOST_TEST(result.body == "Hello, curl!\n");
    bool saw_pasv = false;
    for (const auto& entry : s.mock->journal().snapshot())
        saw_pasv |= entry.command == "PASV" && entry.reply_code == 227;
    BOOST_TEST(saw_pasv);
}

BOOST_AUTO_TEST_CASE(retr_in_active_mode) {
    curl_server s;
    auto result = run_curl(s.url("/docs/readme.md"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_FTPPORT, "127.0.0.1");
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    BOOST_TEST(result.body == "# readme\n");
    bool saw_active = false;
    for (const auto& entry : s.mock->journal().snapshot())
        saw_active |= (entry.command == "EPRT" || entry.command == "PORT") && entry.reply_code == 200;
    BOOST_TEST(saw_active);
}

BOOST_AUTO_TEST_CASE(anonymous_login) {
    curl_server s;
    auto result = run_curl("ftp://127.0.0.1:" + std::to_string(s.mock->port()) + "/hello.txt",
                           [](CURL*) {});
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    BOOST_TEST(result.body == "Hello, curl!\n");
}

BOOST_AUTO_TEST_CASE(resume_download_with_resume_from) {
    curl_server s;
    auto result = run_curl(s.url("/blob.bin"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_RESUME_FROM, 40000L);
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    BOOST_TEST(result.body.size() == 60000u);
    BOOST_TEST((result.body == s.blob().substr(40000)));
    bool saw_rest = false;
    for (const auto& entry : s.mock->journal().snapshot())
        saw_rest |= entry.command == "REST" && entry.argument == "40000" && entry.reply_code == 350;
    BOOST_TEST(saw_rest);
}

BOOST_AUTO_TEST_CASE(stor_upload_and_append_resume) {
    curl_server s;
    upload_source source{std::string(70000, 'u'), 0};
    for (std::size_t i = 0; i < source.bytes.size(); ++i) source.bytes[i] = static_cast<char>('A' + i % 23);
    auto result = run_curl(s.url("/docs/up.bin"), [&](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, provide);
        curl_easy_setopt(curl, CURLOPT_READDATA, &source);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(source.bytes.size()));
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    std::ifstream in(s.root / "docs" / "up.bin", std::ios::binary);
    std::string stored(std::istreambuf_iterator<char>(in), {});
    BOOST_TEST((stored == source.bytes));
    // Resumed upload: curl asks SIZE, then APPEs the rest.
    upload_source rest{source.bytes + "tail", 0};
    auto resumed = run_curl(s.url("/docs/up.bin"), [&](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, provide);
        curl_easy_setopt(curl, CURLOPT_READDATA, &rest);
        curl_easy_setopt(curl, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(-1));
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, seek);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &rest);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rest.bytes.size()));
    });
    BOOST_TEST(resumed.code == CURLE_OK, curl_easy_strerror(resumed.code));
    std::ifstream again(s.root / "docs" / "up.bin", std::ios::binary);
    std::string appended(std::istreambuf_iterator<char>(again), {});
    BOOST_TEST(appended.size() == rest.bytes.size());
    BOOST_TEST((appended == rest.bytes));
}

BOOST_AUTO_TEST_CASE(directory_listing) {
    curl_server s;
    auto result = run_curl(s.url("/"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_DIRLISTONLY, 1L);
    });
    BOOST_TEST(result.code == CURLE_OK, curl_easy_strerror(result.code));
    // Listings travel in TYPE A; libcurl turns their CRLF into LF (the raw-socket tests check
    // the CRLF on the wire).
    BOOST_TEST(result.body == "blob.bin\ndocs\nhello.txt\n");
    auto full = run_curl(s.url("/docs/"), [](CURL*) {});
    BOOST_TEST(full.code == CURLE_OK);
    BOOST_TEST(full.body.find(" readme.md\n") != std::string::npos, full.body);
}

BOOST_AUTO_TEST_CASE(errors_curl_maps_from_replies) {
    curl_server s;
    auto denied = run_curl(s.url("/hello.txt", "alice:wrong"), [](CURL*) {});
    BOOST_TEST(denied.code == CURLE_LOGIN_DENIED, curl_easy_strerror(denied.code));
    BOOST_TEST(denied.response == 530);
    auto missing = run_curl(s.url("/nope.txt"), [](CURL*) {});
    BOOST_TEST(missing.code == CURLE_REMOTE_FILE_NOT_FOUND, curl_easy_strerror(missing.code));
    BOOST_TEST(missing.response == 550);
    auto traversal = run_curl(s.url("/../../etc/hostname"), [](CURL* curl) {
        curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    });
    BOOST_TEST(traversal.code != CURLE_OK);
}
