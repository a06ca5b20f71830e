#pragma once
// What [mock.tls] (or the mock command's --cert/--key/--client-cert flags) configures: the
// certificate the mocks present, whether they ask for client certificates, and TLS scripts
// (faults at the moment TLS starts). One set of settings serves HTTPS, implicit FTPS and AUTH TLS.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "protocol/config_error.hpp"

namespace replycheck::mock::tls {

/// Whether the handshake asks for a client certificate (RFC 8446 §4.3.2, RFC 5246 §7.4.4).
enum class client_cert_mode {
    off,        ///< "off" (default): none is asked for
    optional,   ///< "optional": asked for; the handshake succeeds with none or with one that does
                ///< not verify; what was presented and how it verified is kept for the layers above
    required,   ///< "required": a certificate that verifies against `client_ca` or the handshake fails
};

/// Where TLS starts, for a TLS script's `on`.
enum class tls_entry {
    any,        ///< "any" (default)
    https,      ///< "https": a connection accepted on the HTTPS listener
    ftps,       ///< "ftps": a connection accepted on the implicit FTPS listener (RFC 4217 §1 note)
    auth_tls,   ///< "auth_tls": the control connection after 234 to AUTH TLS (RFC 4217 §4)
    ftp_data,   ///< "ftp_data": a protected FTP data connection (PROT P, RFC 4217 §9)
};

/// What a TLS script makes happen when TLS starts.
enum class tls_fault {
    none,
    handshake_reset,        ///< "handshake_reset": the ClientHello is read, then the TCP connection is reset
    expired_certificate,    ///< "expired_certificate": the certificate's notAfter lies in the past
    not_yet_valid_certificate,  ///< "not_yet_valid_certificate": its notBefore lies in the future
    wrong_name_certificate, ///< "wrong_name_certificate": valid dates, names only "wrong-name.invalid"
    plain_text,             ///< "plain_text": `text` is written without any TLS, then the connection closes
    no_close_notify,        ///< "no_close_notify": a normal handshake, but the connection is later
                            ///< closed without close_notify (RFC 8446 §6.1: truncation)
};

/// One [[mock.tls.script]]: the first script whose `on` matches and that has uses left decides.
struct tls_script {
    tls_fault fault = tls_fault::none;
    tls_entry on = tls_entry::any;
    std::optional<int> times;              ///< uses before the script is skipped; empty = always
    std::string text;                      ///< plain_text: the bytes written (default per entry)
    protocol::source_position where;       ///< where it was written (for messages)
};

/// Everything the TLS side of a mock set needs.
struct tls_settings {
    std::filesystem::path cert_file;       ///< PEM certificate chain; empty: one is generated at start
    std::filesystem::path key_file;        ///< PEM private key of cert_file
    std::filesystem::path cert_out;        ///< where the certificate clients should trust is written; empty: nowhere
    std::vector<std::string> names;        ///< names and IPs of a generated certificate besides
                                           ///< localhost, 127.0.0.1, ::1 and the listen hosts
    client_cert_mode client_cert = client_cert_mode::off;
    std::filesystem::path client_ca;       ///< PEM CA bundle client certificates must chain to
    std::string min_version = "1.2";       ///< "1.2" or "1.3"
    std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
    std::vector<tls_script> scripts;       ///< in file order
};

/// Reads a [mock.tls] table (`cert`, `key`, `cert_out`, `names`, `client_cert`, `client_ca`,
/// `min_version`, `handshake_timeout`, [[mock.tls.script]]). Relative paths resolve against
/// `base_dir`; unknown keys and bad values throw protocol::config_error located in `file`.
tls_settings load_tls_settings(const toml::table& table, const std::filesystem::path& base_dir,
                               const std::string& file);

/// The words of the enums as written in config files ("optional", "expired_certificate", ...).
std::string_view to_string(client_cert_mode mode) noexcept;
std::string_view to_string(tls_entry entry) noexcept;
std::string_view to_string(tls_fault fault) noexcept;

}  // namespace replycheck::mock::tls
