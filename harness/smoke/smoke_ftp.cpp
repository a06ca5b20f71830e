// The FTP smoke probes: one control connection carries the session (greeting to QUIT), every
// exchange checked by one ftp_session_checker; the wrong-password probe has its own connection.

#include <algorithm>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "harness/clients/ftp_control_client.hpp"
#include "harness/smoke/probe_builder.hpp"
#include "harness/smoke/smoke.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness {

namespace {

using detail::final_code;
using detail::probe_builder;
using protocol::ftp_exchange;

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

constexpr std::chrono::milliseconds login_allowance{10000};

class ftp_prober {
public:
    ftp_prober(const smoke_target& target, const smoke_options& options)
        : target_(target), options_(options), checker_(make_checks(options)) {
        client_options_.connect_timeout = options.timeout;
        client_options_.timeout = options.timeout;
        // Servers delay the reply to a wrong password on purpose (RFC 2577 §4: slow down
        // guessing; pyftpdlib 3 s, proftpd 2 s, vsftpd 1 s): PASS may take longer than a reply.
        client_options_.login_timeout = std::max(options.timeout, login_allowance);
        client_options_.tls = options.tls;
        // Other connections (the wrong-password probe) secure themselves in connect(); the main
        // session is secured probe by probe (AUTH TLS, PBSZ, PROT), each one judged.
        other_options_ = client_options_;
        other_options_.implicit_tls = target.tls == protocol::tls_mode::implicit;
        other_options_.explicit_tls = target.tls == protocol::tls_mode::explicit_auth;
        client_options_.implicit_tls = other_options_.implicit_tls;
        client_options_.protect_data = false;
        plain_options_ = client_options_;
        plain_options_.implicit_tls = false;
        user_ = options.user.value_or(target.has_user ? target.user : std::string("anonymous"));
        password_ = options.password.value_or(target.has_user || options.user ? target.password
                                                                                : std::string("replycheck@example.com"));
        anonymous_ = user_ == "anonymous" || user_ == "ftp";
        // ftp://host/dir/file: the path relative to the login directory (RFC 1738 §3.2.2).
        std::string path = target.path;
        if (!path.empty() && path.front() == '/') path.erase(0, 1);
        if (path.empty() || path.back() == '/') {
            dir_ = path;
        } else {
            file_ = path;
            const auto slash = path.rfind('/');
            dir_ = slash == std::string::npos ? "" : path.substr(0, slash + 1);
        }
    }

    reports::suite_result run();

private:
    // RFC 4217 §4, §9: AUTH TLS (ftpes://), then PROT before PBSZ, PBSZ 0 and PROT P, a probe
    // each; sets `gone` when the session cannot go on protected.
    void secure_session(ftp_control_client& client, reports::suite_result& suite, std::string& gone);

    // ftpes://: a login on a plain connection of its own, accepted or refused by TLS policy.
    void plain_login_probe(reports::suite_result& suite);

    // ftp:// login refused at USER: when the server offers AUTH TLS and takes the same USER
    // under TLS, the refusal is its TLS policy; returns the skip reason naming it (and
    // ftpes://), "" otherwise.
    std::string tls_policy_refusal(const std::vector<ftp_exchange>& login);

    // The URL with the ftpes scheme (AUTH TLS on the same port), without the password.
    std::string ftpes_url() const {
        std::string error;
        auto url = protocol::parse_url(target_.display, error);
        if (!url) return "ftpes://";
        url->scheme = protocol::find_scheme("ftpes");
        return url->display();
    }

    static protocol::check_options make_checks(const smoke_options& o) {
        protocol::check_options c;
        c.allowed = o.allowed;
        c.strict_ftp_sequence = o.strict_ftp_sequence;
        return c;
    }

    // Checks an exchange of the main session and adds it as a step.
    reports::step_result& step(probe_builder& b, const ftp_exchange& e) {
        if (e.transport_code && final_code(e) == 0) desynchronized_ = true;
        if (e.transport_code == protocol::transport_errc::timeout) desynchronized_ = true;
        if (e.connection_closed) desynchronized_ = true;  // nothing more can be asked
        return b.add_ftp(e, checker_.check(e));
    }

    // Adds every exchange (EPSV/PASV, then the command); returns the last step.
    reports::step_result* steps(probe_builder& b, const std::vector<ftp_exchange>& list) {
        reports::step_result* last = nullptr;
        for (const auto& e : list) last = &step(b, e);
        return last;
    }

