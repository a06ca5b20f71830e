#include "mockserver/tls/tls_server.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>

#include "mockserver/tls/tls_verify.hpp"
#include "protocol/config_error.hpp"
#include "mockserver/tls/use_tuple.hpp"

namespace replycheck::mock::tls {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;
using std::chrono::hours;

namespace {

// The certificates a connection may be shown: the good one, then one per certificate fault.
enum certificate_slot { good, expired, not_yet_valid, wrong_name, slot_count };

certificate_slot slot_of(tls_fault fault) {
    switch (fault) {
    case tls_fault::expired_certificate: return expired;
    case tls_fault::not_yet_valid_certificate: return not_yet_valid;
    case tls_fault::wrong_name_certificate: return wrong_name;
    default: return good;
    }
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw protocol::config_error({path.string(), 0, 0}, "cannot read '" + path.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

// RFC 7301 §3.2: the server picks one protocol the client offered. HTTP/1.1 for HTTPS, "ftp"
// for FTPS; a client that offers only h2 gets no ALPN and so speaks HTTP/1.1.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_size, const unsigned char* in,
                unsigned int in_size, void*) {
    for (const std::string_view wanted : {std::string_view("http/1.1"), std::string_view("ftp")}) {
        for (unsigned int i = 0; i < in_size;) {
            const unsigned int length = in[i];
            if (i + 1 + length > in_size) break;
            if (std::string_view(reinterpret_cast<const char*>(in + i + 1), length) == wanted) {
                *out = in + i + 1;
                *out_size = static_cast<unsigned char>(length);
                return SSL_TLSEXT_ERR_OK;
            }
            i += 1 + length;
        }
    }
    return SSL_TLSEXT_ERR_NOACK;
}

int verify_optional(int preverified, X509_STORE_CTX* store) { return note_verify_result(preverified, store, true); }
int verify_required(int preverified, X509_STORE_CTX* store) { return note_verify_result(preverified, store, false); }

std::unique_ptr<asio::ssl::context> make_context(const tls_settings& settings, const tls_identity& identity,
                                                 const std::string& origin) {
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    SSL_CTX* ctx = context->native_handle();
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx, settings.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION);
    error_code ec;
    context->use_certificate_chain(asio::buffer(identity.certificate_pem), ec);
    if (!ec) context->use_private_key(asio::buffer(identity.private_key_pem), asio::ssl::context::pem, ec);
    if (!ec && SSL_CTX_check_private_key(ctx) != 1) ec = asio::error::invalid_argument;
    if (ec) throw protocol::config_error({origin, 0, 0}, "the certificate or key is unusable"
                                         " (or the key does not match the certificate): " + ec.message());
    // Sessions resume across connections (RFC 4217 §10: FTP data connections reuse the control one).
    static constexpr unsigned char session_context[] = "replycheck-mock";
    SSL_CTX_set_session_id_context(ctx, session_context, sizeof session_context - 1);
    SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr);
    if (settings.client_cert != client_cert_mode::off) {
        if (!settings.client_ca.empty()) {
            context->load_verify_file(settings.client_ca.string(), ec);
            if (ec) throw protocol::config_error({settings.client_ca.string(), 0, 0},
                                                 "cannot load the client CA bundle: " + ec.message());
            // RFC 8446 §4.2.4: the CertificateRequest names the authorities we accept.
            SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(settings.client_ca.c_str()));
        }
        if (settings.client_cert == client_cert_mode::optional)
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_optional);
        else
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_required);
    }
    return context;
}

// The names a generated certificate covers: loopback, the listen hosts, the configured names.
std::vector<std::string> certificate_names(const tls_settings& settings, const std::vector<std::string>& listen_hosts) {
    std::vector<std::string> names{"localhost", "127.0.0.1", "::1"};
    auto add = [&](std::string name) {
        if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
        if (name.empty() || name == "0.0.0.0" || name == "::") return;
        for (const auto& known : names)
            if (known == name) return;
        names.push_back(std::move(name));
    };
    for (const auto& host : listen_hosts) add(host);
    for (const auto& name : settings.names) add(name);
    return names;
}

// Written beside, then renamed: a client never reads half a certificate.
void write_certificate(const fs::path& path, const std::string& pem) {
    fs::path temporary = path;
    temporary += ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << pem;
        out.close();
        if (!out) throw protocol::config_error({path.string(), 0, 0}, "cannot write the certificate to '" + path.string() + "'");
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw protocol::config_error({path.string(), 0, 0}, "cannot write the certificate to '" + path.string() + "'");
    }
}

// What a plain_text script sends when it gives no text: a reply of the protocol expected there.
std::string default_plain_text(tls_entry entry) {
    if (entry == tls_entry::https || entry == tls_entry::any) {
        static constexpr std::string_view body = "plain text where TLS was expected\n";
        return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\nConnection: close\r\n\r\n" + std::string(body);
    }
    if (entry == tls_entry::ftp_data) return "plain text where TLS was expected\r\n";
    return "421 Plain text where TLS was expected.\r\n";
}

