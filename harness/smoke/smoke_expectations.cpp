// The expectations of the smoke probes: what each probe expects beyond the conformance rules,
// with the RFC section it relies on, so a failure names it and `--allow` can waive it.

#include "harness/smoke/smoke.hpp"

#include <array>

namespace replycheck::harness {

namespace {

constexpr std::array expectations{
    smoke_expectation{"smoke.http.get-200", "RFC 9110 §15.3.1", "GET of the URL gives 200"},
    smoke_expectation{"smoke.http.head-as-get", "RFC 9110 §9.3.2", "HEAD gives the status of GET"},
    smoke_expectation{"smoke.http.if-none-match-304", "RFC 9110 §13.1.2",
                      "If-None-Match with the current ETag gives 304 to GET"},
    smoke_expectation{"smoke.http.if-modified-since-304", "RFC 9110 §13.1.3",
                      "If-Modified-Since with Last-Modified gives 304 to GET"},
    smoke_expectation{"smoke.http.if-match-412", "RFC 9110 §13.1.1",
                      "If-Match with a tag that cannot match gives 412"},
    smoke_expectation{"smoke.http.range-206", "RFC 9110 §15.3.7", "a satisfiable Range gives 206 (or is ignored)"},
    smoke_expectation{"smoke.http.ranges-206", "RFC 9110 §15.3.7.2",
                      "several satisfiable ranges give 206 (or are ignored)"},
    smoke_expectation{"smoke.http.range-416", "RFC 9110 §15.5.17", "an unsatisfiable Range gives 416 (or is ignored)"},
    smoke_expectation{"smoke.http.if-range-200", "RFC 9110 §13.1.5", "a stale If-Range gives the whole 200"},
    smoke_expectation{"smoke.http.options", "RFC 9110 §9.3.7", "OPTIONS gives 2xx, 405 or 501"},
    smoke_expectation{"smoke.http.unknown-method-405-501", "RFC 9110 §9.1",
                      "a method the resource does not support gives 405 or 501"},
    smoke_expectation{"smoke.http.missing-404", "RFC 9110 §15.5.5", "a missing path gives 404 or 410"},
    smoke_expectation{"smoke.http.long-uri-414", "RFC 9112 §3",
                      "a request-target longer than the server parses gives 414"},
    smoke_expectation{"smoke.http.large-headers-431", "RFC 6585 §5",
                      "a header section larger than the server accepts gives 431 or 400"},
    smoke_expectation{"smoke.http.no-host-400", "RFC 9112 §3.2", "HTTP/1.1 without Host gives 400"},
    smoke_expectation{"smoke.http.version-505", "RFC 9110 §15.6.6",
                      "an HTTP/3.1 request line gives 505 or an HTTP/1.x reply"},
    smoke_expectation{"smoke.ftp.greeting-220", "RFC 959 §5.4", "the greeting is 220"},
    smoke_expectation{"smoke.ftp.plain-login-policy", "RFC 4217 §4",
                      "ftpes://: a login before AUTH TLS is accepted, or refused by a TLS policy (information)"},
    smoke_expectation{"smoke.ftp.auth-tls-234", "RFC 4217 §4", "AUTH TLS gives 234 and the TLS handshake succeeds"},
    smoke_expectation{"smoke.ftp.prot-before-pbsz-503", "RFC 2228 §3; RFC 4217 §9",
                      "PROT before PBSZ gives 503 (fails only with --strict: vsftpd and ProFTPD accept it)"},
    smoke_expectation{"smoke.ftp.pbsz-200", "RFC 4217 §9", "PBSZ 0 gives 200"},
    smoke_expectation{"smoke.ftp.prot-p-200", "RFC 4217 §9", "PROT P gives 200"},
    smoke_expectation{"smoke.ftp.tls-required", "RFC 4217 §4",
                      "ftp:// refused at login by a server that requires TLS: the refusal and ftpes:// (information)"},
    smoke_expectation{"smoke.ftp.login-230", "RFC 959 §4.1.1", "the URL's credentials log in"},
    smoke_expectation{"smoke.ftp.wrong-password-530", "RFC 959 §4.1.1", "a wrong password gives 530"},
    smoke_expectation{"smoke.ftp.pwd-257", "RFC 959 §5.4", "PWD gives 257"},
    smoke_expectation{"smoke.ftp.syst-215", "RFC 959 §5.4", "SYST gives 215 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.feat-211", "RFC 2389 §3", "FEAT gives 211 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.type-200", "RFC 959 §5.4", "TYPE I gives 200"},
    smoke_expectation{"smoke.ftp.epsv-229", "RFC 2428 §3", "EPSV gives 229 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.pasv-227", "RFC 959 §5.4", "PASV gives 227 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.prot-p-transfer", "RFC 4217 §9",
                      "after PROT P a transfer (RETR of the file, or LIST) runs over a TLS data connection"},
    smoke_expectation{"smoke.ftp.list-226", "RFC 959 §5.4", "LIST ends with 226 or 250"},
    smoke_expectation{"smoke.ftp.mlsd-226", "RFC 3659 §7", "MLSD ends with 226 or 250"},
    smoke_expectation{"smoke.ftp.size-213", "RFC 3659 §4", "SIZE of the file gives 213"},
    smoke_expectation{"smoke.ftp.mdtm-213", "RFC 3659 §3", "MDTM of the file gives 213"},
    smoke_expectation{"smoke.ftp.retr-missing-550", "RFC 959 §5.4", "RETR of a missing file gives 550 or 450"},
    smoke_expectation{"smoke.ftp.rest-retr", "RFC 3659 §5", "REST then RETR sends the file from the offset"},
    smoke_expectation{"smoke.ftp.unknown-command-500", "RFC 959 §5.4", "an unknown command gives 500 or 502"},
    smoke_expectation{"smoke.ftp.rnto-refused", "RFC 959 §4.1.3", "RNTO without RNFR is refused"},
    smoke_expectation{"smoke.ftp.quit-221", "RFC 959 §4.1.1", "QUIT gives 221"},
};

}  // namespace

std::span<const smoke_expectation> all_smoke_expectations() noexcept { return expectations; }

const smoke_expectation* find_smoke_expectation(std::string_view id) noexcept {
    for (const auto& e : expectations)
        if (e.id == id) return &e;
    return nullptr;
}

}  // namespace replycheck::harness
