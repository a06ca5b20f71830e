#pragma once
// Client-certificate verification that keeps the first failure (internal to the TLS room).
// OpenSSL reports the last error of a chain check it was told to continue; IIS answers by the
// first (an untrusted certificate is 403.16 even when it has also expired), so the verify
// callback notes the first failure on the connection.

#include <optional>

#include <openssl/ssl.h>

namespace replycheck::mock::tls {

/// The verify callback: notes the first failure; continues (returns 1) when `keep_going`.
int note_verify_result(int preverified, X509_STORE_CTX* store, bool keep_going);

/// The first verification failure noted on `ssl`, nullopt when there was none.
std::optional<long> first_verify_error(SSL* ssl);

}  // namespace replycheck::mock::tls
