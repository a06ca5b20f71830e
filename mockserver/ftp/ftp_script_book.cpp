#include "mockserver/ftp/ftp_script_book.hpp"

#include <iostream>

#include "protocol/glob_match.hpp"

namespace replycheck::mock {

bool ftp_script_matches(const ftp_script_match& match, std::string_view verb, std::string_view argument,
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

ftp_script_book::ftp_script_book(std::vector<ftp_script> scripts)
    : scripts_(std::move(scripts)), used_(scripts_.size(), 0), noted_(scripts_.size(), 0) {}

const ftp_script* ftp_script_book::take(std::string_view verb, std::string_view argument) {
    if (scripts_.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
        const auto& script = scripts_[i];
        if (script.times && used_[i] >= static_cast<std::size_t>(*script.times)) continue;
        std::string note;
        const bool matched = ftp_script_matches(script.match, verb, argument, &note);
        if (!note.empty() && !noted_[i]) {
            // Once per script: a client repeating the command would repeat the note.
            noted_[i] = 1;
            const auto where = script.where.file.empty() ? std::string() : " (" + script.where.to_string() + ")";
            notes_.push_back("mock FTP script " + std::to_string(i + 1) + where + ": " + note);
            std::cerr << "replycheck mock: " << notes_.back() << '\n';
        }
        if (!matched) continue;
        ++used_[i];
        return &script;
    }
    return nullptr;
}

bool ftp_script_book::has_script_for(std::string_view verb, std::string_view argument) const {
    if (scripts_.empty()) return false;
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
        const auto& script = scripts_[i];
        if (script.times && used_[i] >= static_cast<std::size_t>(*script.times)) continue;
        if (ftp_script_matches(script.match, verb, argument)) return true;
    }
    return false;
}

std::vector<std::string> ftp_script_book::notes() const {
    std::lock_guard lock(mutex_);
    return notes_;
}

std::size_t ftp_script_book::uses(std::size_t index) const {
    std::lock_guard lock(mutex_);
    return index < used_.size() ? used_[index] : 0;
}

}  // namespace replycheck::mock
