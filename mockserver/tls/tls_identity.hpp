#pragma once
// Certificates made with OpenSSL's API for the mocks: an authority per run and the server
// certificates it issues (the good one and the faulty ones TLS scripts present).

#include <chrono>
#include <string>
#include <vector>

namespace replycheck::mock::tls {

/// A certificate (or a chain, leaf first) and its private key, PEM.
struct tls_identity {
    std::string certificate_pem;
    std::string private_key_pem;
};

/// A certificate authority of one mock run (EC P-256, SHA-256, CA:TRUE, keyCertSign), valid for
/// ten days from an hour ago. Throws std::runtime_error with OpenSSL's words when OpenSSL fails.
tls_identity make_authority(const std::string& common_name);

/// A certificate issued by `authority` (CA:FALSE; serverAuth and clientAuth, so tests can make
/// client certificates too) for `names` (DNS names or IP addresses, all in subjectAltName, the
/// first also the CN), valid from now + `not_before` to now + `not_after` (negative offsets lie
/// in the past). Its certificate_pem is the chain: the
/// certificate, then the authority's. Throws std::runtime_error when OpenSSL fails.
tls_identity issue_certificate(const tls_identity& authority, const std::vector<std::string>& names,
                               std::chrono::seconds not_before, std::chrono::seconds not_after);

}  // namespace replycheck::mock::tls
