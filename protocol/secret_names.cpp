#include "protocol/secret_names.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "protocol/wire/ascii.hpp"

namespace replycheck::protocol {

namespace {

// Counted as whole words only: "monkey", "keywords", "possession" name no secret.
constexpr std::string_view whole_words[] = {"pass", "pw", "pwd", "key", "auth", "sid", "sig", "otp", "totp", "mfa",
                                            "pin", "jwt", "csrf", "xsrf", "session", "authorization", "signature",
                                            "credential", "bearer"};
// Also counted at the end of a run-together word: "newpassword", "PHPSESSID", "authtoken".
constexpr std::string_view ending_words[] = {"password", "passwd", "passphrase", "passcode", "token", "secret",
                                             "apikey", "privatekey", "verifier", "sessid", "sessionid", "cookie"};

bool matches(std::string_view w) {
    if (std::find(std::begin(whole_words), std::end(whole_words), w) != std::end(whole_words)) return true;
    return std::any_of(std::begin(ending_words), std::end(ending_words), [&](std::string_view e) { return w.ends_with(e); });
}

bool secret_word(std::string_view word) {
    const std::string lowered = protocol::ascii_lower(word);
    const std::string_view w = lowered;
    // A plural names the same secrets ("api_keys", "tokens").
    return matches(w) || (w.size() > 1 && w.back() == 's' && matches(w.substr(0, w.size() - 1)));
}

constexpr bool lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool secret_name(std::string_view name) {
    // Words: runs of letters and digits, also cut where camelCase turns and where letters meet
    // digits (the numbered fields of sign-up and reset forms: "password1", "pass2").
    std::size_t start = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        const bool end = i == name.size();
        const char c = end ? '\0' : name[i];
        const bool cut = end || !(lower(c) || upper(c) || digit(c)) ||
                         (i > start && upper(c) &&
                          (lower(name[i - 1]) || (i + 1 < name.size() && upper(name[i - 1]) && lower(name[i + 1])))) ||
                         (i > start && digit(c) != digit(name[i - 1]));
        if (!cut) continue;
        if (i > start && secret_word(name.substr(start, i - start))) return true;
        start = (end || lower(c) || upper(c) || digit(c)) ? i : i + 1;
    }
    return false;
}

}  // namespace replycheck::protocol
