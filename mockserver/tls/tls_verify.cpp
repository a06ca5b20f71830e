#include "mockserver/tls/tls_verify.hpp"

#include <cstdint>

namespace replycheck::mock::tls {

namespace {

// One ex_data slot per process for the first failure; 0 means none, else the error + 1.
int slot() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

}  // namespace

int note_verify_result(int preverified, X509_STORE_CTX* store, bool keep_going) {
    if (preverified) return 1;
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (ssl && !SSL_get_ex_data(ssl, slot())) {
        const auto noted = static_cast<std::intptr_t>(X509_STORE_CTX_get_error(store)) + 1;
        SSL_set_ex_data(ssl, slot(), reinterpret_cast<void*>(noted));
    }
    return keep_going ? 1 : 0;
}

std::optional<long> first_verify_error(SSL* ssl) {
    const auto noted = reinterpret_cast<std::intptr_t>(SSL_get_ex_data(ssl, slot()));
    if (noted == 0) return std::nullopt;
    return static_cast<long>(noted - 1);
}

}  // namespace replycheck::mock::tls
