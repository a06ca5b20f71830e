// The mock HTTP server over TLS, against libcurl: the HTTPS listener serves the same root and
// journals what the handshake established, require_tls answers plain HTTP with 403(.4),
// require_client_cert answers 403.7 / 403.16 / 403.17 by the client certificate's verdict, the
// script keys tls and client_cert match, and a failed handshake is journaled and counted.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <thread>

#include <boost/json.hpp>

#include "mock_http/support.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/tls/tls_identity.hpp"
#include "mockserver/tls/tls_server.hpp"

using namespace test_support;
using namespace replycheck::mock;
using namespace std::chrono_literals;

namespace {

// A client certificate (chain file and key file) written into `dir`.
struct client_identity {
    fs::path cert;
    fs::path key;
};

struct tls_fixture {
    temp_dir dir;
    tls::tls_identity client_ca = tls::make_authority("test client CA");
    tls::tls_identity other_ca = tls::make_authority("somebody else's CA");

    tls_fixture() { dir.write("www/hello.txt", "hello\n"); dir.write("www/secure/s.txt", "secret\n");
                    dir.write("www/certs/c.txt", "for holders\n"); dir.write("client-ca.pem", client_ca.certificate_pem); }

    client_identity client(const tls::tls_identity& authority, const std::string& name, std::chrono::seconds from,
                           std::chrono::seconds to) {
        const auto id = tls::issue_certificate(authority, {name}, from, to);
        dir.write(name + ".pem", id.certificate_pem);
        dir.write(name + ".key", id.private_key_pem);
        return {dir.path / (name + ".pem"), dir.path / (name + ".key")};
    }

    // The set's TLS server: a certificate issued for this run, trusted through mock-ca.pem;
    // client certificates asked for (optional) and checked against client-ca.pem.
    std::shared_ptr<tls::tls_server> server() {
        tls::tls_settings s;
        s.cert_out = dir.path / "mock-ca.pem";
        s.client_cert = tls::client_cert_mode::optional;
        s.client_ca = dir.path / "client-ca.pem";
        return std::make_shared<tls::tls_server>(s, std::vector<std::string>{"127.0.0.1"});
    }

