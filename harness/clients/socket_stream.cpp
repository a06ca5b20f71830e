#include "harness/clients/socket_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

namespace replycheck::harness::detail {

namespace {

using tcp = asio::ip::tcp;

using protocol::transport_errc;
using protocol::transport_fault;

std::string words(const boost::system::error_code& ec) {
    if (ec == asio::error::eof) return "connection closed by peer";
    if (ec == asio::error::connection_reset) return "connection reset by peer";
    if (ec == asio::error::connection_refused) return "connection refused";
    return ec.message();
}

/// The fault of a failed read or write on an open connection.
transport_fault stream_fault(const boost::system::error_code& ec, transport_errc otherwise) {
    // TLS 1.3 checks a client certificate after the client's handshake has ended: the
    // server's alert arrives with the first read, and is the handshake's failure all the same.
    if (ec.category() == asio::error::get_ssl_category() && is_tls_alert(static_cast<unsigned long>(ec.value())))
        return {transport_errc::tls_handshake,
                describe_tls_failure(static_cast<unsigned long>(ec.value()), {}, "", words(ec)).text};
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
        return {transport_errc::closed_early, words(ec)};
    if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe)
        return {transport_errc::connection_reset, words(ec)};
    return {otherwise, words(ec)};
}

/// Completion flag and error shared with a handler that may outlive the caller's frame.
struct op_state {
    bool done = false;
    boost::system::error_code ec;
};

/// A failed handshake, its problem named (certificate, alert, plain text); the code stays tls_handshake.
transport_fault handshake_fault(const boost::system::error_code& ec, const certificate_facts& facts,
                                const std::string& name) {
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
        return {transport_errc::tls_handshake, "TLS handshake failed: the peer closed the connection during the handshake"};
    if (ec == asio::error::connection_reset)
        return {transport_errc::tls_handshake, "TLS handshake failed: the peer reset the connection"};
    const unsigned long openssl_error =
        ec.category() == asio::error::get_ssl_category() ? static_cast<unsigned long>(ec.value()) : 0;
    return {transport_errc::tls_handshake, describe_tls_failure(openssl_error, facts, name, ec.message()).text};
}

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

bool run_until(asio::io_context& io, const std::function<bool()>& done, steady::time_point deadline) {
    if (done()) return true;
    io.restart();
    while (!done()) {
        if (steady::now() >= deadline) return false;
        if (io.run_one_until(deadline) == 0) {
            if (done()) return true;
            if (io.stopped()) {
                // No work left: nothing will ever complete.
                if (steady::now() >= deadline) return false;
                io.restart();
                if (io.poll_one() == 0) return done();
            }
        }
    }
    return true;
}

std::string format_endpoint(const tcp::endpoint& endpoint) {
    auto address = endpoint.address();
    std::string host = address.to_string();
    if (address.is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(endpoint.port());
}

socket_stream::socket_stream(asio::io_context& io)
    : io_(io), socket_(io), buffer_(std::make_shared<std::array<char, 16384>>()) {}

socket_stream::~socket_stream() { close(); }

tcp::socket& socket_stream::socket() { return tls_ ? tls_->next_layer() : socket_; }

bool socket_stream::is_open() const { return tls_ ? tls_->next_layer().is_open() : socket_.is_open(); }

std::string socket_stream::alpn_selected() const {
    if (!tls_) return {};
    const unsigned char* data = nullptr;
    unsigned length = 0;
    SSL_get0_alpn_selected(tls_->native_handle(), &data, &length);
    return data ? std::string(reinterpret_cast<const char*>(data), length) : std::string();
}

transport_fault socket_stream::connect(const std::string& host, std::uint16_t port, steady::time_point deadline) {
    close();
    auto state = std::make_shared<op_state>();
    auto results = std::make_shared<tcp::resolver::results_type>();
    tcp::resolver resolver(io_);
    resolver.async_resolve(host, std::to_string(port), [state, results](const boost::system::error_code& ec,
                                                                       tcp::resolver::results_type r) {
        state->done = true;
        state->ec = ec;
        *results = std::move(r);
    });
    if (!run_until(io_, [&] { return state->done; }, deadline)) {
        resolver.cancel();
        run_until(io_, [&] { return state->done; }, steady::now() + std::chrono::seconds(1));
        return {transport_errc::timeout, "timeout resolving " + host};
    }
    if (state->ec) return {transport_errc::resolve, "cannot resolve " + host + ": " + words(state->ec)};

    auto connected = std::make_shared<op_state>();
    asio::async_connect(socket_, *results, [connected](const boost::system::error_code& ec, const tcp::endpoint&) {
        connected->done = true;
        connected->ec = ec;
    });
    if (!run_until(io_, [&] { return connected->done; }, deadline)) {
        boost::system::error_code ignored;
        socket_.close(ignored);
        run_until(io_, [&] { return connected->done; }, steady::now() + std::chrono::seconds(1));
        return {transport_errc::timeout, "timeout connecting to " + host + ":" + std::to_string(port)};
    }
    if (connected->ec) {
        boost::system::error_code ignored;
        socket_.close(ignored);
        return {connected->ec == asio::error::connection_refused ? transport_errc::connection_refused
                                                                 : transport_errc::connect_failed,
                "cannot connect to " + host + ":" + std::to_string(port) + ": " + words(connected->ec)};
    }
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    return {};
}

void socket_stream::adopt(tcp::socket socket) {
    close();
    socket_ = std::move(socket);
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
}

transport_fault socket_stream::prepare_tls(const tls_options& tls, const std::string& host,
                                           const socket_stream* reuse_from) {
    if (tls_) return {transport_errc::client_failure, "TLS already active"};
    context_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    boost::system::error_code ec;
    const std::string name = tls.server_name.empty() ? host : tls.server_name;
    std::string setup_error;
    if (tls.insecure) {
        context_->set_verify_mode(asio::ssl::verify_none, ec);
    } else {
        context_->set_verify_mode(asio::ssl::verify_peer, ec);
        if (!tls.ca_file.empty()) context_->load_verify_file(tls.ca_file, ec);
        else context_->set_default_verify_paths(ec);
        if (ec) setup_error = "cannot load CA certificates: " + ec.message();
    }
    if (setup_error.empty() && !tls.client_cert.empty()) {
        context_->use_certificate_chain_file(tls.client_cert, ec);
        if (ec) setup_error = "cannot load client certificate: " + ec.message();
        context_->use_private_key_file(tls.client_key.empty() ? tls.client_cert : tls.client_key,
                                       asio::ssl::context::pem, ec);
        if (ec && setup_error.empty()) setup_error = "cannot load client key: " + ec.message();
    }
    if (!setup_error.empty()) {
        context_.reset();
        return {transport_errc::client_failure, setup_error};
    }
    tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket_), *context_);
    socket_ = tcp::socket(io_);
    tls_name_ = name;
    facts_ = std::make_shared<certificate_facts>();
    if (!tls.insecure) {
        // RFC 6125 §6: the name asked for must be in the certificate; OpenSSL checks it inside
        // chain verification, so a mismatch has its own verify result (not a generic refusal).
        if (is_ip_literal(name)) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls_->native_handle()), name.c_str());
        else SSL_set1_host(tls_->native_handle(), name.c_str());
        tls_->set_verify_callback([facts = facts_](bool preverified, asio::ssl::verify_context& ctx) {
            if (!preverified) note_verify_failure(ctx.native_handle(), *facts);
            return preverified;
        }, ec);
    }
    // RFC 6066 §3: SNI carries host names only, never IP literals.
    if (!is_ip_literal(name)) SSL_set_tlsext_host_name(tls_->native_handle(), name.c_str());
    if (!tls.alpn.empty()) {
        // RFC 7301 §3.1: a list of length-prefixed protocol names.
        std::string wire;
        for (const auto& protocol : tls.alpn) wire += static_cast<char>(protocol.size()) + protocol;
        SSL_set_alpn_protos(tls_->native_handle(), reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned>(wire.size()));
    }
    if (reuse_from && reuse_from->tls_) {
        // FTP servers often require the data connection to resume the control session.
        if (SSL_SESSION* session = SSL_get1_session(reuse_from->tls_->native_handle())) {
            SSL_set_session(tls_->native_handle(), session);
            SSL_SESSION_free(session);
        }
    }
    return {};
}

