#include "mockserver/ftp/ftp_rule_book.hpp"

#include <iostream>

#include "protocol/glob_match.hpp"

namespace replycheck::mock {

bool ftp_rule_matches(const ftp_rule_match& match, std::string_view verb, std::string_view argument,
                      std::string* note) {
    if (!match.command.empty() && match.command != verb) return false;
    switch (match.kind) {
        case ftp_match_kind::any:
            return true;
        case ftp_match_kind::exact:
            return match.argument == argument;
        case ftp_match_kind::glob:
            return protocol::glob_match(match.argument, argument);
        case ftp_match_kind::regex: {
            if (!match.compiled) return false;
            // Bounded (protocol/bounded_regex.hpp): too complex for the argument is no match.
            const auto outcome = match.compiled->match(argument);
            if (outcome == protocol::regex_outcome::too_complex && note)
                *note = match.compiled->too_complex_message("argument", argument.size()) + "; taken as no match";
            return outcome == protocol::regex_outcome::match;
        }
    }
    return false;
}

ftp_rule_book::ftp_rule_book(std::vector<ftp_rule> rules)
    : rules_(std::move(rules)), used_(rules_.size(), 0), noted_(rules_.size(), 0) {}

const ftp_rule* ftp_rule_book::take(std::string_view verb, std::string_view argument) {
    if (rules_.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < rules_.size(); ++i) {
        const auto& rule = rules_[i];
        if (rule.times && used_[i] >= static_cast<std::size_t>(*rule.times)) continue;
        std::string note;
        const bool matched = ftp_rule_matches(rule.match, verb, argument, &note);
        if (!note.empty() && !noted_[i]) {
            // Once per rule: a client repeating the command would repeat the note.
            noted_[i] = 1;
            const auto where = rule.where.file.empty() ? std::string() : " (" + rule.where.to_string() + ")";
            notes_.push_back("mock FTP rule " + std::to_string(i + 1) + where + ": " + note);
            std::cerr << "replycheck mock: " << notes_.back() << '\n';
        }
        if (!matched) continue;
        ++used_[i];
        return &rule;
    }
    return nullptr;
}

std::vector<std::string> ftp_rule_book::notes() const {
    std::lock_guard lock(mutex_);
    return notes_;
}

std::size_t ftp_rule_book::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < used_.size() ? used_[index] : 0;
}

}  // namespace replycheck::mock
