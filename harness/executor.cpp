#include "harness/executor.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include "harness/clients/curl_ftp_transfer.hpp"
#include "harness/clients/curl_http_client.hpp"
#include "harness/clients/ftp_control_client.hpp"
#include "harness/clients/raw_tcp_client.hpp"
#include "harness/expectations.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock.hpp"
#include "protocol/iso8601.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness {

using clock_type = std::chrono::steady_clock;
using reports::failure_kind;
using reports::outcome;

void shared_redactor::add_secret(std::string value) {
    std::unique_lock lock(mutex_);
    redactor_.add_secret(std::move(value));
}

void shared_redactor::add_secret(std::string value, std::string_view scope) {
    std::unique_lock lock(mutex_);
    redactor_.add_secret(std::move(value), scope);
}

std::string shared_redactor::apply(std::string_view text) const {
    std::shared_lock lock(mutex_);
    return redactor_.apply(text);
}

std::string shared_redactor::apply(std::string_view text, std::string_view scope) const {
    std::shared_lock lock(mutex_);
    return redactor_.apply(text, scope);
}

protocol::redactor shared_redactor::snapshot() const {
    std::shared_lock lock(mutex_);
    return redactor_;
}

namespace {

constexpr std::size_t transcript_cap = 8 * 1024;

std::string capped(std::string_view text, std::size_t cap = transcript_cap) {
    if (text.size() <= cap) return std::string(text);
    return std::string(text.substr(0, cap)) + fmt::format("\n[... {} more bytes]", text.size() - cap);
}

/// Host and port from "http://h:p/...", "ftp://h:p", "h:p" (default port when absent).
bool split_address(std::string_view text, std::string& host, std::uint16_t& port, bool& tls) {
    std::uint16_t default_port = 80;
    tls = false;
    auto scheme_end = text.find("://");
    if (scheme_end != std::string_view::npos) {
        auto scheme = text.substr(0, scheme_end);
        if (scheme == "https") default_port = 443, tls = true;
        else if (scheme == "ftp") default_port = 21;
        else if (scheme == "ftps") default_port = 990, tls = true;
        text.remove_prefix(scheme_end + 3);
    }
    auto slash = text.find('/');
    if (slash != std::string_view::npos) text = text.substr(0, slash);
    if (auto at = text.rfind('@'); at != std::string_view::npos) text.remove_prefix(at + 1);
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {  // [v6]:port
        auto close = text.find(']');
        if (close == std::string_view::npos) return false;
        host = std::string(text.substr(1, close - 1));
        if (close + 1 < text.size() && text[close + 1] == ':') port_text = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        host = std::string(text.substr(0, colon));
        if (colon != std::string_view::npos) port_text = text.substr(colon + 1);
    }
    if (host.empty()) return false;
    if (port_text.empty()) {
        port = default_port;
        return true;
    }
    int value = 0;
    for (char c : port_text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
        if (value > 65535) return false;
    }
    port = static_cast<std::uint16_t>(value);
    return port != 0;
}

std::string reply_text(const protocol::ftp_reply_record& reply) {
    std::string out;
    for (const auto& line : reply.lines) {
        std::string_view l = line;
        if (l.size() >= 4 && std::isdigit(static_cast<unsigned char>(l[0])) &&
            std::isdigit(static_cast<unsigned char>(l[1])) &&
            std::isdigit(static_cast<unsigned char>(l[2])) && (l[3] == ' ' || l[3] == '-'))
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
        if (x.data_connection_used)
            out += fmt::format("  [data: {} bytes]\n", x.data.size());
        if (!x.transport_error.empty()) out += "! " + x.transport_error + "\n";
    }
    return out;
}

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
    std::unique_ptr<curl_ftp_transfer> ftp_url;
    std::unique_ptr<protocol::ftp_session_checker> ftp_url_checker;
};

/// The effective conformance settings of one step.
struct conformance_settings {
    bool enabled = true;
    bool strict = false;
    protocol::check_options options;
};

