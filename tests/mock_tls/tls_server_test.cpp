// The mocks' TLS room against libcurl: the generated chain is trusted through cert_out, ALPN picks
// HTTP/1.1, every TLS script fault reaches the client as the error it names, and client
// certificates are classified as IIS needs them (none, valid, untrusted, expired).

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <curl/curl.h>
#include <unistd.h>

#include "mockserver/tls/tls_identity.hpp"
#include "mockserver/tls/tls_server.hpp"
#include "mockserver/tls/tls_settings.hpp"
#include "protocol/config_error.hpp"
#include "protocol/toml_reader.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace replycheck::mock::tls;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct temp_folder {
    fs::path path = fs::temp_directory_path() / ("replycheck-tls-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    temp_folder() { fs::create_directories(path); }
    ~temp_folder() { std::error_code ec; fs::remove_all(path, ec); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
};

// A one-thread server: TLS through tls_server::start, then one request answered with what the
// handshake learned ("alpn=… verdict=… subject=…"); the body runs to the close (no length),
// so a missing close_notify is a truncation the client can see.
class test_server {
public:
    explicit test_server(tls_settings settings) : tls_(std::move(settings), {"127.0.0.1"}), acceptor_(io_) {
        acceptor_.open(tcp::v4());
        acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
        acceptor_.listen();
        asio::co_spawn(io_, accept_loop(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~test_server() {
        io_.stop();
        thread_.join();
    }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/"; }
    tls_server& tls() { return tls_; }

private:
    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
            if (ec) co_return;
            asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
        }
    }
    asio::awaitable<void> serve(tcp::socket socket) {
        tls_stream stream(std::move(socket));
        const auto started = co_await tls_.start(stream, tls_entry::https);
        if (!started.secured) co_return;
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(buffer), use_tuple);
            if (ec) co_return;
            request.append(buffer, n);
        }
        const auto& info = stream.info();
        const std::string reply = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nalpn=" + info.alpn +
                                  " verdict=" + std::string(to_string(info.client_verdict)) +
                                  " subject=" + info.client_subject + "\n";
        co_await asio::async_write(stream, asio::buffer(reply), use_tuple);
        co_await stream.close_notify(2s);
        stream.close();
    }

    tls_server tls_;
    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::thread thread_;
};

struct curl_result {
    CURLcode code = CURLE_OK;
    std::string error;
    std::string body;
    long http_version = 0;
};

struct client_options {
    fs::path ca;
    fs::path cert, key;
    bool insecure = false;
};

client_options trust(fs::path ca = {}, fs::path cert = {}, fs::path key = {}) {
    client_options options;
    options.ca = std::move(ca);
    options.cert = std::move(cert);
    options.key = std::move(key);
    return options;
}

curl_result fetch(const std::string& url, const client_options& options) {
    curl_result result;
    CURL* curl = curl_easy_init();
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);   // offers h2 and http/1.1
    if (!options.ca.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca.c_str());
    if (!options.cert.empty()) {
        curl_easy_setopt(curl, CURLOPT_SSLCERT, options.cert.c_str());
        curl_easy_setopt(curl, CURLOPT_SSLKEY, options.key.c_str());
    }
    if (options.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t, size_t n, void* out) {
        static_cast<std::string*>(out)->append(data, n);
        return n;
    });
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    result.code = curl_easy_perform(curl);
    result.error = error;
    curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &result.http_version);
    curl_easy_cleanup(curl);
    return result;
}

