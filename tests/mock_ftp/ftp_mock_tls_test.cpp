// FTPS in the mock FTP server (RFC 4217, RFC 2228): AUTH/PBSZ/PROT/CCC sequencing, the
// implicit listener, PROT P data connections, and every policy reply, driven by a small
// OpenSSL client over the tests' bounded sockets.

#include <boost/test/unit_test.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <regex>

#include <boost/json.hpp>

#include "ftp_test_server.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/tls/tls_identity.hpp"
#include "mockserver/tls/tls_server.hpp"

using namespace replycheck::test;
using replycheck::mock::ftp_tls_policy;

namespace {

/// A connection that may be upgraded to TLS: the control connection or a data connection.
class tls_connection {
public:
    explicit tls_connection(test_socket socket) : socket_(std::move(socket)) {}
    tls_connection(tls_connection&& other) noexcept
        : socket_(std::move(other.socket_)), ssl_(std::exchange(other.ssl_, nullptr)),
          pending_(std::move(other.pending_)) {}
    ~tls_connection() {
        if (ssl_) SSL_free(ssl_);
    }

    /// Client handshake (no certificate check: the tests look at the server's FTP behaviour);
    /// `resume` offers that session (RFC 4217 §10 data connections). False on failure.
    bool start_tls(SSL_CTX* context, SSL_SESSION* resume = nullptr) {
        ssl_ = SSL_new(context);
        SSL_set_fd(ssl_, socket_.fd());
        if (resume) SSL_set_session(ssl_, resume);
        if (SSL_connect(ssl_) == 1) return true;
        SSL_free(ssl_);
        ssl_ = nullptr;
        return false;
    }
    SSL* ssl() const { return ssl_; }

    void send(const std::string& bytes) {
        if (!ssl_) return socket_.send_all(bytes);
        if (SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) <= 0)
            throw std::runtime_error("SSL_write failed");
    }
    /// Some bytes; "" at the end (close_notify or FIN) or on a timeout.
    std::string receive_some() {
        if (!ssl_) return socket_.receive_some();
        std::string buffer(16384, '\0');
        int n = SSL_read(ssl_, buffer.data(), static_cast<int>(buffer.size()));
        if (n <= 0) return {};
        buffer.resize(static_cast<std::size_t>(n));
        return buffer;
    }
    std::string receive_all() {
        std::string all;
        for (int i = 0; i < 10000; ++i) {
            auto piece = receive_some();
            if (piece.empty()) break;
            all += piece;
        }
        return all;
    }
    /// Whether the peer ended TLS with close_notify (RFC 8446 §6.1).
    bool got_close_notify() const { return ssl_ && (SSL_get_shutdown(ssl_) & SSL_RECEIVED_SHUTDOWN); }
    /// close_notify both ways (RFC 4217 §6: plain text follows only after the server's).
    void end_tls() {
        if (SSL_shutdown(ssl_) == 0) {
            char sink[256];
            for (int i = 0; i < 100 && SSL_read(ssl_, sink, sizeof sink) > 0; ++i) {
            }
        }
        SSL_free(ssl_);
        ssl_ = nullptr;
    }

    test_reply read_reply() {
        test_reply reply;
        for (int guard = 0; guard < 1000; ++guard) {
            auto end = pending_.find("\r\n");
            if (end == std::string::npos) {
                auto more = receive_some();
                if (more.empty()) throw std::runtime_error("connection closed before a reply");
                pending_ += more;
                continue;
            }
            std::string line = pending_.substr(0, end);
            pending_.erase(0, end + 2);
            reply.lines.push_back(line);
            if (reply.lines.size() == 1) reply.code = std::stoi(line.substr(0, 3));
            if (line.size() >= 4 && line.compare(0, 3, reply.lines.front(), 0, 3) == 0 && line[3] == ' ')
                return reply;
            if (reply.lines.size() == 1 && line.size() == 3) return reply;
        }
        throw std::runtime_error("reply too long");
    }
    test_reply command(const std::string& line) {
        send(line + "\r\n");
        return read_reply();
    }
    test_reply login(const std::string& user, const std::string& password) {
        auto first = command("USER " + user);
        if (first.code != 331) return first;
        return command("PASS " + password);
    }
    void close() { socket_.close(); }

private:
    test_socket socket_;
    SSL* ssl_ = nullptr;
    std::string pending_;
};

