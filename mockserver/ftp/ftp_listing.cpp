#include "mockserver/ftp/ftp_listing.hpp"

#include <cstdio>
#include <ctime>

#include "protocol/wire/ftp_time.hpp"

namespace replycheck::mock {

namespace {

std::tm utc(std::chrono::system_clock::time_point time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string format_mdtm(std::chrono::system_clock::time_point time) {
    return protocol::format_mdtm(std::chrono::floor<std::chrono::seconds>(time));
}

std::string format_unix_list_line(const ftp_entry_info& entry,
                                  std::chrono::system_clock::time_point now) {
    const std::tm tm = utc(entry.modified);
    const char* mode = entry.directory ? (entry.writable ? "drwxr-xr-x" : "dr-xr-xr-x")
                                       : (entry.writable ? "-rw-r--r--" : "-r--r--r--");
    // ls shows "HH:MM" for times within the last six months, else the year.
    const auto age = now - entry.modified;
    const bool recent = age < std::chrono::hours(24 * 182) && age > -std::chrono::hours(1);
    char when[32];
    if (recent)
        std::snprintf(when, sizeof when, "%s %2d %02d:%02d", months[tm.tm_mon % 12], tm.tm_mday,
                      tm.tm_hour, tm.tm_min);
    else
        std::snprintf(when, sizeof when, "%s %2d  %4d", months[tm.tm_mon % 12], tm.tm_mday,
                      tm.tm_year + 1900);
    char head[128];
    std::snprintf(head, sizeof head, "%s %3d %-8s %-8s %12llu %s ", mode,
                  entry.directory ? 2 : 1, "ftp", "ftp",
                  static_cast<unsigned long long>(entry.size), when);
    return head + entry.name;
}

std::string format_dos_list_line(const ftp_entry_info& entry) {
    const std::tm tm = utc(entry.modified);
    int hour = tm.tm_hour % 12;
    if (hour == 0) hour = 12;
    char head[128];
    if (entry.directory)
        std::snprintf(head, sizeof head, "%02d-%02d-%02d  %02d:%02d%s       <DIR>          ",
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100, hour, tm.tm_min,
                      tm.tm_hour < 12 ? "AM" : "PM");
    else
        std::snprintf(head, sizeof head, "%02d-%02d-%02d  %02d:%02d%s %20llu ", tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_year % 100, hour, tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM",
                      static_cast<unsigned long long>(entry.size));
    return head + entry.name;
}

std::string format_mlsx_line(const ftp_entry_info& entry, const std::string& shown_name) {
    // RFC 3659 §7.5: type, size, modify, perm. perm letters (§7.5.5): files a d f r w,
    // folders c d e f l m p.
    std::string type = !entry.mlsx_type.empty() ? entry.mlsx_type
                                                : (entry.directory ? "dir" : "file");
    std::string perm;
    if (entry.directory)
        perm = entry.writable ? "cdeflmp" : "el";
    else
        perm = entry.writable ? "adfrw" : "r";
    std::string line = "type=" + type + ';';
    if (!entry.directory) line += "size=" + std::to_string(entry.size) + ';';
    line += "modify=" + format_mdtm(entry.modified) + ';';
    line += "perm=" + perm + ';';
    line += ' ';
    line += shown_name;
    return line;
}

}  // namespace replycheck::mock