std::string describe(const error_code& ec) {
    if (ec == asio::error::timed_out) return "TLS handshake timed out";
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) return "the client closed the connection during the TLS handshake";
    return "TLS handshake failed: " + ec.message();
}

}  // namespace

struct tls_server::impl {
    std::string trust_pem;
    std::array<std::unique_ptr<asio::ssl::context>, slot_count> contexts;
    std::mutex mutex;
    std::vector<int> uses;   // per script
};

tls_server::tls_server(tls_settings settings, const std::vector<std::string>& listen_hosts)
    : settings_(std::move(settings)), impl_(std::make_unique<impl>()) {
    const auto names = certificate_names(settings_, listen_hosts);
    const auto authority = make_authority("replycheck mock authority");
    tls_identity good_identity;
    std::string origin = "generated certificate";
    if (!settings_.cert_file.empty()) {
        good_identity = {read_file(settings_.cert_file), read_file(settings_.key_file)};
        origin = settings_.cert_file.string();
        impl_->trust_pem = good_identity.certificate_pem;
    } else {
        good_identity = issue_certificate(authority, names, -hours(1), hours(24 * 7));
        impl_->trust_pem = authority.certificate_pem;
    }
    impl_->contexts[good] = make_context(settings_, good_identity, origin);
    // Faulty certificates come from the run's authority, so a client trusting it meets exactly
    // the fault (RFC 5280 §4.1.2.5 validity, RFC 6125 §6 names), not "unknown issuer" first.
    // Only those a script presents are made: every mock set with TLS starts through here.
    for (const auto& script : settings_.scripts) {
        const auto slot = slot_of(script.fault);
        if (slot == good || impl_->contexts[slot]) continue;
        if (slot == expired)
            impl_->contexts[slot] = make_context(settings_, issue_certificate(authority, names, -hours(24 * 30), -hours(24)), "expired certificate");
        else if (slot == not_yet_valid)
            impl_->contexts[slot] = make_context(settings_, issue_certificate(authority, names, hours(24), hours(24 * 30)), "future certificate");
        else
            impl_->contexts[slot] = make_context(settings_, issue_certificate(authority, {"wrong-name.invalid"}, -hours(1), hours(24 * 7)), "wrong-name certificate");
    }
    impl_->uses.assign(settings_.scripts.size(), 0);
    if (!settings_.cert_out.empty()) write_certificate(settings_.cert_out, impl_->trust_pem);
}

tls_server::~tls_server() = default;

const std::string& tls_server::certificate_pem() const noexcept { return impl_->trust_pem; }

asio::ssl::context& tls_server::context() noexcept { return *impl_->contexts[good]; }

void tls_server::reset_scripts() {
    std::lock_guard lock(impl_->mutex);
    impl_->uses.assign(settings_.scripts.size(), 0);
}

asio::awaitable<tls_start_result> tls_server::start(tls_stream& stream, tls_entry entry) {
    const tls_script* script = nullptr;
    {
        std::lock_guard lock(impl_->mutex);
        for (std::size_t i = 0; i < settings_.scripts.size() && !script; ++i) {
            const auto& candidate = settings_.scripts[i];
            if (candidate.on != tls_entry::any && candidate.on != entry) continue;
            if (candidate.times && impl_->uses[i] >= *candidate.times) continue;
            ++impl_->uses[i];
            script = &candidate;
        }
    }
    tls_start_result result;
    result.fault = script ? script->fault : tls_fault::none;
    const auto timeout = settings_.handshake_timeout;
    asio::steady_timer timer(stream.get_executor(), timeout);
    switch (result.fault) {
    case tls_fault::plain_text: {
        const std::string text = script->text.empty() ? default_plain_text(entry) : script->text;
        co_await (asio::async_write(stream.socket(), asio::buffer(text), use_tuple) || timer.async_wait(use_tuple));
        stream.close();
        co_return result;
    }
    case tls_fault::handshake_reset: {
        // Take the ClientHello, then RST (SO_LINGER 0): the client meets a reset mid-handshake.
        std::array<char, 4096> hello{};
        co_await (stream.socket().async_read_some(asio::buffer(hello), use_tuple) || timer.async_wait(use_tuple));
        error_code ignored;
        stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
        stream.close();
        co_return result;
    }
    case tls_fault::no_close_notify: stream.suppress_close_notify(); break;
    default: break;
    }
    result.error = co_await stream.handshake(*impl_->contexts[slot_of(result.fault)], timeout);
    result.secured = !result.error;
    if (result.error) result.error_text = describe(result.error);
    co_return result;
}

}  // namespace replycheck::mock::tls
