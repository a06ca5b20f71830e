#include "harness/variables.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using replycheck::harness::parse_assignment;
using replycheck::harness::variables;

BOOST_AUTO_TEST_CASE(expands_names_environment_and_escapes) {
    variables v;
    v.set("http", "http://127.0.0.1:8080");
    v.set("etag", "\"abc\"");
    ::setenv("RC_VARIABLES_TEST", "from-env", 1);
    std::string error;
    BOOST_TEST(v.expand("${http}/a?e=${etag}", error).value() == "http://127.0.0.1:8080/a?e=\"abc\"");
    BOOST_TEST(v.expand("${env.RC_VARIABLES_TEST}!", error).value() == "from-env!");
    BOOST_TEST(v.expand("literal $${http} and $ alone", error).value() == "literal ${http} and $ alone");
    BOOST_TEST(v.expand("", error).value() == "");
}

BOOST_AUTO_TEST_CASE(reports_unknown_and_unterminated_references) {
    variables v;
    std::string error;
    BOOST_TEST(!v.expand("${missing}", error));
    BOOST_TEST(error == "unknown variable ${missing}");
    BOOST_TEST(!v.expand("a ${open", error));
    BOOST_TEST(error == "unterminated ${ in 'a ${open'");
    ::unsetenv("RC_VARIABLES_TEST_UNSET");
    BOOST_TEST(!v.expand("${env.RC_VARIABLES_TEST_UNSET}", error));
    BOOST_TEST(error == "environment variable RC_VARIABLES_TEST_UNSET is not set");
}

BOOST_AUTO_TEST_CASE(later_values_win_and_secrets_are_listed) {
    variables v;
    v.set("a", "1");
    v.set("a", "2");
    v.set("token", "t0k3n", true);
    v.mark_secret("pw");
    v.set("pw", "hunter2");
    std::string error;
    BOOST_TEST(v.expand("${a}", error).value() == "2");
    BOOST_TEST(v.is_secret("token"));
    BOOST_TEST(!v.is_secret("a"));
    auto secrets = v.secret_values();
    BOOST_TEST(secrets.size() == 2u);
    BOOST_TEST(secrets.count("hunter2") == 1u);
}

BOOST_AUTO_TEST_CASE(parses_assignments) {
    BOOST_TEST(parse_assignment("k=v=w")->second == "v=w");
    BOOST_TEST(parse_assignment("k=")->second == "");
    BOOST_TEST(!parse_assignment("=v"));
    BOOST_TEST(!parse_assignment("novalue"));
}

BOOST_AUTO_TEST_CASE(references_are_read_as_expand_reads_them) {
    using replycheck::harness::references_in;
    auto refs = references_in("${http}/a/$${literal}/${env.HOME}?x=${id");
    BOOST_REQUIRE_EQUAL(refs.size(), 3u);
    BOOST_TEST(refs[0].name == "http");
    BOOST_TEST(!refs[0].unterminated);
    BOOST_TEST(refs[1].name == "env.HOME");
    BOOST_TEST(refs[2].name == "id");
    BOOST_TEST(refs[2].unterminated);
    BOOST_TEST(references_in("no references, $ and $${x}").empty());
}
