// Recorded FTP sessions → scenario file: one scenario per session replaying its commands on one
// control connection (transfers through their own data connections), each expecting the code
// the server gave when recorded.

#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "harness/record/ftp_recording.hpp"
#include "harness/reproduce/mock_emitter.hpp"
#include "harness/reproduce/reproduce_plan.hpp"
#include "harness/reproduce/emit_text.hpp"
#include "harness/reproduce/scenario_emitter.hpp"
#include "protocol/utf8.hpp"

namespace replycheck::record {

using reproduce::inline_table;

namespace {

// The replayed upload: the recorded bytes when they are all known and text, else as many
// deterministic bytes (the server sees the same size).
std::string upload_bytes(const recorded_ftp_command& c) {
    bool text = c.data_complete() && c.data.find('\0') == std::string::npos;
    for (unsigned char ch : c.data) text = text && ch < 0x80;
    return text ? c.data : reproduce::mock_payload(c.data_bytes);
}

struct session_emitter {
    const ftp_secret_names& secrets;
    std::vector<std::string>& notes;
    std::string user;
    bool restarted = false;   // a REST was accepted (350) before this transfer
    bool data_ready = false;  // a PASV, EPSV, PORT or EPRT was accepted since the last transfer

    // What a PASS or ACCT step sends: the user's secret when the server accepted it (RFC 959
    // §5.4: 332 to PASS accepts the password and asks for an account), a deliberately wrong
    // one when it refused it; the recorded text was never kept.
    std::string secret_of(const recorded_ftp_command& c) const {
        // RFC 959 §4.1.1: PASS follows USER. An anonymous login takes any address (RFC 1635).
        if (c.verb == "PASS" && reproduce::is_anonymous_ftp_user(user)) return std::string(reproduce::anonymous_password);
        const auto& names = c.verb == "PASS" ? secrets.passwords : secrets.accounts;
        const int code = c.final_code();
        const bool accepted = code == 230 || code == 202 || (c.verb == "PASS" && code == 332);
        const auto it = names.find(user);
        if (!accepted || it == names.end()) return std::string(reproduce::wrong_password);
        return "${" + it->second + "}";
    }

    // A transfer the server refused before any data connection was set up (a 530 before login,
    // RFC 959 §4.2): a transfer step would set one up first, which the server refuses instead.
    bool refused_without_data(const recorded_ftp_command& c) const {
        return !data_ready && !c.transfer && c.preliminary_code() == 0 && c.final_code() >= 400;
    }