conformance_settings settings_for(const suite& su, const scenario& sc, const step& st, bool strict) {
    conformance_mode mode = st.conformance;
    if (mode == conformance_mode::inherit) mode = sc.conformance;
    if (mode == conformance_mode::inherit) mode = su.conformance;
    if (mode == conformance_mode::inherit) mode = conformance_mode::standard;
    conformance_settings out;
    out.enabled = mode != conformance_mode::off;
    out.strict = mode == conformance_mode::strict || (strict && mode == conformance_mode::standard);
    out.options.strict_ftp_sequence = mode == conformance_mode::strict;
    out.options.allowed = su.allow;
    out.options.allowed.insert(out.options.allowed.end(), sc.allow.begin(), sc.allow.end());
    out.options.allowed.insert(out.options.allowed.end(), st.allow.begin(), st.allow.end());
    return out;
}

class scenario_runner {
public:
    scenario_runner(worker_state& worker, const suite& su, const scenario& sc,
                    const suite_environment& env, const execution_options& options,
                    shared_redactor& redact)
        : worker_(worker), suite_(su), scenario_(sc), env_(env), options_(options), redact_(redact) {}

    reports::scenario_result run() {
        reports::scenario_result result;
        result.name = scenario_.name;
        result.file = suite_.file;
        result.tags = scenario_.tags;
        auto start = clock_type::now();
        for (int attempt = 1; attempt <= 1 + std::max(0, options_.retry); ++attempt) {
            result.attempts = attempt;
            result.steps.clear();
            result.result = outcome::passed;
            result.message.clear();
            run_once(result, start);
            if (result.result == outcome::passed) break;
        }
        result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
        return result;
    }

private:
    void run_once(reports::scenario_result& result, clock_type::time_point scenario_start) {
        session_ = session{};
        full_.clear();
        vars_ = env_.vars;
        for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
            const auto& st = scenario_.steps[i];
            reports::step_result sr;
            sr.index = static_cast<int>(i + 1);
            sr.kind = std::string(st.kind());
            sr.start_seconds =
                std::chrono::duration<double>(clock_type::now() - scenario_start).count();
            run_step(st, sr);
            sr.transcript = redact_.apply(sr.transcript);
            sr.label = redact_.apply(sr.label);
            sr.message = redact_.apply(sr.message);
            sr.actual = redact_.apply(sr.actual);
            sr.expected = redact_.apply(sr.expected);
            bool stop = sr.result != outcome::passed;
            if (stop) {
                result.result = sr.result;
                result.message = fmt::format("step {}{}: {}", sr.index,
                                             st.name.empty() ? "" : " (" + st.name + ")", sr.message);
            }
            result.steps.push_back(std::move(sr));
            if (stop) break;
        }
        if (session_.ftp && session_.ftp->is_open()) session_.ftp->close();
    }

    millis step_timeout(const step& st) const { return st.timeout.value_or(options_.timeout); }

    const expectation& expectation_for(const step& st) const {
        if (!options_.target.empty())
            if (auto it = st.expect_on.find(options_.target); it != st.expect_on.end()) return it->second;
        return st.expect;
    }

    /// Expands `text`; on failure records the error on the step and returns false.
    bool expand(const std::string& text, std::string& out, reports::step_result& sr) {
        std::string error;
        auto v = vars_.expand(text, error);
        if (!v) {
            sr.result = outcome::error;
            sr.failure = failure_kind::transport;
            sr.message = error;
            return false;
        }
        out = std::move(*v);
        return true;
    }

    void run_step(const step& st, reports::step_result& sr) {
        auto conf = settings_for(suite_, scenario_, st, options_.strict);
        reply_view reply;
        std::string transport_error;
        bool have_reply = false;
        std::vector<protocol::finding> findings;
        switch (st.action.index()) {
            case 0:
                have_reply = run_http(std::get<http_step>(st.action), st, sr, conf, reply, findings, transport_error);
                break;
            case 1:
                have_reply = run_raw(std::get<raw_step>(st.action), st, sr, conf, reply, findings, transport_error);
                break;
            case 2:
                have_reply = run_ftp(std::get<ftp_step>(st.action), st, sr, conf, reply, findings, transport_error);
                break;
            default:
                have_reply = run_ftp_url(std::get<ftp_url_step>(st.action), st, sr, conf, reply, findings,
                                         transport_error);
                break;
        }
        if (sr.result != outcome::passed) return;  // expansion or setup error already recorded
        sr.seconds = std::chrono::duration<double>(reply.duration).count();
        if (reply.code) sr.code = reply.iis_code.empty() ? std::to_string(reply.code) : reply.iis_code;
        for (auto& f : findings)
            if (!protocol::rule_allowed(conf.options, f.rule_id)) sr.findings.push_back(std::move(f));
        const expectation& expected = expectation_for(st);
        if (!have_reply) {
            // Only "the server closed" can be expected of a step that got no reply.
            bool closed_expected = expected.closed.value_or(false) && !expected.code;
            if (!closed_expected) {
                sr.result = outcome::error;
                sr.failure = failure_kind::transport;
                sr.message = transport_error.empty() ? "no reply" : transport_error;
                return;
            }
            reply.closed = true;
        }
        journal_checker journal;
        if (expected.received) journal = [this](const journal_expectation& j) { return check_journal(j); };
        if (auto failure = check_expectation(expected, reply, vars_, journal)) {
            sr.result = outcome::failed;
            sr.failure = failure_kind::expectation;
            sr.message = failure->message;
            sr.expected = failure->expected;
            sr.actual = failure->actual;
            return;
        }
        if (conf.enabled) {
            for (const auto& f : sr.findings) {
                if (protocol::is_failure(f, conf.strict)) {
                    sr.result = outcome::failed;
                    sr.failure = failure_kind::conformance;
                    sr.message = fmt::format("{} ({}): {}", f.rule_id, f.section, f.message);
                    return;
                }
            }
        }
        std::vector<std::string> secrets;
        if (auto error = apply_captures(st.captures, reply, vars_, secrets)) {
            sr.result = outcome::failed;
            sr.failure = failure_kind::expectation;
            sr.message = *error;
        }
        for (auto& s : secrets) redact_.add_secret(std::move(s), reports::secret_scope(suite_.file, scenario_.name));
    }

    static std::string url_with_query(std::string url,
                                      const std::vector<std::pair<std::string, std::string>>& query) {
        if (query.empty()) return url;
        boost::urls::encoding_opts opts;
        bool first = url.find('?') == std::string::npos;
        std::string fragment;
        if (auto hash = url.find('#'); hash != std::string::npos) {
            fragment = url.substr(hash);
            url.resize(hash);
        }
        for (const auto& [k, v] : query) {
            url += first ? '?' : '&';
            first = false;
            url += boost::urls::encode(k, boost::urls::unreserved_chars, opts);
            url += '=';
            url += boost::urls::encode(v, boost::urls::unreserved_chars, opts);
        }
        return url + fragment;
    }

    bool run_http(const http_step& h, const step& st, reports::step_result& sr,
                  const conformance_settings& conf, reply_view& reply,
                  std::vector<protocol::finding>& findings, std::string& transport_error) {
        http_request_spec spec;
        std::string url;
        if (!expand(h.method, spec.method, sr) || !expand(h.url, url, sr)) return false;
        std::vector<std::pair<std::string, std::string>> query;
        for (const auto& [k, v] : h.query) {
            std::string value;
            if (!expand(v, value, sr)) return false;
            query.emplace_back(k, value);
        }
        spec.url = url_with_query(url, query);
        for (const auto& [k, v] : h.headers) {
            std::string value;
            if (!expand(v, value, sr)) return false;
            spec.headers.push_back({k, value});
        }
        if (h.body) {
            if (!expand(*h.body, spec.body, sr)) return false;
        } else if (h.body_file) {
            std::string name;
            if (!expand(*h.body_file, name, sr)) return false;
            std::filesystem::path p(name);
            if (p.is_relative()) p = suite_.base_dir / p;
            std::ifstream in(p, std::ios::binary);
            if (!in) {
                sr.result = outcome::error;
                sr.failure = failure_kind::transport;
                sr.message = "cannot read body_file " + p.string();
                return false;
            }
            std::ostringstream buffer;
            buffer << in.rdbuf();
            spec.body = buffer.str();
        }
        if (!h.auth_type.empty() && (!h.auth_user.empty() || !h.auth_password.empty())) {
            if (!expand(h.auth_user, spec.user, sr) || !expand(h.auth_password, spec.password, sr)) return false;
            spec.auth = h.auth_type == "digest" ? http_auth::digest : http_auth::basic;
            redact_.add_secret(spec.password, reports::secret_scope(suite_.file, scenario_.name));
        }
        if (h.version == "1.0") spec.version = http_version::http1_0;
        else if (h.version == "2") spec.version = spec.url.rfind("https", 0) == 0 ? http_version::http2
                                                                                   : http_version::http2_prior_knowledge;
        else spec.version = http_version::http1_1;
        spec.tls.insecure = h.insecure;
        if (!expand(h.ca_file, spec.tls.ca_file, sr) || !expand(h.cert_file, spec.tls.client_cert, sr) ||
            !expand(h.key_file, spec.tls.client_key, sr))
            return false;
        spec.follow_redirects = h.follow_redirects;
        spec.max_redirects = h.max_redirects;
        spec.timeout = step_timeout(st);
        spec.connect_timeout = std::min(spec.timeout, millis(3000));
        auto exchange = worker_.http.perform(spec);
        sr.label = exchange.request.method.empty()
                       ? spec.method + " " + spec.url
                       : fmt::format("{} {} {}", exchange.request.method,
                                     exchange.request.target.empty() ? spec.url : exchange.request.target,
                                     exchange.request.version);
        sr.transcript = capped(exchange.sent_raw) + "\n" + capped(exchange.received_raw) + error_line(exchange);
        http_reply(exchange, conf, reply, findings, transport_error);
        return fill_http_view(std::move(exchange), reply);
    }

    /// The transport error closes the transcript, so a cut reply says why it stops.
    static std::string error_line(const protocol::http_exchange& exchange) {
        return exchange.transport_error.empty() ? std::string() : "\n! " + exchange.transport_error + "\n";
    }

    bool http_reply(const protocol::http_exchange& exchange, const conformance_settings& conf,
                    reply_view& reply, std::vector<protocol::finding>& findings,
                    std::string& transport_error) {
        reply.http = true;
        reply.duration = exchange.duration;
        reply.closed = exchange.connection_closed;
        transport_error = exchange.transport_error;
        if (conf.enabled && exchange.response) {
            // A reply cut short gets only the findings its bytes prove (check_http), and is not
            // compared with the full 200: its fields and content never arrived in full.
            findings = protocol::check_http(exchange, conf.options);
            if (!protocol::response_cut_short(exchange)) compare_with_full(exchange, conf, findings);
        }
        return exchange.response.has_value();
    }

    /// A 304, a 206 or a HEAD reply must agree with the full 200 GET of the same resource
    /// (RFC 9110 §15.4.5, §15.3.7, §9.3.2): the scenario's last 200 GET of that target is kept
    /// and later replies are compared with it.
    void compare_with_full(const protocol::http_exchange& exchange, const conformance_settings& conf,
                           std::vector<protocol::finding>& findings) {
        const auto& response = *exchange.response;
        std::string key = exchange.remote_address + " " + exchange.request.target;
        if (exchange.request.target.empty()) return;
        bool get = protocol::iequals(exchange.request.method, "GET");
        bool head = protocol::iequals(exchange.request.method, "HEAD");
        if (get && response.status == 200 && response.body_complete && response.body.size() <= 1024 * 1024) {
            full_[key] = exchange;
            return;
        }
        if (!(head || (get && (response.status == 304 || response.status == 206)))) return;
        auto it = full_.find(key);
        if (it == full_.end()) return;
        auto more = protocol::check_http_against_full(exchange, it->second, conf.options);
        findings.insert(findings.end(), more.begin(), more.end());
    }

    bool fill_http_view(protocol::http_exchange&& exchange, reply_view& reply) {
        if (!exchange.response) return false;
        if (!exchange.transport_error.empty()) {
            // A reset, a close before the framing said the reply ended (RFC 9112 §6.3, §8), our
            // timeout: the step is that error, with the framing findings. Expectations on part
            // of a reply would pass or fail by chance.
            reply.code = exchange.response->status;
            return false;
        }
        last_http_ = std::move(exchange);
        const auto& r = *last_http_.response;
        reply.code = r.status;
        reply.reason = r.reason;
        reply.headers = &r.headers;
        reply.body = r.body;
        if (r.status >= 400) reply.iis_code = detect_iis_substatus(r.status, r.body);
        return true;
    }

    bool run_raw(const raw_step& rs, const step& st, reports::step_result& sr,
                 const conformance_settings& conf, reply_view& reply,
                 std::vector<protocol::finding>& findings, std::string& transport_error) {
        std::string bytes, to, method;
        if (!expand(rs.send, bytes, sr)) return false;
        if (!expand(rs.to.empty() ? std::string(rs.read == "ftp" ? "${ftp}" : "${http}") : rs.to, to, sr))
            return false;
        if (!expand(rs.method, method, sr)) return false;
        raw_target target;
        bool url_tls = false;
        if (!split_address(to, target.host, target.port, url_tls)) {
            sr.result = outcome::error;
            sr.failure = failure_kind::transport;
            sr.message = "cannot use '" + to + "' as host:port";
            return false;
        }
        target.tls = rs.tls || url_tls;
        target.tls_settings.insecure = rs.insecure;
        target.connect_timeout = std::min(step_timeout(st), millis(3000));
        std::string address = fmt::format("{}:{}:{}", target.host, target.port, target.tls);
        if (!session_.raw) session_.raw = std::make_unique<raw_tcp_client>();
        if (rs.new_connection || address != session_.raw_address) session_.raw->close();
        session_.raw_address = address;
        raw_read_options read;
        read.timeout = step_timeout(st);
        auto first_line = bytes.substr(0, bytes.find('\n'));
        while (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
        sr.label = first_line.empty() ? std::string("(read)") : first_line;
        if (rs.read == "ftp") {
            auto exchange = session_.raw->exchange_ftp(target, bytes, read);
            std::vector<protocol::ftp_exchange> list{exchange};
            sr.transcript = capped(ftp_transcript(list));
            if (!session_.ftp_checker) session_.ftp_checker =
                std::make_unique<protocol::ftp_session_checker>(conf.options);
            if (conf.enabled) findings = session_.ftp_checker->check(exchange);
            return fill_ftp_view(list, reply, transport_error);
        }
        if (rs.read == "none") {
            auto start = clock_type::now();
            std::string error;
            if (!session_.raw->is_open()) error = session_.raw->connect(target);
            if (error.empty()) error = session_.raw->send(bytes, step_timeout(st));
            reply.duration = std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - start);
            sr.transcript = capped(bytes);
            if (!error.empty()) {
                transport_error = error;
                return false;
            }
            reply.closed = !session_.raw->is_open();
            return true;
        }
        auto exchange = session_.raw->exchange_http(target, bytes, method, read);
        sr.transcript = capped(exchange.sent_raw) + "\n" + capped(exchange.received_raw) + error_line(exchange);
        http_reply(exchange, conf, reply, findings, transport_error);
        return fill_http_view(std::move(exchange), reply);
    }

    bool fill_ftp_view(const std::vector<protocol::ftp_exchange>& exchanges, reply_view& reply,
                       std::string& transport_error) {
        reply.http = false;
        last_ftp_ = exchanges;
        std::chrono::microseconds total{0};
        for (const auto& x : last_ftp_) total += x.duration;
        reply.duration = total;
        if (last_ftp_.empty()) return false;
        const auto& last = last_ftp_.back();
        transport_error = last.transport_error;
        reply.closed = last.connection_closed;
        for (const auto& x : last_ftp_)
            for (const auto& r : x.replies)
                for (const auto& l : r.lines) reply.reply_lines.push_back(l);
        reply.body = last.data;
        // A multi-line reply cut by the timeout is not a reply: the step is the timeout.
        if (last.replies.empty() || protocol::ftp_reply_cut_short(last)) return false;
        for (const auto& r : last.replies)
            if (r.code >= 100 && r.code < 200) {
                reply.preliminary = r.code;
                break;
            }
        reply.code = last.replies.back().code;
        reply.text = reply_text(last.replies.back());
        return true;
    }

    bool ensure_ftp(const ftp_step& fs, const step& st, reports::step_result& sr,
                    const conformance_settings& conf, std::vector<protocol::ftp_exchange>& setup,
                    std::string& transport_error) {
        if (session_.ftp && session_.ftp->is_open()) return true;
        std::string to;
        if (!expand(fs.to.empty() ? std::string("${ftp}") : fs.to, to, sr)) return false;
        std::string host;
        std::uint16_t port = 21;
        bool tls = false;
        if (!split_address(to, host, port, tls)) {
            sr.result = outcome::error;
            sr.failure = failure_kind::transport;
            sr.message = "cannot use '" + to + "' as an FTP address";
            return false;
        }
        ftp_client_options o;
        o.timeout = step_timeout(st);
        o.connect_timeout = std::min(o.timeout, millis(3000));
        if (fs.data_mode == "epsv") o.data_mode = ftp_data_mode::epsv;
        else if (fs.data_mode == "pasv") o.data_mode = ftp_data_mode::pasv;
        else if (fs.data_mode == "active") o.data_mode = ftp_data_mode::active;
        else o.data_mode = ftp_data_mode::passive;
        o.explicit_tls = fs.tls;
        o.tls.insecure = fs.insecure;
        session_.ftp = std::make_unique<ftp_control_client>(o);
        session_.ftp_checker = std::make_unique<protocol::ftp_session_checker>(conf.options);
        auto greeting = session_.ftp->connect(host, port);
        setup.push_back(greeting);
        for (const auto& x : session_.ftp->setup_exchanges()) setup.push_back(x);
        if (!greeting.transport_error.empty() || greeting.replies.empty()) {
            transport_error = greeting.transport_error.empty() ? "no greeting" : greeting.transport_error;
        }
        return true;
    }

    bool run_ftp(const ftp_step& fs, const step& st, reports::step_result& sr,
                 const conformance_settings& conf, reply_view& reply,
                 std::vector<protocol::finding>& findings, std::string& transport_error) {
        std::vector<protocol::ftp_exchange> setup;
        if (!ensure_ftp(fs, st, sr, conf, setup, transport_error)) return false;
        std::vector<protocol::ftp_exchange> exchanges;
        if (fs.what == ftp_step::action::greeting) {
            exchanges = setup;
            setup.clear();
        } else if (!transport_error.empty()) {
            exchanges = setup;
        } else {
            switch (fs.what) {
                case ftp_step::action::command: {
                    std::string line;
                    if (!expand(fs.command, line, sr)) return false;
                    if (line.rfind("PASS ", 0) == 0 || line.rfind("pass ", 0) == 0)
                        redact_.add_secret(line.substr(5), reports::secret_scope(suite_.file, scenario_.name));
                    exchanges.push_back(session_.ftp->command(line));
                    break;
                }
                case ftp_step::action::login: {
                    std::string user, password;
                    if (!expand(fs.user, user, sr) || !expand(fs.password, password, sr)) return false;
                    if (user != "anonymous" && user != "ftp")
                        redact_.add_secret(password, reports::secret_scope(suite_.file, scenario_.name));
                    exchanges = session_.ftp->login(user, password);
                    break;
                }
                case ftp_step::action::transfer: {
                    std::string line, upload;
                    if (!expand(fs.command, line, sr)) return false;
                    if (fs.upload && !expand(*fs.upload, upload, sr)) return false;
                    if (fs.upload_file) {
                        std::filesystem::path p(*fs.upload_file);
                        if (p.is_relative()) p = suite_.base_dir / p;
                        std::ifstream in(p, std::ios::binary);
                        std::ostringstream buffer;
                        buffer << in.rdbuf();
                        upload = buffer.str();
                    }
                    exchanges = session_.ftp->transfer(line, upload, 'I');
                    break;
                }
                default: break;
            }
        }
        if (conf.enabled && session_.ftp_checker) {
            for (const auto& x : setup) {
                auto more = session_.ftp_checker->check(x);
                findings.insert(findings.end(), more.begin(), more.end());
            }
            for (const auto& x : exchanges) {
                auto more = session_.ftp_checker->check(x);
                findings.insert(findings.end(), more.begin(), more.end());
            }
        }
        std::vector<protocol::ftp_exchange> all = setup;
        all.insert(all.end(), exchanges.begin(), exchanges.end());
        sr.transcript = capped(ftp_transcript(all));
        sr.label = exchanges.empty() ? std::string("(greeting)")
                   : exchanges.back().command.empty() ? std::string("(greeting)")
                                                      : exchanges.back().command;
        // A final reply is what the step is judged on, even when the data connection failed
        // (425 and 426 come with exactly such faults).
        return fill_ftp_view(exchanges, reply, transport_error);
    }

    bool run_ftp_url(const ftp_url_step& fu, const step& st, reports::step_result& sr,
                     const conformance_settings& conf, reply_view& reply,
                     std::vector<protocol::finding>& findings, std::string& transport_error) {
        curl_ftp_request request;
        if (!expand(fu.url, request.url, sr)) return false;
        if (fu.upload) {
            if (!expand(*fu.upload, request.upload_data, sr)) return false;
            request.operation = ftp_operation::upload;
        } else if (!request.url.empty() && request.url.back() == '/') {
            request.operation = fu.list_only ? ftp_operation::name_list : ftp_operation::list;
        }
        if (!expand(fu.user, request.user, sr) || !expand(fu.password, request.password, sr)) return false;
        redact_.add_secret(request.password, reports::secret_scope(suite_.file, scenario_.name));
        request.require_tls = fu.ssl == "control" || fu.ssl == "all";
        request.tls.insecure = fu.insecure;
        request.use_epsv = fu.epsv;
        request.timeout = step_timeout(st);
        request.connect_timeout = std::min(request.timeout, millis(3000));
        if (!session_.ftp_url) {
            session_.ftp_url = std::make_unique<curl_ftp_transfer>();
            session_.ftp_url_checker = std::make_unique<protocol::ftp_session_checker>(conf.options);
        }
        auto result = session_.ftp_url->perform(request);
        sr.label = request.url;
        sr.transcript = capped(result.transcript);
        if (conf.enabled)
            for (const auto& x : result.exchanges) {
                auto more = session_.ftp_url_checker->check(x);
                findings.insert(findings.end(), more.begin(), more.end());
            }
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
        transport_error = result.transport_error;
        // A transfer that ended with an FTP error reply is a reply to check, not a transport fault.
        return result.code != 0 && (result.transport_error.empty() || result.code >= 400);
    }

    std::optional<check_failure> check_journal(const journal_expectation& j) {
        bool ftp = j.command || j.argument;
        // The mock records an entry as it answers; give it a moment to land.
        auto deadline = clock_type::now() + millis(500);
        int count = 0;
        for (;;) {
            count = 0;
            if (ftp) {
                if (!env_.ftp_mock) return check_failure{"'received' needs an FTP mock", "a mock", "none"};
                for (const auto& e : env_.ftp_mock->journal().snapshot()) {
                    if (j.command && !protocol::iequals(e.command, *j.command)) continue;
                    if (j.argument && e.argument != expand_copy(*j.argument)) continue;
                    ++count;
                }
            } else {
                if (!env_.http_mock) return check_failure{"'received' needs an HTTP mock", "a mock", "none"};
                for (const auto& e : env_.http_mock->journal().snapshot()) {
                    if (j.method && e.method != *j.method) continue;
                    if (j.target && e.target != expand_copy(*j.target)) continue;
                    if (j.path && e.target.substr(0, e.target.find('?')) != expand_copy(*j.path)) continue;
                    bool headers_ok = true;
                    for (const auto& [name, value] : j.headers)
                        if (e.header(name).find(expand_copy(value)) == std::string_view::npos ||
                            (e.header(name).empty() && !value.empty()))
                            headers_ok = false;
                    if (!headers_ok) continue;
                    if (j.body_contains && e.body.find(expand_copy(*j.body_contains)) == std::string::npos)
                        continue;
                    ++count;
                }
            }
            if (count >= j.min_count || clock_type::now() >= deadline) break;
            std::this_thread::sleep_for(millis(10));
        }
        if (count >= j.min_count) return std::nullopt;
        std::string what = ftp ? fmt::format("{} {}", j.command.value_or("*"), j.argument.value_or(""))
                               : fmt::format("{} {}", j.method.value_or("*"),
                                             j.target.value_or(j.path.value_or("*")));
        return check_failure{fmt::format("the mock received {} matching request(s) for {}, expected at "
                                         "least {}", count, what, j.min_count),
                             fmt::format(">= {}", j.min_count), std::to_string(count)};
    }

    std::string expand_copy(const std::string& text) const {
        std::string error;
        auto v = vars_.expand(text, error);
        return v ? *v : text;
    }

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
};

}  // namespace

