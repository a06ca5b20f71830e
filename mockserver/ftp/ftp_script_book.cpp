#include "mockserver/ftp/ftp_script_book.hpp"

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

namespace {

// The book owns the file's scripts; an unnamed one is called by its place in the file.
std::vector<std::shared_ptr<const ftp_script>> owned(std::vector<ftp_script> scripts) {
    std::vector<std::shared_ptr<const ftp_script>> out;
    for (auto& script : scripts) {
        if (script.name.empty()) script.name = "rule " + std::to_string(out.size() + 1);
        out.push_back(std::make_shared<const ftp_script>(std::move(script)));
    }
    return out;
}

}  // namespace

ftp_script_book::ftp_script_book(std::vector<ftp_script> scripts, std::string initial_state)
    : script_book(owned(std::move(scripts)), std::move(initial_state), "mock FTP script") {}

std::shared_ptr<const ftp_script> ftp_script_book::take(std::string_view verb, std::string_view argument) {
    return take_first([&](const ftp_script& s, std::string* note) { return ftp_script_matches(s.match, verb, argument, note); })
        .script;
}

bool ftp_script_book::has_script_for(std::string_view verb, std::string_view argument) const {
    return has_match([&](const ftp_script& s, std::string* note) { return ftp_script_matches(s.match, verb, argument, note); });
}

}  // namespace replycheck::mock