// How a raw OpenSSL client sees the end of the reply: "close_notify" (RFC 8446 §6.1) or
// "stream truncated" (the TCP connection ended without it).
std::string read_to_end(const std::string& url) {
    asio::io_context io;
    asio::ssl::context context(asio::ssl::context::tls_client);
    asio::ssl::stream<tcp::socket> stream(io, context);
    const auto port = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    stream.handshake(asio::ssl::stream_base::client);
    asio::write(stream, asio::buffer(std::string_view("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
    boost::system::error_code ec;
    char buffer[4096];
    while (!ec) stream.read_some(asio::buffer(buffer), ec);
    if (ec == asio::error::eof) return "close_notify";
    if (ec == asio::ssl::error::stream_truncated) return "stream truncated";
    return ec.message();
}

tls_settings settings_in(const temp_folder& folder) {
    tls_settings settings;
    settings.cert_out = folder.path / "mock-ca.pem";
    settings.handshake_timeout = 3s;
    return settings;
}

tls_settings with_script(tls_settings settings, tls_fault fault, std::optional<int> times = {}) {
    tls_script script;
    script.fault = fault;
    script.times = times;
    settings.scripts.push_back(script);
    return settings;
}

tls_settings parse(const std::string& text, const fs::path& base) {
    const auto table = replycheck::protocol::parse_toml(text, "mock.toml");
    return load_tls_settings(*table["mock"]["tls"].as_table(), base, "mock.toml");
}

std::string error_of(const std::string& text, const fs::path& base) {
    try {
        parse(text, base);
    } catch (const replycheck::protocol::config_error& e) {
        return e.what();
    }
    return "no error";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(generated_chain_is_trusted_through_cert_out_and_alpn_picks_http11) {
    temp_folder folder;
    test_server server(settings_in(folder));
    BOOST_TEST(fs::exists(folder.path / "mock-ca.pem"));
    const auto ok = fetch(server.url(), trust(folder.path / "mock-ca.pem"));
    BOOST_TEST(ok.code == CURLE_OK, ok.error);
    BOOST_TEST(contains(ok.body, "alpn=http/1.1"), ok.body);
    BOOST_TEST(ok.http_version == CURL_HTTP_VERSION_1_1);
    const auto by_name = fetch("https://localhost:" + server.url().substr(server.url().rfind(':') + 1), trust(folder.path / "mock-ca.pem"));
    BOOST_TEST(by_name.code == CURLE_OK, by_name.error);
    // Without trusting the authority the client refuses: the certificate is not self-evidently good.
    const auto untrusted = fetch(server.url(), trust());
    BOOST_TEST(untrusted.code == CURLE_PEER_FAILED_VERIFICATION, untrusted.error);
}

BOOST_AUTO_TEST_CASE(certificate_faults_reach_the_client_as_named_errors) {
    temp_folder folder;
    const fs::path ca = folder.path / "mock-ca.pem";
    struct named { tls_fault fault; std::string_view words; } cases[] = {
        {tls_fault::expired_certificate, "expired"},
        {tls_fault::not_yet_valid_certificate, "not yet valid"},
        {tls_fault::wrong_name_certificate, "127.0.0.1"},
    };
    for (const auto& c : cases) {
        test_server server(with_script(settings_in(folder), c.fault, 1));
        const auto faulty = fetch(server.url(), trust(ca));
        BOOST_TEST(faulty.code == CURLE_PEER_FAILED_VERIFICATION, to_string(c.fault) << ": " << faulty.error);
        BOOST_TEST(contains(faulty.error, c.words), to_string(c.fault) << ": " << faulty.error);
        // times = 1: the next connection gets the good certificate.
        const auto next = fetch(server.url(), trust(ca));
        BOOST_TEST(next.code == CURLE_OK, next.error);
    }
}

BOOST_AUTO_TEST_CASE(reset_plain_text_and_missing_close_notify_break_the_exchange) {
    temp_folder folder;
    const fs::path ca = folder.path / "mock-ca.pem";
    {
        test_server server(with_script(settings_in(folder), tls_fault::handshake_reset));
        const auto reset = fetch(server.url(), trust(ca));
        BOOST_TEST((reset.code == CURLE_SSL_CONNECT_ERROR || reset.code == CURLE_RECV_ERROR), reset.error);
    }
    {
        test_server server(with_script(settings_in(folder), tls_fault::plain_text));
        const auto plain = fetch(server.url(), trust(ca));
        BOOST_TEST(plain.code == CURLE_SSL_CONNECT_ERROR, plain.error);
        BOOST_TEST(contains(plain.error, "wrong version number"), plain.error);
    }
    {
        test_server server(with_script(settings_in(folder), tls_fault::no_close_notify));
        // libcurl takes a close-delimited body cut without close_notify as complete; OpenSSL tells.
        BOOST_TEST(read_to_end(server.url()) == "stream truncated");
    }
    {
        test_server server(settings_in(folder));
        BOOST_TEST(read_to_end(server.url()) == "close_notify");
    }
}

BOOST_AUTO_TEST_CASE(optional_client_certificates_are_classified) {
    temp_folder folder;
    const auto client_ca = make_authority("test client CA");
    const auto other_ca = make_authority("someone else's CA");
    folder.write("client-ca.pem", client_ca.certificate_pem);
    auto client = [&](const tls_identity& authority, std::chrono::seconds from, std::chrono::seconds to, const std::string& name) {
        const auto id = issue_certificate(authority, {name}, from, to);
        return std::pair{folder.write(name + ".pem", id.certificate_pem), folder.write(name + ".key", id.private_key_pem)};
    };
    const auto alice = client(client_ca, -1h, 24h, "alice");
    const auto mallory = client(other_ca, -1h, 24h, "mallory");
    const auto old = client(client_ca, -48h, -24h, "old");
    auto settings = settings_in(folder);
    settings.client_cert = client_cert_mode::optional;
    settings.client_ca = folder.path / "client-ca.pem";
    test_server server(settings);
    const fs::path ca = folder.path / "mock-ca.pem";

    const auto none = fetch(server.url(), trust(ca));
    BOOST_TEST(contains(none.body, "verdict=none"), none.body + none.error);
    const auto valid = fetch(server.url(), trust(ca, alice.first, alice.second));
    BOOST_TEST(contains(valid.body, "verdict=valid subject=CN=alice,O=replycheck mock"), valid.body + valid.error);
    const auto untrusted = fetch(server.url(), trust(ca, mallory.first, mallory.second));
    BOOST_TEST(contains(untrusted.body, "verdict=untrusted"), untrusted.body + untrusted.error);
    const auto expired = fetch(server.url(), trust(ca, old.first, old.second));
    BOOST_TEST(contains(expired.body, "verdict=expired"), expired.body + expired.error);
}

BOOST_AUTO_TEST_CASE(required_client_certificates_end_the_handshake_without_one) {
    temp_folder folder;
    const auto client_ca = make_authority("test client CA");
    folder.write("client-ca.pem", client_ca.certificate_pem);
    const auto alice = issue_certificate(client_ca, {"alice"}, -1h, 24h);
    auto settings = settings_in(folder);
    settings.client_cert = client_cert_mode::required;
    settings.client_ca = folder.path / "client-ca.pem";
    test_server server(settings);
    const fs::path ca = folder.path / "mock-ca.pem";
    const auto refused = fetch(server.url(), trust(ca));
    BOOST_TEST(refused.code != CURLE_OK);
    const auto accepted = fetch(server.url(), trust(ca, folder.write("a.pem", alice.certificate_pem), folder.write("a.key", alice.private_key_pem)));
    BOOST_TEST(accepted.code == CURLE_OK, accepted.error);
    BOOST_TEST(contains(accepted.body, "verdict=valid"), accepted.body);
}

BOOST_AUTO_TEST_CASE(a_given_certificate_is_served_and_written_out) {
    temp_folder folder;
    const auto authority = make_authority("site CA");
    const auto site = issue_certificate(authority, {"127.0.0.1"}, -1h, 24h);
    auto settings = settings_in(folder);
    settings.cert_file = folder.write("site.pem", site.certificate_pem);
    settings.key_file = folder.write("site.key", site.private_key_pem);
    test_server server(settings);
    std::ifstream written(folder.path / "mock-ca.pem");
    std::string text((std::istreambuf_iterator<char>(written)), {});
    BOOST_TEST(text == site.certificate_pem);
    const auto ok = fetch(server.url(), trust(folder.write("site-ca.pem", authority.certificate_pem)));
    BOOST_TEST(ok.code == CURLE_OK, ok.error);
    // A key that does not belong to the certificate is refused at start, naming the file.
    settings.key_file = folder.write("other.key", make_authority("x").private_key_pem);
    try {
        tls_server mismatched(settings, {});
        BOOST_FAIL("a mismatched key was accepted");
    } catch (const replycheck::protocol::config_error& e) {
        BOOST_TEST(contains(e.what(), "site.pem"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(settings_load_and_errors_are_located) {
    temp_folder folder;
    folder.write("c.pem", "x");
    folder.write("k.pem", "x");
    const auto settings = parse(R"([mock.tls]
cert = "c.pem"
key = "k.pem"
cert_out = "out.pem"
names = ["mock.test", "10.0.0.1"]
client_cert = "optional"
min_version = "1.3"
handshake_timeout = "2s"
[[mock.tls.script]]
fault = "expired_certificate"
on = "ftps"
times = 2
[[mock.tls.script]]
fault = "plain_text"
text = "hello"
)", folder.path);
    BOOST_TEST(settings.cert_file == folder.path / "c.pem");
    BOOST_TEST(settings.cert_out == folder.path / "out.pem");
    BOOST_TEST(settings.names.size() == 2u);
    BOOST_TEST((settings.client_cert == client_cert_mode::optional));
    BOOST_TEST(settings.min_version == "1.3");
    BOOST_TEST(settings.handshake_timeout.count() == 2000);
    BOOST_TEST_REQUIRE(settings.scripts.size() == 2u);
    BOOST_TEST((settings.scripts[0].on == tls_entry::ftps));
    BOOST_TEST(*settings.scripts[0].times == 2);
    BOOST_TEST(settings.scripts[1].text == "hello");

    BOOST_TEST(contains(error_of("[mock.tls]\ncertt = \"c.pem\"\n", folder.path), "mock.toml:2:1:"));
    BOOST_TEST(contains(error_of("[mock.tls]\ncert = \"c.pem\"\n", folder.path), "'cert' and 'key' are given together"));
    BOOST_TEST(contains(error_of("[mock.tls]\ncert = \"missing.pem\"\nkey = \"k.pem\"\n", folder.path), "mock.toml:2:8: 'cert': cannot read"));
    BOOST_TEST(contains(error_of("[mock.tls]\nclient_cert = \"required\"\n", folder.path), "needs 'client_ca'"));
    BOOST_TEST(contains(error_of("[mock.tls]\n[[mock.tls.script]]\nfault = \"expired\"\n", folder.path), "mock.toml:3:9:"));
    BOOST_TEST(contains(error_of("[mock.tls]\n[[mock.tls.script]]\nfault = \"reset\"\ntext = \"x\"\n", folder.path), "mock.toml:3:9:"));
    BOOST_TEST(contains(error_of("[mock.tls]\n[[mock.tls.script]]\nfault = \"handshake_reset\"\ntext = \"x\"\n", folder.path),
                        "'text' is only for fault = \"plain_text\""));
}
