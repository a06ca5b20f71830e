#include "protocol/redactor.hpp"

#include <boost/test/unit_test.hpp>

using replycheck::protocol::mask_credentials;
using replycheck::protocol::redactor;

BOOST_AUTO_TEST_CASE(masks_long_secrets_wherever_they_stand_as_a_whole_token) {
    redactor r;
    r.add_secret("hunter22");
    r.add_secret("hunter22-long");
    BOOST_TEST(r.apply("token hunter22-long and hunter22, (hunter22)") == "token *** and ***, (***)");
    // Inside a longer word it is another word: masking there would garble and point at the secret.
    BOOST_TEST(r.apply("xhunter22 hunter22y") == "xhunter22 hunter22y");
}

BOOST_AUTO_TEST_CASE(masks_short_secrets_only_where_they_are_values) {
    redactor r;
    r.add_secret("e");
    BOOST_TEST(r.apply("greeting is 220 (smoke ftp://alice@127.0.0.1:21/)") ==
               "greeting is 220 (smoke ftp://alice@127.0.0.1:21/)");
    BOOST_TEST(r.apply("> USER alice\n> PASS e\n< 230 welcome") == "> USER alice\n> PASS ***\n< 230 welcome");
    BOOST_TEST(r.apply("GET /?token=e&page=e2 HTTP/1.1\r\nX-Api-Key: e \r\nX-Other: e2\r\n") ==
               "GET /?token=***&page=e2 HTTP/1.1\r\nX-Api-Key: *** \r\nX-Other: e2\r\n");
    BOOST_TEST(r.apply("{\"password\": \"e\", \"name\": \"eve\"}") == "{\"password\": \"***\", \"name\": \"eve\"}");
    BOOST_TEST(r.apply("expected 'e', got 'eve'") == "expected '***', got 'eve'");
    BOOST_TEST(r.apply("e\nline e\n< e") == "***\nline e\n< ***");
    BOOST_TEST(r.apply("Cookie: a=1; session=e; b=2") == "Cookie: a=***; session=***; b=***");
}

BOOST_AUTO_TEST_CASE(a_password_p_leaves_urls_readable) {
    redactor r;
    r.add_secret("p");
    BOOST_TEST(r.apply("smoke ftp://alice:p@127.0.0.1:21/ and http://127.0.0.1/p/up") ==
               "smoke ftp://alice:***@127.0.0.1:21/ and http://127.0.0.1/p/up");
}

BOOST_AUTO_TEST_CASE(known_secrets_are_masked_in_pass_and_userinfo_whatever_they_contain) {
    redactor r;
    r.add_secret("a b");
    r.add_secret("p/q");
    BOOST_TEST(r.apply("> PASS a b\r\n< 230 ok") == "> PASS ***\r\n< 230 ok");
    BOOST_TEST(r.apply("ftp://alice:p/q@127.0.0.1/") == "ftp://alice:***@127.0.0.1/");
    BOOST_TEST(r.apply("PASS before USER gives 503") == "PASS before USER gives 503");
}

BOOST_AUTO_TEST_CASE(the_mask_does_not_tell_the_length) {
    redactor r;
    r.add_secret("e");
    r.add_secret("a-much-longer-secret-value");
    BOOST_TEST(r.apply("X-A: e\nX-B: a-much-longer-secret-value") == "X-A: ***\nX-B: ***");
}

BOOST_AUTO_TEST_CASE(scoped_secrets_mask_only_their_own_scope) {
    redactor r;
    r.add_secret("global-secret");
    r.add_secret("x", "scenario A");
    r.add_secret("captured-token", "scenario A");
    // X-Value: a secret-named field ("X-Token") would be masked by its name in every scope.
    const std::string text = "X-Value: x\ncaptured-token and global-secret";
    BOOST_TEST(r.apply(text, "scenario A") == "X-Value: ***\n*** and ***");
    BOOST_TEST(r.apply(text, "scenario B") == "X-Value: x\ncaptured-token and ***");
    BOOST_TEST(r.apply(text) == "X-Value: x\ncaptured-token and ***");
    BOOST_TEST(r.has_secrets());
    BOOST_TEST(!redactor{}.has_secrets());
}