    void expect_code(probe_builder& b, reports::step_result& s, const ftp_exchange& e, std::string_view id,
                     std::initializer_list<int> codes, std::string_view why) {
        const int code = final_code(e);
        b.expect(s, code == 0 || detail::one_of(code, codes), id, detail::codes_text(codes),
                 fmt::format("expected {} ({}), got {}", detail::codes_text(codes), why, code));
    }

    bool feature(std::string_view name) const {
        for (const auto& f : features_)
            if (f == name || f.starts_with(std::string(name) + " ")) return true;
        return false;
    }

    smoke_target target_;
    smoke_options options_;
    ftp_client_options client_options_;   // the main session: TLS started by the probes
    ftp_client_options other_options_;    // other sessions: secured as the scheme says in connect()
    ftp_client_options plain_options_;    // a plain session on the same server
    protocol::ftp_session_checker checker_;
    std::string user_, password_, dir_, file_;
    bool anonymous_ = false;
    bool desynchronized_ = false;
    std::vector<std::string> features_;  // FEAT lines, upper case, trimmed
};

reports::suite_result ftp_prober::run() {
    reports::suite_result suite;
    const bool strict = options_.strict;
    ftp_control_client client(client_options_);
    std::string gone;
    auto runnable = [&](probe_builder& b) {
        if (gone.empty() && desynchronized_)
            gone = "the control connection timed out or was closed by the server";
        if (gone.empty()) return true;
        b.skip(gone);
        suite.scenarios.push_back(b.finish());
        return false;
    };
    auto add = [&](probe_builder& b) { suite.scenarios.push_back(b.finish()); };

    // Greeting: 220, or 120 then 220 (RFC 959 §5.4).
    {
        probe_builder b("greeting is 220", strict, options_.allowed);
        const auto e = client.connect(target_.host, target_.port);
        auto& s = step(b, e);
        expect_code(b, s, e, "smoke.ftp.greeting-220", {220}, "the service is ready");
        if (final_code(e) != 220) gone = e.transport_code == protocol::transport_errc::tls_handshake
                                             ? "no TLS session: " + e.transport_error
                                             : "no 220 greeting";
        add(b);
    }
    if (target_.tls != protocol::tls_mode::none) {
        if (target_.tls == protocol::tls_mode::explicit_auth && gone.empty()) plain_login_probe(suite);
        secure_session(client, suite, gone);
    }

    // Login: USER then PASS (331 then 230), or 230 at once (RFC 959 §4.1.1).
    {
        probe_builder b("login gives 230", strict, options_.allowed);
        if (runnable(b)) {
            const auto list = client.login(user_, password_);
            auto* last = steps(b, list);
            if (last) expect_code(b, *last, list.back(), "smoke.ftp.login-230", {230, 202}, "the credentials are valid");
            // A timeout or a close is said as such (runnable() would say it), not as a refused login.
            // vsftpd closes the connection after its refusal: the refusal is still the news.
            const auto policy = target_.tls == protocol::tls_mode::none ? tls_policy_refusal(list) : std::string();
            if (!policy.empty()) {
                b.skip(policy);
                gone = "login refused: the server requires TLS (try " + ftpes_url() + ")";
            } else if (desynchronized_) {
                gone = "the control connection timed out or was closed by the server";
            } else if (list.empty() || !detail::one_of(final_code(list.back()), {230, 202})) {
                gone = "login failed";
            }
            add(b);
        }
    }

    // A wrong password: 530, on a connection of its own (RFC 959 §4.1.1).
    {
        probe_builder b("wrong password gives 530", strict, options_.allowed);
        if (!gone.empty() && gone != "login failed") {
            b.skip(gone);
            add(b);
        } else if (anonymous_) {
            b.skip("anonymous login takes any password");
            add(b);
        } else {
            ftp_control_client other(other_options_);
            protocol::ftp_session_checker checker(make_checks(options_));
            const auto greeting = other.connect(target_.host, target_.port);
            b.add_ftp(greeting, checker.check(greeting));
            std::random_device rd;
            for (const auto& e : other.login(user_, fmt::format("wrong-{:08x}", rd()))) {
                auto& s = b.add_ftp(e, checker.check(e));
                if (upper(e.command).starts_with("PASS") || final_code(e) != 331)
                    b.expect(s, final_code(e) == 530, "smoke.ftp.wrong-password-530", "530", fmt::format("expected 530 (wrong password), got {}",
                                                                            final_code(e)));
            }
            other.close();
            add(b);
        }
    }

    // Simple commands with one expected reply each.
    auto simple = [&](std::string name, std::string_view id, std::string command, std::initializer_list<int> codes,
                      std::string why,
                      std::initializer_list<int> unsupported = {}) -> ftp_exchange {
        probe_builder b(std::move(name), strict, options_.allowed);
        ftp_exchange e;
        if (!runnable(b)) return e;
        e = client.command(command);
        auto& s = step(b, e);
        if (detail::one_of(final_code(e), unsupported))
            b.skip(fmt::format("the server does not support {} ({})", command, final_code(e)));
        else
            expect_code(b, s, e, id, codes, why);
        add(b);
        return e;
    };

    simple("PWD gives 257", "smoke.ftp.pwd-257", "PWD", {257}, "the current directory");
    simple("SYST gives 215", "smoke.ftp.syst-215", "SYST", {215}, "the system type", {500, 502});
    {
        const auto feat = simple("FEAT gives 211", "smoke.ftp.feat-211", "FEAT", {211}, "the feature list", {500, 502});
        if (final_code(feat) == 211 && !feat.replies.empty()) {
            const auto& lines = feat.replies.back().lines;
            for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
                std::string_view l = lines[i];
                while (!l.empty() && l.front() == ' ') l.remove_prefix(1);
                while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
                features_.push_back(upper(l));
            }
        }
    }
    simple("TYPE I gives 200", "smoke.ftp.type-200", "TYPE I", {200}, "binary type");
    simple("EPSV gives 229", "smoke.ftp.epsv-229", "EPSV", {229}, "extended passive mode", {500, 502});
    simple("PASV gives 227", "smoke.ftp.pasv-227", "PASV", {227}, "passive mode", {500, 502});

