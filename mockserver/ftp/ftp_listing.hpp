#pragma once
// I/O-free formatting of directory listings and times: Unix `ls -l` lines, MS-DOS (IIS) lines,
// MLSD/MLST fact lines (RFC 3659 §7) and MDTM times (RFC 3659 §2.3).

#include <chrono>
#include <cstdint>
#include <string>

namespace replycheck::mock {

/// What a listing says about one file or folder.
struct ftp_entry_info {
    std::string name;                              ///< last path component ("." for cdir)
    bool directory = false;
    std::uint64_t size = 0;
    std::chrono::system_clock::time_point modified;
    bool writable = false;                         ///< the server lets the user change it
    std::string mlsx_type;                         ///< override of the MLSx type fact: "cdir", "pdir"
};

/// "YYYYMMDDHHMMSS" in UTC (RFC 3659 §2.3).
std::string format_mdtm(std::chrono::system_clock::time_point time);

/// One `ls -l` line without line ending, e.g.
/// "-rw-r--r--   1 ftp      ftp           12 Nov 24 02:29 a.txt". Times older than six months
/// (relative to `now`) show the year instead of the time, as ls does.
std::string format_unix_list_line(const ftp_entry_info& entry,
                                  std::chrono::system_clock::time_point now);

/// One MS-DOS style line as IIS writes it, e.g. "11-24-26  02:29AM       <DIR>          pub".
std::string format_dos_list_line(const ftp_entry_info& entry);

/// MLSx facts followed by a space and the name (RFC 3659 §7.2):
/// "type=file;size=12;modify=20261124022900;perm=r; a.txt".
std::string format_mlsx_line(const ftp_entry_info& entry, const std::string& shown_name);

}  // namespace replycheck::mock