void socket_stream::async_start_tls(const tls_options& tls, const std::string& host,
                                    const socket_stream* reuse_from, std::function<void(transport_fault)> handler) {
    if (auto setup_error = prepare_tls(tls, host, reuse_from)) {
        asio::post(io_, [handler, setup_error] { handler(setup_error); });
        return;
    }
    tls_->async_handshake(asio::ssl::stream_base::client,
                          [handler, facts = facts_, name = tls_name_](const boost::system::error_code& e) {
        if (e) handler(handshake_fault(e, *facts, name));
        else handler({});
    });
}

asio::awaitable<transport_fault> socket_stream::co_start_tls(const tls_options& tls, const std::string& host,
                                                             const socket_stream* reuse_from) {
    if (auto setup_error = prepare_tls(tls, host, reuse_from)) co_return setup_error;
    auto [e] = co_await tls_->async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (e) co_return handshake_fault(e, *facts_, tls_name_);
    co_return transport_fault{};
}

transport_fault socket_stream::start_tls(const tls_options& tls, const std::string& host, steady::time_point deadline,
                                         const socket_stream* reuse_from) {
    auto state = std::make_shared<std::pair<bool, transport_fault>>();
    async_start_tls(tls, host, reuse_from, [state](transport_fault error) {
        state->first = true;
        state->second = std::move(error);
    });
    if (!run_until(io_, [&] { return state->first; }, deadline)) {
        cancel();
        run_until(io_, [&] { return state->first; }, steady::now() + std::chrono::seconds(1));
        close();
        return {transport_errc::timeout, "timeout in TLS handshake"};
    }
    if (state->second) close();
    return state->second;
}