struct client_context {
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    client_context() { SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr); }
    ~client_context() { SSL_CTX_free(context); }
};

/// Control connection to the mock, greeting read.
tls_connection connect_control(std::uint16_t port) {
    tls_connection c(test_socket::connect_to(port));
    BOOST_REQUIRE_EQUAL(c.read_reply().code, 220);
    return c;
}

/// AUTH TLS answered 234 and the handshake done.
void auth_tls(tls_connection& c, SSL_CTX* context) {
    BOOST_REQUIRE_EQUAL(c.command("AUTH TLS").code, 234);
    BOOST_REQUIRE(c.start_tls(context));
}

std::uint16_t epsv_port(tls_connection& c) {
    auto reply = c.command("EPSV");
    std::smatch match;
    static const std::regex pattern(R"(\(\|\|\|(\d+)\|\))");
    BOOST_REQUIRE_EQUAL(reply.code, 229);
    BOOST_REQUIRE(std::regex_search(reply.lines[0], match, pattern));
    return static_cast<std::uint16_t>(std::stoi(match[1]));
}

/// RETR over a data connection: protected when `tls`, offering `resume`; returns the final code
/// and the data in `data`.
int retrieve(tls_connection& c, const std::string& name, std::string& data, SSL_CTX* tls = nullptr,
             SSL_SESSION* resume = nullptr, bool* close_notify = nullptr) {
    if (c.command("TYPE I").code != 200) return 0;
    tls_connection d(test_socket::connect_to(epsv_port(c)));
    auto preliminary = c.command("RETR " + name);
    if (preliminary.code != 150) return preliminary.code;
    if (tls && !d.start_tls(tls, resume)) return -1;
    data = d.receive_all();
    if (close_notify) *close_notify = d.got_close_notify();
    return c.read_reply().code;
}

}  // namespace

