#pragma once
// TLS helpers for client tests: a self-signed certificate made with the openssl command, and a
// loopback TLS server (Asio + OpenSSL) that answers each request head with canned bytes.

#include "clients/temp_dir.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace replycheck::test {

/// A self-signed certificate for "localhost" and 127.0.0.1; `ok` is false when openssl is missing.
struct test_certificate {
    temp_dir dir;
    std::filesystem::path cert;
    std::filesystem::path key;
    bool ok = false;

    test_certificate() {
        cert = dir.path / "cert.pem";
        key = dir.path / "key.pem";
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
            " -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
            " -keyout '" + key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
        ok = std::system(command.c_str()) == 0 && std::filesystem::exists(cert);
    }
};

/// Serves TLS on 127.0.0.1 port 0: for each connection, handshake, read one request head,
/// answer `reply`, close. Every wait is bounded (20 ms accept polls, 3 s socket timeouts).
class tls_server {
public:
    tls_server(const test_certificate& certificate, std::string reply)
        : reply_(std::move(reply)), context_(boost::asio::ssl::context::tls_server), acceptor_(io_) {
        context_.use_certificate_chain_file(certificate.cert.string());
        context_.use_private_key_file(certificate.key.string(), boost::asio::ssl::context::pem);
        using tcp = boost::asio::ip::tcp;
        acceptor_.open(tcp::v4());
        acceptor_.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { serve(); });
    }
    ~tls_server() {
        stop_ = true;
        thread_.join();
    }
    std::uint16_t port() const { return port_; }
    int handshakes() const { return handshakes_.load(); }

private:
    void serve() {
        using tcp = boost::asio::ip::tcp;
        while (!stop_) {
            pollfd p{acceptor_.native_handle(), POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            boost::system::error_code ec;
            tcp::socket socket(io_);
            acceptor_.accept(socket, ec);
            if (ec) continue;
            timeval tv{3, 0};
            ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            boost::asio::ssl::stream<tcp::socket> stream(std::move(socket), context_);
            stream.handshake(boost::asio::ssl::stream_base::server, ec);
            if (ec) continue;
            ++handshakes_;
            boost::asio::streambuf buffer;
            boost::asio::read_until(stream, buffer, "\r\n\r\n", ec);
            if (ec) continue;
            boost::asio::write(stream, boost::asio::buffer(reply_), ec);
            // One close_notify, without waiting for the client's (it may keep the connection).
            ::SSL_shutdown(stream.native_handle());
            stream.next_layer().close(ec);
        }
    }

    std::string reply_;
    boost::asio::io_context io_;
    boost::asio::ssl::context context_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> handshakes_{0};
    std::thread thread_;
};

}  // namespace replycheck::test
