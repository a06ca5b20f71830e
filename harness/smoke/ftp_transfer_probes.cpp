// FTP smoke probes of data connections: EPSV and PASV (each port opened is connected to and
// closed, so no listener is left waiting), PORT to a third-party address, and the transfers
// (LIST, MLSD, SIZE, MDTM, RETR, REST, ABOR).


#include <fmt/format.h>

#include "harness/smoke/ftp_prober.hpp"

namespace replycheck::harness::detail {

using protocol::ftp_exchange;

void ftp_prober::passive_probes() {
    // RFC 2428 §3, RFC 959 §4.1.2. A refused EPSV (500/502) is remembered by the client: the
    // transfers then use PASV.
    for (const auto& [verb, code, id, why] : {std::tuple{"EPSV", 229, "smoke.ftp.epsv-229", "extended passive mode"},
                                              std::tuple{"PASV", 227, "smoke.ftp.pasv-227", "passive mode"}}) {
        auto b = builder(fmt::format("{} gives {}", verb, code));
        if (!runnable(b)) continue;
        const auto e = client_.passive_check(verb);
        auto& s = step(b, e);
        if (one_of(final_code(e), {500, 502}))
            b.skip(fmt::format("the server does not support {} ({})", verb, final_code(e)));
        else
            b.expect(s, final_code(e) == 0 || final_code(e) == code, id, std::to_string(code),
                     fmt::format("expected {} ({}), got {}", code, why, final_code(e)));
        add(b);
    }
}

// RFC 2577 §3 (FTP bounce): a server should refuse a data connection to an address other than
// the client's; 192.0.2.1 is TEST-NET-1 (RFC 5737). No transfer follows, whatever the reply:
// the next transfer's EPSV/PASV replaces the address.
void ftp_prober::port_bounce_probe() {
    auto b = builder("PORT to a third-party address is refused");
    if (!runnable(b)) return;
    if (target_.host.find(':') != std::string::npos) {
        b.skip("PORT takes IPv4 addresses; the session is IPv6");
    } else {
        const auto e = client_.command("PORT 192,0,2,1,4,1");
        auto& s = step(b, e);
        const int code = final_code(e);
        b.expect(s, code == 0 || code >= 400, "smoke.ftp.port-bounce-refused", "a refusal (504)",
                 fmt::format("PORT to 192.0.2.1 answered {}: the server would connect to a third party "
                             "(security: FTP bounce)", code));
    }
    add(b);
}

void ftp_prober::transfer_probes() {
    if (target_.tls != protocol::tls_mode::none) prot_p_transfer_probe();

    // LIST over a data connection: 150/125 then 226/250 (RFC 959 §5.4).
    {
        auto b = builder("LIST transfers a listing");
        if (runnable(b)) {
            const auto list = client_.transfer(dir_.empty() ? "LIST" : "LIST " + dir_);
            if (auto* last = steps(b, list))
                expect_code(b, *last, list.back(), "smoke.ftp.list-226", {226, 250}, "the listing was sent");
            add(b);
        }
    }

    // MLSD (RFC 3659 §7): only when FEAT announces MLST.
    {
        auto b = builder("MLSD transfers facts");
        if (runnable(b)) {
            if (!feature("MLST")) b.skip("FEAT does not announce MLST");
            else {
                const auto list = client_.transfer(dir_.empty() ? "MLSD" : "MLSD " + dir_);
                if (auto* last = steps(b, list))
                    expect_code(b, *last, list.back(), "smoke.ftp.mlsd-226", {226, 250}, "the listing was sent");
            }
            add(b);
        }
    }

    // SIZE and MDTM of the file (RFC 3659 §3, §4).
    for (const auto* verb : {"SIZE", "MDTM"}) {
        auto b = builder(fmt::format("{} of the file gives 213", verb));
        if (!runnable(b)) continue;
        if (file_.empty()) b.skip("the URL names a directory, not a file");
        else if (!feature(verb)) b.skip(fmt::format("FEAT does not announce {}", verb));
        else {
            const auto e = client_.command(fmt::format("{} {}", verb, file_));
            auto& s = step(b, e);
            expect_code(b, s, e, verb == std::string_view("SIZE") ? "smoke.ftp.size-213" : "smoke.ftp.mdtm-213", {213},
                        "the file exists");
        }
        add(b);
    }

    // RETR of a missing file: 550 (450 when the server calls it transient).
    {
        auto b = builder("RETR of a missing file gives 550");
        if (runnable(b)) {
            const auto list = client_.transfer(fmt::format("RETR {}replycheck-missing-{}", dir_, random_token()), {}, 'I');
            if (auto* last = steps(b, list))
                expect_code(b, *last, list.back(), "smoke.ftp.retr-missing-550", {550, 450}, "no such file");
            add(b);
        }
    }
    rest_probe();
    abort_probe();
}

// After PROT P the data connection is TLS too: RETR of the file, or LIST of the folder.
void ftp_prober::prot_p_transfer_probe() {
    auto b = builder("PROT P transfer runs over TLS");
    if (!runnable(b)) return;
    const auto command = file_.empty() ? (dir_.empty() ? std::string("LIST") : "LIST " + dir_) : "RETR " + file_;
    const auto list = client_.transfer(command, {}, 'I');
    if (auto* last = steps(b, list)) {
        const auto& e = list.back();
        const int code = final_code(e);
        std::string why = e.transport_code ? e.transport_error : fmt::format("{} answered {}", command, code);
        // 522 (vsftpd, ProFTPD): the server wants the data connection secured and it was not.
        if (code == 522) why += " (the data connection was not accepted as protected)";
        b.expect(*last, one_of(code, {226, 250}) && e.data_connection_used && !e.transport_code,
                 "smoke.ftp.prot-p-transfer", "226 or 250 over a TLS data connection", why);
    }
    add(b);
}

// REST then RETR: the file from the offset on (RFC 3659 §5).
void ftp_prober::rest_probe() {
    auto b = builder("REST + RETR resumes");
    if (!runnable(b)) return;
    if (file_.empty()) b.skip("the URL names a directory, not a file");
    else if (!feature("REST STREAM")) b.skip("FEAT does not announce REST STREAM");
    else {
        const auto full = client_.transfer("RETR " + file_, {}, 'I');
        auto* last = steps(b, full);
        if (last) expect_code(b, *last, full.back(), "smoke.ftp.rest-retr", {226, 250}, "the file was sent");
        const std::string content = full.empty() ? "" : full.back().data;
        if (!desynchronized_ && final_code(full.back()) == 226 && content.size() >= 2) {
            const auto offset = content.size() / 2;
            const auto rest = client_.command(fmt::format("REST {}", offset));
            auto& rs = step(b, rest);
            expect_code(b, rs, rest, "smoke.ftp.rest-retr", {350}, "restart marker accepted");
            if (final_code(rest) == 350) {
                const auto part = client_.transfer("RETR " + file_, {}, 'I');
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

// ABOR during a transfer (RFC 959 §4.1.3): the transfer command ends with 426 (226 or 250
// when it had finished before the ABOR came), and ABOR itself gets 226 (225 in the §5.4 table).
void ftp_prober::abort_probe() {
    auto b = builder("ABOR during a transfer");
    if (!runnable(b)) return;
    const auto command = file_.empty() ? (dir_.empty() ? std::string("LIST") : "LIST " + dir_) : "RETR " + file_;
    const auto list = client_.abort_transfer(command, file_.empty() ? 0 : 'I');
    const auto is_abor = [](const ftp_exchange& e) { return e.command == "ABOR"; };
    if (list.empty() || !is_abor(list.back())) {
        // No 1yz came: nothing was running to abort (a transport fault stays an error).
        steps(b, list);
        if (list.empty() || !list.back().transport_code)
            b.skip(fmt::format("{} did not start a transfer ({})", command,
                               list.empty() ? "no reply" : reply_line(list.back())));
        add(b);
        return;
    }
    for (std::size_t i = 0; i + 1 < list.size(); ++i) {
        auto& s = step(b, list[i]);
        if (i + 2 == list.size())
            expect_code(b, s, list[i], "smoke.ftp.abor", {426, 226, 250}, "aborted, or finished before the ABOR");
    }
    auto& s = step(b, list.back());
    expect_code(b, s, list.back(), "smoke.ftp.abor", {226, 225}, "the abort is done");
    add(b);
}

}  // namespace replycheck::harness::detail
