#include "protocol/redactor.hpp"

#include <boost/test/unit_test.hpp>

using replycheck::protocol::mask_credentials;
using replycheck::protocol::redactor;

BOOST_AUTO_TEST_CASE(masks_known_secrets_everywhere) {
    redactor r;
    r.add_secret("hunter2");
    r.add_secret("hunter22");
    BOOST_TEST(r.apply("token hunter22 and hunter2") == "token *** and ***");
}

BOOST_AUTO_TEST_CASE(masks_authorization_but_keeps_the_scheme) {
    BOOST_TEST(mask_credentials("GET / HTTP/1.1\r\nAuthorization: Basic YWxpY2U6c2VjcmV0\r\nHost: x\r\n") ==
               "GET / HTTP/1.1\r\nAuthorization: Basic ***\r\nHost: x\r\n");
    BOOST_TEST(mask_credentials("proxy-authorization: Digest abc") == "proxy-authorization: Digest ***");
    BOOST_TEST(mask_credentials("\x1d" "Authorization: Bearer tok") == "\x1d" "Authorization: Bearer ***");
    BOOST_TEST(mask_credentials("X-Authorization: tok") == "X-Authorization: ***");
    BOOST_TEST(mask_credentials("Unauthorization: x") == "Unauthorization: x");
}

BOOST_AUTO_TEST_CASE(masks_ftp_pass_and_url_passwords) {
    BOOST_TEST(mask_credentials("USER alice\r\nPASS s3cret\r\n") == "USER alice\r\nPASS ***\r\n");
    BOOST_TEST(mask_credentials("ftp://alice:s3cret@127.0.0.1:21/x") == "ftp://alice:***@127.0.0.1:21/x");
    BOOST_TEST(mask_credentials("http://127.0.0.1:80/a@b") == "http://127.0.0.1:80/a@b");
    BOOST_TEST(mask_credentials("no secrets here") == "no secrets here");
}

BOOST_AUTO_TEST_CASE(masks_pass_only_where_it_is_a_command) {
    BOOST_TEST(mask_credentials("> PASS s3cret\r\n< 230 ok") == "> PASS ***\r\n< 230 ok");
    BOOST_TEST(mask_credentials("step 2: PASS s3cret") == "step 2: PASS ***");
    BOOST_TEST(mask_credentials("PASS before USER gives 503") == "PASS before USER gives 503");
    BOOST_TEST(mask_credentials("the tests pass on retry") == "the tests pass on retry");
    BOOST_TEST(mask_credentials("bypass secret") == "bypass secret");
}
