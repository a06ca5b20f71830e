// The pure pieces of the FTP recorder: command lines split and cleared of Telnet commands,
// passwords masked in replies, transfer verbs named, passive replies rewritten to the proxy's
// own port.

#include "harness/record/ftp_recording.hpp"

#include <algorithm>
#include <cctype>

#include "harness/reproduce/mock_emitter.hpp"
#include "protocol/wire/ftp_address.hpp"

namespace replycheck::record {

int recorded_ftp_command::final_code() const noexcept {
    if (replies.empty()) return 0;
    const int code = replies.back().code;
    return code >= 200 ? code : 0;
}

int recorded_ftp_command::preliminary_code() const noexcept {
    for (const auto& r : replies)
        if (r.code >= 100 && r.code < 200) return r.code;
    return 0;
}

std::pair<std::string, std::string> split_ftp_command(std::string_view line) {
    // RFC 959 §5.3.1: the verb, then SP, then the argument (which may hold spaces). Servers also
    // take HT or leading blanks, so the verb ends at either: a PASS is known as one (and masked)
    // whatever the server accepts. Only the verb is case-insensitive (§5.3.1).
    constexpr std::string_view blanks = " \t";
    const auto start = std::min(line.find_first_not_of(blanks), line.size());
    line.remove_prefix(start);
    const auto end = line.find_first_of(blanks);
    std::string verb(line.substr(0, end));
    std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string argument = end == std::string_view::npos ? std::string() : std::string(line.substr(end + 1));
    return {verb, argument};
}

void mask_ftp_secret(std::vector<protocol::ftp_reply_record>& replies, std::string_view secret) {
    while (!secret.empty() && (secret.front() == ' ' || secret.front() == '\t')) secret.remove_prefix(1);
    while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\t')) secret.remove_suffix(1);
    if (secret.empty()) return;
    const auto lower = [](std::string text) {
        for (auto& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return text;
    };
    const std::string needle = lower(std::string(secret));
    const auto mask = [&](std::string& text) {
        const std::string folded = lower(text);
        std::string out;
        std::size_t from = 0;
        for (auto at = folded.find(needle); at != std::string::npos; at = folded.find(needle, from)) {
            out.append(text, from, at - from);
            out += "****";
            from = at + needle.size();
        }
        text = out + text.substr(from);
    };
    for (auto& r : replies) {
        for (auto& line : r.lines) mask(line);
        mask(r.raw);
    }
}

ftp_secret_names ftp_secrets(const std::vector<recorded_ftp_session>& sessions) {
    ftp_secret_names names;
    for (const auto& s : sessions) {
        std::string user;
        for (const auto& c : s.commands) {
            const int code = c.final_code();
            if (c.verb == "USER") user = c.argument;
            if (user.empty() || reproduce::is_anonymous_ftp_user(user)) continue;
            if (c.verb == "PASS" && (code == 230 || code == 202 || code == 332))
                names.passwords.emplace(user, "password_" + std::to_string(names.passwords.size() + 1));
            else if (c.verb == "ACCT" && (code == 230 || code == 202))
                names.accounts.emplace(user, "account_" + std::to_string(names.accounts.size() + 1));
        }
    }
    return names;
}

std::string ftp_mock_password_env(const ftp_emit_options& options, std::string_view secret) {
    const auto number = secret.substr(std::min(secret.rfind('_'), secret.size()));
    return options.password_env + std::string(number);
}

bool is_ftp_transfer_verb(std::string_view verb) noexcept {
    return verb == "RETR" || verb == "LIST" || verb == "NLST" || verb == "MLSD" || is_ftp_upload_verb(verb);
}

bool is_ftp_upload_verb(std::string_view verb) noexcept {
    return verb == "STOR" || verb == "STOU" || verb == "APPE";
}

std::optional<std::string> rewrite_passive_reply(int code, std::string_view host, std::uint16_t port) {
    if (code == 229) return "229 Entering Extended Passive Mode (|||" + std::to_string(port) + "|)\r\n";
    if (code != 227 || host.find(':') != std::string_view::npos) return std::nullopt;
    return "227 " + protocol::format_pasv_227(host, port) + "\r\n";
}

}  // namespace replycheck::record
