// The FTP smoke session: greeting, TLS, HOST, login, then the probe groups in an order where
// each one leaves the session as it found it, and QUIT; the wrong-password probe has its own
// connection.

#include <algorithm>

#include <fmt/format.h>

#include "harness/smoke/ftp_prober.hpp"

namespace replycheck::harness {

namespace detail {

namespace {

using protocol::ftp_exchange;

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

constexpr std::chrono::milliseconds login_allowance{10000};

ftp_client_options main_session_options(const smoke_target& target, const smoke_options& options) {
    ftp_client_options o;
    o.connect_timeout = options.timeout;
    o.timeout = options.timeout;
    // Servers delay the reply to a wrong password on purpose (RFC 2577 §4: slow down
    // guessing; pyftpdlib 3 s, proftpd 2 s, vsftpd 1 s): PASS may take longer than a reply.
    o.login_timeout = std::max(options.timeout, login_allowance);
    o.tls = options.tls;
    o.implicit_tls = target.tls == protocol::tls_mode::implicit;
    // The main session is secured probe by probe (AUTH TLS, PBSZ, PROT), each one judged.
    o.protect_data = false;
    return o;
}

}  // namespace

ftp_prober::ftp_prober(const smoke_target& target, const smoke_options& options)
    : target_(target),
      options_(options),
      client_options_(main_session_options(target, options)),
      checker_(make_checks(options)),
      client_(client_options_) {
    // Other connections (the wrong-password probe) secure themselves in connect().
    other_options_ = client_options_;
    other_options_.explicit_tls = target.tls == protocol::tls_mode::explicit_auth;
    other_options_.protect_data = true;
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

reports::suite_result ftp_prober::run() {
    greeting_probe();
    // FEAT and HOST come right after the greeting: HOST before USER, and before AUTH TLS, PBSZ
    // and PROT (RFC 7151 §3: the server may pick the virtual host's certificate; ProFTPD
    // answers a later HOST with 503). ftps:// has TLS from the first byte already. A server
    // that wants a login before FEAT is asked after it.
    const bool feat_after_login = !feat_probe(true);
    host_probe();
    if (target_.tls != protocol::tls_mode::none) {
        if (target_.tls == protocol::tls_mode::explicit_auth && gone_.empty()) plain_login_probe();
        secure_session();
    }
    login_probe();
    if (feat_after_login) feat_probe(false);
    wrong_password_probe();
    command_probes();
    passive_probes();
    port_bounce_probe();
    transfer_probes();
    closing_command_probes();
    quit_probe();
    client_.close();
    return std::move(suite_);
}

// Greeting: 220, or 120 then 220 (RFC 959 §5.4).
void ftp_prober::greeting_probe() {
    auto b = builder("greeting is 220");
    const auto e = client_.connect(target_.host, target_.port);
    auto& s = step(b, e);
    expect_code(b, s, e, "smoke.ftp.greeting-220", {220}, "the service is ready");
    if (final_code(e) != 220)
        gone_ = e.transport_code == protocol::transport_errc::tls_handshake ? "no TLS session: " + e.transport_error
                                                                            : "no 220 greeting";
    add(b);
}

// Login: USER then PASS (331 then 230), or 230 at once (RFC 959 §4.1.1).
void ftp_prober::login_probe() {
    auto b = builder("login gives 230");
    if (!runnable(b)) return;
    const auto list = client_.login(user_, password_);
    auto* last = steps(b, list);
    if (last) expect_code(b, *last, list.back(), "smoke.ftp.login-230", {230, 202}, "the credentials are valid");
    // A timeout or a close is said as such (runnable() would say it), not as a refused login.
    // vsftpd closes the connection after its refusal: the refusal is still the news.
    const auto policy = target_.tls == protocol::tls_mode::none ? tls_policy_refusal(list) : std::string();
    if (!policy.empty()) {
        b.skip(policy);
        gone_ = "login refused: the server requires TLS (try " + ftpes_url() + ")";
    } else if (desynchronized_) {
        gone_ = "the control connection timed out or was closed by the server";
    } else if (list.empty() || !one_of(final_code(list.back()), {230, 202})) {
        gone_ = "login failed";
    }
    add(b);
}

// A wrong password: 530, on a connection of its own (RFC 959 §4.1.1).
void ftp_prober::wrong_password_probe() {
    auto b = builder("wrong password gives 530");
    if (!gone_.empty() && gone_ != "login failed") {
        b.skip(gone_);
    } else if (anonymous_) {
        b.skip("anonymous login takes any password");
    } else {
        ftp_control_client other(other_options_);
        protocol::ftp_session_checker checker(make_checks(options_));
        const auto greeting = other.connect(target_.host, target_.port);
        b.add_ftp(greeting, checker.check(greeting));
        for (const auto& e : other.login(user_, "wrong-" + detail::random_token())) {
            auto& s = b.add_ftp(e, checker.check(e));
            if (upper(e.command).starts_with("PASS") || final_code(e) != 331)
                b.expect(s, final_code(e) == 530, "smoke.ftp.wrong-password-530", "530",
                         fmt::format("expected 530 (wrong password), got {}", final_code(e)));
        }
        other.close();
    }
    add(b);
}

// QUIT: 221, then the server closes (RFC 959 §4.1.1).
void ftp_prober::quit_probe() {
    auto b = builder("QUIT gives 221");
    if (!runnable(b)) return;
    const auto e = client_.quit();
    auto& s = step(b, e);
    expect_code(b, s, e, "smoke.ftp.quit-221", {221}, "closing the session");
    add(b);
}

// ---- shared helpers ------------------------------------------------------------------------

bool ftp_prober::runnable(probe_builder& b) {
    if (gone_.empty() && desynchronized_) gone_ = "the control connection timed out or was closed by the server";
    if (gone_.empty()) return true;
    b.skip(gone_);
    add(b);
    return false;
}

reports::step_result& ftp_prober::step(probe_builder& b, const ftp_exchange& e) {
    if (e.transport_code && final_code(e) == 0) desynchronized_ = true;
    if (e.transport_code == protocol::transport_errc::timeout) desynchronized_ = true;
    if (e.connection_closed) desynchronized_ = true;  // nothing more can be asked
    return b.add_ftp(e, checker_.check(e));
}

reports::step_result* ftp_prober::steps(probe_builder& b, const std::vector<ftp_exchange>& list) {
    reports::step_result* last = nullptr;
    for (const auto& e : list) last = &step(b, e);
    return last;
}

void ftp_prober::expect_code(probe_builder& b, reports::step_result& s, const ftp_exchange& e, std::string_view id,
                             std::initializer_list<int> codes, std::string_view why) {
    const int code = final_code(e);
    b.expect(s, code == 0 || one_of(code, codes), id, codes_text(codes),
             fmt::format("expected {} ({}), got {}", codes_text(codes), why, code));
}

ftp_exchange ftp_prober::simple(std::string name, std::string_view id, std::string command,
                                std::initializer_list<int> codes, std::string why,
                                std::initializer_list<int> unsupported) {
    auto b = builder(std::move(name));
    ftp_exchange e;
    if (!runnable(b)) return e;
    e = client_.command(command);
    auto& s = step(b, e);
    if (one_of(final_code(e), unsupported))
        b.skip(fmt::format("the server does not support {} ({})", command, final_code(e)));
    else
        expect_code(b, s, e, id, codes, why);
    add(b);
    return e;
}

void ftp_prober::read_features(const ftp_exchange& feat) {
    if (final_code(feat) != 211 || feat.replies.empty()) return;
    features_.clear();
    const auto& lines = feat.replies.back().lines;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        std::string_view l = lines[i];
        while (!l.empty() && l.front() == ' ') l.remove_prefix(1);
        while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
        features_.push_back(upper(l));
    }
}

bool ftp_prober::feature(std::string_view name) const {
    for (const auto& f : features_)
        if (f == name || f.starts_with(std::string(name) + " ")) return true;
    return false;
}

std::string ftp_prober::ftpes_url() const {
    std::string error;
    auto url = protocol::parse_url(target_.display, error);
    if (!url) return "ftpes://";
    url->scheme = protocol::find_scheme("ftpes");
    return url->display();
}

protocol::check_options ftp_prober::make_checks(const smoke_options& o) {
    protocol::check_options c;
    c.allowed = o.allowed;
    c.strict_ftp_sequence = o.strict_ftp_sequence;
    return c;
}

}  // namespace detail

reports::suite_result smoke_ftp(const smoke_target& target, const smoke_options& options) {
    detail::ftp_prober prober(target, options);
    return prober.run();
}

}  // namespace replycheck::harness