    // After PROT P the data connection is TLS too: RETR of the file, or LIST of the folder.
    if (target_.tls != protocol::tls_mode::none) {
        probe_builder b("PROT P transfer runs over TLS", strict, options_.allowed);
        if (runnable(b)) {
            const auto command = file_.empty() ? (dir_.empty() ? std::string("LIST") : "LIST " + dir_) : "RETR " + file_;
            const auto list = client.transfer(command, {}, 'I');
            if (auto* last = steps(b, list)) {
                const auto& e = list.back();
                const int code = final_code(e);
                std::string why = e.transport_code ? e.transport_error
                                                   : fmt::format("{} answered {}", command, code);
                // 522 (vsftpd, ProFTPD): the server wants the data connection secured and it was not.
                if (code == 522) why += " (the data connection was not accepted as protected)";
                b.expect(*last, detail::one_of(code, {226, 250}) && e.data_connection_used && !e.transport_code,
                         "smoke.ftp.prot-p-transfer", "226 or 250 over a TLS data connection", why);
            }
            add(b);
        }
    }

    // LIST over a data connection: 150/125 then 226/250 (RFC 959 §5.4).
    {
        probe_builder b("LIST transfers a listing", strict, options_.allowed);
        if (runnable(b)) {
            const auto list = client.transfer(dir_.empty() ? "LIST" : "LIST " + dir_);
            if (auto* last = steps(b, list))
                expect_code(b, *last, list.back(), "smoke.ftp.list-226", {226, 250}, "the listing was sent");
            add(b);
        }
    }

    // MLSD (RFC 3659 §7): only when FEAT announces MLST.
    {
        probe_builder b("MLSD transfers facts", strict, options_.allowed);
        if (runnable(b)) {
            if (!feature("MLST")) b.skip("FEAT does not announce MLST");
            else {
                const auto list = client.transfer(dir_.empty() ? "MLSD" : "MLSD " + dir_);
                if (auto* last = steps(b, list))
                    expect_code(b, *last, list.back(), "smoke.ftp.mlsd-226", {226, 250}, "the listing was sent");
            }
            add(b);
        }
    }

