#pragma once
// FTP client on the control connection (RFC 959) with data connections (EPSV/PASV or active
// EPRT/PORT). Every call returns exchange records; every wait is bounded by the timeout;
// faults and peer closes are recorded in the exchange, never thrown.

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::harness {

/// How data connections are opened.
enum class ftp_data_mode {
    passive,        ///< EPSV, falling back to PASV when EPSV is refused
    epsv,           ///< EPSV only
    pasv,           ///< PASV only
    active,         ///< EPRT, falling back to PORT; listens on the control connection's local address
    port,           ///< PORT only
};

/// Settings of one FTP client.
struct ftp_client_options {
    std::chrono::milliseconds connect_timeout{3000};  ///< control and data connects
    std::chrono::milliseconds timeout{5000};          ///< each command's replies / each transfer
    /// The reply to PASS in login(), when longer than `timeout`: servers delay a failed login
    /// on purpose (pyftpdlib 3 s, proftpd 2 s, vsftpd 1 s) to slow down password guessing.
    std::chrono::milliseconds login_timeout{0};
    ftp_data_mode data_mode = ftp_data_mode::passive; ///< how data connections are opened
    bool pasv_use_control_host = true;   ///< connect to the control peer, not the 227 address (NAT)
    std::size_t data_cap = 16 * 1024 * 1024;          ///< data bytes kept in the exchange
    bool explicit_tls = false;           ///< AUTH TLS, PBSZ 0, PROT P right after the greeting
    bool implicit_tls = false;           ///< TLS from the first byte (ftps://), PBSZ 0, PROT P after the greeting
    bool protect_data = true;            ///< with either TLS: PBSZ 0 and PROT P in connect() (false: the caller sends them)
    tls_options tls;                     ///< verification settings for either kind of TLS
};

/// One FTP session.
class ftp_control_client {
public:
    /// A client with `options`; nothing is connected yet.
    explicit ftp_control_client(ftp_client_options options = {});
    ~ftp_control_client();
    ftp_control_client(const ftp_control_client&) = delete;
    ftp_control_client& operator=(const ftp_control_client&) = delete;

    /// Connects and reads the greeting (an exchange with an empty command; 120 then 220 allowed).
    /// With explicit_tls, the AUTH/PBSZ/PROT exchanges follow in `setup_exchanges()`; with
    /// implicit_tls the handshake comes first and the PBSZ/PROT exchanges follow.
    protocol::ftp_exchange connect(const std::string& host, std::uint16_t port);

    /// Sends `line` (without CRLF) and reads replies up to the final one (1xx first, if any).
    /// PASS arguments are masked in the recorded command. AUTH TLS/SSL answered 234 starts TLS
    /// on the control connection (a failed handshake is the exchange's fault); PROT P/C
    /// answered 200 makes later data connections TLS/plain (RFC 4217 §4, §9).
    protocol::ftp_exchange command(std::string_view line);

    /// USER, then PASS when the server asks for it (331/332); returns both exchanges. The reply
    /// to PASS may take max(timeout, login_timeout).
    std::vector<protocol::ftp_exchange> login(std::string_view user, std::string_view password);

    /// Runs a data transfer command ("RETR f", "STOR f", "LIST", "NLST", "MLSD", "APPE f", …):
    /// opens the data connection per data_mode (its EPSV/PASV/EPRT/PORT exchanges come first
    /// in the result), sends the command, moves data (`upload` for STOR/STOU/APPE), and reads
    /// the preliminary and final replies. The last exchange is the command's, with `data` set.
    /// `type` 'A' or 'I' sends TYPE first when it differs from the current type (0: leave as is).
    std::vector<protocol::ftp_exchange> transfer(std::string_view command_line,
                                                 std::string_view upload = {}, char type = 0);

    /// Sends `verb` (EPSV or PASV); on 229/227 connects to the announced port and closes the
    /// connection at once (data_connection_used), so no listener is left waiting. A port that
    /// does not accept the connection is the exchange's fault.
    protocol::ftp_exchange passive_check(std::string_view verb);

    /// Starts `command_line` (RETR, LIST, ...) in passive mode and, once its 1yz reply came,
    /// sends ABOR and closes the data connection (RFC 959 §4.1.3). Returns the EPSV/PASV (and
    /// TYPE) exchanges, the command's (its 1yz and final reply: 426, or 226 when the transfer
    /// had ended) and ABOR's (225 or 226). Without a 1yz no ABOR is sent.
    std::vector<protocol::ftp_exchange> abort_transfer(std::string_view command_line, char type = 0);

    /// Sends QUIT, reads 221, closes.
    protocol::ftp_exchange quit();

    /// True while the control connection is open and the peer has not closed it.
    bool is_open() const noexcept;

    /// Closes the control connection without QUIT.
    void close();

    /// TLS settings for handshakes from now on (an AUTH TLS step with settings of its own).
    void set_tls_options(tls_options tls);

    /// True while the control connection is under TLS.
    bool control_secured() const noexcept;

    /// The representation type the server last accepted (RFC 959 §3.1.1: 'A', 'I', ...), 0 before
    /// any TYPE was accepted on this connection.
    char current_type() const noexcept;

    /// Exchanges made by connect() besides the greeting (AUTH TLS, PBSZ, PROT).
    const std::vector<protocol::ftp_exchange>& setup_exchanges() const noexcept;

    /// The control connection's peer address ("127.0.0.1"), "" when not connected.
    std::string server_address() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::harness
