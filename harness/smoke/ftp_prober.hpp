#pragma once
// The FTP smoke probes (internal): one control connection carries the session (greeting to
// QUIT), every exchange checked by one ftp_session_checker. The probes are grouped by file:
// smoke_ftp.cpp (the session: greeting, login, order), ftp_security_probes.cpp (AUTH TLS, PBSZ,
// PROT, TLS policies, HOST), ftp_command_probes.cpp (commands without a data connection) and
// ftp_transfer_probes.cpp (EPSV, PASV, PORT and the transfers).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "harness/clients/ftp_control_client.hpp"
#include "harness/smoke/probe_builder.hpp"
#include "harness/smoke/smoke.hpp"
#include "protocol/rules/rules.hpp"

namespace replycheck::harness::detail {

class ftp_prober {
public:
    ftp_prober(const smoke_target& target, const smoke_options& options);

    reports::suite_result run();

private:
    // -- the session (smoke_ftp.cpp) --
    void greeting_probe();
    void login_probe();
    void wrong_password_probe();
    void quit_probe();

    // -- security (ftp_security_probes.cpp) --
    // RFC 4217 §4, §9: AUTH TLS (ftpes://), then PROT before PBSZ, PBSZ 0 and PROT P, a probe
    // each; sets `gone_` when the session cannot go on protected.
    void secure_session();
    // ftpes://: a login on a plain connection of its own, accepted or refused by TLS policy.
    void plain_login_probe();
    // ftp:// login refused at USER: when the server offers AUTH TLS and takes the same USER
    // under TLS, the refusal is its TLS policy; returns the skip reason naming it (and
    // ftpes://), "" otherwise.
    std::string tls_policy_refusal(const std::vector<protocol::ftp_exchange>& login);
    // RFC 7151: HOST before login, where FEAT (asked before login) announces it.
    void host_probe();

    // -- commands without a data connection (ftp_command_probes.cpp) --
    void command_probes();
    // FEAT; before login, false (and nothing judged) when the server wants a login first (530).
    bool feat_probe(bool before_login);
    void cdup_at_root_probe();
    void parameter_probes();   // TYPE A N, MODE, STRU, ALLO
    void opts_utf8_probe();
    void closing_command_probes();   // unknown command, RNTO without RNFR

    // -- data connections and transfers (ftp_transfer_probes.cpp) --
    void passive_probes();     // EPSV, PASV: each port opened is connected and closed
    void port_bounce_probe();  // PORT to a third-party address (RFC 2577 §3)
    void transfer_probes();
    void prot_p_transfer_probe();
    void rest_probe();
    void abort_probe();

    // -- shared helpers (smoke_ftp.cpp) --
    // False (and the probe added as skipped) when the session is gone.
    bool runnable(probe_builder& b);
    void add(probe_builder& b) { suite_.scenarios.push_back(b.finish()); }
    // Checks an exchange of the main session and adds it as a step.
    reports::step_result& step(probe_builder& b, const protocol::ftp_exchange& e);
    // Adds every exchange (EPSV/PASV, then the command); returns the last step.
    reports::step_result* steps(probe_builder& b, const std::vector<protocol::ftp_exchange>& list);
    void expect_code(probe_builder& b, reports::step_result& s, const protocol::ftp_exchange& e, std::string_view id,
                     std::initializer_list<int> codes, std::string_view why);
    // One command with one expected reply; a reply of `unsupported` skips the probe.
    protocol::ftp_exchange simple(std::string name, std::string_view id, std::string command,
                                  std::initializer_list<int> codes, std::string why,
                                  std::initializer_list<int> unsupported = {});
    // The FEAT lines (upper case, trimmed) of a 211 reply into features_.
    void read_features(const protocol::ftp_exchange& feat);
    bool feature(std::string_view name) const;
    probe_builder builder(std::string name) const { return probe_builder(std::move(name), options_.strict, options_.allowed); }
    // The URL with the ftpes scheme (AUTH TLS on the same port), without the password.
    std::string ftpes_url() const;
    static protocol::check_options make_checks(const smoke_options& o);

    smoke_target target_;
    smoke_options options_;
    ftp_client_options client_options_;   // the main session: TLS started by the probes
    ftp_client_options other_options_;    // other sessions: secured as the scheme says in connect()
    ftp_client_options plain_options_;    // a plain session on the same server
    protocol::ftp_session_checker checker_;
    ftp_control_client client_;
    reports::suite_result suite_;
    std::string gone_;                    // why the session cannot go on; "" while it can
    std::string user_, password_, dir_, file_;
    std::string login_directory_;         // PWD after login ("" when unknown)
    bool anonymous_ = false;
    bool desynchronized_ = false;
    std::vector<std::string> features_;   // FEAT lines, upper case, trimmed
};

}  // namespace replycheck::harness::detail
