// I/O-free control-line handling: line splitting with the length limit, verb/argument,
// Telnet IAC removal, PORT/EPRT arguments, path resolution and 257 quoting.
#include "mockserver/ftp/ftp_command_line.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::mock;

BOOST_AUTO_TEST_CASE(lines_split_on_crlf_and_bare_lf_across_reads) {
    ftp_line_buffer buffer(100);
    buffer.append("US");
    BOOST_TEST(!buffer.next());
    buffer.append("ER alice\r\nNOOP\nPA");
    auto first = buffer.next();
    BOOST_REQUIRE(first);
    BOOST_TEST(first->text == "USER alice");
    BOOST_TEST(buffer.next()->text == "NOOP");
    BOOST_TEST(!buffer.next());
    BOOST_TEST(buffer.pending() == 2u);
    buffer.append("SS x\r\n");
    BOOST_TEST(buffer.next()->text == "PASS x");
}

BOOST_AUTO_TEST_CASE(over_long_lines_are_reported_once_and_memory_stays_bounded) {
    ftp_line_buffer buffer(16);
    buffer.append(std::string(10000, 'x'));
    BOOST_TEST(buffer.pending() <= 17u);
    BOOST_TEST(!buffer.next());
    buffer.append(std::string(10000, 'y'));
    BOOST_TEST(buffer.pending() <= 17u);
    buffer.append("zz\r\nNOOP\r\n");
    auto line = buffer.next();
    BOOST_REQUIRE(line);
    BOOST_TEST(line->too_long);
    BOOST_TEST(buffer.next()->text == "NOOP");
    // A complete long line in one read is reported the same way.
    buffer.append(std::string(40, 'a') + "\r\nPWD\r\n");
    BOOST_TEST(buffer.next()->too_long);
    BOOST_TEST(buffer.next()->text == "PWD");
    // Exactly at the limit is fine.
    buffer.append(std::string(16, 'b') + "\r\n");
    auto exact = buffer.next();
    BOOST_TEST(!exact->too_long);
    BOOST_TEST(exact->text.size() == 16u);
}

BOOST_AUTO_TEST_CASE(commands_split_into_upper_case_verb_and_verbatim_argument) {
    auto command = parse_ftp_command("retr  my file.txt ");
    BOOST_TEST(command.verb == "RETR");
    BOOST_TEST(command.argument == " my file.txt ");
    BOOST_TEST(command.valid_verb);
    BOOST_TEST(parse_ftp_command("NOOP").argument == "");
    BOOST_TEST(!parse_ftp_command("R3TR x").valid_verb);
    BOOST_TEST(!parse_ftp_command("ABCDEFGHIJ").valid_verb);
    BOOST_TEST(parse_ftp_command("").verb.empty());
    // Telnet IP + DM before ABOR (RFC 959 §4.1.3); IAC IAC is a literal 0xFF.
    BOOST_TEST(parse_ftp_command("\xff\xf4\xff\xf2" "ABOR").verb == "ABOR");
    BOOST_TEST(strip_telnet("a\xff\xff" "b") == "a\xff" "b");
    BOOST_TEST(strip_telnet("\xff\xfb\x01x") == "x");
}

BOOST_AUTO_TEST_CASE(port_arguments) {
    auto port = parse_port_argument("127,0,0,1,195,80");
    BOOST_REQUIRE(port);
    BOOST_TEST(port->address == "127.0.0.1");
    BOOST_TEST(port->port == 195 * 256 + 80);
    BOOST_TEST(!parse_port_argument("127,0,0,1,256,1"));
    BOOST_TEST(!parse_port_argument("127,0,0,1,1"));
    BOOST_TEST(!parse_port_argument("a,b,c,d,e,f"));
    BOOST_TEST(!parse_port_argument(""));
}

BOOST_AUTO_TEST_CASE(eprt_arguments) {
    auto v4 = parse_eprt_argument("|1|127.0.0.1|6446|");
    BOOST_REQUIRE(v4.endpoint);
    BOOST_TEST(v4.endpoint->address == "127.0.0.1");
    BOOST_TEST(v4.endpoint->port == 6446);
    BOOST_TEST(v4.endpoint->family == 1);
    auto v6 = parse_eprt_argument("!2!::1!6446!");
    BOOST_REQUIRE(v6.endpoint);
    BOOST_TEST(v6.endpoint->family == 2);
    BOOST_TEST(parse_eprt_argument("|3|x|1|").unknown_family);
    BOOST_TEST(!parse_eprt_argument("|1|127.0.0.1|").endpoint);
    BOOST_TEST(!parse_eprt_argument("|1|300.0.0.1|21|").endpoint);
    BOOST_TEST(!parse_eprt_argument("|1|127.0.0.1|70000|").endpoint);
    BOOST_TEST(!parse_eprt_argument("1|127.0.0.1|21|").endpoint);
    // Leading zeros are not the standard dotted-decimal form (RFC 2428 §2): a syntax error.
    BOOST_TEST(!parse_eprt_argument("|1|127.0.0.01|2000|").endpoint);
    BOOST_TEST(!parse_eprt_argument("|1|010.0.0.1|2000|").endpoint);
    BOOST_TEST(!parse_eprt_argument("|1|127.0.0.01|2000|").unknown_family);
    BOOST_TEST(parse_eprt_argument("|1|10.0.0.0|2000|").endpoint.has_value());
}

BOOST_AUTO_TEST_CASE(paths_resolve_inside_the_virtual_root) {
    BOOST_TEST(resolve_ftp_path("/", "a.txt").path == "/a.txt");
    BOOST_TEST(resolve_ftp_path("/sub", "a.txt").path == "/sub/a.txt");
    BOOST_TEST(resolve_ftp_path("/sub", "/x//y/./z").path == "/x/y/z");
    BOOST_TEST(resolve_ftp_path("/sub", "..").path == "/");
    BOOST_TEST(resolve_ftp_path("/", "../../../etc/passwd").path == "/etc/passwd");
    BOOST_TEST(resolve_ftp_path("/a/b", "../../..").path == "/");
    BOOST_TEST(resolve_ftp_path("/", "").path == "/");
    BOOST_TEST((resolve_ftp_path("/", "..\\etc").status == ftp_path_status::bad_name));
    BOOST_TEST((resolve_ftp_path("/", std::string("a\0b", 3)).status == ftp_path_status::bad_name));
}