    // SIZE and MDTM of the file (RFC 3659 §3, §4).
    for (const auto* verb : {"SIZE", "MDTM"}) {
        probe_builder b(fmt::format("{} of the file gives 213", verb), strict, options_.allowed);
        if (runnable(b)) {
            if (file_.empty()) b.skip("the URL names a directory, not a file");
            else if (!feature(verb)) b.skip(fmt::format("FEAT does not announce {}", verb));
            else {
                const auto e = client.command(fmt::format("{} {}", verb, file_));
                auto& s = step(b, e);
                expect_code(b, s, e, verb == std::string_view("SIZE") ? "smoke.ftp.size-213" : "smoke.ftp.mdtm-213", {213},
                            "the file exists");
            }
            add(b);
        }
    }

    // RETR of a missing file: 550 (450 when the server calls it transient).
    {
        probe_builder b("RETR of a missing file gives 550", strict, options_.allowed);
        if (runnable(b)) {
            std::random_device rd;
            const auto list = client.transfer(fmt::format("RETR {}replycheck-missing-{:08x}", dir_, rd()), {}, 'I');
            if (auto* last = steps(b, list)) expect_code(b, *last, list.back(), "smoke.ftp.retr-missing-550", {550, 450}, "no such file");
            add(b);
        }
    }

    // REST then RETR: the file from the offset on (RFC 3659 §5).
    {
        probe_builder b("REST + RETR resumes", strict, options_.allowed);
        if (runnable(b)) {
            if (file_.empty()) b.skip("the URL names a directory, not a file");
            else if (!feature("REST STREAM")) b.skip("FEAT does not announce REST STREAM");
            else {
                const auto full = client.transfer("RETR " + file_, {}, 'I');
                auto* last = steps(b, full);
                if (last) expect_code(b, *last, full.back(), "smoke.ftp.rest-retr", {226, 250}, "the file was sent");
                const std::string content = full.empty() ? "" : full.back().data;
                if (!desynchronized_ && final_code(full.back()) == 226 && content.size() >= 2) {
                    const auto offset = content.size() / 2;
                    const auto rest = client.command(fmt::format("REST {}", offset));
                    auto& rs = step(b, rest);
                    expect_code(b, rs, rest, "smoke.ftp.rest-retr", {350}, "restart marker accepted");
                    if (final_code(rest) == 350) {
                        const auto part = client.transfer("RETR " + file_, {}, 'I');
                        if (auto* p = steps(b, part)) {
                            expect_code(b, *p, part.back(), "smoke.ftp.rest-retr", {226, 250}, "the rest of the file was sent");
                            b.expect(*p, part.back().data == content.substr(offset), "smoke.ftp.rest-retr",
                                     fmt::format("bytes {}- of the file", offset),
                                     fmt::format("after REST {} the data was not the file from byte {}", offset, offset));
                        }
                    }
                } else if (content.size() < 2) {
                    b.skip("the file is too short to resume");
                }
            }
            add(b);
        }
    }

    simple("unknown command gives 500 or 502", "smoke.ftp.unknown-command-500", "XRCHK", {500, 502}, "the command is not implemented");

    // RNTO without RNFR: 503 (RFC 959 §4.1.3); the lenient profile takes any refusal.
    {
        probe_builder b("RNTO without RNFR is refused", strict, options_.allowed);
        if (runnable(b)) {
            const auto e = client.command("RNTO replycheck-never-renamed");
            auto& s = step(b, e);
            const int code = final_code(e);
            b.expect(s, code == 0 || code >= 400, "smoke.ftp.rnto-refused", "503 (or another refusal)",
                     fmt::format("RNTO without RNFR answered {}", code));
            add(b);
        }
    }

    // QUIT: 221, then the server closes (RFC 959 §4.1.1).
    {
        probe_builder b("QUIT gives 221", strict, options_.allowed);
        if (runnable(b)) {
            const auto e = client.quit();
            auto& s = step(b, e);
            expect_code(b, s, e, "smoke.ftp.quit-221", {221}, "closing the session");
            add(b);
        }
    }
    client.close();
    return suite;
}

void ftp_prober::plain_login_probe(reports::suite_result& suite) {
    probe_builder b("login before AUTH TLS (information)", options_.strict, options_.allowed);
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
        if (detail::one_of(code, {530, 534, 550}))
            b.skip(fmt::format("the server refuses a login before AUTH TLS ({}): its TLS policy", detail::reply_line(e)));
        else
            b.expect(s, detail::one_of(code, {230, 331, 332}), "smoke.ftp.plain-login-policy", "230, 331 or a policy refusal",
                     fmt::format("USER before AUTH TLS answered {}", code));
    }
    plain.close();
    suite.scenarios.push_back(b.finish());
}

