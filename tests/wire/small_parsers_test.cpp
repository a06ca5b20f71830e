#include "protocol/wire/content_range.hpp"
#include "protocol/wire/ftp_address.hpp"
#include "protocol/wire/ftp_path.hpp"
#include "protocol/wire/ftp_time.hpp"
#include "protocol/wire/http_date.hpp"
#include "protocol/wire/http_request.hpp"
#include "protocol/wire/mlsd_facts.hpp"
#include "protocol/wire/ows.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::protocol;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(content_range_forms) {
    auto a = parse_content_range("bytes 0-9/100");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->first == 0u);
    BOOST_TEST(a->last == 9u);
    BOOST_TEST(*a->complete_length == 100u);
    BOOST_TEST(a->length() == 10u);
    auto b = parse_content_range("bytes */42");
    BOOST_REQUIRE(b);
    BOOST_TEST(b->unsatisfied);
    BOOST_TEST(*b->complete_length == 42u);
    auto c = parse_content_range("bytes 5-6/*");
    BOOST_REQUIRE(c);
    BOOST_TEST(!c->complete_length.has_value());
    BOOST_TEST(format_content_range(*a) == "bytes 0-9/100");
    BOOST_TEST(format_content_range(*b) == "bytes */42");
}

BOOST_AUTO_TEST_CASE(content_range_invalid) {
    BOOST_TEST(!parse_content_range("bytes 9-0/100"));
    BOOST_TEST(!parse_content_range("bytes 0-100/100"));
    BOOST_TEST(!parse_content_range("bytes 0-9"));
    BOOST_TEST(!parse_content_range("bytes=0-9/100"));
    BOOST_TEST(!parse_content_range("items 0-9/100"));
    BOOST_TEST(!parse_content_range("bytes -1-9/100"));
    BOOST_TEST(!parse_content_range(""));
    BOOST_TEST(!parse_content_range("bytes 0-9/100x"));
    BOOST_TEST(parse_content_range("bytes 9-0/100").error.find("less than") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pasv_227_variants) {
    auto a = parse_pasv_227("227 Entering Passive Mode (127,0,0,1,4,1).");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->host == "127.0.0.1");
    BOOST_TEST(a->port == 1025);
    BOOST_TEST(a.warnings.empty());
    auto b = parse_pasv_227("227 Entering Passive Mode 10,1,2,3,200,10");
    BOOST_REQUIRE(b);
    BOOST_TEST(b->host == "10.1.2.3");
    BOOST_TEST(b->port == 200 * 256 + 10);
    BOOST_TEST(!b.warnings.empty());
    auto c = parse_pasv_227("=127,0,0,1,0,21");
    BOOST_REQUIRE(c);
    BOOST_TEST(c->port == 21);
    BOOST_TEST(!parse_pasv_227("227 Entering Passive Mode (127,0,0,1,4)"));
    BOOST_TEST(!parse_pasv_227("227 Entering Passive Mode (300,0,0,1,4,1)"));
    BOOST_TEST(!parse_pasv_227("227 nothing"));
    BOOST_TEST(format_port_argument("127.0.0.1", 1025) == "127,0,0,1,4,1");
    BOOST_TEST(format_pasv_227("127.0.0.1", 1025) == "Entering Passive Mode (127,0,0,1,4,1).");
    BOOST_TEST(format_port_argument("::1", 1025).empty());
}

BOOST_AUTO_TEST_CASE(epsv_229_variants) {
    auto a = parse_epsv_229("229 Entering Extended Passive Mode (|||6446|)");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->port == 6446);
    BOOST_TEST(a->host.empty());
    BOOST_TEST(a.warnings.empty());
    auto b = parse_epsv_229("229 ok (!!!21!)");
    BOOST_REQUIRE(b);
    BOOST_TEST(b->port == 21);
    BOOST_TEST(!b.warnings.empty());
    BOOST_TEST(!parse_epsv_229("229 (|||70000|)"));
    BOOST_TEST(!parse_epsv_229("229 (||6446|)"));
    BOOST_TEST(!parse_epsv_229("229 (|||abc|)"));
    BOOST_TEST(!parse_epsv_229("229 Entering Extended Passive Mode"));
    BOOST_TEST(format_eprt_argument("127.0.0.1", 21) == "|1|127.0.0.1|21|");
    BOOST_TEST(format_eprt_argument("::1", 21) == "|2|::1|21|");
}

