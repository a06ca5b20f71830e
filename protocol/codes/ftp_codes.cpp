// FTP reply code data, the command/reply table, and look-ups.
//
// Codes come from RFC 959 §4.2 and the extensions RFC 1639 (LPSV), 2228 (security), 2389
// (FEAT/OPTS), 2428 (EPRT/EPSV), 3659 (SIZE/MDTM/MLST/REST STREAM), 4217 (FTP over TLS) and
// 7151 (HOST). Two codes found in common code lists but in no RFC are marked as such.
#include "protocol/codes/ftp_codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace replycheck::protocol {
namespace {

using r = ftp_reply_info;

// Sorted by code; the registry test checks the order.
constexpr std::array ftp_replies{
    // 1yz: positive preliminary. At most one per command, before its final reply.
    r{110, "Restart marker reply.",
      "Sent during a block- or compressed-mode transfer to report a restart marker: the client "
      "may later resume from that point with REST.",
      "RFC 959 §4.2.2", "110 MARK yyyy = mmmm (exact text; yyyy: client's data stream marker, "
                        "mmmm: server's equivalent marker)"},
    r{120, "Service ready in nnn minutes.",
      "The server accepted the connection (or REIN) but is not ready yet; a 220 follows when it "
      "is.",
      "RFC 959 §4.2.2", "120 text naming the delay in minutes"},
    r{125, "Data connection already open; transfer starting.",
      "The data connection is already open (e.g. from a previous passive setup) and the "
      "transfer begins now. Some servers (IIS, pyftpdlib) send it where others send 150.",
      "RFC 959 §4.2.2", ""},
    r{150, "File status okay; about to open data connection.",
      "The command is accepted and the server is opening (or accepting) the data connection "
      "for the transfer.",
      "RFC 959 §4.2.2", "150 text, often with the size: (N bytes); for STOU the text names the "
                        "file (RFC 1123 §4.1.2.9)"},

    // 2yz: positive completion.
    r{200, "Command okay.", "The command was accepted and carried out.", "RFC 959 §4.2.2", ""},
    r{202, "Command not implemented, superfluous at this site.",
      "The command is harmless but has no effect on this server (e.g. ALLO or ACCT where they "
      "are not needed).",
      "RFC 959 §4.2.2", ""},
    r{211, "System status, or system help reply.",
      "Server status (STAT without argument) or, for FEAT, the list of supported extensions.",
      "RFC 959 §4.2.2; RFC 2389 §3",
      "FEAT: 211-<text> / one line per feature starting with exactly one space / 211 End; a "
      "server with no features may send one line 211 <text>"},
    r{212, "Directory status.", "Status information about a directory (STAT of a directory).",
      "RFC 959 §4.2.2", ""},
    r{213, "File status.",
      "Status of a file: STAT <path> output, the SIZE in octets, or the MDTM modification time.",
      "RFC 959 §4.2.2; RFC 3659 §3, §4",
      "SIZE: 213 <decimal octets>; MDTM: 213 YYYYMMDDHHMMSS[.fff] in UTC; both single-line"},
    r{214, "Help message.",
      "Human-readable help on using the server or on a specific command (HELP).",
      "RFC 959 §4.2.2", ""},
    r{215, "NAME system type.",
      "The server's operating system type (SYST), as an official system name.",
      "RFC 959 §4.2.2", "215 <system name> [details], e.g. 215 UNIX Type: L8"},
    r{220, "Service ready for new user.",
      "Greeting: the server is ready for login. Also the answer to REIN and, per RFC 7151, to "
      "HOST.",
      "RFC 959 §4.2.2", ""},
    r{221, "Service closing control connection.",
      "Answer to QUIT: the server logs the user out and closes the control connection.",
      "RFC 959 §4.2.2", ""},
    r{225, "Data connection open; no transfer in progress.",
      "The data connection stays open and idle (e.g. after ABOR when no transfer was running).",
      "RFC 959 §4.2.2", ""},
    r{226, "Closing data connection.",
      "The file action succeeded (transfer finished, or ABOR handled) and the server has closed "
      "the data connection.",
      "RFC 959 §4.2.2", ""},
    r{227, "Entering Passive Mode (h1,h2,h3,h4,p1,p2).",
      "Answer to PASV: the server listens for the data connection at the given IPv4 address "
      "and port.",
      "RFC 959 §4.1.2, §4.2.2",
      "227 <text> (h1,h2,h3,h4,p1,p2) - address h1.h2.h3.h4, port p1*256+p2; real servers vary "
      "(no parentheses, trailing dot, private address behind NAT)"},
    r{228, "Entering Long Passive Mode (long address, port).",
      "Answer to LPSV: like 227 but for any address family.",
      "RFC 1639 §2",
      "228 <text> (af,hal,h1,...,hn,pal,p1,...,pn) - address family, address length and bytes, "
      "port length and bytes"},
    r{229, "Entering Extended Passive Mode (|||port|).",
      "Answer to EPSV: the server listens for the data connection on the given TCP port at the "
      "control connection's address.",
      "RFC 2428 §3",
      "229 <text> (|||port|) - the delimiter is usually | and the address fields are empty"},
    r{230, "User logged in, proceed.", "Login complete; the session may use the file system.",
      "RFC 959 §4.2.2", ""},
    r{232, "User logged in, authorized by security data exchange.",
      "Login complete without a password: the security mechanism's exchange already "
      "authorized the user.",
      "RFC 2228 §5", ""},
    r{234, "Security data exchange complete.",
      "Answer to AUTH: the mechanism is accepted and no further ADAT exchange is needed; for "
      "AUTH TLS the TLS handshake starts right after this reply.",
      "RFC 2228 §5; RFC 4217", "234 <text> (AUTH TLS must get 234, never 334)"},
    r{235, "Security data exchange completed successfully.",
      "Answer to ADAT: the security exchange finished.",
      "RFC 2228 §5", "235 [ADAT=<base64 data>]"},
    r{250, "Requested file action okay, completed.",
      "The file action (CWD, DELE, RMD, RNTO, a transfer, MLST ...) finished successfully.",
      "RFC 959 §4.2.2; RFC 3659 §7",
      "MLST: 250-<text> / one line: a space, facts (name=value;...), a space, the pathname / "
      "250 End"},
    r{257, "\"PATHNAME\" created.",
      "Answer to MKD and PWD: names the directory created or current.",
      "RFC 959 §4.2.2, Appendix II",
      "257 \"<pathname>\" <comment> - a double quote inside the pathname is doubled (\"\")"},

    // 3yz: positive intermediate; the server waits for another command.
    r{331, "User name okay, need password.",
      "USER accepted; send PASS. Many servers send it for any user name so as not to reveal "
      "which accounts exist.",
      "RFC 959 §4.2.2", ""},
    r{332, "Need account for login.", "Login needs an account; send ACCT.", "RFC 959 §4.2.2",
      ""},
    r{334, "Security mechanism accepted; security data needed.",
      "Answer to AUTH: the mechanism is accepted and the client must continue with ADAT. Wrong "
      "for AUTH TLS (RFC 4217 wants 234).",
      "RFC 2228 §5", "334 [ADAT=<base64 data>]"},
    r{335, "Security data acceptable; more data needed.",
      "Answer to ADAT: the exchange goes on; send another ADAT.",
      "RFC 2228 §5", "335 [ADAT=<base64 data>]"},
    r{336, "User name okay, need password. Challenge is \"...\".",
      "USER accepted under a security mechanism; the password must answer the given challenge "
      "(one-time passwords).",
      "RFC 2228 §5", "336 <text> Challenge is \"<challenge>\""},
    r{350, "Requested file action pending further information.",
      "Accepted and waiting for the next command: after REST a transfer command, after RNFR an "
      "RNTO.",
      "RFC 959 §4.2.2; RFC 3659 §5", "REST: 350 <text naming the restart point>"},

    // 4yz: transient negative; the same command may work later.
    r{421, "Service not available, closing control connection.",
      "The server must shut the session down (too many users, idle timeout, shutdown). It may "
      "answer any command, including the greeting, and then closes the connection.",
      "RFC 959 §4.2.2", ""},
    r{425, "Can't open data connection.",
      "The server could not open or accept the data connection (no PORT/PASV, firewall, "
      "unreachable client).",
      "RFC 959 §4.2.2", ""},
    r{426, "Connection closed; transfer aborted.",
      "The data connection was closed and the transfer aborted (ABOR, network error); after an "
      "ABOR a 226 follows.",
      "RFC 959 §4.2.2", ""},
    r{430, "Invalid username or password.",
      "Login refused. Found in common code lists and some servers but in no RFC; RFC 959 uses "
      "530.",
      "not in an RFC (common code lists)", ""},
    r{431, "Need some unavailable resource to process security.",
      "A resource the security mechanism needs is temporarily missing.",
      "RFC 2228 §5", ""},
    r{434, "Requested host unavailable.",
      "The requested (virtual) host cannot be served. Found in common code lists but in no RFC; "
      "RFC 7151 answers an unknown HOST with 504.",
      "not in an RFC (common code lists)", ""},
    r{450, "Requested file action not taken.",
      "The file is unavailable for now (busy, locked); trying again later may work.",
      "RFC 959 §4.2.2", ""},
    r{451, "Requested action aborted: local error in processing.",
      "The server hit a local error while carrying out the action (also OPTS that cannot be "
      "applied, RFC 2389).",
      "RFC 959 §4.2.2", ""},
    r{452, "Requested action not taken. Insufficient storage space in system.",
      "Not enough disk space right now.",
      "RFC 959 §4.2.2", ""},

    // 5yz: permanent negative; repeating the command unchanged will fail again.
    r{500, "Syntax error, command unrecognized.",
      "The server does not know the command, or the command line is too long.",
      "RFC 959 §4.2.2", ""},
    r{501, "Syntax error in parameters or arguments.",
      "The command is known but its argument is malformed (or present where none is allowed, "
      "e.g. FEAT with an argument, MLSD of a file).",
      "RFC 959 §4.2.2", ""},
    r{502, "Command not implemented.", "The server knows the command but does not implement it.",
      "RFC 959 §4.2.2", ""},
    r{503, "Bad sequence of commands.",
      "The command is out of order (e.g. PASS without USER, RNTO without RNFR, HOST after "
      "login).",
      "RFC 959 §4.2.2", ""},
    r{504, "Command not implemented for that parameter.",
      "The command is supported but not with this argument (e.g. TYPE E, MODE C, an unknown "
      "AUTH mechanism, an unknown HOST).",
      "RFC 959 §4.2.2", ""},
    r{521, "Data connection cannot be opened with this PROT setting.",
      "FTP over TLS: the requested data protection level is refused by policy, or the data "
      "connection cannot be opened with the current one.",
      "RFC 4217", ""},
    r{522, "Network protocol not supported.",
      "EPRT/EPSV named an address family the server does not support (the reply lists the "
      "ones it does); with FTP over TLS, also a failed TLS negotiation on the data connection.",
      "RFC 2428 §2; RFC 4217", "522 <text> (af1,af2,...) e.g. (1,2) for IPv4 and IPv6"},
    r{530, "Not logged in.",
      "The user is not logged in: bad credentials, a command that needs a login, or a server "
      "that refuses the account (e.g. anonymous-only servers).",
      "RFC 959 §4.2.2", ""},
    r{532, "Need account for storing files.", "Storing files needs an account; send ACCT.",
      "RFC 959 §4.2.2", ""},
    r{533, "Command protection level denied for policy reasons.",
      "The server refuses commands at this protection level (e.g. unprotected commands after "
      "AUTH without CCC).",
      "RFC 2228 §5", ""},
    r{534, "Request denied for policy reasons.",
      "The security request (AUTH, PROT, CCC) is refused by the server's policy.",
      "RFC 2228 §5", ""},
    r{535, "Failed security check.",
      "A protected command or ADAT data failed its integrity or authentication check.",
      "RFC 2228 §5", ""},
    r{536, "Requested PROT level not supported by mechanism.",
      "The security mechanism cannot provide the data protection level asked for by PROT.",
      "RFC 2228 §5", ""},
    r{537, "Command protection level not supported by security mechanism.",
      "The mechanism cannot protect commands at the level of the MIC/CONF/ENC used.",
      "RFC 2228 §5", ""},
    r{550, "Requested action not taken. File unavailable.",
      "The file or directory is not there or not accessible (not found, no permission).",
      "RFC 959 §4.2.2", ""},
    r{551, "Requested action aborted: page type unknown.",
      "The transfer failed because the page structure type is unknown.",
      "RFC 959 §4.2.2", ""},
    r{552, "Requested file action aborted. Exceeded storage allocation.",
      "The quota for the current directory or data set is exhausted.",
      "RFC 959 §4.2.2", ""},
    r{553, "Requested action not taken. File name not allowed.",
      "The file name is not acceptable to the server (syntax, reserved name, no write right on "
      "the name).",
      "RFC 959 §4.2.2", ""},

    // 6yz: protected replies; the real reply is base64-encoded inside the text.
    r{631, "Integrity protected reply.",
      "The actual reply is inside, protected for integrity (answer to MIC).",
      "RFC 2228 §5", "631 <base64 encoding of the protected reply>"},
    r{632, "Confidentiality and integrity protected reply.",
      "The actual reply is inside, protected for confidentiality and integrity (answer to ENC).",
      "RFC 2228 §5", "632 <base64 encoding of the protected reply>"},
    r{633, "Confidentiality protected reply.",
      "The actual reply is inside, protected for confidentiality (answer to CONF).",
      "RFC 2228 §5", "633 <base64 encoding of the protected reply>"},
};

// RFC 959 §5.4 "Command-Reply Sequences", in its order, then the extension commands. CDUP
// also lists 250 because RFC 959 Appendix II gives it the CWD replies.
constexpr int greeting_pre[] = {120};
constexpr int greeting_ok[] = {220};
constexpr int greeting_err[] = {421};
constexpr int user_ok[] = {230, 232};
constexpr int user_mid[] = {331, 332, 336};
constexpr int user_err[] = {530, 500, 501, 421};
constexpr int pass_ok[] = {230, 202};
constexpr int pass_mid[] = {332};
constexpr int pass_err[] = {530, 500, 501, 503, 421};
constexpr int acct_ok[] = {230, 202};
constexpr int acct_err[] = {530, 500, 501, 503, 421};
constexpr int cwd_ok[] = {250};
constexpr int cwd_err[] = {500, 501, 502, 421, 530, 550};
constexpr int cdup_ok[] = {200, 250};
constexpr int smnt_ok[] = {202, 250};
constexpr int rein_pre[] = {120};
constexpr int rein_ok[] = {220};
constexpr int rein_err[] = {421, 500, 502};
constexpr int quit_ok[] = {221};
constexpr int quit_err[] = {500};
constexpr int ok_200[] = {200};
constexpr int port_err[] = {500, 501, 421, 530};
constexpr int pasv_ok[] = {227};
constexpr int pasv_err[] = {500, 501, 502, 421, 530};
constexpr int param_err[] = {500, 501, 504, 421, 530};
constexpr int allo_ok[] = {200, 202};
constexpr int rest_mid[] = {350};
constexpr int rest_err[] = {500, 501, 502, 421, 530};
constexpr int transfer_pre[] = {125, 150, 110};
constexpr int list_pre[] = {125, 150};
constexpr int transfer_ok[] = {226, 250};
constexpr int stor_err[] = {425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501, 421, 530};
constexpr int retr_err[] = {425, 426, 451, 450, 550, 500, 501, 421, 530};
constexpr int list_err[] = {425, 426, 451, 450, 500, 501, 502, 421, 530};
constexpr int appe_err[] = {425, 426, 451, 551, 552, 532, 450, 550, 452, 553, 500, 501, 502,
                            421, 530};
constexpr int rnfr_err[] = {450, 550, 500, 501, 502, 421, 530};
constexpr int rnto_err[] = {532, 553, 500, 501, 502, 503, 421, 530};
constexpr int abor_ok[] = {225, 226};
constexpr int abor_err[] = {500, 501, 502, 421};
constexpr int dele_err[] = {450, 550, 500, 501, 502, 421, 530};
constexpr int mkd_ok[] = {257};
constexpr int pwd_err[] = {500, 501, 502, 421, 550};
constexpr int site_ok[] = {200, 202};
constexpr int site_err[] = {500, 501, 530};
constexpr int syst_ok[] = {215};
constexpr int info_err[] = {500, 501, 502, 421};
constexpr int stat_ok[] = {211, 212, 213};
constexpr int stat_err[] = {450, 500, 501, 502, 421, 530};
constexpr int help_ok[] = {211, 214};
constexpr int noop_err[] = {500, 421};
// RFC 2228 §3 (with RFC 4217 for AUTH TLS and the 521 PROT refusal).
constexpr int auth_ok[] = {234};
constexpr int auth_mid[] = {334};
constexpr int auth_err[] = {502, 504, 534, 431, 500, 501, 421};
constexpr int adat_ok[] = {235};
constexpr int adat_mid[] = {335};
constexpr int adat_err[] = {503, 501, 535};
constexpr int pbsz_err[] = {503, 500, 501, 421, 530};
constexpr int prot_err[] = {504, 536, 503, 534, 431, 521, 500, 501, 421, 530};
constexpr int ccc_err[] = {500, 533, 534};
constexpr int protected_ok[] = {631, 632, 633};
constexpr int protected_err[] = {535, 533, 537, 500, 501, 421};
// RFC 2389.
constexpr int feat_ok[] = {211};
constexpr int feat_err[] = {500, 501, 502, 421};
constexpr int opts_err[] = {451, 501, 500, 502, 421};
// RFC 2428 and RFC 1639.
constexpr int eprt_err[] = {500, 501, 522, 421, 530};
constexpr int epsv_ok[] = {229};
constexpr int epsv_err[] = {500, 501, 502, 522, 421, 530};
constexpr int lpsv_ok[] = {228};
// RFC 3659.
constexpr int size_ok[] = {213};
constexpr int size_err[] = {550, 500, 501, 502, 504, 421, 530};
constexpr int mlst_ok[] = {250};
constexpr int mlsd_err[] = {425, 426, 451, 501, 550, 500, 502, 421, 530};
// RFC 7151.
constexpr int host_ok[] = {220};
constexpr int host_err[] = {501, 503, 504, 500, 502, 421};

constexpr std::span<const int> none{};

using replies = ftp_command_replies;
constexpr std::array ftp_commands{
    replies{"(greeting)", "RFC 959 §5.4", greeting_pre, greeting_ok, none, greeting_err},
    replies{"USER", "RFC 959 §4.1.1; RFC 2228 §4", none, user_ok, user_mid, user_err},
    replies{"PASS", "RFC 959 §4.1.1", none, pass_ok, pass_mid, pass_err},
    replies{"ACCT", "RFC 959 §4.1.1", none, acct_ok, none, acct_err},
    replies{"CWD", "RFC 959 §4.1.1", none, cwd_ok, none, cwd_err},
    replies{"CDUP", "RFC 959 §4.1.1", none, cdup_ok, none, cwd_err},
    replies{"SMNT", "RFC 959 §4.1.1", none, smnt_ok, none, cwd_err},
    replies{"REIN", "RFC 959 §4.1.1", rein_pre, rein_ok, none, rein_err},
    replies{"QUIT", "RFC 959 §4.1.1", none, quit_ok, none, quit_err},
    replies{"PORT", "RFC 959 §4.1.2", none, ok_200, none, port_err},
    replies{"PASV", "RFC 959 §4.1.2", none, pasv_ok, none, pasv_err},
    replies{"MODE", "RFC 959 §4.1.2", none, ok_200, none, param_err},
    replies{"TYPE", "RFC 959 §4.1.2", none, ok_200, none, param_err},
    replies{"STRU", "RFC 959 §4.1.2", none, ok_200, none, param_err},
    replies{"ALLO", "RFC 959 §4.1.3", none, allo_ok, none, param_err},
    replies{"REST", "RFC 959 §4.1.3", none, none, rest_mid, rest_err},
    replies{"STOR", "RFC 959 §4.1.3", transfer_pre, transfer_ok, none, stor_err},
    replies{"STOU", "RFC 959 §4.1.3", transfer_pre, transfer_ok, none, stor_err},
    replies{"RETR", "RFC 959 §4.1.3", transfer_pre, transfer_ok, none, retr_err},
    replies{"LIST", "RFC 959 §4.1.3", list_pre, transfer_ok, none, list_err},
    replies{"NLST", "RFC 959 §4.1.3", list_pre, transfer_ok, none, list_err},
    replies{"APPE", "RFC 959 §4.1.3", transfer_pre, transfer_ok, none, appe_err},
    replies{"RNFR", "RFC 959 §4.1.3", none, none, rest_mid, rnfr_err},
    replies{"RNTO", "RFC 959 §4.1.3", none, cwd_ok, none, rnto_err},
    replies{"DELE", "RFC 959 §4.1.3", none, cwd_ok, none, dele_err},
    replies{"RMD", "RFC 959 §4.1.3", none, cwd_ok, none, cwd_err},
    replies{"MKD", "RFC 959 §4.1.3", none, mkd_ok, none, cwd_err},
    replies{"PWD", "RFC 959 §4.1.3", none, mkd_ok, none, pwd_err},
    replies{"ABOR", "RFC 959 §4.1.3", none, abor_ok, none, abor_err},
    replies{"SYST", "RFC 959 §4.1.3", none, syst_ok, none, info_err},
    replies{"STAT", "RFC 959 §4.1.3", none, stat_ok, none, stat_err},
    replies{"HELP", "RFC 959 §4.1.3", none, help_ok, none, info_err},
    replies{"SITE", "RFC 959 §4.1.3", none, site_ok, none, site_err},
    replies{"NOOP", "RFC 959 §4.1.3", none, ok_200, none, noop_err},
    replies{"AUTH", "RFC 2228 §3; RFC 4217", none, auth_ok, auth_mid, auth_err},
    replies{"ADAT", "RFC 2228 §3", none, adat_ok, adat_mid, adat_err},
    replies{"PBSZ", "RFC 2228 §3; RFC 4217", none, ok_200, none, pbsz_err},
    replies{"PROT", "RFC 2228 §3; RFC 4217", none, ok_200, none, prot_err},
    replies{"CCC", "RFC 2228 §3", none, ok_200, none, ccc_err},
    replies{"MIC", "RFC 2228 §3", none, protected_ok, none, protected_err},
    replies{"CONF", "RFC 2228 §3", none, protected_ok, none, protected_err},
    replies{"ENC", "RFC 2228 §3", none, protected_ok, none, protected_err},
    replies{"FEAT", "RFC 2389 §3", none, feat_ok, none, feat_err},
    replies{"OPTS", "RFC 2389 §4", none, ok_200, none, opts_err},
    replies{"EPRT", "RFC 2428 §2", none, ok_200, none, eprt_err},
    replies{"EPSV", "RFC 2428 §3", none, epsv_ok, none, epsv_err},
    replies{"LPRT", "RFC 1639 §2", none, ok_200, none, port_err},
    replies{"LPSV", "RFC 1639 §2", none, lpsv_ok, none, pasv_err},
    replies{"MDTM", "RFC 3659 §3", none, size_ok, none, size_err},
    replies{"SIZE", "RFC 3659 §4", none, size_ok, none, size_err},
    replies{"REST STREAM", "RFC 3659 §5", none, none, rest_mid, rest_err},
    replies{"MLST", "RFC 3659 §7", none, mlst_ok, none, size_err},
    replies{"MLSD", "RFC 3659 §7", list_pre, transfer_ok, none, mlsd_err},
    replies{"HOST", "RFC 7151 §3", none, host_ok, none, host_err},
};

bool iequal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

}  // namespace