BOOST_AUTO_TEST_CASE(a_secret_inside_a_longer_one_masks_the_longer_one_whole) {
    redactor r;
    r.add_secret("s3cret", "A");
    r.add_secret("my-s3cret-value");
    BOOST_TEST(r.apply("key my-s3cret-value", "A") == "key ***");
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

BOOST_AUTO_TEST_CASE(a_folded_authorization_value_is_masked_on_every_line) {
    // obs-fold (RFC 9112 §5.2): the credentials may stand on the continuation lines.
    BOOST_TEST(replycheck::protocol::mask_credentials("GET / HTTP/1.1\r\nAuthorization: Basic\r\n secrethttp9\r\n\tmore9\r\n"
                                                      "Host: x\r\n\r\n") ==
               "GET / HTTP/1.1\r\nAuthorization: ***\r\n ***\r\n\t***\r\nHost: x\r\n\r\n");
    BOOST_TEST(replycheck::protocol::mask_credentials("Authorization: Bearer abc\nHost: x") == "Authorization: Bearer ***\nHost: x");
}

BOOST_AUTO_TEST_CASE(masks_cookie_values_and_secret_named_fields_keeping_the_names) {
    BOOST_TEST(mask_credentials("GET / HTTP/1.1\r\nCookie: sid=S3cr3t; theme=dark\r\nX-Api-Key: K3y \r\n"
                                "X-Auth-Token:T0k\r\nAccept: */*\r\n\r\n") ==
               "GET / HTTP/1.1\r\nCookie: sid=***; theme=***\r\nX-Api-Key: *** \r\nX-Auth-Token:***\r\n"
               "Accept: */*\r\n\r\n");
    // A Set-Cookie keeps its attributes (RFC 6265 §4.1.1); a nameless cookie is all value.
    BOOST_TEST(mask_credentials("< Set-Cookie: sid=abc; Path=/; HttpOnly\n> Cookie: abc") ==
               "< Set-Cookie: sid=***; Path=/; HttpOnly\n> Cookie: ***");
    // An obs-fold line goes on with the value (RFC 9112 §5.2).
    BOOST_TEST(mask_credentials("X-Session-Id: a\r\n b\r\nHost: x") == "X-Session-Id: ***\r\n ***\r\nHost: x");
    // Fields with no secret name, and empty values, are left alone; so is the same name mid-line.
    BOOST_TEST(mask_credentials("Author: ann\nKeep-Alive: 5\nX-Api-Key:\nsee X-Api-Key: k") ==
               "Author: ann\nKeep-Alive: 5\nX-Api-Key:\nsee X-Api-Key: k");
    // Authorization keeps its scheme, as before.
    BOOST_TEST(mask_credentials("Authorization: Bearer abc") == "Authorization: Bearer ***");
}

BOOST_AUTO_TEST_CASE(masks_secret_query_parameters_and_form_fields) {
    BOOST_TEST(mask_credentials("GET /a?access_token=T0k&page=2&password=P#frag HTTP/1.1") ==
               "GET /a?access_token=***&page=2&password=***#frag HTTP/1.1");
    BOOST_TEST(mask_credentials("/a.txt?author=x&monkey=y&keywords=z") == "/a.txt?author=x&monkey=y&keywords=z");
    BOOST_TEST(mask_credentials("user=a&password=P4ss&new_password2=Q") == "user=a&password=***&new_password2=***");
    BOOST_TEST(mask_credentials("password=P4ss&user=a\nsid=9") == "password=***&user=a\nsid=***");
    // An empty value hides nothing; a name is never masked; a masked value keeps the text's punctuation.
    BOOST_TEST(mask_credentials("/a?token=&x=1") == "/a?token=&x=1");
    BOOST_TEST(mask_credentials("GET /a?token=***: cut, /b?sig=***x") == "GET /a?token=***: cut, /b?sig=***");
    BOOST_TEST(mask_credentials("see \"/b?api_key=abc\" and 'x?sig=1'") == "see \"/b?api_key=***\" and 'x?sig=***'");
}

BOOST_AUTO_TEST_CASE(masks_secret_named_json_members_keeping_the_names) {
    BOOST_TEST(mask_credentials(R"({"user":"ann","password":"JsonPw55"})") == R"({"user":"ann","password":"***"})");
    BOOST_TEST(mask_credentials(R"({"api_key" : 12345, "page": 2})") == R"({"api_key" : ***, "page": 2})");
    BOOST_TEST(mask_credentials(R"({"new_password2": "a\"b", "author": "x"})") == R"({"new_password2": "***", "author": "x"})");
    // Names that are no secrets, values that are not scalars, and broken text stay as they are.
    BOOST_TEST(mask_credentials(R"({"keywords":"a","token":true,"secret":{"k":1}})") ==
               R"({"keywords":"a","token":true,"secret":{"k":1}})");
    BOOST_TEST(mask_credentials(R"({"password":"cut)") == R"({"password":"cut)");
    BOOST_TEST(mask_credentials(R"(say "password" twice)") == R"(say "password" twice)");
}