    std::optional<toml::table> step(const recorded_ftp_command& c) {
        const int code = c.final_code();
        if (code == 0) {
            notes.push_back(fmt::format("{} got no final reply when recorded; left out",
                                        c.verb.empty() ? std::string("the greeting") : c.verb));
            return std::nullopt;
        }
        if (!protocol::valid_utf8(c.argument)) {
            // RFC 959 leaves the bytes of a path to the server; a TOML string holds only UTF-8.
            notes.push_back(fmt::format("{} {}: its argument is not UTF-8, which a scenario file cannot hold; left out",
                                        c.verb, protocol::visible_text(c.argument)));
            return std::nullopt;
        }
        toml::table st;
        const auto& lines = c.replies.back().lines;
        st.insert("name", reproduce::one_line("recorded " + (lines.empty() ? std::to_string(code) : lines.back()), 100));
        auto expect = inline_table();
        expect.insert("code", code);
        const std::string argument = reproduce::escape_variables(c.argument);
        const std::string line = argument.empty() ? c.verb : c.verb + " " + argument;
        if (c.verb.empty()) {
            auto greeting = inline_table();
            greeting.insert("greeting", true);
            st.insert("ftp", std::move(greeting));
        } else if (c.verb == "USER") {
            user = c.argument;
            st.insert("ftp", line);
        } else if (c.verb == "PASS" || c.verb == "ACCT") {
            st.insert("ftp", c.verb + " " + secret_of(c));
        } else if (is_ftp_transfer_verb(c.verb) && refused_without_data(c)) {
            st.insert("ftp", line);
        } else if (is_ftp_transfer_verb(c.verb)) {
            auto transfer = inline_table();
            transfer.insert("transfer", line);
            // The runner expands variables in `upload` too: recorded text is never one.
            if (is_ftp_upload_verb(c.verb)) transfer.insert("upload", reproduce::escape_variables(upload_bytes(c)));
            st.insert("ftp", std::move(transfer));
            // The 1yz is not expected: 125 or 150 is the server's choice (RFC 959 §4.2, 5.4: the
            // data connection was or was not already open), and it differs between clients.
            // A download's size is what was moved (RFC 959 §3.4), except after a REST: the
            // transfer step opens its data connection (EPSV/PASV) between REST and RETR, and a
            // REST must come last before RETR (RFC 3659 §5.3), so the replay moves the whole
            // file. A listing changes with the folder, and an upload sends the recorded size.
            if (c.transfer && code < 400 && c.verb == "RETR" && c.data_complete() && !restarted) {
                auto body = inline_table();
                body.insert("size", static_cast<std::int64_t>(c.data_bytes));
                expect.insert("body", std::move(body));
            }
        } else {
            st.insert("ftp", line);
        }
        st.insert("expect", std::move(expect));
        return st;
    }
};

// Data-connection setup the transfer steps make for themselves, and what they cannot replay.
bool data_setup(std::string_view verb) {
    return verb == "PASV" || verb == "EPSV" || verb == "PORT" || verb == "EPRT" || verb == "LPSV" || verb == "LPRT";
}
bool replayed(std::string_view verb) { return !data_setup(verb) && verb != "ABOR" && verb != "REST"; }

}  // namespace

std::string ftp_scenario_file(const std::vector<recorded_ftp_session>& sessions, const ftp_emit_options& options) {
    const auto secrets = ftp_secrets(sessions);
    std::vector<std::string> notes;
    toml::array scenarios;
    std::size_t index = 0;
    for (const auto& s : sessions) {
        ++index;
        session_emitter emit{secrets, notes, {}};
        toml::array steps;
        for (std::size_t i = 0; i < s.commands.size(); ++i) {
            const auto& c = s.commands[i];
            // A transfer the client aborted (RFC 959 §4.1.3) ended when it did; a replay reads on.
            const bool aborted = is_ftp_transfer_verb(c.verb) && i + 1 < s.commands.size() && s.commands[i + 1].verb == "ABOR";
            if (aborted) notes.push_back(fmt::format("session {}: {} was aborted (ABOR) when recorded; left out", index,
                                                     reproduce::one_line(c.verb + " " + c.argument, 100)));
            else if (replayed(c.verb))
                if (auto st = emit.step(c)) steps.push_back(std::move(*st));
            // RFC 3659 §5.3: a REST applies to the next transfer only; so does a passive or
            // active set-up (RFC 959 §3.2).
            if (c.verb == "REST") emit.restarted = c.final_code() == 350;
            else if (is_ftp_transfer_verb(c.verb)) emit.restarted = emit.data_ready = false;
            else if (data_setup(c.verb)) emit.data_ready = c.final_code() >= 200 && c.final_code() < 300;
        }
        if (steps.empty()) continue;
        toml::table sc;
        sc.insert("name", fmt::format("ftp-{} {}", index, emit.user.empty() ? std::string("no login") : reproduce::one_line(emit.user, 60)));
        sc.insert("description", fmt::format("recorded FTP session {} from {}, {} commands", index, s.client, s.commands.size()));
        sc.insert("tags", toml::array{"record", "ftp"});
        sc.insert("step", std::move(steps));
        scenarios.push_back(std::move(sc));
        for (const auto& note : s.notes) notes.push_back(fmt::format("session {}: {}", index, note));
    }
    toml::table root;
    toml::table suite;
    suite.insert("name", "recorded FTP sessions");
    suite.insert("description", "FTP sessions recorded by replycheck record from " + reproduce::one_line(options.upstream, 200));
    suite.insert("tags", toml::array{"record"});
    // Only the codes are compared: the recorded server need not be conformant.
    suite.insert("conformance", "off");
    // One session may list what an earlier one uploaded: they replay in recorded order.
    suite.insert("sequential", true);
    root.insert("suite", std::move(suite));
    root.insert("scenario", std::move(scenarios));

    std::ostringstream out;
    out << "# Written by `replycheck record` from " << reproduce::one_line(options.upstream, 200) << ".\n";
    out << "# Run it: replycheck run THIS.toml --var ftp=ftp://HOST:PORT";
    for (const auto* names : {&secrets.passwords, &secrets.accounts})
        for (const auto& [user, var] : *names) out << " --secret " << var << "=...";
    out << '\n';
    for (const auto& [user, var] : secrets.passwords)
        out << "# ${" << var << "} is the password of " << reproduce::one_line(user, 100) << '\n';
    for (const auto& [user, var] : secrets.accounts)
        out << "# ${" << var << "} is the account (ACCT) of " << reproduce::one_line(user, 100) << '\n';
    for (const auto& note : notes) out << "# note: " << reproduce::one_line(note, 200) << '\n';
    out << '\n' << reproduce::toml_text(root) << '\n';
    return out.str();
}

}  // namespace replycheck::record