    http_mock_config config() const {
        http_mock_config c;
        c.root = dir.path / "www";
        c.https_listen = "127.0.0.1:0";
        return c;
    }
};

struct tls_reply {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
};

// GET over HTTPS trusting the mock's certificate, with an optional client certificate.
tls_reply fetch(const std::string& url, const fs::path& ca, const client_identity* id = nullptr) {
    tls_reply r;
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
    if (id) {
        curl_easy_setopt(h, CURLOPT_SSLCERT, id->cert.c_str());
        curl_easy_setopt(h, CURLOPT_SSLKEY, id->key.c_str());
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    r.code = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    curl_easy_cleanup(h);
    return r;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(https_serves_the_root_and_journals_the_handshake) {
    tls_fixture f;
    http_mock mock(f.config(), f.server());
    mock.start();
    BOOST_TEST(mock.https_port() != 0);
    BOOST_TEST(mock.https_base_url() == "https://127.0.0.1:" + std::to_string(mock.https_port()));
    const auto r = fetch(mock.https_base_url() + "/hello.txt", f.dir.path / "mock-ca.pem");
    BOOST_TEST(r.code == CURLE_OK);
    BOOST_TEST(r.body == "hello\n");
    BOOST_TEST(curl_request(mock.base_url() + "/hello.txt").body == "hello\n");   // plain HTTP still there

    const auto entries = mock.journal().snapshot();
    BOOST_REQUIRE(entries.size() == 2u);
    BOOST_REQUIRE(entries[0].tls != nullptr);
    BOOST_TEST(entries[0].tls->alpn == "http/1.1");
    BOOST_TEST(entries[0].tls->version.rfind("TLSv1.", 0) == 0u);
    BOOST_TEST(entries[1].tls == nullptr);
    const auto json = mock.journal().to_json();
    BOOST_TEST(json.as_array()[0].as_object().at("tls").as_object().at("alpn").as_string() == "http/1.1");
    BOOST_TEST(json.as_array()[0].as_object().at("tls").as_object().at("client_verdict").as_string() == "none");
    BOOST_TEST(!json.as_array()[1].as_object().contains("tls"));
    BOOST_TEST(mock.tls_failures() == 0u);
}

BOOST_AUTO_TEST_CASE(a_mock_without_a_tls_server_makes_its_own) {
    tls_fixture f;
    http_mock mock(f.config());
    mock.start();
    // Its authority is nowhere to trust: libcurl refuses the certificate, but TLS did start.
    const auto r = fetch(mock.https_base_url() + "/hello.txt", f.dir.path / "client-ca.pem");
    BOOST_TEST(r.code == CURLE_PEER_FAILED_VERIFICATION);
}

BOOST_AUTO_TEST_CASE(require_tls_refuses_plain_http_with_403_4) {
    tls_fixture f;
    auto config = f.config();
    config.flavour = http_flavour::iis;
    config.require_tls = {"/secure"};
    http_mock mock(config, f.server());
    mock.start();
    const auto plain = curl_request(mock.base_url() + "/secure/s.txt");
    BOOST_TEST(plain.status == 403);
    BOOST_TEST(contains(plain.body, "HTTP Error 403.4 - Forbidden"));
    BOOST_TEST(contains(plain.body, "SSL required"));
    BOOST_TEST(curl_request(mock.base_url() + "/secured.txt").status == 404);   // a prefix of a segment only
    BOOST_TEST(curl_request(mock.base_url() + "/hello.txt").status == 200);
    const auto secure = fetch(mock.https_base_url() + "/secure/s.txt", f.dir.path / "mock-ca.pem");
    BOOST_TEST(secure.status == 200);
    BOOST_TEST(secure.body == "secret\n");
}

BOOST_AUTO_TEST_CASE(require_tls_in_the_standard_flavour_is_a_short_403) {
    tls_fixture f;
    auto config = f.config();
    config.require_tls = {"/secure"};
    http_mock mock(config, f.server());
    mock.start();
    const auto plain = curl_request(mock.base_url() + "/secure/s.txt");
    BOOST_TEST(plain.status == 403);
    BOOST_TEST(contains(plain.body, "SSL required"));
    BOOST_TEST(!contains(plain.body, "HTTP Error"));
}

BOOST_AUTO_TEST_CASE(require_client_cert_answers_by_the_certificate_verdict) {
    tls_fixture f;
    const auto alice = f.client(f.client_ca, "alice", -1h, 24h);
    const auto mallory = f.client(f.other_ca, "mallory", -1h, 24h);
    const auto old = f.client(f.client_ca, "old", -48h, -24h);
    const auto early = f.client(f.client_ca, "early", 24h, 48h);
    auto config = f.config();
    config.flavour = http_flavour::iis;
    config.require_client_cert = {"/certs"};
    http_mock mock(config, f.server());
    mock.start();
    const auto url = mock.https_base_url() + "/certs/c.txt";
    const auto ca = f.dir.path / "mock-ca.pem";
    const auto none = fetch(url, ca);
    BOOST_TEST(none.status == 403);
    BOOST_TEST(contains(none.body, "HTTP Error 403.7 - Forbidden"));
    BOOST_TEST(contains(none.body, "Client certificate required"));
    const auto untrusted = fetch(url, ca, &mallory);
    BOOST_TEST(untrusted.status == 403);
    BOOST_TEST(contains(untrusted.body, "HTTP Error 403.16 - Forbidden"));
    const auto expired = fetch(url, ca, &old);
    BOOST_TEST(contains(expired.body, "HTTP Error 403.17 - Forbidden"));
    const auto not_yet = fetch(url, ca, &early);
    BOOST_TEST(contains(not_yet.body, "HTTP Error 403.17 - Forbidden"));
    const auto valid = fetch(url, ca, &alice);
    BOOST_TEST(valid.status == 200);
    BOOST_TEST(valid.body == "for holders\n");
    // Outside the prefix nothing is asked of the certificate.
    BOOST_TEST(fetch(mock.https_base_url() + "/hello.txt", ca).status == 200);
    const auto entries = mock.journal().snapshot();
    BOOST_REQUIRE(entries.size() == 6u);
    BOOST_TEST((entries[1].tls->client_verdict == tls::peer_verdict::untrusted));
    BOOST_TEST(contains(entries[4].tls->client_subject, "CN=alice"));
}

BOOST_AUTO_TEST_CASE(scripts_match_on_tls_and_the_client_certificate) {
    tls_fixture f;
    const auto alice = f.client(f.client_ca, "alice", -1h, 24h);
    const auto bob = f.client(f.client_ca, "bob", -1h, 24h);
    auto config = f.config();
    auto script = [&](std::string name, std::string path, std::optional<bool> over_tls, std::optional<http_value_match> cert) {
        http_script s;
        s.name = std::move(name);
        s.match.path_kind = http_path_match::exact;
        s.match.path = std::move(path);
        s.match.tls = over_tls;
        s.match.client_cert = std::move(cert);
        http_script_reply r;
        r.body = s.name;
        s.replies.push_back(r);
        config.scripts.push_back(std::move(s));
    };
    script("over tls", "/where", true, std::nullopt);
    script("over plain", "/where", false, std::nullopt);
    http_value_match by_regex;
    by_regex.compiled = std::make_shared<const replycheck::protocol::bounded_regex>("CN=bob(,|$)");
    script("bob by regex", "/who", std::nullopt, by_regex);
    http_value_match any;
    any.value = "*";
    script("any certificate", "/who", std::nullopt, any);
    http_mock mock(config, f.server());
    mock.start();
    const auto ca = f.dir.path / "mock-ca.pem";
    BOOST_TEST(fetch(mock.https_base_url() + "/where", ca).body == "over tls");
    BOOST_TEST(curl_request(mock.base_url() + "/where").body == "over plain");
    BOOST_TEST(fetch(mock.https_base_url() + "/who", ca, &bob).body == "bob by regex");
    BOOST_TEST(fetch(mock.https_base_url() + "/who", ca, &alice).body == "any certificate");
    BOOST_TEST(fetch(mock.https_base_url() + "/who", ca).status == 404);       // no certificate
    BOOST_TEST(curl_request(mock.base_url() + "/who").status == 404);          // plain HTTP
    // The exact subject, as the journal shows it.
    const auto entries = mock.journal().snapshot();
    const std::string subject = entries[3].tls->client_subject;
    BOOST_TEST(contains(subject, "CN=alice"));
    http_mock_config exact_config = f.config();
    http_value_match exact;
    exact.value = subject;
    http_script s;
    s.match.client_cert = exact;
    s.replies.push_back(http_script_reply{});
    s.replies.back().body = "exactly alice";
    exact_config.scripts.push_back(s);
    http_mock exact_mock(exact_config, f.server());
    exact_mock.start();
    BOOST_TEST(fetch(exact_mock.https_base_url() + "/any", ca, &alice).body == "exactly alice");
    BOOST_TEST(fetch(exact_mock.https_base_url() + "/hello.txt", ca, &bob).body == "hello\n");
}

BOOST_AUTO_TEST_CASE(a_failed_handshake_is_journaled_and_counted) {
    tls_fixture f;
    http_mock mock(f.config(), f.server());
    mock.start();
    {
        raw_client c(mock.https_port());
        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");   // plain HTTP to the HTTPS port
        c.read_some(3000ms);
    }
    for (int i = 0; i < 50 && mock.tls_failures() == 0; ++i) std::this_thread::sleep_for(20ms);
    BOOST_TEST(mock.tls_failures() == 1u);
    auto entries = mock.journal().snapshot();
    BOOST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries[0].status == 0);
    BOOST_TEST(!entries[0].tls_error.empty());
    BOOST_TEST(mock.journal().to_json().as_array()[0].as_object().contains("tls_error"));
    // Connections that leave in the middle of the handshake (here: before it) are failures too.
    for (int i = 0; i < 20; ++i) raw_client gone(mock.https_port());
    for (int i = 0; i < 100 && mock.tls_failures() < 21; ++i) std::this_thread::sleep_for(20ms);
    BOOST_TEST(mock.tls_failures() == 21u);
    // The mock goes on serving.
    BOOST_TEST(fetch(mock.https_base_url() + "/hello.txt", f.dir.path / "mock-ca.pem").body == "hello\n");
}

BOOST_AUTO_TEST_CASE(small_replies_over_tls_and_large_files_arrive_whole) {
    tls_fixture f;
    std::string big(300 * 1024, 'x');
    for (std::size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
    f.dir.write("www/big.bin", big);
    std::string mid(20 * 1024, 'm');
    f.dir.write("www/mid.bin", mid);
    http_mock mock(f.config(), f.server());
    mock.start();
    const auto ca = f.dir.path / "mock-ca.pem";
    BOOST_TEST(fetch(mock.https_base_url() + "/big.bin", ca).body == big);
    BOOST_TEST(fetch(mock.https_base_url() + "/mid.bin", ca).body == mid);
    BOOST_TEST(fetch(mock.https_base_url() + "/hello.txt", ca).body == "hello\n");
}
