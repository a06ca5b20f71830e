// Grammar helpers for the rules: dates, tokens, Content-Range, media type parameters.

#include "protocol/rules/rules_detail.hpp"

#include <array>
#include <cctype>

namespace replycheck::protocol::detail {

void finding_sink::add(std::string_view id, std::string message) {
    if (rule_allowed(options_, id)) return;
    finding f;
    f.rule_id = std::string(id);
    if (const auto* info = find_rule(id)) {
        f.level = info->level;
        f.section = std::string(info->section);
    }
    f.message = std::move(message);
    findings_.push_back(std::move(f));
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view text) noexcept {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_token(std::string_view text) noexcept {
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" /
    //         "|" / "~" / DIGIT / ALPHA   (RFC 9110 §5.6.2)
    static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    if (text.empty()) return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && specials.find(c) == std::string_view::npos) return false;
    }
    return true;
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept {
    // Days since 1970-01-01 in the proleptic Gregorian calendar.
    year -= month <= 2 ? 1 : 0;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const auto yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

int two_digits(std::string_view s) noexcept {
    if (s.size() != 2 || !all_digits(s)) return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

int month_index(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 12> months{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i)
        if (months[i] == name) return static_cast<int>(i) + 1;
    return 0;
}

bool leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

}  // namespace

std::optional<std::int64_t> parse_imf_fixdate(std::string_view t) noexcept {
    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT  (RFC 9110 §5.6.7)
    //               "Sun, 06 Nov 1994 08:49:37 GMT" -- exactly 29 octets.
    static constexpr std::array<std::string_view, 7> day_names{"Sun", "Mon", "Tue", "Wed",
                                                               "Thu", "Fri", "Sat"};
    if (t.size() != 29) return std::nullopt;
    if (t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' || t[19] != ':' ||
        t[22] != ':' || t.substr(25) != " GMT")
        return std::nullopt;
    int wday = -1;
    for (std::size_t i = 0; i < day_names.size(); ++i)
        if (day_names[i] == t.substr(0, 3)) wday = static_cast<int>(i);
    const int day = two_digits(t.substr(5, 2));
    const int month = month_index(t.substr(8, 3));
    if (wday < 0 || day < 1 || month == 0 || !all_digits(t.substr(12, 4))) return std::nullopt;
    const int year = std::stoi(std::string(t.substr(12, 4)));
    const int hour = two_digits(t.substr(17, 2));
    const int minute = two_digits(t.substr(20, 2));
    const int second = two_digits(t.substr(23, 2));
    if (day > days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 60)
        return std::nullopt;
    const std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    // The day name must agree with the date (1970-01-01 was a Thursday).
    const auto computed = static_cast<int>(((days % 7) + 7 + 4) % 7);
    if (computed != wday) return std::nullopt;
    return days * 86400 + hour * 3600 + minute * 60 + second;
}

namespace {

std::optional<std::uint64_t> parse_u64(std::string_view s) noexcept {
    if (!all_digits(s) || s.size() > 19) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    return v;
}

}  // namespace

std::optional<content_range> parse_content_range(std::string_view text) noexcept {
    // Content-Range = range-unit SP ( range-resp / unsatisfied-range )
    //   range-resp = incl-range "/" ( complete-length / "*" ); unsatisfied-range = "*/" length
    text = trim(text);
    if (text.size() < 6 || upper(text.substr(0, 6)) != "BYTES ") return std::nullopt;
    text.remove_prefix(6);
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto range = text.substr(0, slash);
    const auto length_text = text.substr(slash + 1);
    content_range out;
    if (length_text != "*") {
        out.length = parse_u64(length_text);
        if (!out.length) return std::nullopt;
    }
    if (range == "*") {
        if (!out.length) return std::nullopt;
        out.unsatisfied = true;
        return out;
    }
    const auto dash = range.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const auto first = parse_u64(range.substr(0, dash));
    const auto last = parse_u64(range.substr(dash + 1));
    if (!first || !last || *first > *last) return std::nullopt;
    // A valid range has last < complete-length.
    if (out.length && *last >= *out.length) return std::nullopt;
    out.first = *first;
    out.last = *last;
    return out;
}

std::optional<std::string> media_type_parameter(std::string_view value, std::string_view name) {
    // parameters = *( OWS ";" OWS [ parameter ] ); parameter = name "=" ( token / quoted-string )
    auto i = value.find(';');
    if (i == std::string_view::npos) return std::nullopt;
    const auto n = value.size();
    while (i < n) {
        while (i < n && (value[i] == ';' || value[i] == ' ' || value[i] == '\t')) ++i;
        const auto key_start = i;
        while (i < n && value[i] != '=' && value[i] != ';') ++i;
        const auto key = trim(value.substr(key_start, i - key_start));
        std::string param;
        if (i < n && value[i] == '=') {
            ++i;
            while (i < n && (value[i] == ' ' || value[i] == '\t')) ++i;
            if (i < n && value[i] == '"') {
                ++i;
                while (i < n && value[i] != '"') {
                    if (value[i] == '\\' && i + 1 < n) ++i;
                    param += value[i++];
                }
                if (i < n) ++i;  // closing quote
                while (i < n && value[i] != ';') ++i;
            } else {
                const auto start = i;
                while (i < n && value[i] != ';') ++i;
                param = std::string(trim(value.substr(start, i - start)));
            }
        }
        if (!key.empty() && upper(key) == upper(name)) return param;
    }
    return std::nullopt;
}

std::string media_type(std::string_view value) {
    const auto semi = value.find(';');
    std::string out(trim(value.substr(0, semi)));
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

header_list parse_header_lines(std::string_view head) {
    header_list out;
    bool first = true;
    while (!head.empty()) {
        auto eol = head.find('\n');
        auto line = head.substr(0, eol);
        head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;  // end of the header section
        if (first) {
            first = false;  // request or status line
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        out.push_back({std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
    }
    return out;
}

}  // namespace replycheck::protocol::detail