BOOST_AUTO_TEST_CASE(auth_tls_pbsz_prot_sequencing) {
    server s;
    client_context tls;
    auto c = connect_control(s.mock->port());
    // RFC 4217 §6 / RFC 2389: FEAT names AUTH TLS, PBSZ and PROT (no CCC by default).
    auto feat = c.command("FEAT");
    BOOST_TEST(feat.code == 211);
    auto has = [&](const std::string& feature) {
        return std::find(feat.lines.begin(), feat.lines.end(), " " + feature) != feat.lines.end();
    };
    BOOST_TEST(has("AUTH TLS"));
    BOOST_TEST(has("PBSZ"));
    BOOST_TEST(has("PROT"));
    BOOST_TEST(!has("CCC"));
    // Before AUTH: PBSZ 503, PROT 503 (RFC 2228 §3: PBSZ follows AUTH, PROT follows PBSZ).
    BOOST_TEST(c.command("PBSZ 0").code == 503);
    BOOST_TEST(c.command("PROT P").code == 503);
    BOOST_TEST(c.command("AUTH").code == 501);
    BOOST_TEST(c.command("AUTH KERBEROS_V4").code == 504);
    // AUTH resets USER (RFC 4217 §4): a login begun in clear is gone.
    BOOST_TEST(c.command("USER alice").code == 331);
    auth_tls(c, tls.context);
    BOOST_TEST(c.command("PASS secret").code == 503);
    BOOST_TEST(c.command("AUTH TLS").code == 503);   // already protected
    BOOST_TEST(c.command("PROT P").code == 503);     // PBSZ first
    auto pbsz = c.command("PBSZ 0");
    BOOST_TEST(pbsz.code == 200);
    BOOST_TEST(pbsz.lines[0] == "200 PBSZ=0");
    // RFC 4217 §8: any other size is answered with PBSZ=0.
    BOOST_TEST(c.command("PBSZ 1024").lines[0] == "200 PBSZ=0");
    BOOST_TEST(c.command("PBSZ x").code == 501);
    BOOST_TEST(c.command("PROT S").code == 536);
    BOOST_TEST(c.command("PROT E").code == 536);
    BOOST_TEST(c.command("PROT Q").code == 504);
    BOOST_TEST(c.command("PROT C").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    std::string data;
    bool close_notify = false;
    BOOST_TEST(retrieve(c, "hello.txt", data, tls.context, nullptr, &close_notify) == 226);
    BOOST_TEST(data == "Hello, FTP!\n");
    BOOST_TEST(close_notify);   // the data ended with close_notify, not a bare FIN
    // The journal holds the TLS of the commands sent over it.
    auto entries = s.mock->journal().snapshot();
    auto pass = std::find_if(entries.begin(), entries.end(),
                             [](const auto& e) { return e.command == "PASS" && e.reply_code == 230; });
    BOOST_REQUIRE(pass != entries.end());
    BOOST_REQUIRE(pass->tls);
    BOOST_TEST(pass->tls->version.starts_with("TLSv1."));
    BOOST_TEST(!pass->tls->implicit);
    BOOST_TEST(!entries.front().tls);   // FEAT came in clear
    BOOST_TEST(c.command("QUIT").code == 221);
}

BOOST_AUTO_TEST_CASE(auth_ssl_and_prot_c_transfer) {
    server s;
    client_context tls;
    auto c = connect_control(s.mock->port());
    BOOST_REQUIRE_EQUAL(c.command("AUTH SSL").code, 234);
    BOOST_REQUIRE(c.start_tls(tls.context));
    BOOST_TEST(c.login("alice", "secret").code == 230);
    // PROT C is the default (RFC 4217 §9): a plain data connection under a protected control one.
    std::string data;
    BOOST_TEST(retrieve(c, "hello.txt", data) == 226);
    BOOST_TEST(data == "Hello, FTP!\n");
}

BOOST_AUTO_TEST_CASE(auth_disabled_answers_502_and_feat_hides_it) {
    server s([](ftp_mock_config& config) { config.auth_tls = false; });
    auto c = connect_control(s.mock->port());
    BOOST_TEST(c.command("AUTH TLS").code == 502);
    auto feat = c.command("FEAT");
    for (const auto& line : feat.lines) {
        BOOST_TEST(line.find("AUTH") == std::string::npos);
        BOOST_TEST(line != " PBSZ");
    }
    BOOST_TEST(!s.mock->tls_server());   // no TLS wanted, none made
}

BOOST_AUTO_TEST_CASE(implicit_listener_greets_over_tls_and_defaults_to_prot_c) {
    server s([](ftp_mock_config& config) { config.ftps_listen = "127.0.0.1:0"; });
    BOOST_REQUIRE(s.mock->ftps_port() != 0);
    client_context tls;
    tls_connection c(test_socket::connect_to(s.mock->ftps_port()));
    BOOST_REQUIRE(c.start_tls(tls.context));
    BOOST_TEST(c.read_reply().code == 220);
    BOOST_TEST(c.command("AUTH TLS").code == 503);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    std::string data;
    BOOST_TEST(retrieve(c, "hello.txt", data) == 226);   // PROT C until PROT P
    BOOST_TEST(data == "Hello, FTP!\n");
    BOOST_TEST(c.command("PROT P").code == 503);          // PBSZ still expected
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    BOOST_TEST(retrieve(c, "sub/a.txt", data, tls.context) == 226);
    BOOST_TEST(data == "a");
    auto entries = s.mock->journal().snapshot();
    BOOST_REQUIRE(entries.back().tls);
    BOOST_TEST(entries.back().tls->implicit);
    // A plain client on the implicit port gets no greeting in clear.
    test_socket plain = test_socket::connect_to(s.mock->ftps_port(), 2s);
    plain.send_all("USER alice\r\n");
    auto answer = plain.receive_some();
    BOOST_TEST(answer.find("220") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(login_policy_required_and_users) {
    for (auto iis : {false, true}) {
        server s([&](ftp_mock_config& config) {
            config.login_tls = ftp_tls_policy::required;
            config.anonymous = true;
            if (iis) config.flavour = replycheck::mock::ftp_flavour::iis;
        });
        auto c = connect_control(s.mock->port());
        auto refused = c.command("USER alice");
        BOOST_TEST(refused.code == (iis ? 534 : 530));
        BOOST_TEST(refused.lines[0] == (iis ? "534 Policy requires SSL."
                                            : "530 Non-anonymous sessions must use encryption."));
        BOOST_TEST(c.command("PASS secret").code == 503);
        BOOST_TEST(c.command("USER anonymous").code == (iis ? 534 : 530));
        client_context tls;
        auth_tls(c, tls.context);
        BOOST_TEST(c.login("alice", "secret").code == 230);
    }
    // "users": anonymous may log in in clear, named users may not (vsftpd force_local_logins_ssl).
    server s([](ftp_mock_config& config) {
        config.login_tls = ftp_tls_policy::users;
        config.anonymous = true;
        config.login_tls_reply = "534 Local logins need TLS.";
    });
    auto c = connect_control(s.mock->port());
    BOOST_TEST(c.command("USER alice").lines[0] == "534 Local logins need TLS.");
    BOOST_TEST(c.login("anonymous", "a@b").code == 230);
}

BOOST_AUTO_TEST_CASE(data_policy_prot_c_reply_and_ccc) {
    server s([](ftp_mock_config& config) {
        config.data_tls = ftp_tls_policy::required;
        config.prot_c_reply = "534 Policy requires SSL.";
    });
    client_context tls;
    auto c = connect_control(s.mock->port());
    auth_tls(c, tls.context);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    // PROT C in effect (default): the transfer command is refused before any data connection.
    epsv_port(c);
    auto refused = c.command("RETR hello.txt");
    BOOST_TEST(refused.lines[0] == "522 Data connections must be encrypted.");
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT C").lines[0] == "534 Policy requires SSL.");
    // CCC refused by policy by default (RFC 4217 §6, RFC 2228: 533).
    BOOST_TEST(c.command("CCC").code == 533);
    BOOST_TEST(c.command("PROT P").code == 200);
    std::string data;
    BOOST_TEST(retrieve(c, "hello.txt", data, tls.context) == 226);
    BOOST_TEST(data == "Hello, FTP!\n");
}

BOOST_AUTO_TEST_CASE(ccc_allowed_continues_in_clear) {
    server s([](ftp_mock_config& config) { config.ccc = true; });
    client_context tls;
    auto c = connect_control(s.mock->port());
    BOOST_TEST(c.command("CCC").code == 533);   // nothing to clear yet
    auth_tls(c, tls.context);
    auto feat = c.command("FEAT");
    BOOST_TEST((std::find(feat.lines.begin(), feat.lines.end(), " CCC") != feat.lines.end()));
    BOOST_TEST(c.login("alice", "secret").code == 230);
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    BOOST_TEST(c.command("CCC").code == 200);
    c.end_tls();
    BOOST_TEST(c.command("PWD").code == 257);   // in clear now
    std::string data;
    BOOST_TEST(retrieve(c, "hello.txt", data, tls.context) == 226);   // PROT P still in effect
    BOOST_TEST(data == "Hello, FTP!\n");
    BOOST_TEST(!s.mock->journal().snapshot().back().tls);
}

BOOST_AUTO_TEST_CASE(failed_data_handshake_gives_150_then_522) {
    server s;
    client_context tls;
    auto c = connect_control(s.mock->port());
    auth_tls(c, tls.context);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    test_socket data = test_socket::connect_to(epsv_port(c));
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    data.send_all("this is not a ClientHello\r\n");   // RFC 4217 §9: the data TLS fails
    auto final_reply = c.read_reply();
    BOOST_TEST(final_reply.code == 522);
    BOOST_TEST(c.command("NOOP").code == 200);   // the session goes on
}

BOOST_AUTO_TEST_CASE(data_session_reuse_required) {
    server s([](ftp_mock_config& config) { config.data_session_reuse = true; });
    client_context tls;
    SSL_CTX_set_session_cache_mode(tls.context, SSL_SESS_CACHE_CLIENT);
    auto c = connect_control(s.mock->port());
    auth_tls(c, tls.context);
    BOOST_TEST(c.login("alice", "secret").code == 230);   // TLS 1.3 tickets arrive by now
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    // A fresh session on the data connection: 150, then vsftpd's 522.
    std::string data;
    tls_connection d(test_socket::connect_to(epsv_port(c)));
    BOOST_TEST(c.command("RETR hello.txt").code == 150);
    BOOST_TEST(d.start_tls(tls.context));
    d.receive_all();
    auto refused = c.read_reply();
    BOOST_TEST(refused.lines[0] == "522 SSL connection failed: session reuse required");
    // Resuming the control connection's session: accepted.
    SSL_SESSION* session = SSL_get1_session(c.ssl());
    BOOST_REQUIRE(session);
    BOOST_TEST(retrieve(c, "hello.txt", data, tls.context, session) == 226);
    BOOST_TEST(data == "Hello, FTP!\n");
    SSL_SESSION_free(session);
}

BOOST_AUTO_TEST_CASE(upload_over_prot_p) {
    server s;
    client_context tls;
    auto c = connect_control(s.mock->port());
    auth_tls(c, tls.context);
    BOOST_TEST(c.login("alice", "secret").code == 230);
    BOOST_TEST(c.command("TYPE I").code == 200);
    BOOST_TEST(c.command("PBSZ 0").code == 200);
    BOOST_TEST(c.command("PROT P").code == 200);
    tls_connection d(test_socket::connect_to(epsv_port(c)));
    BOOST_TEST(c.command("STOR up.bin").code == 150);
    BOOST_REQUIRE(d.start_tls(tls.context));
    std::string payload(100000, 'z');
    d.send(payload);
    d.end_tls();   // close_notify: the upload is whole
    d.close();
    BOOST_TEST(c.read_reply().code == 226);
    BOOST_TEST(read_file(s.root.path / "up.bin") == payload);
}

BOOST_AUTO_TEST_CASE(config_keys_load_and_errors_are_located) {
    auto load = [](const std::string& text) {
        auto table = toml::parse(std::string_view(text), std::string_view("t.toml"));
        return replycheck::mock::load_ftp_mock_config(table, "/tmp", "t.toml");
    };
    auto config = load(
        "root = \"r\"\nftps = \"127.0.0.1:0\"\nlogin_tls = \"users\"\ndata_tls = \"required\"\n"
        "login_tls_reply = \"534 Policy requires SSL.\"\nprot_c_reply = \"534 No.\"\nccc = true\n"
        "data_session_reuse = true\n");
    BOOST_TEST(config.ftps_listen == "127.0.0.1:0");
    BOOST_TEST((config.login_tls == ftp_tls_policy::users));
    BOOST_TEST((config.data_tls == ftp_tls_policy::required));
    BOOST_TEST(config.prot_c_reply == "534 No.");
    BOOST_TEST(config.ccc);
    BOOST_TEST(config.data_session_reuse);
    auto error_of = [&](const std::string& text) -> std::string {
        try {
            load(text);
        } catch (const replycheck::protocol::config_error& error) {
            return error.what();
        }
        return "";
    };
    BOOST_TEST(error_of("root = \"r\"\ndata_tls = \"users\"\n").find("t.toml:2:") != std::string::npos);
    BOOST_TEST(error_of("root = \"r\"\nlogin_tls_reply = \"oops\"\n").find("t.toml:2:") != std::string::npos);
    BOOST_TEST(error_of("root = \"r\"\nftps = \"nowhere\"\n").find("t.toml:2:") != std::string::npos);
    BOOST_TEST(error_of("root = \"r\"\nauth_tls = false\nlogin_tls = \"required\"\n").find("t.toml:3:") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_certificate_subject_and_verdict_in_the_journal) {
    namespace tls = replycheck::mock::tls;
    temp_root root;
    const auto authority = tls::make_authority("ftp test client CA");
    write_file(root.path / "client-ca.pem", authority.certificate_pem);
    tls::tls_settings settings;
    settings.client_cert = tls::client_cert_mode::optional;
    settings.client_ca = root.path / "client-ca.pem";
    auto server = std::make_shared<tls::tls_server>(settings, std::vector<std::string>{"127.0.0.1"});
    ftp_mock_config config;
    config.root = root.path;
    config.users = {{"alice", "secret"}};
    ftp_mock mock(config, server);
    mock.start();
    BOOST_TEST(mock.tls_server() == server);   // the given server, not one of its own

    // A client context presenting `identity` (PEM chain and key).
    auto presenting = [](const tls::tls_identity& identity) {
        SSL_CTX* context = SSL_CTX_new(TLS_client_method());
        BIO* cert_bio = BIO_new_mem_buf(identity.certificate_pem.data(), static_cast<int>(identity.certificate_pem.size()));
        BIO* key_bio = BIO_new_mem_buf(identity.private_key_pem.data(), static_cast<int>(identity.private_key_pem.size()));
        X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        SSL_CTX_use_certificate(context, cert);
        SSL_CTX_use_PrivateKey(context, key);
        X509_free(cert);
        EVP_PKEY_free(key);
        BIO_free(cert_bio);
        BIO_free(key_bio);
        return context;
    };
    using std::chrono::hours;
    const std::pair<tls::tls_identity, std::string> cases[] = {
        {tls::issue_certificate(authority, {"alice-client"}, -hours(1), hours(24)), "valid"},
        {tls::issue_certificate(authority, {"old-client"}, -hours(48), -hours(24)), "expired"},
        {tls::issue_certificate(tls::make_authority("stranger"), {"stranger-client"}, -hours(1), hours(24)),
         "untrusted"},
    };
    for (const auto& [identity, verdict] : cases) {
        SSL_CTX* context = presenting(identity);
        {
            auto c = connect_control(mock.port());
            auth_tls(c, context);
            BOOST_TEST(c.login("alice", "secret").code == 230);
            BOOST_TEST(c.command("QUIT").code == 221);
        }
        SSL_CTX_free(context);
        const auto entries = mock.journal().snapshot();
        BOOST_REQUIRE(entries.back().tls);
        BOOST_TEST(entries.back().tls->client_verdict == verdict);
        BOOST_TEST(entries.back().tls->client_subject.find(verdict == "valid" ? "alice-client"
                                                          : verdict == "expired" ? "old-client"
                                                                                 : "stranger-client") !=
                   std::string::npos);
    }
    const auto json = boost::json::serialize(mock.journal().to_json());
    BOOST_TEST(json.find("\"client_verdict\":\"expired\"") != std::string::npos);
    // Without a client certificate the verdict is none, and the journal leaves both fields out.
    {
        client_context plain;
        auto c = connect_control(mock.port());
        auth_tls(c, plain.context);
        BOOST_TEST(c.command("NOOP").code == 200);
    }
    const auto last = mock.journal().snapshot().back();
    BOOST_REQUIRE(last.tls);
    BOOST_TEST(last.tls->client_verdict == "none");
    mock.stop();
}
