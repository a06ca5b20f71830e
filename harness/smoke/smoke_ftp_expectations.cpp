// The FTP probes' expectations: what each probe expects beyond the conformance rules, with
// the RFC section and the level of the requirement it tests.

#include "harness/smoke/smoke.hpp"

#include <array>

namespace replycheck::harness {

namespace {

using protocol::rule_level;

constexpr std::array ftp_expectations{
    smoke_expectation{"smoke.ftp.greeting-220", "RFC 959 §5.4", "the greeting is 220"},
    smoke_expectation{"smoke.ftp.plain-login-policy", "RFC 4217 §4",
                      "ftpes://: a login before AUTH TLS is accepted, or refused by a TLS policy (information)"},
    smoke_expectation{"smoke.ftp.auth-tls-234", "RFC 4217 §4", "AUTH TLS gives 234 and the TLS handshake succeeds"},
    smoke_expectation{"smoke.ftp.prot-before-pbsz-503", "RFC 2228 §3; RFC 4217 §9",
                      "PROT before PBSZ gives 503 (vsftpd and ProFTPD accept it)", rule_level::should},
    smoke_expectation{"smoke.ftp.pbsz-200", "RFC 4217 §9", "PBSZ 0 gives 200"},
    smoke_expectation{"smoke.ftp.prot-p-200", "RFC 4217 §9", "PROT P gives 200"},
    smoke_expectation{"smoke.ftp.tls-required", "RFC 4217 §4",
                      "ftp:// refused at login by a server that requires TLS: the refusal and ftpes://", rule_level::info},
    smoke_expectation{"smoke.ftp.host-220", "RFC 7151 §3", "HOST before login gives 220 (where FEAT announces HOST; 504, no such virtual host, skips)"},
    smoke_expectation{"smoke.ftp.login-230", "RFC 959 §4.1.1", "the URL's credentials log in"},
    smoke_expectation{"smoke.ftp.wrong-password-530", "RFC 959 §4.1.1", "a wrong password gives 530"},
    smoke_expectation{"smoke.ftp.pwd-257", "RFC 959 §5.4", "PWD gives 257"},
    smoke_expectation{"smoke.ftp.cdup-root", "RFC 959 §4.1.1; RFC 2577 §2",
                      "CDUP at the root gives 250/200 and PWD stays \"/\", or 550 (security: never above the root)"},
    smoke_expectation{"smoke.ftp.syst-215", "RFC 959 §5.4", "SYST gives 215 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.feat-211", "RFC 2389 §3", "FEAT gives 211 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.noop-200", "RFC 959 §5.4", "NOOP gives 200"},
    smoke_expectation{"smoke.ftp.help-214", "RFC 959 §5.4", "HELP gives 214 or 211 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.stat-211", "RFC 959 §4.1.3", "STAT without argument gives 211 (212, 213 accepted; or not implemented)"},
    smoke_expectation{"smoke.ftp.type-200", "RFC 959 §5.4", "TYPE I gives 200"},
    smoke_expectation{"smoke.ftp.type-a-n-200", "RFC 959 §5.1", "TYPE A N gives 200 (minimum implementation)"},
    smoke_expectation{"smoke.ftp.mode-s-200", "RFC 959 §5.1", "MODE S gives 200 (minimum implementation)"},
    smoke_expectation{"smoke.ftp.stru-f-200", "RFC 959 §5.1", "STRU F gives 200 (minimum implementation)"},
    smoke_expectation{"smoke.ftp.mode-unknown-504", "RFC 959 §5.4", "MODE Z (no such mode) gives 501 or 504"},
    smoke_expectation{"smoke.ftp.stru-unknown-504", "RFC 959 §5.4", "STRU Z (no such structure) gives 501 or 504"},
    smoke_expectation{"smoke.ftp.allo-200", "RFC 959 §4.1.3", "ALLO gives 200 or 202 (or is not implemented)"},
    // RFC 2640 needs no OPTS to use UTF-8; `OPTS UTF8 ON` (RFC 2389 §4 syntax) is what clients
    // send in practice, so a refusal is a warning.
    smoke_expectation{"smoke.ftp.opts-utf8-200", "RFC 2389 §4; RFC 2640 §3.2",
                      "OPTS UTF8 ON gives 200 (where FEAT announces UTF8)", rule_level::should},
    smoke_expectation{"smoke.ftp.epsv-229", "RFC 2428 §3", "EPSV gives 229 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.pasv-227", "RFC 959 §5.4", "PASV gives 227 (or is not implemented)"},
    smoke_expectation{"smoke.ftp.port-bounce-refused", "RFC 2577 §3",
                      "PORT to a third-party address (192.0.2.1) is refused (security: FTP bounce)", rule_level::should},
    smoke_expectation{"smoke.ftp.prot-p-transfer", "RFC 4217 §9",
                      "after PROT P a transfer (RETR of the file, or LIST) runs over a TLS data connection"},
    smoke_expectation{"smoke.ftp.list-226", "RFC 959 §5.4", "LIST ends with 226 or 250"},
    smoke_expectation{"smoke.ftp.mlsd-226", "RFC 3659 §7", "MLSD ends with 226 or 250"},
    smoke_expectation{"smoke.ftp.size-213", "RFC 3659 §4", "SIZE of the file gives 213"},
    smoke_expectation{"smoke.ftp.mdtm-213", "RFC 3659 §3", "MDTM of the file gives 213"},
    smoke_expectation{"smoke.ftp.retr-missing-550", "RFC 959 §5.4", "RETR of a missing file gives 550 or 450"},
    smoke_expectation{"smoke.ftp.rest-retr", "RFC 3659 §5", "REST then RETR sends the file from the offset"},
    smoke_expectation{"smoke.ftp.abor", "RFC 959 §4.1.3",
                      "ABOR during a transfer: 426 (226 when it had finished), then 226 or 225 for ABOR"},
    smoke_expectation{"smoke.ftp.unknown-command-500", "RFC 959 §5.4", "an unknown command gives 500 or 502"},
    smoke_expectation{"smoke.ftp.rnto-refused", "RFC 959 §4.1.3", "RNTO without RNFR is refused"},
    smoke_expectation{"smoke.ftp.quit-221", "RFC 959 §4.1.1", "QUIT gives 221"},
};

}  // namespace

std::span<const smoke_expectation> ftp_smoke_expectations() noexcept { return ftp_expectations; }

}  // namespace replycheck::harness
