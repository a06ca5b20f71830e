#include "harness/clients/tls_diagnosis.hpp"

#include <cstdio>
#include <memory>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace replycheck::harness::detail {

namespace {

std::string asn1_time_text(const ASN1_TIME* time) {
    if (!time) return {};
    struct tm t {};
    if (ASN1_TIME_to_tm(time, &t) != 1) return {};
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d UTC", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec);
    return text;
}

std::string subject_text(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio) return {};
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::string alt_names_text(X509* cert) {
    std::string out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (!names) return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        std::string entry;
        if (name->type == GEN_DNS) {
            const auto* s = name->d.dNSName;
            entry = "DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                         static_cast<std::size_t>(ASN1_STRING_length(s)));
        } else if (name->type == GEN_IPADD) {
            const auto* s = name->d.iPAddress;
            const unsigned char* b = ASN1_STRING_get0_data(s);
            if (ASN1_STRING_length(s) == 4) {
                char ip[16];
                std::snprintf(ip, sizeof ip, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
                entry = std::string("IP:") + ip;
            } else {
                entry = "IP:(IPv6)";
            }
        }
        if (entry.empty()) continue;
        if (!out.empty()) out += ", ";
        out += entry;
    }
    GENERAL_NAMES_free(names);
    return out;
}

std::string about(const certificate_facts& f) {
    std::string who = f.subject.empty() ? std::string("the certificate") : "'" + f.subject + "'";
    if (f.depth > 0) who += " (an issuer in the chain)";
    return who;
}

}  // namespace

const char* tls_problem_name(tls_problem problem) noexcept {
    switch (problem) {
        case tls_problem::other: return "other";
        case tls_problem::expired: return "expired";
        case tls_problem::not_yet_valid: return "not_yet_valid";
        case tls_problem::wrong_name: return "wrong_name";
        case tls_problem::untrusted: return "untrusted";
        case tls_problem::alert: return "alert";
        case tls_problem::certificate_wanted: return "certificate_wanted";
        case tls_problem::plain_text: return "plain_text";
        case tls_problem::closed: return "closed";
    }
    return "other";
}

void note_verify_failure(X509_STORE_CTX* store, certificate_facts& facts) {
    if (facts.verify_error != 0) return;  // the first failure is the one to name
    facts.verify_error = X509_STORE_CTX_get_error(store);
    facts.depth = X509_STORE_CTX_get_error_depth(store);
    if (X509* cert = X509_STORE_CTX_get_current_cert(store)) {
        facts.subject = subject_text(cert);
        facts.names = alt_names_text(cert);
        facts.not_before = asn1_time_text(X509_get0_notBefore(cert));
        facts.not_after = asn1_time_text(X509_get0_notAfter(cert));
    }
}

unsigned long openssl_error_in(const std::string& message) {
    // OpenSSL prints errors as "error:HHHHHHHH:library:function:reason".
    const auto at = message.find("error:");
    if (at == std::string::npos || message.size() < at + 15 || message[at + 14] != ':') return 0;
    unsigned long code = 0;
    for (std::size_t i = at + 6; i < at + 14; ++i) {
        const char c = message[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return 0;
        code = code * 16 + static_cast<unsigned long>(digit);
    }
    return code;
}

tls_failure describe_tls_failure(unsigned long openssl_error, const certificate_facts& facts,
                                 const std::string& wanted_name, const std::string& library_words) {
    const std::string lead = "TLS handshake failed: ";
    // The certificate check comes first: it explains a "certificate verify failed" error.
    switch (facts.verify_error) {
        case 0: break;
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return {tls_problem::expired, lead + "certificate expired: " + about(facts) +
                                              (facts.not_after.empty() ? " is past its end date"
                                                                       : " was valid until " + facts.not_after)};
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return {tls_problem::not_yet_valid, lead + "certificate not yet valid: " + about(facts) +
                                                    (facts.not_before.empty() ? " is not valid yet"
                                                                              : " is valid from " + facts.not_before)};
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH:
        {
            const std::string names = facts.names.empty() ? facts.subject : facts.names;
            return {tls_problem::wrong_name,
                    lead + "wrong name: the certificate " + (names.empty() ? std::string("does not name")
                                                                            : "is for " + names + ", not") +
                        " '" + wanted_name + "'"};
        }
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            return {tls_problem::untrusted, lead + "untrusted certificate: " + about(facts) +
                                                " is self-signed and not trusted here (--cacert FILE trusts it, "
                                                "--insecure skips the check)"};
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_CERT_UNTRUSTED:
            return {tls_problem::untrusted, lead + "untrusted certificate: no trusted authority issued " +
                                                about(facts) + " (--cacert FILE names the authority)"};
        default:
            return {tls_problem::other, lead + "certificate rejected: " +
                                            X509_verify_cert_error_string(facts.verify_error) + " (" + about(facts) + ")"};
    }
    const int reason = ERR_GET_REASON(openssl_error);
    // An alert from the peer: OpenSSL reports it as SSL_AD_REASON_OFFSET + the alert number.
    if (openssl_error != 0 && reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) {
        const int alert = reason - SSL_AD_REASON_OFFSET;
        const std::string name = SSL_alert_desc_string_long(alert);
        if (alert == SSL_AD_CERTIFICATE_REQUIRED || alert == SSL_AD_BAD_CERTIFICATE ||
            alert == SSL_AD_UNKNOWN_CA || alert == SSL_AD_CERTIFICATE_EXPIRED)
            return {tls_problem::certificate_wanted,
                    lead + "the server sent alert '" + name + "': it wants a valid client certificate (--cert/--key)"};
        return {tls_problem::alert, lead + "the server sent alert '" + name + "'"};
    }
    if (openssl_error != 0 && (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG ||
                               reason == SSL_R_UNKNOWN_PROTOCOL || reason == SSL_R_RECORD_LENGTH_MISMATCH))
        return {tls_problem::plain_text,
                lead + "plain text where TLS was expected: the peer does not speak TLS on this port"};
    if (openssl_error != 0 && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return {tls_problem::closed, lead + "the peer closed the connection during the handshake"};
    return {tls_problem::other, lead + library_words};
}

}  // namespace replycheck::harness::detail
