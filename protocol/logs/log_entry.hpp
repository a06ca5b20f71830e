#pragma once
// One request or command as a server log recorded it, whatever the log format. The readers
// (log_reader.hpp) fill a log_entry whose text fields view the current line: valid until the
// next call to next(). log_record is the owned copy, for whoever keeps entries (reproduce).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::logs {

/// The formats the readers know; detected per file from its first lines.
enum class log_format {
    w3c,         ///< IIS W3C extended (HTTP and FTP sites), any #Fields: directive
    ncsa,        ///< NCSA common / combined (nginx, Apache), optional trailing fields
    vsftpd,      ///< vsftpd with log_ftp_protocol=YES ("FTP command:" / "FTP response:")
    xferlog,     ///< wu-ftpd xferlog, 14 fields (vsftpd, proftpd TransferLog, pure-ftpd)
    ftp_clf,     ///< CLF lines whose request is an FTP command (proftpd ExtendedLog "%r" with %s)
};

/// Which protocol an entry belongs to.
enum class log_protocol { http, ftp };

/// One logged request (HTTP) or command and its reply (FTP). Text fields view the line being
/// read (or the reader's own buffer); empty means the log did not say.
struct log_entry {
    log_protocol protocol = log_protocol::http;
    std::optional<std::chrono::sys_seconds> time;  ///< UTC
    std::string_view client;       ///< c-ip, $remote_addr, vsftpd Client "IP"
    std::string_view user;         ///< cs-username / $remote_user / FTP login name ("-" is empty)
    std::string_view method;       ///< HTTP method, or FTP command verb upper-case ("RETR");
                                   ///< IIS FTP pseudo-commands as logged ("ControlChannelOpened")
    std::string_view target;       ///< HTTP request-target (path and "?query", decoded '+' of
                                   ///< W3C left as logged); FTP argument. PASS arguments are
                                   ///< always "***": a reader never hands out a password.
    std::string_view version;      ///< "HTTP/1.1"; empty when not logged
    std::string_view host;         ///< cs-host / Host, when logged
    std::string_view reply_text;   ///< FTP reply text after the code, when logged (vsftpd)
    std::string_view user_agent;
    std::string_view referer;
    std::string_view session;      ///< IIS x-session, or a key the reader made for one FTP
                                   ///< control connection ("203.0.113.9#3")
    int status = 0;                ///< HTTP status or FTP reply code; 0: none (pseudo-command,
                                   ///< or a request line logged without reply)
    std::optional<int> substatus;  ///< IIS sc-substatus
    std::optional<std::uint32_t> win32;      ///< IIS sc-win32-status
    std::optional<std::uint64_t> bytes;      ///< bytes sent to the client (sc-bytes, %b, file size)
    std::optional<std::uint32_t> time_taken_ms;
    std::uint64_t line = 0;        ///< 1-based line number in its file
};

/// The owned copy of a log_entry.
struct log_record {
    log_protocol protocol = log_protocol::http;
    std::optional<std::chrono::sys_seconds> time;
    std::string client, user, method, target, version, host, reply_text, user_agent, referer,
        session;
    int status = 0;
    std::optional<int> substatus;
    std::optional<std::uint32_t> win32;
    std::optional<std::uint64_t> bytes;
    std::optional<std::uint32_t> time_taken_ms;
    std::string file;              ///< the file it came from, as given
    std::uint64_t line = 0;

    static log_record from(const log_entry& entry, std::string_view file);
};

/// "w3c", "ncsa", "vsftpd", "xferlog", "ftp-clf".
std::string_view to_string(log_format format) noexcept;
/// The inverse of to_string; nullopt for an unknown name.
std::optional<log_format> parse_log_format(std::string_view name) noexcept;

/// "500.19" when a substatus was logged and is not 0, else "500"; FTP codes as they are.
std::string code_text(int status, std::optional<int> substatus);

}  // namespace replycheck::logs
