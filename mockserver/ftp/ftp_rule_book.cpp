#include "mockserver/ftp/ftp_rule_book.hpp"

namespace replycheck::mock {

bool ftp_glob_match(std::string_view pattern, std::string_view text) noexcept {
    // Iterative matcher with one backtrack point for the last '*' (linear in practice).
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool ftp_rule_matches(const ftp_rule_match& match, std::string_view verb,
                      std::string_view argument) {
    if (!match.command.empty() && match.command != verb) return false;
    switch (match.kind) {
        case ftp_match_kind::any:
            return true;
        case ftp_match_kind::exact:
            return match.argument == argument;
        case ftp_match_kind::glob:
            return ftp_glob_match(match.argument, argument);
        case ftp_match_kind::regex:
            return match.compiled &&
                   std::regex_match(argument.begin(), argument.end(), *match.compiled);
    }
    return false;
}

ftp_rule_book::ftp_rule_book(std::vector<ftp_rule> rules)
    : rules_(std::move(rules)), used_(rules_.size(), 0) {}

const ftp_rule* ftp_rule_book::take(std::string_view verb, std::string_view argument) {
    if (rules_.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const auto& rule = rules_[i];
        if (rule.times && used_[i] >= static_cast<std::size_t>(*rule.times)) continue;
        if (!ftp_rule_matches(rule.match, verb, argument)) continue;
        ++used_[i];
        return &rule;
    }
    return nullptr;
}

std::size_t ftp_rule_book::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < used_.size() ? used_[index] : 0;
}

}  // namespace replycheck::mock
