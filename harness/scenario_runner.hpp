#pragma once
// Internal to the executor: one scenario's run. The steps share one session (raw connection,
// FTP control connection, libcurl FTP handle); each kind of step has its own file
// (step_request.cpp, step_raw.cpp, step_ftp.cpp, step_ftp_url.cpp), chosen by std::visit over
// the step's action. Every step ends in a reply to judge or a transport fault.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/clients/curl_ftp_transfer.hpp"
#include "harness/clients/curl_http_client.hpp"
#include "harness/clients/ftp_control_client.hpp"
#include "harness/clients/raw_tcp_client.hpp"
#include "harness/executor.hpp"
#include "harness/expectations.hpp"
#include "protocol/rules/rules.hpp"
#include "protocol/transport_error.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::harness::detail {

using clock_type = std::chrono::steady_clock;

/// The state kept by one worker thread across scenarios: its HTTP client keeps its
/// connection alive from one scenario to the next, as a browser or curl -K would.
struct worker_state {
    curl_http_client http;
};

/// One scenario's session: the connections its steps share.
struct session {
    std::unique_ptr<raw_tcp_client> raw;
    std::string raw_address;
    std::unique_ptr<ftp_control_client> ftp;
    std::unique_ptr<protocol::ftp_session_checker> ftp_checker;
    bool ftp_tls_failed = false;   ///< an AUTH TLS step's handshake failed: no plain reconnection
    std::unique_ptr<curl_ftp_transfer> ftp_url;
    std::unique_ptr<protocol::ftp_session_checker> ftp_url_checker;
};

/// The effective conformance settings of one step.
struct conformance_settings {
    bool enabled = true;
    bool strict = false;
    protocol::check_options options;
};

/// What running one step produced, before it is judged.
struct step_outcome {
    reply_view reply;                         ///< what the expectations see
    std::vector<protocol::finding> findings;  ///< conformance findings of every exchange
    protocol::transport_fault fault;          ///< the fault that left the step without a reply
};

/// Text capped for a step's transcript, with a note of how much was left out.
std::string capped(std::string_view text);

/// Runs one scenario (with its retries) on the calling thread.
class scenario_runner {
public:
    scenario_runner(worker_state& worker, const suite& su, const scenario& sc, const suite_environment& env,
                    const execution_options& options, shared_redactor& redact)
        : worker_(worker), suite_(su), scenario_(sc), env_(env), options_(options), redact_(redact) {}

    /// Runs every attempt; the result of the last one.
    reports::scenario_result run();

private:
    void run_once(reports::scenario_result& result, clock_type::time_point scenario_start);
    void run_step(const step& st, reports::step_result& sr);
    millis step_timeout(const step& st) const { return st.timeout.value_or(options_.timeout); }
    millis connect_timeout(const step& st) const { return std::min(step_timeout(st), options_.connect_timeout); }
    /// Remembers the Retry-After of a 503 or 429 reply (capped by the step's timeout).
    void note_retry_after(const step& st, const reply_view& reply);
    const expectation& expectation_for(const step& st) const;
    /// Expands `text`; on failure records the error on the step and returns false.
    bool expand(const std::string& text, std::string& out, reports::step_result& sr);
    std::string expand_copy(const std::string& text) const;
    /// Expands a step's `ca_file`, `cert` and `key` into `tls`; false (recorded) on failure.
    /// What the step leaves unset comes from the run's defaults (--cacert, --cert/--key,
    /// --insecure); a step's own certificate brings its own key.
    template <class Step>
    bool expand_tls_files(const Step& spec, tls_options& tls, reports::step_result& sr) {
        if (!expand(spec.ca_file, tls.ca_file, sr) || !expand(spec.cert_file, tls.client_cert, sr) ||
            !expand(spec.key_file, tls.client_key, sr))
            return false;
        if (tls.ca_file.empty()) tls.ca_file = options_.tls.ca_file;
        if (tls.client_cert.empty()) {
            tls.client_cert = options_.tls.client_cert;
            tls.client_key = options_.tls.client_key;
        }
        tls.insecure = tls.insecure || options_.tls.insecure;
        return true;
    }
    std::optional<check_failure> check_journal(const journal_expectation& j);
    /// Where this scenario's own secrets (captures, its credentials) are masked.
    std::string secret_scope() const { return reports::secret_scope(suite_.file, scenario_.name); }

    // One function per kind of step (each in its step_*.cpp); true when a reply came.
    bool run(const http_step& h, const step& st, reports::step_result& sr, const conformance_settings& conf,
             step_outcome& out);
    bool run(const raw_step& rs, const step& st, reports::step_result& sr, const conformance_settings& conf,
             step_outcome& out);
    bool run(const ftp_step& ftp_spec, const step& st, reports::step_result& sr, const conformance_settings& conf,
             step_outcome& out);
    bool run(const ftp_url_step& fu, const step& st, reports::step_result& sr, const conformance_settings& conf,
             step_outcome& out);

    // HTTP replies, from libcurl or from the raw client (step_request.cpp).
    void http_reply(const protocol::http_exchange& exchange, const conformance_settings& conf, step_outcome& out);
    void compare_with_full(const protocol::http_exchange& exchange, const conformance_settings& conf,
                           std::vector<protocol::finding>& findings);
    bool fill_http_view(protocol::http_exchange&& exchange, reply_view& reply);

    // FTP replies, from the control client or the raw client (step_ftp.cpp).
    bool fill_ftp_view(const std::vector<protocol::ftp_exchange>& exchanges, step_outcome& out);
    bool ensure_ftp(const ftp_step& ftp_spec, const step& st, reports::step_result& sr, const conformance_settings& conf,
                    std::vector<protocol::ftp_exchange>& setup, protocol::transport_fault& fault);

    worker_state& worker_;
    const suite& suite_;
    const scenario& scenario_;
    const suite_environment& env_;
    const execution_options& options_;
    shared_redactor& redact_;
    session session_;
    variables vars_;
    protocol::http_exchange last_http_;
    std::map<std::string, protocol::http_exchange> full_;   // last 200 GET per peer and target
    std::vector<protocol::ftp_exchange> last_ftp_;
    std::string last_data_;
    std::optional<millis> retry_after_;   // asked by the last 503/429 of the attempt
};

/// The transcript of an HTTP exchange: bytes sent, bytes received, "! transport error".
std::string http_transcript(const protocol::http_exchange& exchange);

/// The transcript of FTP exchanges: "> command", "< reply line", "! transport error".
std::string ftp_transcript(const std::vector<protocol::ftp_exchange>& exchanges);

/// The text of an FTP reply: every line without its code and separator.
std::string reply_text(const protocol::ftp_reply_record& reply);

}  // namespace replycheck::harness::detail