BOOST_AUTO_TEST_CASE(mlsd_entries) {
    auto a = parse_mlsd_facts("type=file;size=3;Modify=20240101120000; a file.txt");
    BOOST_REQUIRE(a);
    BOOST_TEST(a->name == "a file.txt");
    BOOST_TEST(a->fact("TYPE") == "file");
    BOOST_TEST(a->fact("size") == "3");
    BOOST_TEST(a->fact("modify") == "20240101120000");
    auto b = parse_mlsd_facts(" type=dir; sub");  // MLST form
    BOOST_REQUIRE(b);
    BOOST_TEST(b->name == "sub");
    BOOST_TEST(!parse_mlsd_facts("type=file;size=3;name.txt"));
    BOOST_TEST(!parse_mlsd_facts("type=file;size=3 "));
    BOOST_TEST(!parse_mlsd_facts("typefile; x"));
    auto c = parse_mlsd_facts("type=weird;size=x; y");
    BOOST_REQUIRE(c);
    BOOST_TEST(c.warnings.size() == 2u);
    auto listing = parse_mlsd_listing("type=cdir; .\r\ntype=file;size=1; f\r\n\r\nbroken\n");
    BOOST_REQUIRE(listing.size() == 3u);
    BOOST_TEST(listing[1]->name == "f");
    BOOST_TEST(!listing[2]);
}

