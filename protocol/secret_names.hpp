#pragma once
// The one test of whether a name carries a secret: a request field ("X-Api-Key"), a query
// parameter ("access_token"), a form or JSON field ("new_password2"), a cookie. Recording masks
// the values of such names, and so does the redactor (mock journals, reports, the console).

#include <string_view>

namespace replycheck::protocol {

/// True when one of the words of `name` is a secret word. Words are cut at every byte that is
/// no ASCII letter or digit, where camelCase turns ("apiKey", "APIKey" -> "API", "Key") and
/// where letters meet digits ("password1"). A plural counts as its singular. The words
/// pass, pw, pwd, key, auth, sid, sig, otp, totp, mfa, pin, jwt, csrf, xsrf, session,
/// authorization, signature, credential, bearer count whole only ("author", "monkey",
/// "passenger" are none); password, passwd, passphrase, passcode, token, secret, apikey,
/// privatekey, verifier, sessid, sessionid, cookie also at the end of a run-together word
/// ("newpassword", "PHPSESSID").
bool secret_name(std::string_view name);

}  // namespace replycheck::protocol
