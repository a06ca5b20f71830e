#include "mockserver/tls/tls_identity.hpp"

#include <memory>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace replycheck::mock::tls {

namespace {

template <auto Free>
struct freer {
    template <class T>
    void operator()(T* p) const noexcept { Free(p); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, freer<EVP_PKEY_free>>;
using cert_ptr = std::unique_ptr<X509, freer<X509_free>>;
using bio_ptr = std::unique_ptr<BIO, freer<BIO_free>>;
using bn_ptr = std::unique_ptr<BIGNUM, freer<BN_free>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, freer<X509_EXTENSION_free>>;

[[noreturn]] void fail(const char* what) {
    char text[256] = "unknown error";
    if (const unsigned long code = ERR_get_error()) ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    throw std::runtime_error(std::string("cannot make a certificate: ") + what + ": " + text);
}

std::string pem_of(int (*write)(BIO*, void*), void* object) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get(), object) != 1) fail("PEM encoding");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string certificate_pem(X509* cert) {
    return pem_of([](BIO* b, void* x) { return PEM_write_bio_X509(b, static_cast<X509*>(x)); }, cert);
}

std::string key_pem(EVP_PKEY* key) {
    return pem_of([](BIO* b, void* k) {
        return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
    }, key);
}

key_ptr read_key(const std::string& pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    key_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) fail("reading the authority's key");
    return key;
}

cert_ptr read_first_certificate(const std::string& pem) {
    bio_ptr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    cert_ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) fail("reading the authority's certificate");
    return cert;
}

// A fresh key: EC P-256 signs fast and every TLS client takes it.
key_ptr new_key() {
    key_ptr key(EVP_EC_gen("P-256"));
    if (!key) fail("generating a P-256 key");
    return key;
}

// RFC 5280 §4.1.2.2: a positive serial of at most 20 octets, unique per issuer (random here).
void set_random_serial(X509* cert) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) fail("random serial");
    bytes[0] &= 0x7f;
    bn_ptr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert))) fail("serial number");
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) fail(OBJ_nid2sn(nid));
}

void set_common_name(X509_NAME* name, const std::string& common_name) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("replycheck mock"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
}

cert_ptr new_certificate(EVP_PKEY* key, std::chrono::seconds not_before, std::chrono::seconds not_after) {
    cert_ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1) fail("X509_new");
    set_random_serial(cert.get());
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(not_before.count())) ||
        !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(not_after.count())))
        fail("validity");
    if (X509_set_pubkey(cert.get(), key) != 1) fail("public key");
    return cert;
}

// "DNS:localhost,IP:127.0.0.1": an IP address goes in as iPAddress (RFC 6125 §6.2.1 matches IPs only so).
std::string subject_alt_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ',';
        boost::system::error_code ec;
        boost::asio::ip::make_address(name, ec);
        out += (ec ? "DNS:" : "IP:") + name;
    }
    return out;
}

}  // namespace

tls_identity make_authority(const std::string& common_name) {
    auto key = new_key();
    auto cert = new_certificate(key.get(), std::chrono::hours(-1), std::chrono::hours(24 * 10));
    X509_NAME* name = X509_get_subject_name(cert.get());
    set_common_name(name, common_name);
    if (X509_set_issuer_name(cert.get(), name) != 1) fail("issuer name");
    add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("signing the authority");
    return {certificate_pem(cert.get()), key_pem(key.get())};
}

tls_identity issue_certificate(const tls_identity& authority, const std::vector<std::string>& names,
                               std::chrono::seconds not_before, std::chrono::seconds not_after) {
    if (names.empty()) throw std::runtime_error("cannot make a certificate: no name given");
    auto ca_key = read_key(authority.private_key_pem);
    auto ca_cert = read_first_certificate(authority.certificate_pem);
    auto key = new_key();
    auto cert = new_certificate(key.get(), not_before, not_after);
    set_common_name(X509_get_subject_name(cert.get()), names.front());
    if (X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())) != 1) fail("issuer name");
    add_extension(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth,clientAuth");
    add_extension(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash");
    add_extension(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
    add_extension(cert.get(), ca_cert.get(), NID_subject_alt_name, subject_alt_names(names));
    if (X509_sign(cert.get(), ca_key.get(), EVP_sha256()) <= 0) fail("signing the certificate");
    return {certificate_pem(cert.get()) + certificate_pem(ca_cert.get()), key_pem(key.get())};
}

}  // namespace replycheck::mock::tls
