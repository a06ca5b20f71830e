// Practical notes on FTP replies and IIS substatus codes: what usually causes them on real
// servers (vsftpd, ProFTPD, Pure-FTPd, IIS FTP, pyftpdlib) and how to provoke them.
#include "protocol/codes/code_hints.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace replycheck::protocol {
namespace {

using h = ftp_reply_hint;

// Sorted by code; the registry test checks the order and that every code is known.
constexpr std::array ftp_hints{
    h{125, "", "LIST after PASV on IIS FTP or pyftpdlib (others send 150)", "LIST"},
    h{150, "", "RETR of an existing file after PASV or EPSV", "RETR"},
    h{200, "", "TYPE I; or NOOP", "TYPE"},
    h{202, "", "ALLO 1024 on a server that needs no preallocation (vsftpd)", "ALLO"},
    h{211, "", "FEAT, or STAT without argument once logged in", "FEAT"},
    h{213, "", "SIZE or MDTM of an existing file (in TYPE I: SIZE is refused in ASCII mode by some servers)", "SIZE"},
    h{214, "", "HELP", "HELP"},
    h{215, "", "SYST", "SYST"},
    h{220, "", "connecting to the control port", "CONNECT"},
    h{221, "", "QUIT", "QUIT"},
    h{226, "", "the end of a RETR, STOR or LIST", "RETR"},
    h{227, "", "PASV once logged in", "PASV"},
    h{229, "", "EPSV once logged in", "EPSV"},
    h{230, "", "USER and PASS of a valid account, or USER anonymous where anonymous logins are on", "PASS"},
    h{234, "", "AUTH TLS on a server with TLS configured (vsftpd ssl_enable=YES)", "AUTH"},
    h{250, "", "CWD to an existing directory; DELE of a file with write access", "CWD"},
    h{257, "", "PWD; or MKD with write access", "PWD"},
    h{331, "", "USER with any name (most servers ask for a password even for unknown users)", "USER"},
    h{350, "", "RNFR of an existing file; REST 100", "RNFR"},
    h{421,
      "too many connections in total or from one address (vsftpd max_clients, max_per_ip); idle "
      "or data timeout; the server shutting down; a TLS-only server refusing plain connections",
      "open more control connections than max_per_ip allows, or stay idle past the idle timeout",
      "CONNECT"},
    h{425,
      "the data connection could not be made: a firewall or NAT between client and server; "
      "PASV answered with an address the client cannot reach (pasv_address); active mode (PORT) "
      "blocked by the client's firewall; a passive port range closed",
      "PORT with an address and port nobody listens on, then LIST", "LIST"},
    h{426,
      "the data connection broke during a transfer: the client or a firewall closed it, a "
      "timeout, ABOR during a transfer",
      "RETR of a large file and close the data connection before it ends", "RETR"},
    h{430, "a wrong user name or password on servers that use this unofficial code instead of 530 (some IIS FTP and embedded servers)",
      "USER alice, PASS wrong on such a server", "PASS"},
    h{431, "the security mechanism lacks a resource it needs (no credentials cache, no key)",
      "AUTH GSSAPI on a server whose GSSAPI setup is incomplete", "AUTH"},
    h{434, "HOST names a virtual host the server does not serve (the code is common but in no RFC; RFC 7151 uses 504)",
      "HOST no-such-site.example before USER", "HOST"},
    h{450,
      "the file is busy or locked (being written by another session, Windows file locks on IIS); "
      "a temporary permission problem",
      "RETR of a file another session is still uploading (IIS FTP)", "RETR"},
    h{451,
      "a local error on the server: disk I/O error, a file system error, an unreadable file, "
      "a failed upload script",
      "STOR on a file system that is full or read-only (some servers answer 552 or 553)", "STOR"},
    h{452, "the disk or the user's quota is full",
      "STOR a file larger than the free space or the user's quota", "STOR"},
    h{500,
      "a command the server does not know, a line too long, or bytes that are not a command "
      "(a TLS handshake sent to a plain FTP port)",
      "send XYZZY, or a command line longer than the server's limit", "CONNECT"},
    h{501,
      "wrong arguments: a malformed PORT or EPRT address, a missing argument, a path with "
      "characters the server refuses",
      "PORT 1,2,3 (too few numbers), or TYPE X", "PORT"},
    h{502, "a command the server knows but does not implement (SITE, ACCT, SMNT, STOU on some servers)",
      "SMNT /mnt, or ACCT x", "SMNT"},
    h{503,
      "commands in the wrong order: PASS without USER, RNTO without RNFR, a transfer before "
      "login, PROT before PBSZ (RFC 4217 §9)",
      "PASS secret as the first command, or RNTO b without RNFR", "PASS"},
    h{504, "a parameter the command does not support: TYPE L 7, MODE B or STRU R on most servers",
      "MODE B (block mode) on vsftpd", "MODE"},
    h{521, "the server requires a protected data connection (PROT P) or refuses the level asked",
      "LIST after PROT C on a server that forces TLS on data connections", "LIST"},
    h{522, "EPRT with a network protocol the server does not speak (IPv6 on an IPv4-only server)",
      "EPRT |2|::1|5000| to an IPv4-only server", "EPRT"},
    h{530,
      "wrong user name or password; anonymous logins disabled; the user is denied (vsftpd "
      "userlist, ftpusers); a command that needs a login sent before it; a TLS-only policy for "
      "this user",
      "USER alice, PASS wrong; or LIST before logging in", "PASS"},
    h{532, "the server wants an account (ACCT) before it stores files", "STOR without ACCT where ACCT is required", "STOR"},
    h{533, "a command refused on a plain control connection by policy (needs AUTH TLS first)",
      "a protected command over plain text on a server that requires TLS", "USER"},
    h{534,
      "the security policy refuses the request: TLS required for logins or data (vsftpd "
      "force_local_logins_ssl, IIS FTP SSL policy), or AUTH refused",
      "USER alice over plain text on a server forcing TLS logins", "USER"},
    h{535, "the security data did not check out (a bad ADAT, a failed integrity check)", "ADAT with garbage after AUTH GSSAPI", "ADAT"},
    h{536, "PROT level the mechanism does not support (PROT S or E with TLS)", "PROT E after AUTH TLS and PBSZ 0", "PROT"},
    h{537, "a protected command (MIC, CONF, ENC) at a level the mechanism does not support",
      "ENC after AUTH TLS", "ENC"},
    h{550,
      "the file or directory does not exist; no permission to read, write or list it; a path "
      "outside the user's root (chroot); DELE of a directory; RMD of a non-empty directory",
      "RETR /no-such-file, CWD /no-such-dir, or DELE of a file without write permission", "RETR"},
    h{551, "the page type is unknown (page structure, STRU P): rare today", "STRU P then STOR", "STOR"},
    h{552, "the user's quota or the server's upload size limit is exceeded",
      "STOR a file larger than the allowed upload size", "STOR"},
    h{553,
      "the file name is not allowed: characters the server refuses, an upload to a path the "
      "user cannot write, overwriting refused (vsftpd: anon_upload off)",
      "STOR into a read-only directory, or STOR of a name with characters the server refuses", "STOR"},
};

struct iis_hint {
    int status, substatus;
    std::string_view provoke;
};

// The substatus codes with a known recipe on IIS itself; sorted by (status, substatus).
constexpr std::array iis_hints{
    iis_hint{401, 1, "a request with Basic credentials of an unknown user or a wrong password (Basic authentication on)"},
    iis_hint{401, 2, "a request without credentials to a site with Anonymous authentication off (only Windows or Basic on)"},
    iis_hint{401, 3, "an authenticated request for a file whose NTFS ACL denies that user (or the anonymous IUSR)"},
    iis_hint{401, 7, "an <authorization> rule <deny users=\"?\" /> in web.config, then an anonymous request"},
    iis_hint{403, 1, "a request for a .exe or script in a folder whose handler access policy lacks Execute"},
    iis_hint{403, 2, "accessPolicy=\"\" (no Read) in <handlers>, then GET of a static file"},
    iis_hint{403, 4, "SSL settings: Require SSL on a site or folder, then a plain-HTTP request"},
    iis_hint{403, 6, "IP Address and Domain Restrictions: a deny entry for the client's address"},
    iis_hint{403, 7, "SSL settings: Client certificates = Require, then an HTTPS request without one"},
    iis_hint{403, 14, "GET of a folder URL with no default document and Directory Browsing disabled"},
    iis_hint{403, 16, "Require client certificates, then an HTTPS request with a certificate from an authority IIS does not trust"},
    iis_hint{403, 17, "Require client certificates, then an HTTPS request with an expired certificate"},
    iis_hint{403, 18, "a URL whose application runs in another application pool than the page executing it (Server.Transfer)"},
    iis_hint{403, 502, "Dynamic IP Restrictions with a low request rate, then a burst of requests (deny action 403)"},
    iis_hint{403, 503, "IP Address and Domain Restrictions: a deny entry for the client's address (IIS 8+ logs 403.503)"},
    iis_hint{404, 0, "GET of a path that does not exist"},
    iis_hint{404, 2, "ISAPI and CGI Restrictions: leave the ISAPI or CGI not allowed, then request a URL it handles"},
    iis_hint{404, 3, "GET of a static file whose extension has no MIME map (e.g. /file.xyz)"},
    iis_hint{404, 4, "a URL whose handler mapping points to nothing installed"},
    iis_hint{404, 5, "Request Filtering: a denied URL sequence (e.g. <add sequence=\"..\" />), then a URL containing it"},
    iis_hint{404, 6, "Request Filtering: deny the verb (e.g. <add verb=\"TRACE\" allowed=\"false\" />), then send it"},
    iis_hint{404, 7, "GET of a file with a denied extension (/web.config.bak, .mdb, .config)"},
    iis_hint{404, 8, "GET of a hidden segment: /App_Data/x, /bin/x, /web.config/x"},
    iis_hint{404, 10, "a header longer than the headerLimits set in Request Filtering"},
    iis_hint{404, 11, "GET /a%252fb (a double-encoded path) with allowDoubleEscaping off (the default)"},
    iis_hint{404, 12, "GET of a path with high-bit characters with allowHighBitCharacters=\"false\""},
    iis_hint{404, 13, "POST with a Content-Length above maxAllowedContentLength (default 30000000 bytes)"},
    iis_hint{404, 14, "GET of a URL longer than maxUrl (default 4096)"},
    iis_hint{404, 15, "GET with a query string longer than maxQueryString (default 2048)"},
    iis_hint{404, 18, "Request Filtering: a denied query string sequence, then a query containing it"},
    iis_hint{404, 19, "Request Filtering: a filtering rule that matches, then a request it scans"},
    iis_hint{405, 0, "a method the handler does not allow, e.g. PUT /index.html to the static file handler"},
    iis_hint{406, 0, "GET of a static file with Accept: application/x-nothing (no acceptable type)"},
    iis_hint{412, 0, "GET with If-Match: \"no-such-etag\" on an existing file"},
    iis_hint{500, 0, "an ISAPI extension or module that fails; a classic ASP or ASP.NET error with details hidden"},
    iis_hint{500, 19, "malformed XML in a web.config (e.g. an unclosed element), or a section locked at a higher level; then any request under it"},
    iis_hint{500, 21, "a web.config that names a module not installed, then any request under it"},
    iis_hint{500, 22, "an ASP.NET <system.web><httpModules> entry in an Integrated pipeline application pool"},
    iis_hint{500, 23, "an ASP.NET <system.web><httpHandlers> entry in an Integrated pipeline application pool"},
    iis_hint{500, 24, "<identity impersonate=\"true\" /> in an Integrated pipeline application pool"},
    iis_hint{500, 30, "an ASP.NET Core app (in-process hosting) that throws during startup"},
    iis_hint{502, 3, "an ASP.NET Core app (out-of-process) that does not answer, or an ARR backend that times out"},
    iis_hint{503, 0, "stop the site's application pool (or let Rapid-Fail Protection stop it), then any request"},
    iis_hint{503, 2, "an application pool with a low queue length or maxConcurrentRequests, then many parallel requests"},
};

}  // namespace

