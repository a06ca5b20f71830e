#include "harness/clients/curl_fault.hpp"

#include "harness/clients/tls_diagnosis.hpp"

#include <cerrno>
#include <string>

namespace replycheck::harness::detail {

namespace {

using protocol::transport_errc;

transport_errc code_of(CURL* curl, CURLcode result) {
    long os_error = 0;
    curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_error);
    switch (result) {
        case CURLE_OPERATION_TIMEDOUT: return transport_errc::timeout;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY: return transport_errc::resolve;
        case CURLE_COULDNT_CONNECT:
            return os_error == ECONNREFUSED ? transport_errc::connection_refused : transport_errc::connect_failed;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_USE_SSL_FAILED: return transport_errc::tls_handshake;
        case CURLE_SEND_ERROR: return transport_errc::send_failed;
        case CURLE_RECV_ERROR:
            return os_error == ECONNRESET ? transport_errc::connection_reset : transport_errc::receive_failed;
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING: return transport_errc::closed_early;
        case CURLE_FILESIZE_EXCEEDED:
        case CURLE_ABORTED_BY_CALLBACK: return transport_errc::reply_too_large;
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_FTP_WEIRD_PASS_REPLY:
        case CURLE_FTP_WEIRD_PASV_REPLY:
        case CURLE_FTP_WEIRD_227_FORMAT:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_BAD_CONTENT_ENCODING: return transport_errc::protocol_violation;
        case CURLE_FTP_ACCEPT_FAILED:
        case CURLE_FTP_ACCEPT_TIMEOUT:
        case CURLE_FTP_CANT_GET_HOST:
        case CURLE_FTP_PORT_FAILED: return transport_errc::data_connection;
        case CURLE_REMOTE_ACCESS_DENIED:
        case CURLE_FTP_COULDNT_SET_TYPE:
        case CURLE_FTP_COULDNT_RETR_FILE:
        case CURLE_QUOTE_ERROR:
        case CURLE_UPLOAD_FAILED:
        case CURLE_REMOTE_FILE_NOT_FOUND:
        case CURLE_LOGIN_DENIED:
        case CURLE_BAD_DOWNLOAD_RESUME:
        case CURLE_FTP_COULDNT_USE_REST:
        case CURLE_REMOTE_DISK_FULL:
        case CURLE_REMOTE_FILE_EXISTS: return transport_errc::negative_reply;
        case CURLE_TOO_MANY_REDIRECTS:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT: return transport_errc::redirect_refused;
        default: return transport_errc::client_failure;
    }
}

/// libcurl's TLS failure named like the Asio clients': the X509 verify result it kept, the
/// OpenSSL error it printed; its own words follow in brackets.
std::string tls_words(CURL* curl, CURLcode result, const std::string& words) {
    certificate_facts facts;
    long verify_result = 0;
    curl_easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &verify_result);
    // The verify result is only kept after a verification failure (X509_V_ERR_UNSPECIFIED
    // is libcurl's value when no verification ran).
    if (result == CURLE_PEER_FAILED_VERIFICATION) facts.verify_error = verify_result;
    char* url = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url);
    std::string host;
    if (CURLU* parsed = curl_url()) {
        char* h = nullptr;
        if (url && curl_url_set(parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
            curl_url_get(parsed, CURLUPART_HOST, &h, 0) == CURLUE_OK) {
            host = h;
            curl_free(h);
        }
        curl_url_cleanup(parsed);
    }
    // libcurl checks the name itself after a chain that verified: a verification failure
    // with a clean (or unspecified) verify result is a name that does not match (RFC 6125 §6).
    if (result == CURLE_PEER_FAILED_VERIFICATION && (verify_result == 0 || verify_result == X509_V_ERR_UNSPECIFIED))
        facts.verify_error = X509_V_ERR_HOSTNAME_MISMATCH;
    auto failure = describe_tls_failure(openssl_error_in(words), facts, host, words);
    if (failure.problem == tls_problem::other) return failure.text;
    return failure.text + " [libcurl: " + words + "]";
}

}  // namespace

protocol::transport_fault curl_fault(CURL* curl, CURLcode result, const char* error_buffer) {
    const auto code = code_of(curl, result);
    std::string text = error_buffer && error_buffer[0] ? std::string(error_buffer) : curl_easy_strerror(result);
    if (code == transport_errc::timeout) text = "timeout: " + text;
    if (code == transport_errc::tls_handshake) text = tls_words(curl, result, text);
    return {code, std::move(text)};
}

}  // namespace replycheck::harness::detail
