// Grammar helpers for the rules: tokens, digits, media type parameters.

#include "protocol/rules/rules_detail.hpp"

#include <cctype>

#include "protocol/wire/ows.hpp"

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

std::string_view trim(std::string_view text) noexcept { return trim_ows(text); }

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

}  // namespace replycheck::protocol::detail
