// Windows status code data (sc-win32-status) and look-ups.
//
// IIS writes the status of the last I/O on the request into sc-win32-status: 0 when the
// reply went out, a Win32 error code (winerror.h) otherwise, or an HRESULT from a module,
// printed as an unsigned 32-bit decimal. Winsock codes (100xx) and WinHTTP codes (120xx) come
// from the network layer and from ARR / the ASP.NET Core Module acting as a proxy.
#include "protocol/codes/win32_codes.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>

namespace replycheck::protocol {
namespace {

using w = win32_status_info;

constexpr std::string_view client_gone =
    "The client closed or lost the connection before IIS finished sending the reply; the "
    "status and time-taken are what the server decided and how long it waited, not what the "
    "client saw.";

// Sorted by value; the registry test checks the order.
constexpr std::array win32_statuses{
    w{0, "ERROR_SUCCESS", "The operation completed without error.",
      "The reply was handed to the network without an error. This is the normal value, even "
      "for 404 or 500 replies: it describes the I/O, not the HTTP outcome.",
      "200"},
    w{1, "ERROR_INVALID_FUNCTION", "The function asked for is not valid for this object.",
      "Seen with 500 and 404 replies when a handler or an ISAPI extension was invoked in a way "
      "it does not support, or a module rejected the request early.",
      "500.0; 404.0"},
    w{2, "ERROR_FILE_NOT_FOUND", "The file named does not exist.",
      "With 404.0: the requested file is not on disk. With 500 or 502.5: a file the server "
      "needed (a DLL, the dotnet host, a config include) is missing.",
      "404.0; 502.5; 500.19; ftp 550"},
    w{3, "ERROR_PATH_NOT_FOUND", "A folder in the path does not exist.",
      "With 404.0: a folder along the URL does not exist on disk. In FTP logs: CWD or a transfer "
      "named a folder that is not there.",
      "404.0; ftp 550"},
    w{5, "ERROR_ACCESS_DENIED", "The account in use lacks the permission asked for.",
      "With 401.2 / 401.3: anonymous or authenticated access is refused, often the normal first "
      "leg of an authentication challenge. With 500.19: the worker process cannot read "
      "web.config. In FTP logs with 550: NTFS or FTP authorization rules refuse the user.",
      "401.2; 401.3; 403; 500.19; ftp 550"},
    w{6, "ERROR_INVALID_HANDLE", "A handle passed to the system was not valid (already closed).",
      "Usually a connection or file handle was torn down while a request still used it: an "
      "application pool recycle or a client disconnect racing with the reply.",
      "500.0"},
    w{13, "ERROR_INVALID_DATA", "The data given is not valid.",
      "With 500.19: a configuration file (web.config, applicationHost.config) is malformed XML "
      "or holds an element or attribute the schema does not know. The error page shows it as "
      "0x8007000d.",
      "500.19"},
    w{32, "ERROR_SHARING_VIOLATION", "Another process has the file open in a way that "
      "excludes this access.",
      "A file was locked when IIS (or the FTP service) tried to read or replace it: a deployment "
      "in progress, antivirus or backup software holding the file, or an upload still open.",
      "500.0; ftp 550"},
    w{50, "ERROR_NOT_SUPPORTED", "The request is not supported.",
      "With 500.19: configuration uses a section that no installed module defines (URL Rewrite "
      "or another extension missing). With 500 on static files: a feature the handler lacks.",
      "500.19; 500.21"},
    w{53, "ERROR_BAD_NETPATH", "The network path was not found.",
      "Content or configuration lives on a UNC share that cannot be reached: the file server "
      "is down, the share name changed, or name resolution fails.",
      "500.19; 500.0; 404.0"},
    w{59, "ERROR_UNEXP_NET_ERR", "An unexpected network error happened.",
      "A read from a network share (shared content or shared configuration) failed midway; look "
      "at the file server and the SMB path.",
      "500.0; 500.19"},
    w{64, "ERROR_NETNAME_DELETED", "The network connection (or name) in use is no longer "
      "available.",
      client_gone, "200; 206; 304; ftp 226; ftp 426"},
    w{87, "ERROR_INVALID_PARAMETER", "A parameter passed to a function is not valid.",
      "Often the transport rejected a malformed request or response part, e.g. a module set a "
      "bad header; with 502.5 a bad processPath or arguments in the aspNetCore element.",
      "400; 500.0; 502.5"},
    w{121, "ERROR_SEM_TIMEOUT", "The semaphore timeout period has expired.",
      "A network read or write to the client (or to a share) waited too long; commonly a slow "
      "or stalled client connection, or an unresponsive file server.",
      "200; 500.0"},
    w{123, "ERROR_INVALID_NAME", "The file name, folder name or volume label syntax is wrong.",
      "The URL or FTP path maps to a file name Windows does not allow (characters such as : * "
      "? < > |, reserved device names like CON or NUL, a trailing dot).",
      "404.0; 400; ftp 550"},
    w{126, "ERROR_MOD_NOT_FOUND", "The module (DLL) named could not be found.",
      "A native module or ISAPI DLL listed in the configuration, or one of its dependencies, is "
      "missing: e.g. the ASP.NET Core Module without the Visual C++ runtime it needs.",
      "500.0; 500.19; 503.0"},
    w{183, "ERROR_ALREADY_EXISTS", "The object cannot be created because it already exists.",
      "With 500.19: a configuration collection has the same entry twice (a duplicate add in "
      "web.config of something already inherited). In FTP logs: MKD or RNTO to an existing "
      "name.",
      "500.19; ftp 550; ftp 553"},
    w{193, "ERROR_BAD_EXE_FORMAT", "The file is not a valid program for this Windows.",
      "A 32-bit / 64-bit mismatch: the application pool's \"Enable 32-bit applications\" "
      "setting does not match the published app or a native DLL (ASP.NET Core error "
      "0x800700c1).",
      "502.5; 500.32; 500.0"},
    w{206, "ERROR_FILENAME_EXCED_RANGE", "The file name or extension is too long.",
      "The physical path a URL maps to is longer than Windows allows (about 260 characters "
      "without long-path support).",
      "404.0; 400"},
    w{231, "ERROR_PIPE_BUSY", "All instances of the pipe are busy.",
      "A named pipe to a back end (FastCGI, a service) had no free instance: the back end is "
      "overloaded or hung.",
      "500.0; 503"},
    w{232, "ERROR_NO_DATA", "The pipe is being closed.",
      "The other end of a pipe went away while IIS wrote to it: a FastCGI program (PHP) or an "
      "out-of-process app that crashed or exited mid-request.",
      "500.0; 502.3"},
    w{267, "ERROR_DIRECTORY", "The directory name is not valid.",
      "A path that must be a folder names a file (or is malformed); in FTP logs CWD to a file "
      "name.",
      "404.0; ftp 550"},
    w{995, "ERROR_OPERATION_ABORTED", "The I/O was cancelled because a thread exited or the "
      "application asked for it.",
      "The request's I/O was cancelled before it completed: usually the client disconnected "
      "(closed the tab, navigated away, a timeout in a proxy), sometimes the application pool "
      "recycled or shut down with requests in flight.",
      "200; 206; 500.0; ftp 426"},
    w{1117, "ERROR_IO_DEVICE", "The request could not be performed because of an I/O device "
      "error.",
      "Reading content from disk or a network share failed at the device level; check the disk, "
      "the storage path and the system event log.",
      "500.0"},
    w{1219, "ERROR_SESSION_CREDENTIAL_CONFLICT", "One user may not hold several connections to "
      "the same server or share under different credentials.",
      "The worker process already has an SMB session to the content server under another "
      "account than the one configured for this virtual directory (UNC credentials).",
      "500.19; 500.16; 401.3"},
    w{1224, "ERROR_USER_MAPPED_FILE", "The operation cannot run on a file that has a user-mapped "
      "section open.",
      "A file being replaced (deployment, FTP upload) is memory-mapped by IIS's file cache or "
      "another process.",
      "500.0; ftp 550"},
    w{1229, "ERROR_CONNECTION_INVALID", "An operation was tried on a network connection that "
      "does not exist.",
      "The connection was already gone when IIS tried to use it: the client closed it between "
      "requests on a keep-alive connection.",
      "200"},
    w{1231, "ERROR_NETWORK_UNREACHABLE", "The remote network is not reachable.",
      "Routing to the client or to a back end failed; seen on proxies (ARR) and with FTP active "
      "mode when the client's address cannot be reached.",
      "502.3; ftp 425"},
    w{1232, "ERROR_HOST_UNREACHABLE", "The remote host is not reachable.",
      "Like 1231 for a single host: a back end or an FTP client's data port cannot be reached.",
      "502.3; ftp 425"},
    w{1235, "ERROR_REQUEST_ABORTED", "The request was aborted.",
      "The server side ended the request before the reply completed; often paired with timeouts "
      "such as minBytesPerSecond or a connection limit.",
      "200; 500.0"},
    w{1236, "ERROR_CONNECTION_ABORTED", "The local system aborted the network connection.",
      "IIS (or the application through it) closed the connection itself: a connection timeout, "
      "the app calling Abort, a response too slow for minBytesPerSecond, or the pool "
      "recycling. Unlike 64, the server side ended it.",
      "200; 500.0; ftp 426"},
    w{1244, "ERROR_NOT_AUTHENTICATED", "The operation needs an authenticated user and there "
      "is none.",
      "A module required an authenticated identity and the request had none.",
      "401.2; 401"},
    w{1260, "ERROR_ACCESS_DISABLED_BY_POLICY", "A software restriction or group policy blocks "
      "this program.",
      "Policy (AppLocker, software restriction) prevents a CGI or FastCGI program, or a DLL, "
      "from running under the pool identity.",
      "500.0; 502.5"},
    w{1314, "ERROR_PRIVILEGE_NOT_HELD", "The client does not hold a privilege the operation "
      "requires.",
      "The pool or FTP identity lacks a user right, e.g. \"Replace a process level token\" for "
      "CGI or the right needed to create symbolic links.",
      "403.19; 500.0; ftp 550"},
    w{1326, "ERROR_LOGON_FAILURE", "The user name or password is wrong.",
      "With 401.1 (Basic, or a failed NTLM leg) or FTP 530 after PASS: the credentials were "
      "checked and rejected; many in a row from one address can mean password guessing.",
      "401.1; ftp 530"},
    w{1327, "ERROR_ACCOUNT_RESTRICTION", "An account restriction prevents this logon.",
      "The account may not log on this way: blank passwords not allowed for network logon, "
      "logon hours, or allowed workstations.",
      "401.1; ftp 530"},
    w{1330, "ERROR_PASSWORD_EXPIRED", "The account's password has expired.",
      "The user (or a pool or UNC identity) must change the password before logging on; when "
      "it is the application pool identity, the pool stops with 503.",
      "401.1; 503.0; ftp 530"},
    w{1331, "ERROR_ACCOUNT_DISABLED", "The account is disabled.",
      "The user's account is switched off in Active Directory or the local account database.",
      "401.1; ftp 530"},
    w{1385, "ERROR_LOGON_TYPE_NOT_GRANTED", "The user has not been granted the logon type "
      "asked for on this computer.",
      "The account lacks the logon right IIS uses (\"Log on locally\", \"Access this computer "
      "from the network\", or \"Log on as a batch job\" for pool identities).",
      "401.1; 503.0; ftp 530"},
    w{1907, "ERROR_PASSWORD_MUST_CHANGE", "The password must be changed before the first "
      "logon.",
      "The account is marked \"user must change password at next logon\", which a web or FTP "
      "logon cannot do.",
      "401.1; ftp 530"},
    w{1909, "ERROR_ACCOUNT_LOCKED_OUT", "The account is locked out.",
      "Too many failed logons locked the account; look for 1326 entries just before it from "
      "the same or other addresses.",
      "401.1; ftp 530"},
    w{10053, "WSAECONNABORTED", "Software on this host aborted the established connection.",
      "The local TCP stack ended the connection, typically after a data transmission timeout "
      "or a protocol error; in FTP logs on data channels when a transfer is cut off.",
      "200; ftp 426"},
    w{10054, "WSAECONNRESET", "The peer reset the connection.",
      "The client (or a firewall or load balancer between) sent a TCP reset: the browser was "
      "closed, a proxy idle timeout, or an FTP client aborting a transfer.",
      "200; ftp 426; ftp 425"},
    w{10060, "WSAETIMEDOUT", "A connection attempt or transfer got no answer in time.",
      "The peer stopped answering: in FTP logs a data connection that could not be set up "
      "(passive ports blocked by a firewall, active mode behind NAT); on proxies a back end "
      "that never answered.",
      "ftp 425; ftp 426; 502.3"},
    w{10061, "WSAECONNREFUSED", "The target actively refused the connection.",
      "Nothing listens on the address and port tried: an FTP active-mode client port that is "
      "closed, or a back end (ARR, ANCM's Kestrel) that is not running.",
      "ftp 425; 502.3; 502.5"},
    w{12002, "ERROR_WINHTTP_TIMEOUT", "A WinHTTP request timed out.",
      "With 502.3: ARR or the ASP.NET Core Module forwarded the request and the back end did "
      "not answer within the proxy or requestTimeout limit.",
      "502.3; 504"},
    w{12029, "ERROR_WINHTTP_CANNOT_CONNECT", "WinHTTP could not connect to the server.",
      "With 502.3: the proxy could not open a TCP connection to the back end (it is down, the "
      "port is wrong, or a firewall blocks it).",
      "502.3"},
    w{12030, "ERROR_WINHTTP_CONNECTION_ERROR", "The connection to the server was reset or "
      "ended abnormally.",
      "With 502.3: the back end closed the connection mid-reply, often because it crashed or "
      "recycled.",
      "502.3"},

    // HRESULTs, as IIS logs them (unsigned decimal) and shows them on error pages (hex).
    w{0x80004005, "E_FAIL", "Unspecified failure.",
      "A component failed without saying why: with 500.19 a configuration section that cannot "
      "be read, with 500.0 an ISAPI or module failure, with ANCM a startup failure. Look at "
      "the Windows event log for the real cause.",
      "500.0; 500.19; 500.30"},
    w{0x8007000D, "HRESULT_FROM_WIN32(ERROR_INVALID_DATA)",
      "Win32 error 13 (invalid data) wrapped as an HRESULT.",
      "The classic 500.19 code: web.config or applicationHost.config cannot be parsed, or uses "
      "an element of a module that is not installed (URL Rewrite's rewrite section is the "
      "usual one).",
      "500.19"},
    w{0x80070020, "HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)",
      "Win32 error 32 (sharing violation) wrapped as an HRESULT.",
      "A site cannot start because another process already holds its binding's port, or a file "
      "IIS needs is locked by another process.",
      "503.0; 500.0"},
    w{0x80070032, "HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)",
      "Win32 error 50 (not supported) wrapped as an HRESULT.",
      "With 500.19: a configuration section is not supported here, e.g. a section defined by a "
      "module that is not installed or one that may not be set at this level.",
      "500.19"},
    w{0x800700B7, "HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)",
      "Win32 error 183 (already exists) wrapped as an HRESULT.",
      "With 500.19: a collection in web.config adds an entry that a parent configuration "
      "already defines (a duplicate MIME map, handler or module name).",
      "500.19"},
    w{0x8007052E, "HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)",
      "Win32 error 1326 (logon failure) wrapped as an HRESULT.",
      "With 500.19: the credentials set for a virtual directory's physical path (connect as) "
      "or for shared configuration are wrong, so IIS cannot read the content or its "
      "web.config.",
      "500.19; 500.16"},
    w{0x80090308, "SEC_E_INVALID_TOKEN", "The security token handed to the security package "
      "is not valid.",
      "With 401.1: an NTLM or Kerberos token was rejected, e.g. a proxy that breaks the "
      "connection affinity NTLM needs, a wrong or duplicate SPN, or clock skew.",
      "401.1"},
    w{0x8009030C, "SEC_E_LOGON_DENIED", "The logon attempt through the security package "
      "failed.",
      "With 401.1: Windows authentication (Negotiate/NTLM) rejected the user: wrong password "
      "or an account the server does not trust.",
      "401.1"},
    w{0x8009030E, "SEC_E_NO_CREDENTIALS", "No credentials are available to the security "
      "package.",
      "With 401.1: usually one normal leg of a Negotiate/NTLM handshake (the client has not "
      "proved who it is yet); worth a look only when the same client never reaches 200.",
      "401.1; 401.2"},
};

using combo = logged_combination;

// Notes on combinations users paste from logs; (status, substatus, win32) with substatus -1
// for any. Keep HTTP first, then FTP.
constexpr std::array combinations{
    combo{false, 200, -1, 64, "The page was produced and IIS started sending it, but the client "
      "had gone (or a proxy reset the connection) before it finished; a large time-taken is "
      "the wait, not slow code."},
    combo{false, 200, -1, 995, "The reply was cut off because its I/O was cancelled: typically the "
      "client disconnected (navigated away, closed the app) or the pool recycled."},
    combo{false, 200, -1, 1236, "The reply was cut off by the server side: a timeout such as "
      "minBytesPerSecond, the application aborting the connection, or a recycle."},
    combo{false, 200, -1, 10054, "The client or something in between reset the connection during "
      "the reply."},
    combo{false, 206, -1, 64, "A range (partial) reply the client abandoned: media players and "
      "download managers do this all the time; usually harmless."},
    combo{false, 401, 1, 1326, "Wrong user name or password (Basic authentication, or a failed "
      "Windows logon)."},
    combo{false, 401, 1, 1909, "The account is locked out after failed logons."},
    combo{false, 401, 1, 0x80090308, "A Windows authentication token was rejected: broken NTLM "
      "connection affinity through a proxy, an SPN problem or clock skew."},
    combo{false, 401, 1, 0x8009030C, "Windows authentication (Negotiate/NTLM) refused the user."},
    combo{false, 401, 1, 0x8009030E, "A normal leg of the Negotiate/NTLM handshake: the client had "
      "not sent usable credentials yet. A problem only when it never ends in 200."},
    combo{false, 401, 2, 5, "The normal first leg of an authentication challenge: the request "
      "came without credentials and the server answered with WWW-Authenticate."},
    combo{false, 401, 3, 5, "The user was authenticated, but NTFS permissions deny it the file."},
    combo{false, 404, 0, 2, "The file does not exist on disk."},
    combo{false, 404, 0, 3, "A folder along the path does not exist on disk."},
    combo{false, 500, 19, 5, "The worker process may not read web.config (NTFS permissions for "
      "the pool identity or IIS_IUSRS)."},
    combo{false, 500, 19, 13, "A configuration file is malformed or names an unknown element "
      "(often a missing module such as URL Rewrite)."},
    combo{false, 500, 19, 50, "Configuration uses a section no installed module supports."},
    combo{false, 500, 19, 183, "A configuration collection has a duplicate entry."},
    combo{false, 500, 19, 0x8007000D, "A configuration file is malformed or names an unknown "
      "element (often a missing module such as URL Rewrite)."},
    combo{false, 502, 3, 12002, "The back end behind ARR or the ASP.NET Core Module took too long "
      "to answer."},
    combo{false, 502, 3, 12029, "The proxy could not connect to the back end at all."},
    combo{false, 502, 3, 12030, "The back end dropped the connection mid-reply."},

    combo{true, 425, -1, 10060, "The data connection could not be opened in time: passive ports "
      "blocked by a firewall, or active mode through NAT."},
    combo{true, 425, -1, 10061, "The data connection was refused: active mode to a client port "
      "that is not listening."},
    combo{true, 426, -1, 64, "The data transfer was cut off because the client went away."},
    combo{true, 426, -1, 10054, "The client (or a firewall) reset the data connection mid-transfer."},
    combo{true, 530, -1, 1326, "Wrong user name or password after PASS."},
    combo{true, 530, -1, 1330, "The user's password has expired."},
    combo{true, 530, -1, 1331, "The user's account is disabled."},
    combo{true, 530, -1, 1385, "The user lacks the logon right the FTP service uses."},
    combo{true, 530, -1, 1909, "The account is locked out after failed logons."},
    combo{true, 550, -1, 2, "The file named by the command does not exist."},
    combo{true, 550, -1, 3, "The folder named by the command does not exist."},
    combo{true, 550, -1, 5, "NTFS permissions or FTP authorization rules deny the user."},
    combo{true, 550, -1, 32, "The file is in use by another process."},
    combo{true, 550, -1, 183, "The file or folder already exists (MKD, RNTO)."},
    combo{true, 550, -1, 267, "The name is not a folder (CWD to a file)."},
};

char lower(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

int hex_digit(char ch) noexcept {
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch = lower(ch);
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    return -1;
}

}  // namespace

const win32_status_info* find_win32_status(std::uint32_t value) noexcept {
    auto it = std::lower_bound(win32_statuses.begin(), win32_statuses.end(), value,
                               [](const win32_status_info& info, std::uint32_t key) {
                                   return info.value < key;
                               });
    return (it != win32_statuses.end() && it->value == value) ? &*it : nullptr;
}

const win32_status_info* find_win32_status(std::string_view name) noexcept {
    for (const auto& entry : win32_statuses)
        if (iequals(entry.name, name)) return &entry;
    return nullptr;
}

std::span<const win32_status_info> all_win32_statuses() noexcept { return win32_statuses; }

win32_resolution resolve_win32_status(std::uint32_t value) noexcept {
    win32_resolution result;
    result.value = value;
    result.wrapped = win32_from_hresult(value);
    result.entry = find_win32_status(value);
    if (!result.entry && result.wrapped) result.entry = find_win32_status(*result.wrapped);
    return result;
}

std::optional<std::uint32_t> parse_win32_argument(std::string_view text) noexcept {
    if (text.empty() || text.size() > 16) return std::nullopt;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        const auto digits = text.substr(2);
        // Leading zeros are fine ("0x00000040"); more than 32 significant bits are not.
        std::uint64_t value = 0;
        for (char ch : digits) {
            const int d = hex_digit(ch);
            if (d < 0) return std::nullopt;
            value = value * 16 + static_cast<std::uint64_t>(d);
            if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
        }
        return static_cast<std::uint32_t>(value);
    }
    const bool negative = text[0] == '-';
    const auto digits = negative ? text.substr(1) : text;
    if (digits.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char ch : digits) {
        if (ch < '0' || ch > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(ch - '0');
        if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    }
    if (!negative) return static_cast<std::uint32_t>(value);
    // A signed 32-bit HRESULT as some tools print it: -2147024891 is 0x80070005.
    if (value == 0 || value > 0x80000000u) return std::nullopt;
    return static_cast<std::uint32_t>(0x100000000ull - value);
}

std::vector<const win32_status_info*> nearest_win32_statuses(std::uint32_t value,
                                                             std::size_t count) {
    std::vector<const win32_status_info*> candidates;
    for (const auto& entry : win32_statuses)
        if (is_hresult(entry.value) == is_hresult(value)) candidates.push_back(&entry);
    if (candidates.empty())
        for (const auto& entry : win32_statuses) candidates.push_back(&entry);
    const auto distance = [value](const win32_status_info* e) {
        return e->value > value ? e->value - value : value - e->value;
    };
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const win32_status_info* a, const win32_status_info* b) {
                         const auto da = distance(a), db = distance(b);
                         return da != db ? da < db : a->value < b->value;
                     });
    if (candidates.size() > count) candidates.resize(count);
    return candidates;
}

const logged_combination* find_http_combination(int status, int substatus,
                                                std::uint32_t win32) noexcept {
    for (const auto& entry : combinations)
        if (!entry.ftp && entry.status == status && entry.win32 == win32 &&
            (entry.substatus == -1 || entry.substatus == substatus))
            return &entry;
    return nullptr;
}

const logged_combination* find_ftp_combination(int reply, std::uint32_t win32) noexcept {
    for (const auto& entry : combinations)
        if (entry.ftp && entry.status == reply && entry.win32 == win32) return &entry;
    return nullptr;
}

std::span<const logged_combination> all_logged_combinations() noexcept { return combinations; }

}  // namespace replycheck::protocol
