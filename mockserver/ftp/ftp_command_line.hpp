#pragma once
// I/O-free pieces of the FTP control connection: splitting received bytes into command lines
// (with a length limit), splitting a line into verb and argument, parsing PORT/EPRT arguments
// and resolving FTP path arguments against a virtual root. No sockets here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/wire/ftp_telnet.hpp"

namespace replycheck::mock {

/// One command line taken from the control connection.
struct ftp_line {
    std::string text;        ///< without CR LF and Telnet IAC sequences
    bool too_long = false;   ///< the line exceeded the limit; `text` is empty
};

/// Accumulates control-connection bytes and hands out complete lines (RFC 959 §4.1.3: a
/// command ends with CRLF; a bare LF is accepted as many servers do).
class ftp_line_buffer {
public:
    /// Lines longer than `max_line` bytes (without the line ending) are reported as too_long.
    explicit ftp_line_buffer(std::size_t max_line = 4096) : max_line_(max_line) {}

    /// Adds received bytes.
    void append(std::string_view bytes);
    /// The next complete line, or nullopt when no line is complete yet.
    std::optional<ftp_line> next();
    /// True when a complete line is waiting.
    bool has_line() const noexcept;
    /// Bytes held that do not form a complete line yet.
    std::size_t pending() const noexcept { return buffer_.size(); }

private:
    std::string buffer_;
    std::size_t max_line_;
    bool discarding_ = false;   // an over-long line is being skipped up to its LF
};

/// A command line split into its parts.
struct ftp_command {
    std::string verb;        ///< upper-cased ("RETR"); empty for an empty line
    std::string argument;    ///< everything after the first space, as sent
    bool valid_verb = true;  ///< false when the verb is not 1..8 ASCII letters
};

/// Splits `line` (RFC 959 §5.3: verb, SP, argument). Removes Telnet IAC sequences (RFC 854),
/// which clients send before ABOR (RFC 959 §4.1.3).
ftp_command parse_ftp_command(std::string_view line);

/// `text` with ASCII letters upper-cased (verbs and keyword arguments such as "TYPE i").
std::string ftp_upper(std::string_view text);

/// Removes Telnet IAC command sequences from a control line (protocol/wire/ftp_telnet.hpp).
using protocol::strip_telnet;

/// An IPv4 or IPv6 address with a port, as a PORT/EPRT/PASV/EPSV argument names it.
struct ftp_host_port {
    std::string address;     ///< "127.0.0.1" or "::1"
    std::uint16_t port = 0;
    int family = 1;          ///< 1 = IPv4, 2 = IPv6 (RFC 2428 §2 numbering)
};

/// Parses a PORT argument "h1,h2,h3,h4,p1,p2" (RFC 959 §4.1.2); nullopt when malformed.
std::optional<ftp_host_port> parse_port_argument(std::string_view argument);

/// Result of parsing an EPRT argument (RFC 2428 §2).
struct eprt_result {
    std::optional<ftp_host_port> endpoint;  ///< set when well formed and family known
    bool unknown_family = false;            ///< well formed but protocol not 1 or 2 (→ 522)
};

/// Parses "<d>proto<d>address<d>port<d>"; the delimiter is the first character.
eprt_result parse_eprt_argument(std::string_view argument);

/// How a path argument resolved.
enum class ftp_path_status {
    ok,
    bad_name,    ///< backslash, NUL or CR/LF in the name (→ 553 for writes, 550 for reads)
};

/// A path argument resolved against the current directory.
struct ftp_virtual_path {
    ftp_path_status status = ftp_path_status::ok;
    std::string path;        ///< absolute, normalized, "/" separated; never escapes "/"
};

/// Resolves `argument` against the virtual directory `cwd` ("/" is the root). "." and ".."
/// are folded; ".." at the root stays at the root (a chroot, as vsftpd and pyftpdlib do).
ftp_virtual_path resolve_ftp_path(std::string_view cwd, std::string_view argument);

}  // namespace replycheck::mock