void socket_stream::async_write(std::string bytes, std::function<void(boost::system::error_code)> handler) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    auto done = [data, handler = std::move(handler)](const boost::system::error_code& ec, std::size_t) {
        handler(ec);
    };
    if (tls_) asio::async_write(*tls_, asio::buffer(*data), std::move(done));
    else asio::async_write(socket_, asio::buffer(*data), std::move(done));
}

void socket_stream::async_read_some(std::function<void(boost::system::error_code, std::string_view)> handler) {
    auto buffer = buffer_;
    auto done = [buffer, handler = std::move(handler)](const boost::system::error_code& ec, std::size_t n) {
        handler(ec, std::string_view(buffer->data(), n));
    };
    if (tls_) tls_->async_read_some(asio::buffer(*buffer), std::move(done));
    else socket_.async_read_some(asio::buffer(*buffer), std::move(done));
}

asio::awaitable<boost::system::error_code> socket_stream::co_read_some(std::string& out) {
    auto buffer = buffer_;
    auto token = asio::as_tuple(asio::use_awaitable);
    auto [ec, n] = tls_ ? co_await tls_->async_read_some(asio::buffer(*buffer), token)
                        : co_await socket_.async_read_some(asio::buffer(*buffer), token);
    out.append(buffer->data(), n);
    co_return ec;
}

asio::awaitable<boost::system::error_code> socket_stream::co_write(std::string_view bytes) {
    auto token = asio::as_tuple(asio::use_awaitable);
    auto [ec, n] = tls_ ? co_await asio::async_write(*tls_, asio::buffer(bytes), token)
                        : co_await asio::async_write(socket_, asio::buffer(bytes), token);
    co_return ec;
}

transport_fault socket_stream::write(std::string_view bytes, steady::time_point deadline) {
    if (!is_open()) return {transport_errc::not_connected, "not connected"};
    auto state = std::make_shared<op_state>();
    async_write(std::string(bytes), [state](boost::system::error_code ec) {
        state->done = true;
        state->ec = ec;
    });
    if (!run_until(io_, [&] { return state->done; }, deadline)) {
        cancel();
        run_until(io_, [&] { return state->done; }, steady::now() + std::chrono::seconds(1));
        return {transport_errc::timeout, "timeout while sending"};
    }
    if (state->ec) return stream_fault(state->ec, transport_errc::send_failed);
    return {};
}

read_status socket_stream::read_some(std::string& out, steady::time_point deadline, transport_fault& error) {
    if (!is_open()) {
        error = {transport_errc::not_connected, "not connected"};
        return read_status::error;
    }
    // A deadline already past ends the read before it starts: Asio completes a read at once
    // when bytes are waiting, so a peer that never stops sending would otherwise outlive it.
    if (steady::now() >= deadline) return read_status::timeout;
    auto state = std::make_shared<op_state>();
    auto data = std::make_shared<std::string>();
    async_read_some([state, data](boost::system::error_code ec, std::string_view bytes) {
        state->done = true;
        state->ec = ec;
        data->assign(bytes);
    });
    if (!run_until(io_, [&] { return state->done; }, deadline)) {
        cancel();
        run_until(io_, [&] { return state->done; }, steady::now() + std::chrono::seconds(1));
        out += *data;
        if (!data->empty()) return read_status::data;
        return read_status::timeout;
    }
    out += *data;
    if (!data->empty()) return read_status::data;
    if (state->ec == asio::error::eof || state->ec == asio::ssl::error::stream_truncated) return read_status::eof;
    if (state->ec) {
        error = stream_fault(state->ec, transport_errc::receive_failed);
        return read_status::error;
    }
    return read_status::data;
}

void socket_stream::shutdown_send() {
    boost::system::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void socket_stream::cancel() {
    boost::system::error_code ignored;
    socket().cancel(ignored);
}

void socket_stream::close() {
    boost::system::error_code ignored;
    if (tls_) {
        tls_->next_layer().close(ignored);
        // An operation of the TLS engine may have completed but not yet run its handler (a
        // data connection closed mid-handshake by a 550 on the control one): the engine must
        // outlive it, so it is kept until this stream is destroyed.
        retired_.emplace_back(std::move(context_), std::move(tls_));
    }
    socket_.close(ignored);
}

bool socket_stream::peer_closed() {
    if (!is_open()) return true;
    char probe;
    // A zero-byte peek means the peer sent FIN and nothing is left unread.
    auto n = ::recv(socket().native_handle(), &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0;
}

std::string socket_stream::remote_address() const {
    boost::system::error_code ec;
    auto endpoint = (tls_ ? tls_->next_layer() : socket_).remote_endpoint(ec);
    return ec ? std::string() : format_endpoint(endpoint);
}

std::string socket_stream::remote_host() const {
    boost::system::error_code ec;
    auto endpoint = (tls_ ? tls_->next_layer() : socket_).remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

std::string socket_stream::local_host() const {
    boost::system::error_code ec;
    auto endpoint = (tls_ ? tls_->next_layer() : socket_).local_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

}  // namespace replycheck::harness::detail
