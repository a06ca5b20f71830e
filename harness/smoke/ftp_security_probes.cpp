// FTP smoke probes of the session's security and identity: AUTH TLS, PBSZ and PROT
// (RFC 4217), the TLS policies at login, and HOST (RFC 7151).

#include <fmt/format.h>

#include "harness/smoke/ftp_prober.hpp"

namespace replycheck::harness::detail {

using protocol::ftp_exchange;

void ftp_prober::plain_login_probe() {
    auto b = builder("login before AUTH TLS (information)");
    ftp_control_client plain(plain_options_);
    protocol::ftp_session_checker checker(make_checks(options_));
    const auto greeting = plain.connect(target_.host, target_.port);
    b.add_ftp(greeting, checker.check(greeting));
    if (final_code(greeting) != 220) {
        b.skip("no 220 greeting on a second connection");
    } else {
        // Only USER: a password never travels in clear text on an ftpes:// smoke.
        const auto e = plain.command("USER " + user_);
        auto& s = b.add_ftp(e, checker.check(e));
        const int code = final_code(e);
        if (one_of(code, {530, 534, 550}))
            b.skip(fmt::format("the server refuses a login before AUTH TLS ({}): its TLS policy", reply_line(e)));
        else
            b.expect(s, one_of(code, {230, 331, 332}), "smoke.ftp.plain-login-policy", "230, 331 or a policy refusal",
                     fmt::format("USER before AUTH TLS answered {}", code));
    }
    plain.close();
    add(b);
}

void ftp_prober::secure_session() {
    // RFC 4217 §4: AUTH TLS gives 234 and the handshake follows on the control connection.
    if (target_.tls == protocol::tls_mode::explicit_auth) {
        auto b = builder("AUTH TLS gives 234");
        if (!runnable(b)) return;
        const auto e = client_.command("AUTH TLS");
        auto& s = step(b, e);
        const int code = final_code(e);
        if (code != 234) {
            // 502/500: not implemented, 504: mechanism unknown, 534: refused by policy, 431: not available.
            b.expect(s, false, "smoke.ftp.auth-tls-234", "234",
                     fmt::format("AUTH TLS refused ({}): this server offers no explicit FTPS{}", reply_line(e),
                                 code == 0 ? "" : " (try ftp:// or ftps://)"));
            gone_ = "AUTH TLS refused: nothing is sent on an unprotected ftpes:// session";
        } else if (e.transport_code || !client_.control_secured()) {
            b.expect(s, false, "smoke.ftp.auth-tls-234", "a TLS session after 234", e.transport_error);
            gone_ = "no TLS session: " + e.transport_error;
        }
        add(b);
        if (!gone_.empty()) return;
    }

    // RFC 2228 §3 (PROT), RFC 4217 §9: PBSZ comes before PROT; a PROT without it gets 503.
    // vsftpd and ProFTPD accept it anyway: the expectation is a SHOULD-level warning.
    {
        auto b = builder("PROT before PBSZ gives 503");
        if (!runnable(b)) return;
        const auto e = client_.command("PROT P");
        auto& s = step(b, e);
        expect_code(b, s, e, "smoke.ftp.prot-before-pbsz-503", {503}, "PBSZ must come first");
        add(b);
    }
    for (const auto& [command, id] : {std::pair{"PBSZ 0", "smoke.ftp.pbsz-200"}, std::pair{"PROT P", "smoke.ftp.prot-p-200"}}) {
        auto b = builder(fmt::format("{} gives 200", command));
        if (!runnable(b)) return;
        const auto e = client_.command(command);
        auto& s = step(b, e);
        expect_code(b, s, e, id, {200}, command == std::string_view("PBSZ 0") ? "TLS needs no buffer size"
                                                                               : "private (TLS) data connections");
        add(b);
    }
}

std::string ftp_prober::tls_policy_refusal(const std::vector<ftp_exchange>& login) {
    // Refused at USER itself (no PASS asked): vsftpd 530, ProFTPD 550, IIS 534.
    if (login.size() != 1 || !one_of(final_code(login.front()), {530, 534, 550})) return {};
    // A refusal is a TLS policy when the same server offers AUTH TLS (RFC 4217 §4) and, once
    // TLS is up (the certificate verified as for any TLS probe), does not refuse the same USER.
    ftp_control_client probe(plain_options_);
    const auto greeting = probe.connect(target_.host, target_.port);
    if (final_code(greeting) != 220) return {};
    const auto auth = probe.command("AUTH TLS");
    if (final_code(auth) != 234 || auth.transport_code || !probe.control_secured()) return {};
    const auto user = probe.command("USER " + user_);
    probe.close();
    if (!one_of(final_code(user), {230, 331, 332})) return {};
    return fmt::format("the server requires TLS before login ({}) and offers AUTH TLS: try {} [{}]",
                       reply_line(login.front()), ftpes_url(), "smoke.ftp.tls-required");
}

// RFC 7151 §3: HOST names the virtual host before USER and gets 220. Only where FEAT (asked
// before login) announces HOST.
void ftp_prober::host_probe() {
    auto b = builder("HOST before login gives 220");
    if (!runnable(b)) return;
    if (!feature("HOST")) {
        b.skip("FEAT does not announce HOST");
    } else {
        const bool ipv6 = target_.host.find(':') != std::string::npos;
        const auto e = client_.command("HOST " + (ipv6 ? "[" + target_.host + "]" : target_.host));
        auto& s = step(b, e);
        // RFC 7151 §3.2: 504 names a host the server does not serve as a virtual host (ProFTPD
        // knows 127.0.0.1 but not "localhost"): a fact about its configuration, not a fault.
        if (final_code(e) == 504)
            b.skip(fmt::format("the server serves no virtual host named {} ({})", target_.host, reply_line(e)));
        else if (final_code(e) == 503 && client_.control_secured())
            b.skip(fmt::format("the server takes HOST only before TLS ({}); ftps:// has TLS from the first byte",
                               reply_line(e)));
        else
            expect_code(b, s, e, "smoke.ftp.host-220", {220}, "the virtual host is selected");
    }
    add(b);
}

}  // namespace replycheck::harness::detail
