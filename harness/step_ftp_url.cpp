// `ftp_url` steps: an ftp://, ftps:// or ftpes:// transfer through libcurl, its control-connection
// transcript turned into exchanges for the FTP rules.

#include "harness/scenario_runner.hpp"

namespace replycheck::harness::detail {

bool scenario_runner::run(const ftp_url_step& fu, const step& st, reports::step_result& sr,
                          const conformance_settings& conf, step_outcome& out) {
    curl_ftp_request request;
    if (!expand(fu.url, request.url, sr)) return false;
    if (fu.upload) {
        if (!expand(*fu.upload, request.upload_data, sr)) return false;
        request.operation = ftp_operation::upload;
    } else if (!request.url.empty() && request.url.back() == '/') {
        request.operation = fu.list_only ? ftp_operation::name_list : ftp_operation::list;
    }
    if (!expand(fu.user, request.user, sr) || !expand(fu.password, request.password, sr)) return false;
    redact_.add_secret(request.password, secret_scope());
    switch (fu.ssl) {
        case ftp_tls_use::none:
        case ftp_tls_use::attempt: request.require_tls = false; break;
        case ftp_tls_use::control:
        case ftp_tls_use::all: request.require_tls = true; break;
    }
    // libcurl knows ftps:// (TLS from the first byte) but not ftpes://: that is ftp:// with
    // AUTH TLS required (RFC 4217 §4), the same scheme table as every other step.
    std::string error;
    if (auto url = protocol::parse_url(request.url, error); url && url->scheme->tls == protocol::tls_mode::explicit_auth) {
        request.url.replace(0, url->scheme->name.size(), "ftp");
        request.require_tls = true;
    }
    request.tls.insecure = fu.insecure;
    if (!expand_tls_files(fu, request.tls, sr)) return false;
    request.use_epsv = fu.epsv;
    request.timeout = step_timeout(st);
    request.connect_timeout = connect_timeout(st);
    if (!session_.ftp_url) {
        session_.ftp_url = std::make_unique<curl_ftp_transfer>();
        session_.ftp_url_checker = std::make_unique<protocol::ftp_session_checker>(conf.options);
    }
    auto result = session_.ftp_url->perform(request);
    sr.label = request.url;
    sr.transcript = capped(result.transcript);
    if (!result.transport_error.empty()) sr.transcript += "! " + result.transport_error + "\n";
    if (conf.enabled)
        for (const auto& x : result.exchanges) {
            auto more = session_.ftp_url_checker->check(x);
            out.findings.insert(out.findings.end(), more.begin(), more.end());
        }
    auto& reply = out.reply;
    reply.http = false;
    reply.duration = result.duration;
    last_ftp_ = result.exchanges;
    last_data_ = result.data;
    reply.body = last_data_;
    for (const auto& x : last_ftp_)
        for (const auto& r : x.replies)
            for (const auto& l : r.lines) reply.reply_lines.push_back(l);
    if (!last_ftp_.empty() && !last_ftp_.back().replies.empty()) {
        const auto& last = last_ftp_.back();
        for (const auto& r : last.replies)
            if (r.code >= 100 && r.code < 200) {
                reply.preliminary = r.code;
                break;
            }
        reply.text = reply_text(last.replies.back());
    }
    reply.code = result.code;
    out.fault = {result.transport_code, result.transport_error};
    // A transfer that ended with an FTP error reply is a reply to check, not a transport fault.
    return result.code != 0 && (!result.transport_code || result.code >= 400);
}

}  // namespace replycheck::harness::detail
