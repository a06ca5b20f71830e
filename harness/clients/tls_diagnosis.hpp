#pragma once
// Why a TLS handshake failed, named so people can act on it: the certificate problem (expired,
// not yet valid, wrong name, untrusted), the alert the peer sent, or plain text where TLS was
// expected. The verdict keeps transport_errc::tls_handshake; the problem is typed here and
// its words go beside the code.

#include <string>

#include <openssl/x509.h>

namespace replycheck::harness::detail {

/// What went wrong in a TLS handshake.
enum class tls_problem {
    other,               ///< anything below does not fit (the library's words are kept)
    expired,             ///< the certificate's notAfter has passed
    not_yet_valid,       ///< the certificate's notBefore is still to come
    wrong_name,          ///< the certificate does not name the host asked for
    untrusted,           ///< self-signed, or no trusted authority issued it
    alert,               ///< the peer ended the handshake with a TLS alert
    certificate_wanted,  ///< the peer's alert says it wants a (valid) client certificate
    plain_text,          ///< the peer answered without TLS records
    closed,              ///< the peer closed the connection during the handshake
};

/// Stable name of a problem ("expired", "wrong_name", ...), for tests and tools.
const char* tls_problem_name(tls_problem problem) noexcept;

/// What the verify callback saw of the first certificate that failed.
struct certificate_facts {
    long verify_error = 0;      ///< X509_V_ERR_*, 0 when every check passed
    int depth = 0;              ///< 0: the server's own certificate
    std::string subject;        ///< "CN=localhost"
    std::string names;          ///< subjectAltName entries: "DNS:localhost, IP:127.0.0.1"
    std::string not_before;     ///< "2026-11-25 22:00:00 UTC"
    std::string not_after;
};

/// Records the first failure a verify callback sees (`preverified` false) into `facts`.
void note_verify_failure(X509_STORE_CTX* store, certificate_facts& facts);

/// A named handshake failure.
struct tls_failure {
    tls_problem problem = tls_problem::other;
    std::string text;   ///< "TLS handshake failed: certificate expired on ..."
};

/// The failure of an OpenSSL handshake: `openssl_error` is the packed ERR code (Asio's ssl
/// category value, or the code libcurl prints), `facts` what the verify callback saw,
/// `wanted_name` the host checked, `library_words` the library's message (kept for "other").
tls_failure describe_tls_failure(unsigned long openssl_error, const certificate_facts& facts,
                                 const std::string& wanted_name, const std::string& library_words);

/// The packed OpenSSL error printed in a message ("error:0A000086:SSL routines::..."), 0 if none.
unsigned long openssl_error_in(const std::string& message);

}  // namespace replycheck::harness::detail