const ftp_reply_info* find_ftp_reply(int code) noexcept {
    auto it = std::lower_bound(ftp_replies.begin(), ftp_replies.end(), code,
                               [](const ftp_reply_info& info, int c) { return info.code < c; });
    return (it != ftp_replies.end() && it->code == code) ? &*it : nullptr;
}

std::span<const ftp_reply_info> all_ftp_replies() noexcept { return ftp_replies; }

const ftp_command_replies* find_ftp_command(std::string_view command) noexcept {
    // "REST STREAM" is a REST with the argument STREAM; collapse runs of spaces so
    // "rest  stream" finds it too.
    std::array<char, 32> folded{};
    std::size_t n = 0;
    bool space = false;
    for (char ch : command) {
        if (ch == ' ' || ch == '\t') {
            space = n > 0;
            continue;
        }
        if (space && n < folded.size()) folded[n++] = ' ';
        space = false;
        if (n >= folded.size()) return nullptr;
        folded[n++] = ch;
    }
    const std::string_view key{folded.data(), n};
    for (const auto& entry : ftp_commands)
        if (iequal(entry.command, key)) return &entry;
    return nullptr;
}

std::span<const ftp_command_replies> all_ftp_commands() noexcept { return ftp_commands; }

std::string_view ftp_first_digit_meaning(int code) noexcept {
    if (code < 100 || code > 699) return {};
    switch (code / 100) {
        case 1: return "positive preliminary: the action is starting; another reply follows "
                       "before the next command";
        case 2: return "positive completion: the action finished; a new command may be sent";
        case 3: return "positive intermediate: accepted, but the server waits for another "
                       "command with more information";
        case 4: return "transient negative completion: not done, but the same command may "
                       "work later";
        case 5: return "permanent negative completion: not done, and repeating the command "
                       "unchanged will fail again";
        default: return "protected reply (RFC 2228): the real reply is encoded in the text";
    }
}

std::string_view ftp_second_digit_meaning(int code) noexcept {
    if (code < 100 || code > 699) return {};
    switch ((code / 10) % 10) {
        case 0: return "syntax: syntax errors, or commands that fit no other group";
        case 1: return "information: replies to requests for status or help";
        case 2: return "connections: the control and data connections";
        case 3: return "authentication and accounting: login and account";
        case 4: return "unspecified";
        case 5: return "file system: the state of the server's file system";
        default: return {};
    }
}

}  // namespace replycheck::protocol