void ftp_prober::secure_session(ftp_control_client& client, reports::suite_result& suite, std::string& gone) {
    const bool strict = options_.strict;
    auto add = [&](probe_builder& b) { suite.scenarios.push_back(b.finish()); };
    auto blocked = [&](probe_builder& b) {
        if (gone.empty() && desynchronized_) gone = "the control connection timed out or was closed by the server";
        if (gone.empty()) return false;
        b.skip(gone);
        add(b);
        return true;
    };

    // RFC 4217 §4: AUTH TLS gives 234 and the handshake follows on the control connection.
    if (target_.tls == protocol::tls_mode::explicit_auth) {
        probe_builder b("AUTH TLS gives 234", strict, options_.allowed);
        if (blocked(b)) return;
        const auto e = client.command("AUTH TLS");
        auto& s = step(b, e);
        const int code = final_code(e);
        if (code != 234) {
            // 502/500: not implemented, 504: mechanism unknown, 534: refused by policy, 431: not available.
            b.expect(s, false, "smoke.ftp.auth-tls-234", "234",
                     fmt::format("AUTH TLS refused ({}): this server offers no explicit FTPS{}", detail::reply_line(e),
                                 code == 0 ? "" : " (try ftp:// or ftps://)"));
            gone = "AUTH TLS refused: nothing is sent on an unprotected ftpes:// session";
        } else if (e.transport_code || !client.control_secured()) {
            b.expect(s, false, "smoke.ftp.auth-tls-234", "a TLS session after 234", e.transport_error);
            gone = "no TLS session: " + e.transport_error;
        }
        add(b);
        if (!gone.empty()) return;
    }

    // RFC 2228 §3 (PROT), RFC 4217 §9: PBSZ comes before PROT; a PROT without it gets 503.
    // vsftpd and ProFTPD accept it anyway: the expectation is a SHOULD-level warning.
    {
        probe_builder b("PROT before PBSZ gives 503", strict, options_.allowed);
        if (blocked(b)) return;
        const auto e = client.command("PROT P");
        auto& s = step(b, e);
        expect_code(b, s, e, "smoke.ftp.prot-before-pbsz-503", {503}, "PBSZ must come first");
        add(b);
    }
    for (const auto& [command, id] : {std::pair{"PBSZ 0", "smoke.ftp.pbsz-200"}, std::pair{"PROT P", "smoke.ftp.prot-p-200"}}) {
        probe_builder b(fmt::format("{} gives 200", command), strict, options_.allowed);
        if (blocked(b)) return;
        const auto e = client.command(command);
        auto& s = step(b, e);
        expect_code(b, s, e, id, {200}, command == std::string_view("PBSZ 0") ? "TLS needs no buffer size"
                                                                               : "private (TLS) data connections");
        add(b);
    }
}

std::string ftp_prober::tls_policy_refusal(const std::vector<ftp_exchange>& login) {
    // Refused at USER itself (no PASS asked): vsftpd 530, ProFTPD 550, IIS 534.
    if (login.size() != 1 || !detail::one_of(final_code(login.front()), {530, 534, 550})) return {};
    // A refusal is a TLS policy when the same server offers AUTH TLS (RFC 4217 §4) and, once
    // TLS is up (the certificate verified as for any TLS probe), does not refuse the same USER.
    ftp_control_client probe(plain_options_);
    const auto greeting = probe.connect(target_.host, target_.port);
    if (final_code(greeting) != 220) return {};
    const auto auth = probe.command("AUTH TLS");
    if (final_code(auth) != 234 || auth.transport_code || !probe.control_secured()) return {};
    const auto user = probe.command("USER " + user_);
    probe.close();
    if (!detail::one_of(final_code(user), {230, 331, 332})) return {};
    return fmt::format("the server requires TLS before login ({}) and offers AUTH TLS: try {} [{}]",
                       detail::reply_line(login.front()), ftpes_url(), "smoke.ftp.tls-required");
}

}  // namespace

reports::suite_result smoke_ftp(const smoke_target& target, const smoke_options& options) {
    ftp_prober prober(target, options);
    return prober.run();
}

}  // namespace replycheck::harness
