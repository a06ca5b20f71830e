// FTP smoke probes of commands that need no data connection: PWD, CDUP at the root, SYST,
// FEAT, NOOP, HELP, STAT, the transfer parameters (TYPE, MODE, STRU, ALLO), OPTS UTF8, an
// unknown command and RNTO without RNFR.

#include <fmt/format.h>

#include "harness/smoke/ftp_prober.hpp"
#include "protocol/wire/ftp_path.hpp"

namespace replycheck::harness::detail {

using protocol::ftp_exchange;

namespace {

// The directory of a 257 reply, "" when there is none.
std::string directory_of(const ftp_exchange& pwd) {
    if (final_code(pwd) != 257 || pwd.replies.back().lines.empty()) return {};
    auto parsed = protocol::parse_257(pwd.replies.back().lines.front());
    return parsed ? *parsed : std::string();
}

}  // namespace

void ftp_prober::command_probes() {
    login_directory_ = directory_of(simple("PWD gives 257", "smoke.ftp.pwd-257", "PWD", {257}, "the current directory"));
    cdup_at_root_probe();
    simple("SYST gives 215", "smoke.ftp.syst-215", "SYST", {215}, "the system type", {500, 502});
    // RFC 959 §5.1: NOOP is in the minimum implementation.
    simple("NOOP gives 200", "smoke.ftp.noop-200", "NOOP", {200}, "no operation");
    simple("HELP gives 214", "smoke.ftp.help-214", "HELP", {214, 211}, "help text", {500, 502});
    simple("STAT gives 211", "smoke.ftp.stat-211", "STAT", {211, 212, 213}, "the server status", {500, 502});
    parameter_probes();
    // After TYPE A N: the transfers and SIZE (RFC 3659 §4.1 lets a server refuse it in ASCII
    // mode, as ProFTPD does) run in binary type.
    simple("TYPE I gives 200", "smoke.ftp.type-200", "TYPE I", {200}, "binary type");
    opts_utf8_probe();
}

bool ftp_prober::feat_probe(bool before_login) {
    auto b = builder("FEAT gives 211");
    if (!runnable(b)) return true;
    const auto e = client_.command("FEAT");
    if (before_login && final_code(e) == 530) return false;
    auto& s = step(b, e);
    if (one_of(final_code(e), {500, 502}))
        b.skip(fmt::format("the server does not support FEAT ({})", final_code(e)));
    else
        expect_code(b, s, e, "smoke.ftp.feat-211", {211}, "the feature list");
    add(b);
    read_features(e);
    return true;
}

// RFC 959 §5.1: the minimum implementation is TYPE A N, MODE S and STRU F (200); §5.4: a mode
// or structure the server does not know gets 501 or 504, never 200. B, C (modes) and R, P
// (structures) are valid RFC 959 values a server may implement: the unknown values are Z.
void ftp_prober::parameter_probes() {
    simple("TYPE A N gives 200", "smoke.ftp.type-a-n-200", "TYPE A N", {200}, "ASCII non-print is the default type");
    simple("MODE S gives 200", "smoke.ftp.mode-s-200", "MODE S", {200}, "stream mode");
    simple("STRU F gives 200", "smoke.ftp.stru-f-200", "STRU F", {200}, "file structure");
    simple("MODE Z is refused with 501 or 504", "smoke.ftp.mode-unknown-504", "MODE Z", {501, 504},
           "no such transfer mode");
    simple("STRU Z is refused with 501 or 504", "smoke.ftp.stru-unknown-504", "STRU Z", {501, 504},
           "no such file structure");
    // RFC 959 §4.1.3: ALLO is 200, or 202 where no storage needs reserving; not in §5.1's minimum.
    simple("ALLO gives 200 or 202", "smoke.ftp.allo-200", "ALLO 1024", {200, 202}, "storage reserved or not needed",
           {500, 502});
}

// RFC 2640 §3.2 (with RFC 2389 §4 OPTS): where FEAT announces UTF8, OPTS UTF8 ON is accepted.
void ftp_prober::opts_utf8_probe() {
    auto b = builder("OPTS UTF8 ON gives 200");
    if (!runnable(b)) return;
    if (!feature("UTF8")) {
        b.skip("FEAT does not announce UTF8");
    } else {
        const auto e = client_.command("OPTS UTF8 ON");
        auto& s = step(b, e);
        expect_code(b, s, e, "smoke.ftp.opts-utf8-200", {200}, "UTF-8 path names");
    }
    add(b);
}

// CDUP at the root stays at the root (250 or 200, or a refusal 550): a directory above the
// root the server shows would leave its file tree (RFC 959 §4.1.1 CDUP, RFC 2577 §2 on
// access outside the intended tree). The session then goes back to the login directory.
void ftp_prober::cdup_at_root_probe() {
    auto b = builder("CDUP at the root stays at the root");
    if (!runnable(b)) return;
    if (login_directory_.empty() || login_directory_.front() != '/') {
        b.skip("PWD gave no absolute directory to come back to");
        add(b);
        return;
    }
    const auto to_root = client_.command("CWD /");
    step(b, to_root);
    if (!one_of(final_code(to_root), {250, 200})) {
        b.skip(fmt::format("CWD / answered {}: the root is not reachable", final_code(to_root)));
    } else {
        const auto cdup = client_.command("CDUP");
        auto& s = step(b, cdup);
        expect_code(b, s, cdup, "smoke.ftp.cdup-root", {250, 200, 550}, "the root has no parent");
        const auto pwd = client_.command("PWD");
        auto& p = step(b, pwd);
        const auto where = directory_of(pwd);
        b.expect(p, final_code(pwd) == 0 || where == "/", "smoke.ftp.cdup-root", "257 \"/\"",
                 fmt::format("after CDUP at the root PWD answered {} (security: a directory above the root)",
                             reply_line(pwd)));
    }
    // Back to where the URL's paths start.
    const auto back = client_.command("CWD " + login_directory_);
    auto& s = step(b, back);
    b.expect(s, one_of(final_code(back), {250, 200}), "smoke.ftp.cdup-root", "250",
             fmt::format("CWD back to {} answered {}", login_directory_, final_code(back)));
    if (!one_of(final_code(back), {250, 200}) && gone_.empty())
        gone_ = "the session could not return to the login directory";
    add(b);
}

void ftp_prober::closing_command_probes() {
    simple("unknown command gives 500 or 502", "smoke.ftp.unknown-command-500", "XRCHK", {500, 502},
           "the command is not implemented");

    // RNTO without RNFR: 503 (RFC 959 §4.1.3); the lenient profile takes any refusal.
    auto b = builder("RNTO without RNFR is refused");
    if (!runnable(b)) return;
    const auto e = client_.command("RNTO replycheck-never-renamed");
    auto& s = step(b, e);
    const int code = final_code(e);
    b.expect(s, code == 0 || code >= 400, "smoke.ftp.rnto-refused", "503 (or another refusal)",
             fmt::format("RNTO without RNFR answered {}", code));
    add(b);
}

}  // namespace replycheck::harness::detail
