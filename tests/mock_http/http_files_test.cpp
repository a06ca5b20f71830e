// The I/O-free helpers of the mock HTTP server: path normalization, byte ranges, entity-tag
// lists, HTTP dates, glob patterns.
#include "mockserver/http/http_files.hpp"

#include <boost/test/unit_test.hpp>

#include "mockserver/http/date_field.hpp"
#include "mockserver/http/http_scripts.hpp"
#include "protocol/glob_match.hpp"

using namespace replycheck::mock::detail;
using replycheck::protocol::glob_match;

BOOST_AUTO_TEST_CASE(normalize_paths) {
    std::string out;
    BOOST_TEST(normalize_path("/", out));
    BOOST_TEST(out == "/");
    BOOST_TEST(normalize_path("/a/./b//c", out));
    BOOST_TEST(out == "/a/b/c");
    BOOST_TEST(normalize_path("/a/b/../c/", out));
    BOOST_TEST(out == "/a/c/");
    BOOST_TEST(normalize_path("/a%20b", out));
    BOOST_TEST(out == "/a b");
    BOOST_TEST(normalize_path("/a/..", out));
    BOOST_TEST(out == "/");
    BOOST_TEST(!normalize_path("/..", out));
    BOOST_TEST(!normalize_path("/a/../..", out));
    BOOST_TEST(!normalize_path("/%2e%2e/x", out));
    BOOST_TEST(!normalize_path("/%2E%2E%2Fx", out));
    BOOST_TEST(!normalize_path("/a%2f..%2f..%2fx", out));
    BOOST_TEST(!normalize_path("/a\\b", out));
    BOOST_TEST(!normalize_path("/a%5cb", out));
    BOOST_TEST(!normalize_path("/a%00b", out));
    BOOST_TEST(!normalize_path("/a%zz", out));
    BOOST_TEST(!normalize_path("/a%2", out));
    BOOST_TEST(!normalize_path("relative", out));
}

BOOST_AUTO_TEST_CASE(byte_ranges) {
    std::vector<byte_range> r;
    BOOST_TEST((parse_range("bytes=0-4", 10, r) == range_outcome::satisfiable));
    BOOST_TEST(r.size() == 1u);
    BOOST_TEST(r[0].first == 0u);
    BOOST_TEST(r[0].last == 4u);
    BOOST_TEST((parse_range("bytes=-3", 10, r) == range_outcome::satisfiable));
    BOOST_TEST(r[0].first == 7u);
    BOOST_TEST((parse_range("bytes=-30", 10, r) == range_outcome::satisfiable));
    BOOST_TEST(r[0].first == 0u);
    BOOST_TEST((parse_range("bytes=5-", 10, r) == range_outcome::satisfiable));
    BOOST_TEST(r[0].last == 9u);
    BOOST_TEST((parse_range("bytes=0-0, 2-3 ,,8-100", 10, r) == range_outcome::satisfiable));
    BOOST_TEST(r.size() == 3u);
    BOOST_TEST(r[2].last == 9u);
    BOOST_TEST((parse_range("bytes=10-", 10, r) == range_outcome::unsatisfiable));
    BOOST_TEST((parse_range("bytes=-0", 10, r) == range_outcome::unsatisfiable));
    BOOST_TEST((parse_range("bytes=0-", 0, r) == range_outcome::unsatisfiable));
    BOOST_TEST((parse_range("bytes=20-30, 12-", 10, r) == range_outcome::unsatisfiable));
    BOOST_TEST((parse_range("bytes=20-30, 2-3", 10, r) == range_outcome::satisfiable));
    BOOST_TEST((parse_range("bytes=4-2", 10, r) == range_outcome::ignore));
    BOOST_TEST((parse_range("bytes=a-b", 10, r) == range_outcome::ignore));
    BOOST_TEST((parse_range("items=0-1", 10, r) == range_outcome::ignore));
    BOOST_TEST((parse_range("bytes=", 10, r) == range_outcome::ignore));
    BOOST_TEST((parse_range("BYTES=1-2", 10, r) == range_outcome::satisfiable));
    std::string many = "bytes=";
    for (int i = 0; i < 100; ++i) many += std::to_string(i) + "-" + std::to_string(i) + ",";
    BOOST_TEST((parse_range(many, 1000, r) == range_outcome::ignore));
}

BOOST_AUTO_TEST_CASE(entity_tags) {
    BOOST_TEST(etag_list_matches("\"a\"", "\"a\"", false));
    BOOST_TEST(etag_list_matches("\"x\", \"a\"", "\"a\"", false));
    BOOST_TEST(etag_list_matches("*", "\"a\"", false));
    BOOST_TEST(!etag_list_matches("W/\"a\"", "\"a\"", false));
    BOOST_TEST(etag_list_matches("W/\"a\"", "\"a\"", true));
    BOOST_TEST(!etag_list_matches("\"b\"", "\"a\"", true));
    BOOST_TEST(!etag_list_matches("a", "\"a\"", true));
    BOOST_TEST(!etag_list_matches("\"a", "\"a\"", true));
}

BOOST_AUTO_TEST_CASE(http_dates) {
    BOOST_TEST(format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    BOOST_TEST(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value() == 784111777);
    BOOST_TEST(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").value() == 784111777);
    BOOST_TEST(parse_http_date("Sun Nov  6 08:49:37 1994").value() == 784111777);
    BOOST_TEST(!parse_http_date("yesterday"));
    BOOST_TEST(!parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
    BOOST_TEST(!parse_http_date("Sun, 06 Nox 1994 08:49:37 GMT"));
    BOOST_TEST(!parse_http_date("Sun, 36 Nov 1994 08:49:37 GMT"));
    BOOST_TEST(current_http_date().size() == 29u);
}

BOOST_AUTO_TEST_CASE(globs_and_media_types) {
    BOOST_TEST(glob_match("/img/*.png", "/img/a/b.png"));
    BOOST_TEST(glob_match("/a?c", "/abc"));
    BOOST_TEST(!glob_match("/a?c", "/ac"));
    BOOST_TEST(glob_match("*", ""));
    BOOST_TEST(!glob_match("/x*", "/y"));
    BOOST_TEST(glob_match("/*/*/end", "/a/b/end"));
    BOOST_TEST(media_type_for("index.HTML") == "text/html");
    BOOST_TEST(media_type_for("/x/y.json") == "application/json");
    BOOST_TEST(media_type_for("noext") == "application/octet-stream");
    BOOST_TEST(media_type_for(".hidden") == "application/octet-stream");
}
