// `ftp` steps: one exchange on the scenario's FTP control connection (the greeting, a command,
// a login, a transfer). Also the FTP reply view that raw steps reading FTP share.

#include <cctype>

#include <fmt/format.h>

#include "harness/scenario_runner.hpp"

namespace replycheck::harness::detail {

using reports::failure_kind;
using reports::outcome;

std::string reply_text(const protocol::ftp_reply_record& reply) {
    std::string out;
    for (const auto& line : reply.lines) {
        std::string_view l = line;
        if (l.size() >= 4 && std::isdigit(static_cast<unsigned char>(l[0])) &&
            std::isdigit(static_cast<unsigned char>(l[1])) && std::isdigit(static_cast<unsigned char>(l[2])) &&
            (l[3] == ' ' || l[3] == '-'))
            l.remove_prefix(4);
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

std::string ftp_transcript(const std::vector<protocol::ftp_exchange>& exchanges) {
    std::string out;
    for (const auto& x : exchanges) {
        if (!x.command.empty()) out += "> " + x.command + "\n";
        for (const auto& r : x.replies)
            for (const auto& line : r.lines) out += "< " + line + "\n";
        if (x.data_connection_used) out += fmt::format("  [data: {} bytes]\n", x.data.size());
        if (!x.transport_error.empty()) out += "! " + x.transport_error + "\n";
    }
    return out;
}

bool scenario_runner::fill_ftp_view(const std::vector<protocol::ftp_exchange>& exchanges, step_outcome& out) {
    auto& reply = out.reply;
    reply.http = false;
    last_ftp_ = exchanges;
    std::chrono::microseconds total{0};
    for (const auto& x : last_ftp_) total += x.duration;
    reply.duration = total;
    if (last_ftp_.empty()) return false;
    const auto& last = last_ftp_.back();
    out.fault = {last.transport_code, last.transport_error};
    reply.closed = last.connection_closed;
    for (const auto& x : last_ftp_)
        for (const auto& r : x.replies)
            for (const auto& l : r.lines) reply.reply_lines.push_back(l);
    reply.body = last.data;
    // A reply a transport error cut short (our timeout, the reply limit) is not a reply: the
    // step is that error. A final reply is judged even when the data connection failed (425
    // and 426 come with exactly such faults).
    if (last.replies.empty() || protocol::ftp_reply_cut_short(last)) return false;
    // 234 to AUTH TLS followed by a failed handshake: the step is the handshake's fault (the
    // certificate problem named), not a passing 234.
    if (last.transport_code == protocol::transport_errc::tls_handshake) return false;
    for (const auto& r : last.replies)
        if (r.code >= 100 && r.code < 200) {
            reply.preliminary = r.code;
            break;
        }
    reply.code = last.replies.back().code;
    reply.text = reply_text(last.replies.back());
    return true;
}

bool scenario_runner::ensure_ftp(const ftp_step& ftp_spec, const step& st, reports::step_result& sr,
                                 const conformance_settings& conf, std::vector<protocol::ftp_exchange>& setup,
                                 protocol::transport_fault& fault) {
    if (session_.ftp && session_.ftp->is_open()) return true;
    if (session_.ftp_tls_failed) {
        // A new plain connection would carry the next steps (and their password) in clear text.
        sr.result = outcome::error;
        sr.failure = failure_kind::transport;
        sr.message = "no FTP connection: TLS failed after AUTH TLS and a plain one is not opened in its place";
        return false;
    }
    std::string to;
    if (!expand(ftp_spec.to.empty() ? std::string("${ftp}") : ftp_spec.to, to, sr)) return false;
    std::string error;
    const auto address = protocol::parse_endpoint(to, 21, error);
    if (!address) {
        sr.result = outcome::error;
        sr.failure = failure_kind::transport;
        sr.message = "cannot use '" + to + "' as an FTP address: " + error;
        return false;
    }
    ftp_client_options o;
    o.timeout = step_timeout(st);
    o.connect_timeout = connect_timeout(st);
    switch (ftp_spec.data_mode) {
        case ftp_data_connection::automatic: o.data_mode = ftp_data_mode::passive; break;
        case ftp_data_connection::epsv: o.data_mode = ftp_data_mode::epsv; break;
        case ftp_data_connection::pasv: o.data_mode = ftp_data_mode::pasv; break;
        case ftp_data_connection::active: o.data_mode = ftp_data_mode::active; break;
    }
    // ftps:// is TLS from the first byte (port 990); ftpes:// and `tls = true` upgrade with
    // AUTH TLS after the greeting (RFC 4217 §4).
    o.implicit_tls = address->tls == protocol::tls_mode::implicit;
    o.explicit_tls = ftp_spec.tls || address->tls == protocol::tls_mode::explicit_auth;
    o.tls.insecure = ftp_spec.insecure;
    if (!expand_tls_files(ftp_spec, o.tls, sr)) return false;
    session_.ftp = std::make_unique<ftp_control_client>(o);
    session_.ftp_checker = std::make_unique<protocol::ftp_session_checker>(conf.options);
    auto greeting = session_.ftp->connect(address->host, address->port);
    setup.push_back(greeting);
    for (const auto& x : session_.ftp->setup_exchanges()) setup.push_back(x);
    if (greeting.transport_code) fault = {greeting.transport_code, greeting.transport_error};
    else if (greeting.replies.empty()) fault = {protocol::transport_errc::closed_early, "no greeting"};
    // AUTH TLS, PBSZ and PROT of ftpes:// and ftps:// belong to the connecting step: a handshake
    // that failed there is that step's fault.
    for (const auto& x : setup)
        if (x.transport_code && !fault) fault = {x.transport_code, x.transport_error};
    return true;
}

bool scenario_runner::run(const ftp_step& ftp_spec, const step& st, reports::step_result& sr,
                          const conformance_settings& conf, step_outcome& out) {
    std::vector<protocol::ftp_exchange> setup;
    protocol::transport_fault setup_fault;
    if (!ensure_ftp(ftp_spec, st, sr, conf, setup, setup_fault)) return false;
    std::vector<protocol::ftp_exchange> exchanges;
    if (ftp_spec.what == ftp_step::action::greeting || setup_fault) {
        exchanges = std::move(setup);
        setup.clear();
    } else {
        switch (ftp_spec.what) {
            case ftp_step::action::command: {
                std::string line;
                if (!expand(ftp_spec.command, line, sr)) return false;
                for (std::string_view verb : {"PASS ", "pass ", "ACCT ", "acct "})
                    if (line.starts_with(verb)) redact_.add_secret(line.substr(5), secret_scope());
                // AUTH TLS mid-session (RFC 4217 §4): a step with TLS settings of its own
                // handshakes with them; otherwise those of the step that connected apply.
                const bool own_tls = ftp_spec.insecure || !ftp_spec.ca_file.empty() || !ftp_spec.cert_file.empty();
                if (own_tls && (line.rfind("AUTH ", 0) == 0 || line.rfind("auth ", 0) == 0)) {
                    tls_options tls;
                    tls.insecure = ftp_spec.insecure;
                    if (!expand_tls_files(ftp_spec, tls, sr)) return false;
                    session_.ftp->set_tls_options(std::move(tls));
                }
                exchanges.push_back(session_.ftp->command(line));
                if (exchanges.back().transport_code == protocol::transport_errc::tls_handshake)
                    session_.ftp_tls_failed = true;
                break;
            }
            case ftp_step::action::login: {
                std::string user, password;
                if (!expand(ftp_spec.user, user, sr) || !expand(ftp_spec.password, password, sr)) return false;
                if (user != "anonymous" && user != "ftp") redact_.add_secret(password, secret_scope());
                exchanges = session_.ftp->login(user, password);
                break;
            }
            case ftp_step::action::transfer: {
                std::string line, upload;
                if (!expand(ftp_spec.command, line, sr)) return false;
                if (ftp_spec.upload && !expand(*ftp_spec.upload, upload, sr)) return false;
                // RFC 959 §3.1.1: the type stays until the next TYPE, so a type an earlier step
                // set (TYPE A) carries the transfer; before any, image (bytes as stored).
                exchanges = session_.ftp->transfer(line, upload, session_.ftp->current_type() ? 0 : 'I');
                break;
            }
            default: break;
        }
    }
    if (conf.enabled && session_.ftp_checker) {
        for (const auto* list : {&setup, &exchanges})
            for (const auto& x : *list) {
                auto more = session_.ftp_checker->check(x);
                out.findings.insert(out.findings.end(), more.begin(), more.end());
            }
    }
    std::vector<protocol::ftp_exchange> all = setup;
    all.insert(all.end(), exchanges.begin(), exchanges.end());
    sr.transcript = capped(ftp_transcript(all));
    sr.label = exchanges.empty() || exchanges.back().command.empty() ? std::string("(greeting)")
                                                                      : exchanges.back().command;
    const bool have_reply = fill_ftp_view(exchanges, out);
    if (setup_fault && !out.fault) out.fault = std::move(setup_fault);
    return have_reply && !setup_fault;
}

}  // namespace replycheck::harness::detail