const ftp_reply_hint* find_ftp_hint(int code) noexcept {
    auto it = std::lower_bound(ftp_hints.begin(), ftp_hints.end(), code,
                               [](const ftp_reply_hint& e, int c) { return e.code < c; });
    return it != ftp_hints.end() && it->code == code ? &*it : nullptr;
}

std::string ftp_mock_hint(const ftp_reply_info& info) {
    const auto* hint = find_ftp_hint(info.code);
    std::string_view command = hint ? hint->mock_command : std::string_view("RETR");
    if (info.code == 421 || command == "CONNECT")
        return fmt::format(
            "a [[mock.ftp.script]] with match = {{ command = \"CONNECT\" }} and reply = \"{} {}\": "
            "the greeting is that reply (docs/mock.md)",
            info.code, info.text);
    return fmt::format(
        "a [[mock.ftp.script]] with match = {{ command = \"{}\" }} and reply = \"{} {}\" "
        "(docs/mock.md; add argument = \"...\" to answer one path only)",
        command, info.code, info.text);
}

std::string iis_provoke_hint(const iis_substatus_info& info) {
    for (const auto& h : iis_hints) {
        if (h.status == info.status && h.substatus == info.substatus) return fmt::format("on IIS: {}", h.provoke);
    }
    return fmt::format(
        "on IIS: bring about one of the typical causes above for a URL, then request it; the log "
        "shows sc-status {} and sc-substatus {}",
        info.status, info.substatus);
}

}  // namespace replycheck::protocol
