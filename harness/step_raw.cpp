// `raw` steps: exact bytes on the scenario's TCP (or TLS) connection, the reply read as HTTP,
// as FTP reply lines, or not at all.

#include <fmt/format.h>

#include "harness/scenario_runner.hpp"

namespace replycheck::harness::detail {

using reports::failure_kind;
using reports::outcome;

bool scenario_runner::run(const raw_step& rs, const step& st, reports::step_result& sr,
                          const conformance_settings& conf, step_outcome& out) {
    // A step that reads FTP replies talks to the FTP server unless told otherwise.
    const bool ftp_peer = rs.read == raw_read_mode::ftp;
    std::string bytes, to, method;
    if (!expand(rs.send, bytes, sr)) return false;
    if (!expand(rs.to.empty() ? std::string(ftp_peer ? "${ftp}" : "${http}") : rs.to, to, sr)) return false;
    if (!expand(rs.method, method, sr)) return false;
    std::string error;
    const auto endpoint = protocol::parse_endpoint(to, ftp_peer ? 21 : 80, error);
    if (!endpoint) {
        sr.result = outcome::error;
        sr.failure = failure_kind::transport;
        sr.message = "cannot connect to '" + to + "': " + error;
        return false;
    }
    raw_target target;
    target.host = endpoint->host;
    target.port = endpoint->port;
    // https:// and ftps:// speak TLS from the first byte; ftpes:// starts in plain text (the
    // scenario sends AUTH TLS itself).
    target.tls = rs.tls || endpoint->tls == protocol::tls_mode::implicit;
    target.tls_settings.insecure = rs.insecure;
    if (!expand_tls_files(rs, target.tls_settings, sr)) return false;
    target.connect_timeout = connect_timeout(st);
    std::string address = fmt::format("{}:{}:{}", target.host, target.port, target.tls);
    if (!session_.raw) session_.raw = std::make_unique<raw_tcp_client>();
    if (rs.new_connection || address != session_.raw_address) session_.raw->close();
    session_.raw_address = address;
    raw_read_options read;
    read.timeout = step_timeout(st);
    auto first_line = bytes.substr(0, bytes.find('\n'));
    while (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
    sr.label = first_line.empty() ? std::string("(read)") : first_line;
    switch (rs.read) {
        case raw_read_mode::ftp: {
            auto exchange = session_.raw->exchange_ftp(target, bytes, read);
            std::vector<protocol::ftp_exchange> list{exchange};
            sr.transcript = capped(ftp_transcript(list));
            if (!session_.ftp_checker)
                session_.ftp_checker = std::make_unique<protocol::ftp_session_checker>(conf.options);
            if (conf.enabled) out.findings = session_.ftp_checker->check(exchange);
            return fill_ftp_view(list, out);
        }
        case raw_read_mode::none: {
            auto start = clock_type::now();
            protocol::transport_fault fault;
            if (!session_.raw->is_open()) fault = session_.raw->connect(target);
            if (!fault) fault = session_.raw->send(bytes, step_timeout(st));
            out.reply.duration =
                std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - start);
            sr.transcript = capped(bytes);
            if (fault) {
                out.fault = std::move(fault);
                return false;
            }
            out.reply.closed = !session_.raw->is_open();
            return true;
        }
        case raw_read_mode::http: {
            auto exchange = session_.raw->exchange_http(target, bytes, method, read);
            sr.transcript = http_transcript(exchange);
            http_reply(exchange, conf, out);
            return fill_http_view(std::move(exchange), out.reply);
        }
    }
    return false;
}

}  // namespace replycheck::harness::detail
