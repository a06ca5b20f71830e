#include "reports/transcript_lines.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace replycheck::reports::detail;

namespace {

// "S:GET / HTTP/1.1|S:|R:HTTP/1.1 200 OK|..." for compact comparisons: S sent head, R received
// head, B body, N note.
std::string roles(const std::string& transcript) {
    std::string out;
    for (const auto& line : read_transcript(transcript)) {
        const char* role = line.role == line_role::sent_head       ? "S"
                           : line.role == line_role::received_head ? "R"
                           : line.role == line_role::body          ? "B"
                                                                   : "N";
        if (!out.empty()) out += "|";
        out += std::string(role) + ":" + std::string(line.text);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(http_as_sent_and_received) {
    // A step keeps the request bytes, a newline, then the response bytes.
    BOOST_TEST(roles("POST /a HTTP/1.1\r\nHost: h\r\n\r\n[1,2]\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n[3,4]\n! reset") ==
               "S:POST /a HTTP/1.1|S:Host: h|S:|B:[1,2]|R:HTTP/1.1 200 OK|R:Content-Length: 5|R:|B:[3,4]|N:! reset");
    // Without a request body; an interim 100 before the final response.
    BOOST_TEST(roles("GET / HTTP/1.1\r\n\r\n\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n") ==
               "S:GET / HTTP/1.1|S:|R:HTTP/1.1 100 Continue|R:|R:HTTP/1.1 204 No Content|R:");
}

BOOST_AUTO_TEST_CASE(marked_lines_and_notes) {
    BOOST_TEST(roles("> FEAT\n< 211-Features:\n<  SIZE\n[timeout after 2000ms waiting for the reply]\n") ==
               "S:FEAT|R:211-Features:|R: SIZE|N:[timeout after 2000ms waiting for the reply]");
    BOOST_TEST(roles("> RETR a\n< 150 ok\n  [data: 12 bytes]\n< 226 done\n") ==
               "S:RETR a|R:150 ok|N:  [data: 12 bytes]|R:226 done");
    // After a marked blank line, unmarked lines are the body, whatever they start with.
    BOOST_TEST(roles("< HTTP/1.1 200 OK\r\n<\r\n[json]\r\n") == "R:HTTP/1.1 200 OK|R:|B:[json]");
    BOOST_TEST(roles("").empty());
}
