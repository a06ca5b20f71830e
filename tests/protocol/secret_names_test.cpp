#include "protocol/secret_names.hpp"

#include <boost/test/unit_test.hpp>

using replycheck::protocol::secret_name;

BOOST_AUTO_TEST_CASE(a_name_is_secret_when_one_of_its_words_is) {
    for (const char* name : {"password", "Password", "X-Api-Key", "X-Auth-Token", "access_token", "sessionId", "APIKey",
                             "apiKey", "newpassword", "PHPSESSID", "JSESSIONID", "user.pin", "X-CSRF-Token", "client secret",
                             "authtoken", "credentials", "api_keys", "tokens", "password1", "new_password2", "pass1",
                             "token1", "secret2", "Cookie", "Set-Cookie", "sid", "oauth_verifier", "X-Hub-Signature-256",
                             "Authorization", "Proxy-Authorization", "privateKey", "mfa_code", "totp"})
        BOOST_CHECK_MESSAGE(secret_name(name), name);
}

BOOST_AUTO_TEST_CASE(a_secret_word_inside_another_word_is_none) {
    for (const char* name : {"author", "monkey", "keywords", "passenger", "keyboard", "pinned", "compass", "possession",
                             "page2", "v2", "address1", "power", "keynote", "Keep-Alive", "WWW-Authenticate", "Accept",
                             "theme", "user", "", "-", "_s"})
        BOOST_CHECK_MESSAGE(!secret_name(name), name);
}