reports::run_result execute(const std::vector<suite>& suites, const std::vector<planned_scenario>& plan,
                            const std::vector<suite_environment>& environments,
                            const execution_options& options, shared_redactor& redact) {
    reports::run_result run;
    run.command = "run";
    run.started_at = protocol::iso8601_utc(std::chrono::system_clock::now());
    run.strict = options.strict;
    auto start = clock_type::now();

    std::vector<reports::scenario_result> results(plan.size());
    std::vector<char> done(plan.size(), 0);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex report_mutex;

    auto finish = [&](std::size_t index, reports::scenario_result r) {
        std::lock_guard lock(report_mutex);
        results[index] = std::move(r);
        done[index] = 1;
        if (options.on_scenario_finished) options.on_scenario_finished(results[index]);
    };
    auto skipped = [&](std::size_t index, const std::string& reason) {
        const auto& p = plan[index];
        const auto& sc = suites[p.suite_index].scenarios[p.scenario_index];
        reports::scenario_result r;
        r.name = sc.name;
        r.file = suites[p.suite_index].file;
        r.tags = sc.tags;
        r.result = outcome::skipped;
        r.message = reason;
        finish(index, std::move(r));
    };

    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
    jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(plan.size(), 1))));
    auto work = [&] {
        worker_state worker;
        for (;;) {
            std::size_t index = next.fetch_add(1);
            if (index >= plan.size()) return;
            const auto& p = plan[index];
            if (p.skip) {
                skipped(index, *p.skip);
                continue;
            }
            if (stop.load()) {
                skipped(index, "not run (--fail-fast)");
                continue;
            }
            scenario_runner runner(worker, suites[p.suite_index], suites[p.suite_index].scenarios[p.scenario_index],
                                   environments[p.suite_index], options, redact);
            auto r = runner.run();
            if (options.fail_fast && (r.result == outcome::failed || r.result == outcome::error))
                stop.store(true);
            finish(index, std::move(r));
        }
    };
    if (jobs == 1) {
        work();
    } else {
        std::vector<std::thread> threads;
        threads.reserve(jobs);
        for (int i = 0; i < jobs; ++i) threads.emplace_back(work);
        for (auto& t : threads) t.join();
    }

    // Suites in input order, scenarios in plan (file) order.
    std::vector<int> suite_slot(suites.size(), -1);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const auto& p = plan[i];
        if (suite_slot[p.suite_index] < 0) {
            suite_slot[p.suite_index] = static_cast<int>(run.suites.size());
            reports::suite_result sr;
            sr.name = suites[p.suite_index].name;
            sr.file = suites[p.suite_index].file;
            sr.timestamp = run.started_at;
            run.suites.push_back(std::move(sr));
        }
        auto& sr = run.suites[suite_slot[p.suite_index]];
        sr.seconds += results[i].seconds;
        sr.scenarios.push_back(std::move(results[i]));
    }
    run.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return run;
}

}  // namespace replycheck::harness
