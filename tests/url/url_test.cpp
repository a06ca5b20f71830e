#include "protocol/url/url.hpp"

#include <boost/test/unit_test.hpp>

using namespace replycheck::protocol;

namespace {

url must_parse(std::string_view text) {
    std::string error;
    auto u = parse_url(text, error);
    BOOST_TEST_INFO(text << ": " << error);
    BOOST_REQUIRE(u.has_value());
    return *u;
}

std::string parse_error(std::string_view text) {
    std::string error;
    auto u = parse_url(text, error);
    BOOST_TEST_INFO(text);
    BOOST_TEST(!u.has_value());
    return error;
}

}  // namespace

BOOST_AUTO_TEST_CASE(schemes_give_default_ports_and_tls_modes) {
    BOOST_TEST(must_parse("http://h/").port == 80);
    BOOST_TEST(must_parse("https://h/").port == 443);
    BOOST_TEST(must_parse("ftp://h").port == 21);
    // ftps:// is TLS from the first byte on 990; ftpes:// is AUTH TLS on 21 (curl, FileZilla).
    auto implicit = must_parse("ftps://h/");
    BOOST_TEST(implicit.port == 990);
    BOOST_TEST((implicit.scheme->tls == tls_mode::implicit));
    auto explicit_tls = must_parse("FTPES://h/");
    BOOST_TEST(explicit_tls.port == 21);
    BOOST_TEST((explicit_tls.scheme->tls == tls_mode::explicit_auth));
    BOOST_TEST((explicit_tls.scheme->protocol == url_protocol::ftp));
    BOOST_TEST((must_parse("http://h/").scheme->tls == tls_mode::none));
}

BOOST_AUTO_TEST_CASE(parts_are_split_and_decoded) {
    auto u = must_parse("ftp://al%40ce:p%3Ass@example.org:2121/dir/a%20file.txt");
    BOOST_TEST(u.host == "example.org");
    BOOST_TEST(u.port == 2121);
    BOOST_TEST(u.has_port);
    BOOST_TEST(*u.user == "al@ce");
    BOOST_TEST(*u.password == "p:ss");
    BOOST_TEST(u.target == "/dir/a%20file.txt");
    BOOST_TEST(u.decoded_path() == "/dir/a file.txt");
    BOOST_TEST(u.display() == "ftp://al@ce@example.org:2121/dir/a%20file.txt");
    BOOST_TEST(u.display().find("p:ss") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(target_keeps_query_and_defaults_to_slash) {
    BOOST_TEST(must_parse("http://h:8080").target == "/");
    BOOST_TEST(must_parse("http://h:8080?x=1").target == "/?x=1");
    BOOST_TEST(must_parse("http://h/a/b?x=1&y=%20#frag").target == "/a/b?x=1&y=%20");
    BOOST_TEST(!must_parse("http://h/").user.has_value());
    auto no_password = must_parse("ftp://anonymous@h/");
    BOOST_TEST(*no_password.user == "anonymous");
    BOOST_TEST(!no_password.password.has_value());
}

BOOST_AUTO_TEST_CASE(ipv6_hosts_lose_their_brackets_and_get_them_back) {
    auto u = must_parse("http://[::1]:8080/x");
    BOOST_TEST(u.host == "::1");
    BOOST_TEST(u.authority() == "[::1]:8080");
    BOOST_TEST(must_parse("ftp://[::1]").port == 21);
}

BOOST_AUTO_TEST_CASE(bad_urls_are_named) {
    BOOST_TEST(parse_error("example.org/x").find("not a URL") != std::string::npos);
    BOOST_TEST(parse_error("gopher://h/").find("unsupported scheme 'gopher'") != std::string::npos);
    BOOST_TEST(parse_error("http://h:0/").find("invalid port") != std::string::npos);
    BOOST_TEST(parse_error("http://h:65536/").find("invalid port") != std::string::npos);
    BOOST_TEST(parse_error("http://h:8o/").find("invalid port") != std::string::npos);
    BOOST_TEST(parse_error("http:///path").find("no host") != std::string::npos);
    BOOST_TEST(!parse_error("http://h /").empty());
    BOOST_TEST(!parse_error("http://[::1/").empty());
}

BOOST_AUTO_TEST_CASE(listen_addresses) {
    std::string error;
    auto a = parse_host_port("127.0.0.1:0", error);
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->host == "127.0.0.1");
    BOOST_TEST(a->port == 0);
    auto b = parse_host_port("[::1]:2121", error);
    BOOST_REQUIRE(b.has_value());
    BOOST_TEST(b->host == "::1");
    BOOST_TEST(b->to_string() == "[::1]:2121");
    auto c = parse_host_port("localhost", error, 21);
    BOOST_REQUIRE(c.has_value());
    BOOST_TEST(c->port == 21);
    for (std::string_view bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:70000", ":80",
                                 "::1:80", "user@h:80", ""}) {
        BOOST_TEST_INFO(bad);
        BOOST_TEST(!parse_host_port(bad, error).has_value());
        BOOST_TEST(!error.empty());
    }
    BOOST_TEST(!parse_host_port("h:0", error, std::nullopt, false).has_value());
    BOOST_TEST(error.find("1-65535") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(endpoints_from_urls_or_host_port) {
    std::string error;
    auto implicit = parse_endpoint("ftps://h/dir", 21, error);
    BOOST_REQUIRE(implicit.has_value());
    BOOST_TEST(implicit->port == 990);
    BOOST_TEST((implicit->tls == tls_mode::implicit));
    auto plain = parse_endpoint("[::1]", 21, error);
    BOOST_REQUIRE(plain.has_value());
    BOOST_TEST(plain->host == "::1");
    BOOST_TEST(plain->port == 21);
    BOOST_TEST((plain->tls == tls_mode::none));
    BOOST_TEST(!parse_endpoint("h:0", 21, error).has_value());
    BOOST_TEST(!parse_endpoint("gopher://h", 21, error).has_value());
    BOOST_TEST(error.find("gopher") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(split_target_decodes_the_path_and_the_query_parameters) {
    const auto parts = split_target("/a%20b/c?x=1+2&y&z=%26%3D&&w=");
    BOOST_CHECK_EQUAL(parts.path, "/a b/c");
    BOOST_REQUIRE_EQUAL(parts.query.size(), 4u);
    BOOST_CHECK_EQUAL(parts.query[0].first, "x");
    BOOST_CHECK_EQUAL(parts.query[0].second, "1 2");
    BOOST_CHECK_EQUAL(parts.query[1].first, "y");
    BOOST_CHECK_EQUAL(parts.query[1].second, "");
    BOOST_CHECK_EQUAL(parts.query[2].second, "&=");
    BOOST_CHECK_EQUAL(parts.query[3].first, "w");
    BOOST_CHECK(split_target("/plain").query.empty());
    BOOST_CHECK_EQUAL(split_target("/plus+stays").path, "/plus+stays");
}

BOOST_AUTO_TEST_CASE(dial_address_of_listeners) {
    BOOST_TEST(dial_address("127.0.0.1:0", 8080) == "127.0.0.1:8080");
    BOOST_TEST(dial_address("localhost:0", 1) == "127.0.0.1:1");
    BOOST_TEST(dial_address("0.0.0.0:0", 2) == "127.0.0.1:2");
    BOOST_TEST(dial_address("[::]:0", 3) == "[::1]:3");
    BOOST_TEST(dial_address("[::1]:0", 4) == "[::1]:4");
    BOOST_TEST(dial_address("10.1.2.3:5", 5) == "10.1.2.3:5");
}
