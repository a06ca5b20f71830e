#include "harness/clients/curl_http_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"
#include "clients/child_process.hpp"
#include "clients/temp_dir.hpp"
#include "clients/tls_support.hpp"
#include "harness/clients/raw_tcp_client.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>

using namespace std::chrono_literals;
using replycheck::harness::curl_http_client;
using replycheck::harness::http_request_spec;
using replycheck::harness::http_version;
using replycheck::harness::raw_target;
using replycheck::harness::raw_tcp_client;
using replycheck::protocol::find_header;

namespace {

/// A real nginx on loopback: HTTP/1.1 on `port`, cleartext HTTP/2 (prior knowledge) on
/// `h2c_port`, HTTPS with HTTP/2 on `tls_port`. `available` is false when nginx is missing.
struct nginx_server {
    replycheck::test::temp_dir state;
    replycheck::test::temp_dir root;
    std::uint16_t port = 0, h2c_port = 0, tls_port = 0;
    std::unique_ptr<replycheck::test::child_process> process;
    bool available = false;

    explicit nginx_server(const replycheck::test::test_certificate& certificate) {
        if (::access("/usr/sbin/nginx", X_OK) != 0 || !certificate.ok) return;
        root.write("index.html", "<p>nginx</p>\n");
        root.write("data.txt", "0123456789");
        std::filesystem::permissions(root.path, std::filesystem::perms(0755));
        std::filesystem::create_directories(state.path / "tmp");
        port = replycheck::test::closed_port();
        h2c_port = replycheck::test::closed_port();
        tls_port = replycheck::test::closed_port();
        const auto s = state.path.string();
        std::ofstream conf(state.path / "nginx.conf");
        conf << (::getuid() == 0 ? "user root;\n" : "") << "worker_processes 1;\ndaemon off;\nmaster_process on;\n"
             << "pid " << s << "/nginx.pid;\nerror_log " << s << "/error.log warn;\n"
             << "events { worker_connections 256; }\nhttp {\n  include /etc/nginx/mime.types;\n"
             << "  access_log off;\n  client_body_temp_path " << s << "/tmp/body;\n  proxy_temp_path " << s
             << "/tmp/proxy;\n  fastcgi_temp_path " << s << "/tmp/fastcgi;\n  uwsgi_temp_path " << s
             << "/tmp/uwsgi;\n  scgi_temp_path " << s << "/tmp/scgi;\n  server {\n"
             << "    listen 127.0.0.1:" << port << ";\n    listen 127.0.0.1:" << h2c_port << " http2;\n"
             << "    listen 127.0.0.1:" << tls_port << " ssl http2;\n"
             << "    ssl_certificate " << certificate.cert.string() << ";\n"
             << "    ssl_certificate_key " << certificate.key.string() << ";\n"
             << "    server_name localhost;\n    root " << root.path.string() << ";\n  }\n}\n";
        conf.close();
        process = std::make_unique<replycheck::test::child_process>(
            std::vector<std::string>{"/usr/sbin/nginx", "-c", (state.path / "nginx.conf").string(), "-p", s},
            s + "/stdout.log", port);
        available = process->listening();
    }
    std::string url(std::uint16_t p, const std::string& path, const char* scheme = "http") const {
        return std::string(scheme) + "://127.0.0.1:" + std::to_string(p) + path;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(nginx_http1_http2_and_https) {
    replycheck::test::test_certificate certificate;
    nginx_server server(certificate);
    if (!server.available) {
        BOOST_TEST_MESSAGE("nginx or openssl not available; skipped");
        return;
    }
    curl_http_client client;
    http_request_spec spec;
    spec.url = server.url(server.port, "/data.txt");
    auto plain = client.perform(spec);
    BOOST_REQUIRE(plain.response.has_value());
    BOOST_TEST(plain.response->status == 200);
    BOOST_TEST(plain.response->version == "HTTP/1.1");
    BOOST_TEST(plain.response->body == "0123456789");
    const auto* etag = find_header(plain.response->headers, "ETag");
    BOOST_REQUIRE(etag != nullptr);

    spec.headers = {{"If-None-Match", *etag}};
    auto not_modified = client.perform(spec);
    BOOST_REQUIRE(not_modified.response.has_value());
    BOOST_TEST(not_modified.response->status == 304);

    spec.headers = {{"Range", "bytes=3-4"}};
    spec.url = server.url(server.h2c_port, "/data.txt");
    spec.version = http_version::http2_prior_knowledge;
    auto h2c = client.perform(spec);
    BOOST_TEST(h2c.transport_error == "");
    BOOST_REQUIRE(h2c.response.has_value());
    BOOST_TEST(h2c.response->version == "HTTP/2");
    BOOST_TEST(h2c.response->status == 206);
    BOOST_TEST(h2c.response->body == "34");
    BOOST_TEST(*find_header(h2c.response->headers, "content-range") == "bytes 3-4/10");

    spec.headers.clear();
    spec.url = server.url(server.tls_port, "/index.html", "https");
    spec.version = http_version::http2;
    spec.tls.ca_file = certificate.cert.string();
    auto h2 = client.perform(spec);
    BOOST_TEST(h2.transport_error == "");
    BOOST_REQUIRE(h2.response.has_value());
    BOOST_TEST(h2.response->version == "HTTP/2");
    BOOST_TEST(h2.response->body == "<p>nginx</p>\n");
}

BOOST_AUTO_TEST_CASE(nginx_raw_requests) {
    replycheck::test::test_certificate certificate;
    nginx_server server(certificate);
    if (!server.available) {
        BOOST_TEST_MESSAGE("nginx or openssl not available; skipped");
        return;
    }
    raw_tcp_client client;
    raw_target target;
    target.port = server.port;
    auto head = client.exchange_http(target, "HEAD /data.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    BOOST_REQUIRE(head.response.has_value());
    BOOST_TEST(head.response->status == 200);
    BOOST_TEST(*find_header(head.response->headers, "Content-Length") == "10");
    BOOST_TEST(head.response->body.empty());
    BOOST_TEST(head.response->trailing_bytes.empty());
    BOOST_TEST(head.response->framing_errors.empty());

    auto get = client.exchange_http(target, "GET /data.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    BOOST_REQUIRE(get.response.has_value());
    BOOST_TEST(get.response->body == "0123456789");

    // HTTP/1.1 without Host: 400 (RFC 9112 §3.2), and nginx closes.
    auto no_host = client.exchange_http(target, "GET / HTTP/1.1\r\n\r\n");
    BOOST_REQUIRE(no_host.response.has_value());
    BOOST_TEST(no_host.response->status == 400);

    raw_tcp_client fresh;
    auto version = fresh.exchange_http(target, "GET / HTTP/3.1\r\nHost: localhost\r\n\r\n");
    BOOST_REQUIRE(version.response.has_value());
    BOOST_TEST(version.response->status == 505);

    raw_target tls = target;
    tls.port = server.tls_port;
    tls.tls = true;
    tls.tls_settings.ca_file = certificate.cert.string();
    tls.tls_settings.server_name = "localhost";
    raw_tcp_client secure;
    auto over_tls = secure.exchange_http(tls, "GET /data.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    BOOST_TEST(over_tls.transport_error == "");
    BOOST_REQUIRE(over_tls.response.has_value());
    BOOST_TEST(over_tls.response->body == "0123456789");
}
