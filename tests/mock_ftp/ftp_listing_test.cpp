// Listing and time formats: ls -l, MS-DOS (IIS), MLSx facts, MDTM.
#include "mockserver/ftp/ftp_listing.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::mock;
using namespace std::chrono;

namespace {
system_clock::time_point at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
    return sys_days{year{y} / month{m} / day{d}} + hours(hh) + minutes(mm) + seconds(ss);
}
}  // namespace

BOOST_AUTO_TEST_CASE(mdtm_is_utc_yyyymmddhhmmss) {
    BOOST_TEST(format_mdtm(at(2026, 11, 24, 2, 29, 5)) == "20261124022905");
    BOOST_TEST(format_mdtm(at(1999, 1, 2, 23, 0, 0)) == "19990102230000");
}

BOOST_AUTO_TEST_CASE(unix_lines_show_time_when_recent_and_year_when_old) {
    ftp_entry_info file{"a.txt", false, 12, at(2026, 11, 24, 2, 29, 5), true, ""};
    BOOST_TEST(format_unix_list_line(file, at(2026, 11, 25, 0, 0, 0)) ==
               "-rw-r--r--   1 ftp      ftp                12 Nov 24 02:29 a.txt");
    BOOST_TEST(format_unix_list_line(file, at(2027, 12, 1, 0, 0, 0)) ==
               "-rw-r--r--   1 ftp      ftp                12 Nov 24  2026 a.txt");
    ftp_entry_info folder{"pub", true, 0, at(2026, 1, 5, 14, 3, 0), false, ""};
    BOOST_TEST(format_unix_list_line(folder, at(2026, 2, 1, 0, 0, 0)) ==
               "dr-xr-xr-x   2 ftp      ftp                 0 Jan  5 14:03 pub");
}

BOOST_AUTO_TEST_CASE(dos_lines_as_iis_writes_them) {
    ftp_entry_info file{"a.txt", false, 1234, at(2026, 11, 24, 14, 29, 0), false, ""};
    BOOST_TEST(format_dos_list_line(file) == "11-24-26  02:29PM                 1234 a.txt");
    ftp_entry_info folder{"pub", true, 0, at(2026, 11, 24, 0, 5, 0), false, ""};
    BOOST_TEST(format_dos_list_line(folder) == "11-24-26  12:05AM       <DIR>          pub");
}

BOOST_AUTO_TEST_CASE(mlsx_facts) {
    ftp_entry_info file{"a.txt", false, 12, at(2026, 11, 24, 2, 29, 5), false, ""};
    BOOST_TEST(format_mlsx_line(file, "a.txt") == "type=file;size=12;modify=20261124022905;perm=r; a.txt");
    file.writable = true;
    BOOST_TEST(format_mlsx_line(file, "/x/a.txt") ==
               "type=file;size=12;modify=20261124022905;perm=adfrw; /x/a.txt");
    ftp_entry_info folder{"pub", true, 0, at(2026, 11, 24, 2, 29, 5), true, ""};
    BOOST_TEST(format_mlsx_line(folder, "pub") == "type=dir;modify=20261124022905;perm=cdeflmp; pub");
    folder.mlsx_type = "cdir";
    BOOST_TEST(format_mlsx_line(folder, ".").substr(0, 10) == "type=cdir;");
}
