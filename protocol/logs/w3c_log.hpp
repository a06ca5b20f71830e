#pragma once
// W3C extended logs (IIS HTTP and FTP sites, pure-ftpd's w3c output). Columns come from the
// `#Fields:` directive and are found by name, never by position: a new directive mid-file
// redefines them, and IIS FTP writes sc-win32-status before sc-substatus.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/logs/line_parser.hpp"

namespace replycheck::logs {

class w3c_parser final : public line_parser {
public:
    line_result feed(std::string_view line, std::uint64_t line_number, log_entry& out,
                     std::string& why) override;

    /// Takes the columns of a `#Fields:` value ("date time c-ip …"), as read on `line_number`
    /// (0: the IIS defaults used for a pasted line).
    void set_fields(std::string_view fields, std::uint64_t line_number);
    /// Number of columns of the current directive (0 before any).
    std::size_t field_count() const noexcept { return field_count_; }

    /// The IIS 7+ default field lists.
    static constexpr std::string_view iis_http_fields =
        "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
    static constexpr std::string_view iis_ftp_fields =
        "date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status "
        "sc-win32-status sc-substatus x-session x-fullpath";

    /// The IIS default field list a line without its #Fields: matches by its field count (15
    /// for HTTP sites; 13 for FTP sites, with an FTP command as cs-method), else "".
    static std::string_view default_fields_for(std::string_view line);

private:
    enum role : std::size_t {
        date, time, c_ip, username, method, uri_stem, uri_query, uri, status, substatus, win32,
        time_taken, sc_bytes, host, version, user_agent, referer, session, server_port, role_count
    };
    static constexpr int absent = -1;
    std::string field_count_message(std::size_t found) const;

    std::array<int, role_count> column_{};
    std::size_t field_count_ = 0;
    std::uint64_t fields_line_ = 0;
    bool ftp_ = false;            // this block logs an FTP site
    bool software_ftp_ = false;   // #Software names an FTP server
    bool decided_ = false;        // the block's first data line was seen
    std::vector<std::string_view> values_;
    std::string target_buf_, agent_buf_, method_buf_;
};

}  // namespace replycheck::logs