BOOST_AUTO_TEST_CASE(http_dates) {
    const sys_seconds expected = sys_days{1994y / November / 6} + 8h + 49min + 37s;
    auto a = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    BOOST_REQUIRE(a);
    BOOST_TEST((*a == expected));
    BOOST_TEST(a.warnings.empty());
    auto b = parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT");
    BOOST_REQUIRE(b);
    BOOST_TEST((*b == expected));
    BOOST_TEST(!b.warnings.empty());
    auto c = parse_http_date("Sun Nov  6 08:49:37 1994");
    BOOST_REQUIRE(c);
    BOOST_TEST((*c == expected));
    BOOST_TEST(!c.warnings.empty());
    BOOST_TEST(format_http_date(expected) == "Sun, 06 Nov 1994 08:49:37 GMT");
    auto wrong_day = parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT");
    BOOST_REQUIRE(wrong_day);
    BOOST_TEST(!wrong_day.warnings.empty());
    BOOST_TEST(!parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
    BOOST_TEST(!parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
    BOOST_TEST(!parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
    BOOST_TEST(!parse_http_date("yesterday"));
    BOOST_TEST(!parse_http_date(""));
    // round trip
    const sys_seconds now = floor<seconds>(system_clock::now());
    auto round = parse_http_date(format_http_date(now));
    BOOST_REQUIRE(round);
    BOOST_TEST((*round == now));
}

BOOST_AUTO_TEST_CASE(mdtm_times) {
    auto a = parse_mdtm("213 20240229235959");
    BOOST_REQUIRE(a);
    BOOST_TEST((*a == sys_days{2024y / February / 29} + 23h + 59min + 59s));
    auto b = parse_mdtm("20240101000000.25");
    BOOST_REQUIRE(b);
    BOOST_TEST((*b == sys_days{2024y / January / 1} + 250ms));
    BOOST_TEST(!parse_mdtm("20230229000000"));
    BOOST_TEST(!parse_mdtm("2024010100000"));
    BOOST_TEST(!parse_mdtm("20240101000000x"));
    BOOST_TEST(!parse_mdtm("20240101000000."));
    BOOST_TEST(!parse_mdtm("2024-01-01 00:00"));
    BOOST_TEST(format_mdtm(sys_days{2024y / January / 2} + 3h + 4min + 5s) == "20240102030405");
}

BOOST_AUTO_TEST_CASE(quoted_paths) {
    BOOST_TEST(ftp_quote_path("/a\"b") == "\"/a\"\"b\"");
    auto a = parse_257("257 \"/a\"\"b\" created");
    BOOST_REQUIRE(a);
    BOOST_TEST(*a == "/a\"b");
    auto b = parse_257("257 \"/\"");
    BOOST_REQUIRE(b);
    BOOST_TEST(*b == "/");
    auto c = parse_257("257 current directory is \"/home\"");
    BOOST_REQUIRE(c);
    BOOST_TEST(*c == "/home");
    BOOST_TEST(!c.warnings.empty());
    BOOST_TEST(!parse_257("257 /home"));
    BOOST_TEST(!parse_257("257 \"/home"));
    auto round = parse_257("257 " + ftp_quote_path("x\"\"y") + " ok");
    BOOST_REQUIRE(round);
    BOOST_TEST(*round == "x\"\"y");
}

BOOST_AUTO_TEST_CASE(request_serialize_and_parse) {
    http_request_record request;
    request.method = "POST";
    request.target = "/submit?x=1";
    request.headers = {{"Host", "example"}, {"Content-Length", "2"}};
    request.body = "hi";
    const auto wire = serialize_http_request(request);
    BOOST_TEST(wire == "POST /submit?x=1 HTTP/1.1\r\nHost: example\r\nContent-Length: 2\r\n\r\nhi");
    auto parsed = parse_http_request(wire);
    BOOST_TEST(parsed.method == "POST");
    BOOST_TEST(parsed.target == "/submit?x=1");
    BOOST_TEST(parsed.version == "HTTP/1.1");
    BOOST_TEST(parsed.headers.size() == 2u);
    BOOST_TEST(parsed.body == "hi");
    auto odd = parse_http_request("GARBAGE");
    BOOST_TEST(odd.method == "GARBAGE");
    BOOST_TEST(odd.target.empty());
}

BOOST_AUTO_TEST_CASE(imf_fixdate_is_the_generated_form_only) {
    BOOST_TEST(is_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"));
    BOOST_TEST(!is_imf_fixdate("Mon, 06 Nov 1994 08:49:37 GMT"));   // day name disagrees
    BOOST_TEST(!is_imf_fixdate("Sunday, 06-Nov-94 08:49:37 GMT"));  // obsolete rfc850-date
    BOOST_TEST(!is_imf_fixdate("Sun Nov  6 08:49:37 1994"));        // obsolete asctime-date
    BOOST_TEST(!is_imf_fixdate(" Sun, 06 Nov 1994 08:49:37 GMT"));
    BOOST_TEST(is_imf_fixdate("Thu, 29 Feb 2024 08:49:37 GMT"));
    BOOST_TEST(!is_imf_fixdate("Thu, 29 Feb 2023 08:49:37 GMT"));
    BOOST_TEST(!is_imf_fixdate(""));
}

BOOST_AUTO_TEST_CASE(http_date_into_a_fixed_buffer) {
    char out[imf_fixdate_length];
    format_http_date(sys_days{1994y / November / 6} + 8h + 49min + 37s, out);
    BOOST_TEST(std::string_view(out, sizeof out) == "Sun, 06 Nov 1994 08:49:37 GMT");
    format_http_date(sys_days{2000y / February / 29} + 23h + 59min + 59s, out);
    BOOST_TEST(std::string_view(out, sizeof out) == "Tue, 29 Feb 2000 23:59:59 GMT");
    format_http_date(sys_seconds{}, out);
    BOOST_TEST(std::string_view(out, sizeof out) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

BOOST_AUTO_TEST_CASE(header_sections) {
    std::string_view bytes = "Content-Type: text/plain\r\nX-Empty:\r\nno colon\nContent-Range:\t bytes 0-1/2 \r\n\r\nbody";
    const auto headers = read_header_section(bytes);
    BOOST_REQUIRE(headers.size() == 3u);
    BOOST_TEST(headers[0].name == "Content-Type");
    BOOST_TEST(headers[0].value == "text/plain");
    BOOST_TEST(headers[1].value == "");
    BOOST_TEST(headers[2].value == "bytes 0-1/2");
    BOOST_TEST(bytes == "body");
    std::string_view unterminated = "A: 1\r\nB: 2";
    BOOST_TEST(read_header_section(unterminated).size() == 2u);
    BOOST_TEST(unterminated.empty());
}

BOOST_AUTO_TEST_CASE(optional_whitespace) {
    BOOST_TEST(trim_ows(" \tbytes 0-1/2 \t") == "bytes 0-1/2");
    BOOST_TEST(trim_ows("a b") == "a b");
    BOOST_TEST(trim_ows(" \t ").empty());
    BOOST_TEST(trim_ows("").empty());
    BOOST_TEST(trim_ows("\r\nx\r\n") == "\r\nx\r\n");   // only SP and HTAB are OWS
}
