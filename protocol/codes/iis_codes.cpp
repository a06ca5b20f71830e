// IIS substatus code data and look-ups.
//
// IIS records a substatus next to the HTTP status (sc-status, sc-substatus in the W3C extended
// log) and shows it on its detailed error pages ("HTTP Error 404.3"); the wire status line
// only carries the three-digit code. Codes marked "IIS 6.0" are from that release only.
#include "protocol/codes/iis_codes.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace replycheck::protocol {
namespace {

using i = iis_substatus_info;

// The 50x substatus codes of 401/403/404 come from the Dynamic IP Restrictions feature
// (rate limits and deny lists); they share their wording across the three statuses.
constexpr std::string_view dipr_concurrent =
    "The client address has more requests "
    "in flight than the concurrent-request limit allows.";
constexpr std::string_view dipr_rate =
    "The client address sent more requests in "
    "the sampling window than the rate limit allows.";
constexpr std::string_view dipr_ip =
    "The client address matches an entry "
    "in the IP address deny list.";
constexpr std::string_view dipr_host =
    "The client host name (reverse DNS) matches "
    "an entry in the domain-name deny list.";

// Sorted by (status, substatus); the registry test checks the order.
constexpr std::array iis_substatuses{
    // 400: IIS rejects the request itself. 400.1-400.9 are WebDAV header and body checks,
    // 400.6xx come from Application Request Routing (ARR) acting as a reverse proxy.
    i{400, 1, "400.1", "Invalid Destination header",
      "A WebDAV COPY or MOVE request carries a Destination header IIS cannot use.",
      "Destination pointing to another host or site; malformed or unencoded Destination URL"},
    i{400, 2, "400.2", "Invalid Depth header",
      "A WebDAV request carries a Depth value not allowed for its method.",
      "Depth other than 0, 1 or infinity; a Depth the method does not accept"},
    i{400, 3, "400.3", "Invalid If header",
      "The WebDAV If header (lock tokens and entity tags) cannot be parsed.",
      "malformed If header list; client bug in lock handling"},
    i{400, 4, "400.4", "Invalid Overwrite header",
      "The WebDAV Overwrite header is neither T nor F.",
      "client sending another value or a lowercase variant"},
    i{400, 5, "400.5", "Invalid Translate header",
      "The Translate header has a value other than t or f.",
      "client or proxy adding a non-standard Translate value"},
    i{400, 6, "400.6", "Invalid request body",
      "The request body (typically WebDAV XML) is malformed.",
      "PROPFIND/PROPPATCH/LOCK with invalid XML; truncated body"},
    i{400, 7, "400.7", "Invalid Content-Length",
      "The Content-Length header is not a valid length or disagrees with the body sent.",
      "client or proxy sending a wrong or non-numeric Content-Length"},
    i{400, 8, "400.8", "Invalid Timeout",
      "The WebDAV Timeout header for a LOCK request cannot be parsed.",
      "malformed Second-n or Infinite value"},
    i{400, 9, "400.9", "Invalid lock token",
      "The lock token in a WebDAV request is malformed or unknown.",
      "stale lock token after the lock expired; client bug"},
    i{400, 10, "400.10", "Invalid X-Forwarded-For header",
      "The X-Forwarded-For header cannot be parsed as a list of addresses.",
      "proxy or client writing junk into X-Forwarded-For; header too long"},
    i{400, 11, "400.11", "Invalid WebSocket request",
      "A WebSocket upgrade request lacks what the handshake requires.",
      "missing or wrong Sec-WebSocket-Key or Sec-WebSocket-Version; a proxy dropping Upgrade"},
    i{400, 601, "400.601", "Bad client request (ARR)",
      "Application Request Routing could not read a valid request from the client.",
      "malformed request reaching the ARR front end; client closing mid-request"},
    i{400, 602, "400.602", "Invalid time format (ARR)",
      "A date or time value ARR had to parse in the request is malformed.",
      "bad If-Modified-Since or similar date header"},
    i{400, 603, "400.603", "Parse range error (ARR)",
      "ARR could not parse the Range header of the request.",
      "malformed Range value; unsupported range unit"},
    i{400, 604, "400.604", "Client gone (ARR)",
      "The client disconnected while ARR was still reading its request or forwarding it.",
      "user cancelled; client timeout shorter than the back end's processing time"},
    i{400, 605, "400.605", "Maximum number of forwards (ARR)",
      "The request looped through ARR more times than allowed.",
      "routing rules that send the request back to the same farm; a proxy loop"},

    // 401: authentication failed.
    i{401, 1, "401.1", "Logon failed",
      "The credentials sent were checked and rejected.",
      "wrong user name or password; account locked or disabled; wrong domain"},
    i{401, 2, "401.2", "Logon failed due to server configuration",
      "No authentication method that both sides support is enabled, so the logon cannot work.",
      "every authentication method disabled for the site; client and server share no "
      "authentication scheme; anonymous access off without an alternative"},
    i{401, 3, "401.3", "Unauthorized due to ACL on resource",
      "The authenticated (or anonymous) account lacks NTFS permission on the file or folder.",
      "NTFS access list does not grant the user (or IUSR for anonymous access) read access; "
      "missing rights on a folder IIS itself needs"},
    i{401, 4, "401.4", "Authorization failed by filter",
      "An ISAPI filter refused the request for authorization reasons.",
      "custom or third-party ISAPI filter rules"},
    i{401, 5, "401.5", "Authorization failed by ISAPI/CGI application",
      "The ISAPI extension or CGI program that handles the URL refused the request for "
      "authorization reasons.",
      "application-level access checks in the ISAPI or CGI program"},
    i{401, 7, "401.7", "Access denied by URL authorization policy",
      "URL authorization rules on the server deny this user the URL (IIS 6.0).",
      "URL authorization store rules that exclude the user or role"},
    i{401, 501, "401.501", "Too many concurrent requests (Dynamic IP Restrictions)",
      dipr_concurrent, "many parallel connections from one client; a crawler or load test"},
    i{401, 502, "401.502", "Request rate limit reached (Dynamic IP Restrictions)",
      dipr_rate, "request burst from one client; a crawler or load test"},
    i{401, 503, "401.503", "Client IP address denied (IP Restrictions)",
      dipr_ip, "the address or its subnet is listed as denied; allow-unlisted set to false"},
    i{401, 504, "401.504", "Client host name denied (IP Restrictions)",
      dipr_host, "domain-name restrictions enabled with the client's domain denied"},

    // 403: the request was understood and refused.
    i{403, 1, "403.1", "Execute access forbidden",
      "The request needs execute rights on the folder (script or executable) and they are not "
      "granted.",
      "handler access policy without Script/Execute; script mapping not allowing the verb used"},
    i{403, 2, "403.2", "Read access forbidden",
      "Read permission is not granted on the folder, so the content cannot be served.",
      "handler access policy without Read; requesting a folder whose default document is "
      "missing while read access is off"},
    i{403, 3, "403.3", "Write access forbidden",
      "The request tried to write (PUT, WebDAV) where write permission is not granted.",
      "IIS or NTFS permissions do not allow writing to the folder"},
    i{403, 4, "403.4", "SSL required",
      "The resource demands a TLS (HTTPS) connection and the request came over plain HTTP.",
      "Require SSL set on the site or folder; link or client using http://"},
    i{403, 5, "403.5", "SSL 128 required",
      "The resource demands 128-bit encryption and the connection used a weaker cipher.",
      "Require 128-bit SSL set; an old client limited to weak ciphers"},
    i{403, 6, "403.6", "IP address rejected",
      "The server is set to refuse the client's IP address.",
      "IP address and domain restrictions deny the address or its range"},
    i{403, 7, "403.7", "Client certificate required",
      "The resource requires TLS client-certificate authentication and no certificate was "
      "presented.",
      "Require client certificates set; no client certificate installed or selected"},
    i{403, 8, "403.8", "Site access denied",
      "The server refuses the client based on its DNS name.",
      "domain-name restriction matching the client's reverse DNS name"},
    i{403, 9, "403.9", "Too many users",
      "The number of connected users exceeds the configured connection limit.",
      "site connection limit too low; the fixed 10-connection limit of client editions of "
      "Windows"},
    i{403, 10, "403.10", "Execute access denied (invalid configuration)",
      "The server is configured so that execute access is refused for this request.",
      "execute permission not enabled for the application or folder"},
    i{403, 11, "403.11", "Password changed",
      "Access is refused because the account's password changed.",
      "credentials cached by the client are no longer valid after a password change"},
    i{403, 12, "403.12", "Mapper denied access",
      "A client certificate is required and the account it maps to is refused access to the "
      "file.",
      "certificate-to-account mapping maps to a user without rights on the resource"},
    i{403, 13, "403.13", "Client certificate revoked",
      "The client certificate presented has been revoked by its issuing authority.",
      "certificate listed in the issuer's revocation list"},
    i{403, 14, "403.14", "Directory listing denied",
      "The URL names a folder, no default document is configured or present there, and "
      "directory browsing is turned off, so there is nothing to show.",
      "no default document (index file) in the folder; default document feature disabled; "
      "directory browsing disabled (the usual secure setting); application not deployed to the "
      "folder"},
    i{403, 15, "403.15", "Client access licenses exceeded",
      "The server ran out of client access licenses for new connections.",
      "more simultaneous clients than licensed"},
    i{403, 16, "403.16", "Client certificate untrusted or invalid",
      "The client certificate is malformed or chains to an authority the server does not "
      "trust.",
      "issuing CA missing from the server's trusted root store; self-signed client certificate"},
    i{403, 17, "403.17", "Client certificate expired or not yet valid",
      "The client certificate is outside its validity period.",
      "certificate expired; wrong clock on client or server"},
    i{403, 18, "403.18", "Cannot execute URL in the current application pool",
      "The URL cannot run in the application pool handling the request, e.g. a custom error "
      "page that belongs to a different pool than the requested URL.",
      "custom error page or redirect target in another application pool"},
    i{403, 19, "403.19", "Cannot execute CGI applications in this application pool",
      "CGI programs cannot be started for the client in this application pool.",
      "the pool identity lacks the \"Replace a process level token\" user right"},
    i{403, 20, "403.20", "Passport logon failed",
      "Authentication through Microsoft Passport failed (IIS 6.0).",
      "Passport ticket missing, expired or rejected"},
    i{403, 21, "403.21", "Source access denied",
      "WebDAV source access (reading a script's source) is not granted.",
      "Source access not allowed on the folder; WebDAV client asking for the raw script with "
      "Translate: f"},
    i{403, 22, "403.22", "Infinite depth denied",
      "A WebDAV request with Depth: infinity was refused.",
      "PROPFIND with Depth: infinity while infinite-depth requests are disabled"},
    i{403, 501, "403.501", "Too many concurrent requests (Dynamic IP Restrictions)",
      dipr_concurrent, "many parallel connections from one client; a crawler or load test"},
    i{403, 502, "403.502", "Request rate limit reached (Dynamic IP Restrictions)",
      dipr_rate, "request burst from one client; a crawler or load test"},
    i{403, 503, "403.503", "Client IP address denied (IP Restrictions)",
      dipr_ip, "the address or its subnet is listed as denied"},
    i{403, 504, "403.504", "Client host name denied (IP Restrictions)",
      dipr_host, "domain-name restrictions enabled with the client's domain denied"},

    // 404: not found, including most request-filtering rejections.
    i{404, 0, "404.0", "File or directory not found",
      "Nothing exists at the requested path.",
      "mistyped URL; file moved, renamed or deleted; content not deployed"},
    i{404, 1, "404.1", "Site not accessible on the requested port",
      "No site is bound to the address and port the request came in on.",
      "site bindings do not include this IP/port combination"},
    i{404, 2, "404.2", "ISAPI or CGI restriction",
      "The ISAPI or CGI program that would handle the request is not on the allowed list "
      "(web service extension lockdown).",
      "extension not allowed in ISAPI and CGI Restrictions; ASP.NET or PHP module not enabled "
      "there"},
    i{404, 3, "404.3", "MIME type restriction",
      "The file extension has neither a handler mapping nor a MIME type, so IIS will not serve "
      "it.",
      "no MIME map entry for the extension (e.g. .json on old versions); handler feature not "
      "installed"},
    i{404, 4, "404.4", "No handler configured",
      "No handler is mapped to process the requested file extension.",
      "handler mapping missing or removed; feature that provides the handler not installed"},
    i{404, 5, "404.5", "Denied by request filtering configuration",
      "Request filtering matched a blocked character sequence in the URL.",
      "URL sequence deny rule (e.g. \"..\" or a blocked word) in request filtering"},
    i{404, 6, "404.6", "Verb denied",
      "Request filtering refuses the HTTP method used.",
      "verb deny rule; allowUnlisted false with the verb not listed"},
    i{404, 7, "404.7", "File extension denied",
      "Request filtering refuses the file name extension.",
      "file extension deny rule (e.g. .config, .mdb)"},
    i{404, 8, "404.8", "Hidden namespace",
      "The URL lies under a folder segment that request filtering hides.",
      "hidden segment rule such as bin, App_Data, App_Code, web.config"},
    i{404, 9, "404.9", "File attribute hidden",
      "The file has the hidden file-system attribute and is not served.",
      "file marked hidden on disk"},
    i{404, 10, "404.10", "Request header too long",
      "A request header exceeds the request filtering size limit for that header.",
      "header limit configured in request filtering; very large Cookie"},
    i{404, 11, "404.11", "Double escape sequence",
      "The URL contains a double-escaped sequence (e.g. %25xx) and double escaping is not "
      "allowed.",
      "encoded \"+\" or \"%\" in paths; allowDoubleEscaping false"},
    i{404, 12, "404.12", "High-bit characters",
      "The URL contains non-ASCII (high-bit) characters and the server does not allow them.",
      "allowHighBitCharacters false; unencoded international characters in URLs"},
    i{404, 13, "404.13", "Content length too large",
      "The request's Content-Length is above the request filtering limit.",
      "upload larger than maxAllowedContentLength (about 28.6 MB by default)"},
    i{404, 14, "404.14", "Request URL too long",
      "The URL is longer than the request filtering limit.",
      "maxUrl limit exceeded; very long generated paths"},
    i{404, 15, "404.15", "Query string too long",
      "The query string is longer than the request filtering limit.",
      "maxQueryString limit exceeded; large state passed in the query"},
    i{404, 16, "404.16", "DAV request sent to the static file handler",
      "A WebDAV request reached the static file handler, which cannot process it.",
      "WebDAV not installed or not enabled; handler order puts StaticFile first"},
    i{404, 17, "404.17", "Dynamic content mapped to the static file handler",
      "A request for dynamic content fell through to the static file handler.",
      "script handler (e.g. ASP.NET) missing for the extension; wrong managed pipeline or "
      "bitness"},
    i{404, 18, "404.18", "Query string sequence denied",
      "Request filtering matched a blocked sequence in the query string.",
      "denyQueryStringSequences rule"},
    i{404, 19, "404.19", "Denied by filtering rule",
      "A custom request filtering rule blocked the request.",
      "filteringRules entry matching the URL, query string or a header"},
    i{404, 20, "404.20", "Too many URL segments",
      "The URL has more path segments than the configured maximum.",
      "maxUrlSegments limit exceeded"},
    i{404, 501, "404.501", "Too many concurrent requests (Dynamic IP Restrictions)",
      dipr_concurrent, "deny action set to Not Found; many parallel connections from one client"},
    i{404, 502, "404.502", "Request rate limit reached (Dynamic IP Restrictions)",
      dipr_rate, "deny action set to Not Found; request burst from one client"},
    i{404, 503, "404.503", "Client IP address denied (IP Restrictions)",
      dipr_ip, "deny action set to Not Found; the address is listed as denied"},
    i{404, 504, "404.504", "Client host name denied (IP Restrictions)",
      dipr_host, "deny action set to Not Found; the client's domain is denied"},

    // 405, 406, 412: IIS-generated variants of the plain statuses.
    i{405, 0, "405.0", "Method not allowed",
      "The handler for the URL does not accept the HTTP method used.",
      "PUT/DELETE to the static file handler; WebDAV module intercepting PUT/DELETE for an API; "
      "handler mapping limited to some verbs"},
    i{406, 0, "406.0", "Invalid MIME type",
      "The Accept request header names no media type the server can return for the resource.",
      "client sends a narrow or malformed Accept; the file's MIME type is not acceptable to it"},
    i{412, 0, "412.0", "Precondition failed",
      "A conditional header, typically If-Match, did not match the resource's current state.",
      "stale ETag in If-Match; resource changed since the client fetched it"},

    // 500: the server failed.
    i{500, 0, "500.0", "Module or ISAPI error",
      "A module, ISAPI extension or the application failed while handling the request.",
      "unhandled exception in the application; broken module or ISAPI DLL; failing FastCGI "
      "program (e.g. PHP); ASP.NET Core Module components that failed to load (in-process "
      "handler load failure)"},
    i{500, 11, "500.11", "Application shutting down",
      "The target application pool is shutting down and does not accept the request.",
      "pool recycle or stop in progress; a worker process slow to exit"},
    i{500, 12, "500.12", "Application busy restarting",
      "The target application is restarting; refreshing usually succeeds.",
      "application restart in progress; antivirus scanning Global.asa/Global.asax and "
      "triggering restarts"},
    i{500, 13, "500.13", "Server too busy",
      "The server or application has more concurrent requests than it can take.",
      "request queue full; performance limits set low; slow back end; insufficient hardware"},
    i{500, 14, "500.14", "Invalid application configuration",
      "The application's configuration on the server is invalid.",
      "broken application settings; application folder misconfigured"},
    i{500, 15, "500.15", "Direct requests for Global.asa/Global.asax not allowed",
      "The client asked for the application's Global.asa or Global.asax file directly, which is "
      "never served.",
      "URL naming Global.asa or Global.asax; scanners probing for them"},
    i{500, 16, "500.16", "UNC authorization credentials incorrect",
      "The credentials configured for a UNC (network share) content path are wrong (IIS 6.0).",
      "wrong user or password for the virtual directory's UNC path; share permissions"},
    i{500, 17, "500.17", "URL authorization store not found",
      "The URL authorization store configured for the application does not exist (IIS 6.0).",
      "authorization store path wrong or the store deleted"},
    i{500, 18, "500.18", "URL authorization store cannot be opened",
      "The URL authorization store could not be opened (IIS 6.0).",
      "authorization store file or directory missing or unreadable"},
    i{500, 19, "500.19", "Configuration data invalid",
      "IIS could not read or parse the configuration that applies to the URL "
      "(applicationHost.config or a web.config, formerly the metabase).",
      "malformed XML in web.config; a section locked at a higher level; a module referenced in "
      "config but not installed (e.g. URL Rewrite); no read permission on web.config"},
    i{500, 21, "500.21", "Module not recognized",
      "A handler mapping names a module that is not installed or not registered.",
      "ASP.NET not registered with IIS; handler refers to a missing module"},
    i{500, 22, "500.22", "httpModules not valid in Integrated pipeline",
      "An ASP.NET httpModules section does not apply in Integrated (managed pipeline) mode.",
      "legacy system.web/httpModules not migrated to system.webServer/modules"},
    i{500, 23, "500.23", "httpHandlers not valid in Integrated pipeline",
      "An ASP.NET httpHandlers section does not apply in Integrated (managed pipeline) mode.",
      "legacy system.web/httpHandlers not migrated to system.webServer/handlers"},
    i{500, 24, "500.24", "Impersonation not valid in Integrated pipeline",
      "ASP.NET impersonation is configured in a way Integrated (managed pipeline) mode does not "
      "support.",
      "identity impersonate=true with Integrated mode and validation on"},
    // 500.30-500.38: the ASP.NET Core Module (ANCM) could not start or host the app.
    i{500, 30, "500.30", "ASP.NET Core app failed to start (in-process)",
      "The ASP.NET Core Module loaded the .NET runtime inside the worker process, but the "
      "application failed during startup.",
      "exception in Program/Startup (bad connection string, missing configuration); the "
      "targeted ASP.NET Core shared framework is not installed; no access to a secret store "
      "such as Key Vault"},
    i{500, 31, "500.31", "ANCM failed to find native dependencies",
      "The in-process host could not find the .NET runtime the application asks for.",
      "Microsoft.NETCore.App or Microsoft.AspNetCore.App of the targeted version not "
      "installed; app published for a newer runtime than the server has"},
    i{500, 32, "500.32", "ANCM failed to load dll",
      "The application's DLL could not be loaded into the worker process.",
      "32-bit / 64-bit mismatch between the app and the application pool; corrupt or "
      "incomplete publish"},
    i{500, 33, "500.33", "ANCM request handler load failure",
      "The module could not load the request handler for the application.",
      "app does not target the Microsoft.AspNetCore.App framework; wrong runtimeconfig.json"},
    i{500, 34, "500.34", "ANCM mixed hosting models not supported",
      "One worker process was asked to host an in-process and an out-of-process app together.",
      "two apps with different hostingModel values sharing one application pool"},
    i{500, 35, "500.35", "ANCM multiple in-process applications in same process",
      "A second in-process ASP.NET Core app was started in a worker process that already hosts "
      "one.",
      "several in-process apps (e.g. a site and a sub-application) sharing one application "
      "pool"},
    i{500, 36, "500.36", "ANCM out-of-process handler load failure",
      "The out-of-process request handler DLL is missing next to the module.",
      "damaged Hosting Bundle installation; aspnetcorev2_outofprocess.dll removed"},
    i{500, 37, "500.37", "ANCM failed to start within startup time limit",
      "The application did not finish starting before the module's startup time limit "
      "(120 seconds by default).",
      "slow startup work (migrations, cache warm-up); many apps starting at once; CPU or memory "
      "pressure on the server"},
    i{500, 38, "500.38", "ANCM application DLL not found",
      "The module could not find the application's DLL next to its executable.",
      "app published as a single-file executable while hosted in-process; DLL missing from the "
      "deployment"},
    i{500, 50, "500.50", "Rewrite error in RQ_BEGIN_REQUEST",
      "URL Rewrite failed at the start of request processing, while reading distributed rules "
      "or running an inbound rule.",
      "invalid inbound rule or rewrite map; rule referencing an unknown server variable"},
    i{500, 51, "500.51", "Rewrite error in GL_PRE_BEGIN_REQUEST",
      "URL Rewrite failed while reading global rules or running a global rule.",
      "invalid global rule in applicationHost.config"},
    i{500, 52, "500.52", "Rewrite error in RQ_SEND_RESPONSE",
      "URL Rewrite failed while running an outbound rule on the response.",
      "outbound rule on compressed content; invalid outbound rule pattern"},
    i{500, 53, "500.53", "Rewrite error in RQ_RELEASE_REQUEST_STATE",
      "URL Rewrite failed in an outbound rule set to run before the output cache is updated.",
      "outbound rule with preCondition issues; response content the rule cannot process"},
    i{500, 100, "500.100", "Internal ASP error",
      "An ASP page failed while running.",
      "script error in the ASP page; failing COM component; database error in the page"},

    // 502: bad gateway: a CGI program, or a proxy module (ARR, ASP.NET Core Module).
    i{502, 1, "502.1", "CGI application timeout",
      "The CGI program ran longer than the allowed time.",
      "long-running or hung CGI program; CGI timeout set too low"},
    i{502, 2, "502.2", "Bad gateway: error in CGI application",
      "The CGI program ended without sending a valid set of HTTP header fields.",
      "CGI script crashes or prints output before its headers; wrong interpreter"},
    i{502, 3, "502.3", "Bad gateway: forwarder connection error",
      "A reverse proxy inside IIS (Application Request Routing, or the ASP.NET Core Module "
      "forwarding to Kestrel) could not complete the request to the back end.",
      "back end too slow: proxy timeout or requestTimeout reached (win32 12002); back end "
      "down or refusing connections (12029); back end closing the connection mid-reply "
      "(12030)"},
    i{502, 4, "502.4", "Bad gateway: no server available",
      "Application Request Routing found no healthy server in the farm to forward to.",
      "every farm member marked unhealthy by failed health tests; all servers taken offline or "
      "draining"},
    i{502, 5, "502.5", "ANCM process failure",
      "The ASP.NET Core Module could not start the out-of-process application (or the process "
      "exited or never listened on its port).",
      "wrong processPath or arguments in web.config; dotnet or the targeted shared framework "
      "not installed; app crashing at startup; 32/64-bit mismatch (0x800700c1)"},

    // 503: service unavailable.
    i{503, 0, "503.0", "Application pool unavailable",
      "The application pool for the request is stopped or disabled.",
      "pool stopped by rapid-fail protection after crashes; pool identity password expired; "
      "pool stopped by an administrator"},
    i{503, 2, "503.2", "Concurrent request limit exceeded",
      "The number of concurrent requests is above the application's configured limit.",
      "appConcurrentRequestLimit set lower than the load; slow requests piling up"},
    i{503, 3, "503.3", "ASP.NET queue full",
      "The ASP.NET request queue is full.",
      "requests arriving faster than ASP.NET completes them; thread pool starvation"},
    i{503, 4, "503.4", "FastCGI queue full",
      "The FastCGI process pool's queue is full.",
      "FastCGI queueLength reached; slow FastCGI program (e.g. PHP)"},
};


}  // namespace

const iis_substatus_info* find_iis_substatus(int status, int substatus) noexcept {
    auto it = std::lower_bound(iis_substatuses.begin(), iis_substatuses.end(),
                               std::pair{status, substatus},
                               [](const iis_substatus_info& info, std::pair<int, int> key) {
                                   return std::pair{info.status, info.substatus} < key;
                               });
    return (it != iis_substatuses.end() && it->status == status && it->substatus == substatus)
               ? &*it : nullptr;
}

std::span<const iis_substatus_info> all_iis_substatuses() noexcept { return iis_substatuses; }

}  // namespace replycheck::protocol
