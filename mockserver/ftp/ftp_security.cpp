// FTPS in the mock FTP server (RFC 4217, on the security commands of RFC 2228): AUTH TLS on
// the control connection, PBSZ and PROT for the data connections, CCC, TLS on the data
// connections, and the policies real servers enforce (vsftpd force_*_ssl, IIS "Require SSL").

#include <boost/asio.hpp>

#include "mockserver/ftp/ftp_control_session.hpp"
#include "mockserver/ftp/ftp_deadline_io.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

bool is_anonymous_name(const std::string& name) { return name == "anonymous" || name == "ftp"; }

}  // namespace

// ---- the control connection ----------------------------------------------------------------

// Starts TLS on the control connection; false (connection closed) when it did not come up.
asio::awaitable<bool> ftp_control_session::start_control_tls(tls::tls_entry entry) {
    if (!state_->tls) {
        control_.close();
        co_return false;
    }
    auto result = co_await state_->tls->start(control_, entry);
    if (!result.secured) {
        // The journal tells why the session ended: the pseudo-command "TLS" with the reason.
        std::string why = result.error_text;
        if (result.fault != tls::tls_fault::none) why = std::string(tls::to_string(result.fault));
        record("TLS", why.empty() ? std::string("handshake failed") : why);
        control_.close();
        co_return false;
    }
    const auto& info = control_.info();
    journal_tls_ = std::make_shared<const ftp_journal_tls>(ftp_journal_tls{
        info.version, info.cipher, info.client_subject, std::string(tls::to_string(info.client_verdict)),
        entry == tls::tls_entry::ftps});
    co_return true;
}

// The end of a session: close_notify under TLS (RFC 8446 §6.1), then FIN.
asio::awaitable<void> ftp_control_session::close_control() {
    if (control_.secured()) co_await control_.close_notify(close_notify_timeout());
    error_code ec;
    control_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    control_.close();
}

asio::awaitable<bool> ftp_control_session::cmd_auth(const ftp_command& command) {
    // RFC 2228 §3: AUTH names the security mechanism; 502 when the server offers none.
    if (!config_.auth_tls || !state_->tls) co_return co_await reply(502, "AUTH not supported.");
    if (control_.secured()) co_return co_await reply(503, "Already using TLS.");
    const auto mechanism = ftp_upper(command.argument);
    if (mechanism.empty()) co_return co_await reply(501, "AUTH needs a mechanism.");
    // RFC 4217 §4: "TLS"; "SSL" (and the older "TLS-C") are accepted by most servers.
    if (mechanism != "TLS" && mechanism != "SSL" && mechanism != "TLS-C")
        co_return co_await reply(504, "AUTH mechanism not supported.");
    // RFC 4217 §4: a successful AUTH resets the session (USER, TYPE, working directory) and the
    // security state (PBSZ, PROT).
    reinitialize();
    pbsz_ = false;
    prot_private_ = false;
    if (!co_await reply(234, "Proceed with negotiation.")) co_return false;
    // Whatever came after the AUTH line in plain text must not count as protected commands
    // (the STARTTLS command injection, CVE-2011-0411).
    lines_ = ftp_line_buffer(config_.limits.max_command_line);
    deferred_.clear();
    co_return co_await start_control_tls(tls::tls_entry::auth_tls);
}

asio::awaitable<bool> ftp_control_session::cmd_pbsz(const ftp_command& command) {
    // RFC 2228 §3 / RFC 4217 §8: PBSZ follows a successful AUTH; for TLS the size is 0, and a
    // server may answer any value with "PBSZ=0".
    if (!control_.secured()) co_return co_await reply(503, "PBSZ needs AUTH TLS first.");
    const auto& size = command.argument;
    if (size.empty() || size.find_first_not_of("0123456789") != std::string::npos)
        co_return co_await reply(501, "PBSZ needs a decimal size.");
    pbsz_ = true;
    co_return co_await reply(200, "PBSZ=0");
}

asio::awaitable<bool> ftp_control_session::cmd_prot(const ftp_command& command) {
    // RFC 2228 §3 / RFC 4217 §9: PROT follows PBSZ (503 otherwise).
    if (!pbsz_) co_return co_await reply(503, "PROT needs PBSZ first.");
    const auto level = ftp_upper(command.argument);
    if (level == "C") {
        if (!config_.prot_c_reply.empty()) co_return co_await reply_line(config_.prot_c_reply);
        prot_private_ = false;
        co_return co_await reply(200, "PROT now Clear.");
    }
    if (level == "P") {
        prot_private_ = true;
        co_return co_await reply(200, "PROT now Private.");
    }
    // RFC 2228 §4: Safe and Confidential have no meaning for TLS (RFC 4217 §9): 536.
    if (level == "S" || level == "E")
        co_return co_await reply(536, "PROT level not supported by mechanism.");
    co_return co_await reply(504, "PROT level not recognized.");
}

asio::awaitable<bool> ftp_control_session::cmd_ccc(const ftp_command&) {
    // RFC 4217 §6: CCC returns the control connection to plain text (for NAT helpers); data
    // protection stays as PROT set it. Most servers refuse it by policy: 533 (RFC 2228 §4).
    if (!config_.ccc) co_return co_await reply(533, "Command protection level denied for policy reasons.");
    if (!control_.secured()) co_return co_await reply(533, "Control connection is not protected.");
    if (!co_await reply(200, "CCC command successful, control connection now in clear text.")) co_return false;
    auto ec = co_await control_.end_tls(close_notify_timeout());
    lines_.append(control_.take_plain_after_tls());
    journal_tls_.reset();
    co_return !ec || ec == asio::error::eof;
}

// ---- policies ------------------------------------------------------------------------------

bool ftp_control_session::login_needs_tls(const std::string& name) const {
    if (control_.secured()) return false;
    switch (config_.login_tls) {
    case ftp_tls_policy::optional: return false;
    case ftp_tls_policy::required: return true;
    case ftp_tls_policy::users: return !is_anonymous_name(name);
    }
    return false;
}

bool ftp_control_session::data_needs_tls() const {
    return !prot_private_ && config_.data_tls == ftp_tls_policy::required;
}

// ---- data connections ----------------------------------------------------------------------

// PROT P: the TLS handshake on the data connection, after the 1yz reply (ftplib and curl start
// it when they have read it). nullopt when the data connection is protected; else the transfer
// ended here with 522 (RFC 4217 §9/§10) and the value says whether the control connection lives.
asio::awaitable<std::optional<bool>> ftp_control_session::open_data_tls(tls::tls_stream& data,
                                                                       std::string& held) {
    if (!held.empty()) {
        // A scripted combined reply cannot wait for the transfer: the client needs the 1yz first.
        if (!co_await send_raw(std::exchange(held, {}))) co_return false;
    }
    auto result = co_await state_->tls->start(data, tls::tls_entry::ftp_data);
    if (!result.secured) {
        close_data(data.socket(), false);
        // (The text is built before co_await: GCC mishandles conditional temporaries there.)
        std::string why = result.error_text.empty() ? std::string("no TLS") : result.error_text;
        std::string text = "TLS negotiation on the data connection failed: " + why + ".";
        co_return co_await reply(522, text);
    }
    // vsftpd require_ssl_reuse: the data session must resume the control one (RFC 4217 §10
    // leaves it to the server), so a third party cannot take over the data connection.
    if (config_.data_session_reuse && !data.info().resumed) {
        co_await data.close_notify(close_notify_timeout());
        close_data(data.socket(), false);
        co_return co_await reply(522, "SSL connection failed: session reuse required");
    }
    co_return std::nullopt;
}

}  // namespace replycheck::mock::detail
