// Hand-written parsing for the per-line hot path: no locale, no streams, no allocation beyond
// the caller's reusable buffers.

#include "protocol/logs/log_text.hpp"

#include <array>

#include "protocol/codes/ftp_codes.hpp"

namespace replycheck::logs::text {

namespace {

bool two_digits(std::string_view s, std::size_t at, unsigned& out) noexcept {
    if (at + 2 > s.size()) return false;
    unsigned a = static_cast<unsigned char>(s[at]) - '0';
    unsigned b = static_cast<unsigned char>(s[at + 1]) - '0';
    if (a > 9 || b > 9) return false;
    out = a * 10 + b;
    return true;
}

bool four_digits(std::string_view s, std::size_t at, int& out) noexcept {
    unsigned hi = 0, lo = 0;
    if (!two_digits(s, at, hi) || !two_digits(s, at + 2, lo)) return false;
    out = static_cast<int>(hi * 100 + lo);
    return true;
}

std::optional<std::chrono::sys_seconds> make_time(int y, unsigned mo, unsigned d, unsigned h,
                                                  unsigned mi, unsigned s) noexcept {
    using namespace std::chrono;
    year_month_day ymd{year{y}, month{mo}, day{d}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
}

// "HH:MM:SS" at `at`.
bool clock(std::string_view s, std::size_t at, unsigned& h, unsigned& mi, unsigned& sec) noexcept {
    return at + 8 <= s.size() && two_digits(s, at, h) && s[at + 2] == ':' &&
           two_digits(s, at + 3, mi) && s[at + 5] == ':' && two_digits(s, at + 6, sec);
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool equal_nocase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

bool parse_uint(std::string_view s, std::uint64_t& out, std::uint64_t max) noexcept {
    if (s.empty() || s.size() > 20) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        unsigned d = static_cast<unsigned char>(c) - '0';
        if (d > 9) return false;
        if (v > (max - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

std::string number_problem(std::string_view name, std::string_view value) {
    bool digits = !value.empty();
    for (char c : value) digits = digits && c >= '0' && c <= '9';
    std::string why(name);
    why += " '";
    why += value.substr(0, 40);
    why += digits ? "' is out of range" : "' is not a number";
    return why;
}

int month_number(std::string_view m) noexcept {
    static constexpr std::array<std::string_view, 12> names{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (m.size() != 3) return 0;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == m) return static_cast<int>(i) + 1;
    return 0;
}

std::optional<std::chrono::sys_seconds> parse_clf_time(std::string_view s) noexcept {
    // 05/Jan/2026:10:14:07 +0000
    // 0123456789012345678901234
    if (s.size() != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[20] != ' ') return std::nullopt;
    unsigned d = 0, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
    int y = 0;
    int mo = month_number(s.substr(3, 3));
    if (mo == 0 || !two_digits(s, 0, d) || !four_digits(s, 7, y) || !clock(s, 12, h, mi, sec)) return std::nullopt;
    if ((s[21] != '+' && s[21] != '-') || !two_digits(s, 22, oh) || !two_digits(s, 24, om) || om > 59)
        return std::nullopt;
    auto t = make_time(y, static_cast<unsigned>(mo), d, h, mi, sec);
    if (!t) return std::nullopt;
    // Local time = UTC + offset, so UTC = local - offset.
    std::chrono::minutes offset{static_cast<int>(oh * 60 + om)};
    return s[21] == '+' ? *t - offset : *t + offset;
}

std::optional<std::chrono::sys_seconds> parse_w3c_time(std::string_view date,
                                                       std::string_view time) noexcept {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    int y = 0;
    unsigned mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!four_digits(date, 0, y) || !two_digits(date, 5, mo) || !two_digits(date, 8, d)) return std::nullopt;
    if (time.size() < 8 || !clock(time, 0, h, mi, sec)) return std::nullopt;
    if (time.size() > 8) {
        if (time[8] != '.' || time.size() == 9) return std::nullopt;
        for (char c : time.substr(9))
            if (c < '0' || c > '9') return std::nullopt;
    }
    return make_time(y, mo, d, h, mi, sec);
}

std::optional<std::chrono::sys_seconds> parse_ctime(std::string_view s, std::size_t& used) noexcept {
    // "Wed Nov 25 18:40:01 2026", "Mon Jan  5 10:14:07 2026", "Mon Jan 05 10:14:07 2026"
    if (s.size() < 24 || s[3] != ' ' || s[7] != ' ') return std::nullopt;
    static constexpr std::array<std::string_view, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    bool day_ok = false;
    for (auto name : days) day_ok = day_ok || s.substr(0, 3) == name;
    int mo = month_number(s.substr(4, 3));
    if (!day_ok || mo == 0) return std::nullopt;
    unsigned d = 0, h = 0, mi = 0, sec = 0;
    if (s[8] == ' ') {
        unsigned one = static_cast<unsigned char>(s[9]) - '0';
        if (one > 9) return std::nullopt;
        d = one;
    } else if (!two_digits(s, 8, d)) {
        return std::nullopt;
    }
    int y = 0;
    if (s[10] != ' ' || !clock(s, 11, h, mi, sec) || s[19] != ' ' || !four_digits(s, 20, y)) return std::nullopt;
    if (s.size() > 24 && s[24] != ' ') return std::nullopt;
    used = 24;
    return make_time(y, static_cast<unsigned>(mo), d, h, mi, sec);
}

bool is_ftp_verb(std::string_view word) noexcept {
    if (word.empty() || word.size() > 4) return false;
    if (protocol::find_ftp_command(word) != nullptr) return true;
    // Obsolete RFC 775 spellings and common extensions clients send.
    static constexpr std::array<std::string_view, 10> extra{
        "XCWD", "XCUP", "XPWD", "XMKD", "XRMD", "CLNT", "LANG", "MFMT", "MFCT", "AVBL"};
    for (auto e : extra)
        if (equal_nocase(e, word)) return true;
    return false;
}

bool is_password_command(std::string_view word) noexcept {
    return equal_nocase(word, "PASS") || equal_nocase(word, "ACCT");
}

bool is_iis_ftp_pseudo_command(std::string_view word) noexcept {
    return word.starts_with("ControlChannel") || word.starts_with("DataChannel");
}

bool looks_like_http_method(std::string_view word) noexcept {
    if (word.empty() || word.size() > 32) return false;
    for (char c : word)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

bool looks_like_http_version(std::string_view word) noexcept {
    if (word.size() < 6 || word.substr(0, 5) != "HTTP/") return false;
    for (char c : word.substr(5))
        if (!((c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

std::string_view upper(std::string_view word, std::string& buffer) {
    bool has_lower = false;
    for (char c : word) has_lower = has_lower || (c >= 'a' && c <= 'z');
    if (!has_lower) return word;
    buffer.assign(word);
    for (char& c : buffer)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return buffer;
}

std::string_view unescape_quoted(std::string_view field, std::string& buffer) {
    if (field.find('\\') == std::string_view::npos) return field;
    buffer.clear();
    for (std::size_t i = 0; i < field.size(); ++i) {
        char c = field[i];
        if (c != '\\' || i + 1 >= field.size()) {
            buffer += c;
            continue;
        }
        char n = field[i + 1];
        if (n == 'x' && i + 3 < field.size() && hex_value(field[i + 2]) >= 0 && hex_value(field[i + 3]) >= 0) {
            buffer += static_cast<char>(hex_value(field[i + 2]) * 16 + hex_value(field[i + 3]));
            i += 3;
        } else if (n == '"' || n == '\\') {
            buffer += n;
            ++i;
        } else {
            buffer += c;
        }
    }
    return buffer;
}

std::string_view plus_to_space(std::string_view field, std::string& buffer) {
    if (field.find('+') == std::string_view::npos) return field;
    buffer.assign(field);
    for (char& c : buffer)
        if (c == '+') c = ' ';
    return buffer;
}

std::string_view trim_right(std::string_view s) noexcept {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string_view trim(std::string_view s) noexcept {
    s = trim_right(s);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

std::string_view next_token(std::string_view& rest) noexcept {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    auto end = rest.find(' ');
    auto token = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    return token;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && equal_nocase(s.substr(0, prefix.size()), prefix);
}

}  // namespace replycheck::logs::text
