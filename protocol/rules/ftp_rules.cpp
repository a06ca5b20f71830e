// FTP conformance rules (RFC 959 and its extensions), applied exchange by exchange along one
// control connection.

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/rules/rules.hpp"
#include "protocol/rules/rules_detail.hpp"

namespace replycheck::protocol {

namespace {

using detail::finding_sink;

bool is_transfer(std::string_view verb) {
    return verb == "RETR" || verb == "STOR" || verb == "STOU" || verb == "APPE" || verb == "LIST" ||
           verb == "NLST" || verb == "MLSD";
}

std::string excerpt(std::string_view line) {
    std::string out;
    for (char c : line.substr(0, 60))
        out += static_cast<unsigned char>(c) < 0x20 ? '.' : c;
    if (line.size() > 60) out += "...";
    return out;
}

// RFC 959 §4.2: a reply line is 3 digits then SP (last line) or "-" (first of several).
bool check_reply_lines(const ftp_reply_record& reply, finding_sink& sink);

void check_reply_format(const ftp_reply_record& reply, finding_sink& sink) {
    if (check_reply_lines(reply, sink)) return;
    // What the parser saw and the line checks above did not (a line cut by the close, ...).
    for (const auto& error : reply.format_errors) sink.add("ftp.reply.syntax", error);
    for (const auto& error : reply.multiline_errors) sink.add("ftp.reply.multiline", error);
}

// True when a finding was recorded.
bool check_reply_lines(const ftp_reply_record& reply, finding_sink& sink) {
    const auto before = sink.size();
    if (reply.lines.empty()) {
        sink.add("ftp.reply.syntax", "empty reply");
        return true;
    }
    const std::string_view first = reply.lines.front();
    const bool code_ok = first.size() >= 3 && detail::all_digits(first.substr(0, 3)) && first[0] >= '1' &&
                         first[0] <= '5';
    const bool sep_ok = first.size() >= 4 && (first[3] == ' ' || first[3] == '-');
    if (!code_ok || !sep_ok) {
        sink.add("ftp.reply.syntax", fmt::format("reply line \"{}\" is not 3 digits and a space or hyphen",
                                                 excerpt(first)));
        return true;
    }
    if (!reply.crlf) sink.add("ftp.reply.crlf", fmt::format("{} reply has a line ending in LF alone", reply.code));
    const std::string code(first.substr(0, 3));
    const bool multi = first[3] == '-';
    if (multi) {
        const std::string_view last = reply.lines.back();
        if (reply.lines.size() < 2 || !last.starts_with(code) || last.size() < 4 || last[3] != ' ')
            sink.add("ftp.reply.multiline",
                     fmt::format("multi-line {} reply is not closed by \"{} \" (last line \"{}\")", code, code,
                                 excerpt(last)));
    }
    return sink.size() != before;
}

// The replies a command may give: RFC 959 §5.4 and the extension RFCs.
std::set<int> strict_replies(std::string_view verb, bool& known) {
    std::set<int> out;
    known = true;
    if (verb.empty()) return {120, 220, 421};  // the greeting
    const auto* entry = find_ftp_command(verb);
    if (!entry) {
        known = false;
        return out;
    }
    for (auto list : {entry->preliminary, entry->success, entry->intermediate, entry->errors})
        out.insert(list.begin(), list.end());
    out.insert(421);  // RFC 959 §4.2: 421 may answer any command when the service shuts down
    return out;
}

// What widely deployed servers answer beyond the table (vsftpd, ProFTPD, pure-ftpd, IIS,
// pyftpdlib): the lenient profile accepts these too.
void add_lenient(std::string_view verb, std::set<int>& allowed) {
    // Any command: syntax / not implemented / not logged in / bad sequence.
    for (int code : {500, 501, 502, 503, 504, 530}) allowed.insert(code);
    if (is_transfer(verb)) {
        // 125 and 150 are interchangeable in practice; 425 without PASV/PORT; 550 for a missing
        // path (LIST, NLST, MLSD, STOR in RFC 959 §7's own example); 450/451/452/553 storage.
        for (int code : {110, 125, 150, 226, 250, 425, 426, 450, 451, 452, 550, 551, 552, 553}) allowed.insert(code);
    }
    if (verb == "CDUP") allowed.insert({250, 550});               // Appendix II: as CWD
    if (verb == "RMD") allowed.insert({450, 550});                // Appendix II: as DELE
    if (verb == "DELE" || verb == "RNFR" || verb == "RNTO" || verb == "MKD") allowed.insert({450, 550, 553});
    if (verb == "EPRT") allowed.insert({200, 522});               // vsftpd: 500 for AF 2
    if (verb == "EPSV" || verb == "PASV") allowed.insert({227, 229, 425});
    if (verb == "USER") allowed.insert({230, 331, 332, 530});     // "anonymous only", user hiding
    if (verb == "PASS") allowed.insert({230, 202, 332, 530});
    if (verb == "SIZE" || verb == "MDTM") allowed.insert({213, 550});
    if (verb == "FEAT") allowed.insert({211, 214});
    if (verb == "OPTS") allowed.insert({200, 451});
    if (verb == "MLST") allowed.insert({250, 550});
    if (verb == "SITE") allowed.insert({200, 202, 214, 550});
    if (verb == "STAT") allowed.insert({211, 212, 213, 214});
    if (verb == "HELP") allowed.insert({211, 214});
    if (verb == "REST") allowed.insert({350, 554});
    if (verb == "AUTH") allowed.insert({234, 334, 431, 534});
    if (verb == "PBSZ" || verb == "PROT") allowed.insert({200, 521, 534, 536});
    if (verb == "QUIT") allowed.insert(221);
    if (verb == "NOOP") allowed.insert(200);
    // TLS policy (RFC 2228 §3, RFC 4217 §4, §9): a login refused before AUTH TLS (534; vsftpd
    // 530, ProFTPD "550 SSL/TLS required on the control channel"), a transfer refused over a
    // clear data connection (vsftpd and ProFTPD "522 Data connections must be encrypted", IIS 534).
    if (verb == "USER" || verb == "PASS") allowed.insert({534, 550});
    if (is_transfer(verb)) allowed.insert({522, 534});
    if (verb == "CWD") allowed.insert({250, 550});
    if (verb == "PWD") allowed.insert({257, 550});
}

void check_allowed(std::string_view verb, const ftp_exchange& exchange, bool strict, finding_sink& sink) {
    bool known = false;
    auto allowed = strict_replies(verb, known);
    if (!known) return;  // a command outside every table: any well-formed reply will do
    if (!strict) add_lenient(verb, allowed);
    for (const auto& reply : exchange.replies) {
        if (reply.code == 0 || allowed.contains(reply.code)) continue;
        std::string list;
        for (int code : allowed) list += (list.empty() ? "" : " ") + std::to_string(code);
        sink.add("ftp.reply.allowed",
                 fmt::format("{} answered {}; {} profile allows {}", verb.empty() ? "greeting" : verb, reply.code,
                             strict ? "strict" : "lenient", list));
    }
}

void check_sequence(std::string_view verb, const ftp_exchange& exchange, finding_sink& sink) {
    int preliminary = 0;
    bool transfer_started = false;
    for (const auto& reply : exchange.replies) {
        if (reply.code >= 100 && reply.code < 200 && reply.code != 110) ++preliminary;
        if (reply.code == 125 || reply.code == 150) transfer_started = true;
    }
    if (preliminary > 1)
        sink.add("ftp.reply.preliminary-once", fmt::format("{} got {} preliminary replies", verb, preliminary));
    if (!exchange.replies.empty()) {
        const int last = exchange.replies.back().code;
        if (last >= 100 && last < 200)
            sink.add("ftp.reply.final",
                     fmt::format("{} got {} and no final reply{}", verb.empty() ? "greeting" : verb, last,
                                 exchange.transport_error.empty() ? "" : " (" + exchange.transport_error + ")"));
        if (is_transfer(verb) && (last == 226 || last == 250) && !transfer_started)
            sink.add("ftp.transfer.preliminary", fmt::format("{} answered {} without 125/150 first", verb, last));
    }
}

const ftp_reply_record* final_reply(const ftp_exchange& exchange) {
    if (exchange.replies.empty()) return nullptr;
    return &exchange.replies.back();
}

// The reply text after "CODE " / "CODE-" on line `i`.
std::string_view text_of(const ftp_reply_record& reply, std::size_t i = 0) {
    std::string_view line = reply.lines.at(i);
    return line.size() > 4 ? line.substr(4) : std::string_view{};
}

std::string strip_port(std::string address) {
    // "127.0.0.1:21" -> "127.0.0.1"; "[::1]:21" stays IPv6 and never matches a 227.
    if (!address.empty() && address.front() == '[') return address;
    const auto colon = address.find(':');
    if (colon != std::string::npos && address.find(':', colon + 1) == std::string::npos) address.resize(colon);
    return address;
}

// RFC 959 §4.1.2 / §5.4: 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).
void check_227(const ftp_exchange& exchange, const ftp_reply_record& reply, finding_sink& sink) {
    const auto text = text_of(reply);
    // Clients scan for the first digit (RFC 1123 §4.1.2.6): parentheses are customary, not required.
    std::size_t i = 0;
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    std::vector<int> numbers;
    std::string current;
    for (; i < text.size(); ++i) {
        const char ch = text[i];
        if (std::isdigit(static_cast<unsigned char>(ch))) {
            current += ch;
            continue;
        }
        if (current.empty() || current.size() > 3) break;
        numbers.push_back(std::stoi(current));
        current.clear();
        if (ch != ',' || numbers.size() == 6) break;
    }
    if (!current.empty() && current.size() <= 3 && numbers.size() < 6) numbers.push_back(std::stoi(current));
    const bool ok = numbers.size() == 6 && std::all_of(numbers.begin(), numbers.end(), [](int n) { return n <= 255; });
    if (!ok) {
        sink.add("ftp.227.format", fmt::format("\"{}\" has no h1,h2,h3,h4,p1,p2", excerpt(reply.lines.front())));
        return;
    }
    const auto address = fmt::format("{}.{}.{}.{}", numbers[0], numbers[1], numbers[2], numbers[3]);
    const auto server = strip_port(exchange.server_address);
    if (!server.empty() && server.find('.') != std::string::npos && server != address)
        sink.add("ftp.227.address", fmt::format("227 names {} but the server is {}", address, server));
}

// RFC 2428 §3: 229 Entering Extended Passive Mode (|||port|).
void check_229(const ftp_reply_record& reply, finding_sink& sink) {
    const auto text = text_of(reply);
    const auto open = text.find('(');
    const auto close = text.find(')', open == std::string_view::npos ? 0 : open);
    bool ok = open != std::string_view::npos && close != std::string_view::npos && close > open + 5;
    if (ok) {
        const auto inner = text.substr(open + 1, close - open - 1);
        const char d = inner[0];
        // <d><d><d><port><d>, the delimiter a printable non-digit.
        ok = d >= 33 && d <= 126 && !std::isdigit(static_cast<unsigned char>(d)) && inner[1] == d &&
             inner[2] == d && inner.back() == d;
        if (ok) {
            const auto port = inner.substr(3, inner.size() - 4);
            ok = detail::all_digits(port) && port.size() <= 5 && std::stoi(std::string(port)) >= 1 &&
                 std::stoi(std::string(port)) <= 65535;
        }
    }
    if (!ok) sink.add("ftp.229.format", fmt::format("\"{}\" has no (|||port|)", excerpt(reply.lines.front())));
}

// RFC 959 Appendix II: 257 "PATHNAME" comment, embedded quotes doubled.
void check_257(const ftp_reply_record& reply, finding_sink& sink) {
    const auto text = text_of(reply);
    bool ok = !text.empty() && text.front() == '"';
    if (ok) {
        ok = false;
        for (std::size_t i = 1; i < text.size(); ++i) {
            if (text[i] != '"') continue;
            if (i + 1 < text.size() && text[i + 1] == '"') {
                ++i;  // a doubled quote inside the path
                continue;
            }
            ok = true;  // the closing quote
            break;
        }
    }
    if (!ok) sink.add("ftp.257.format", fmt::format("\"{}\" is not 257 \"path\" with doubled quotes",
                                                    excerpt(reply.lines.front())));
}

void check_213(std::string_view verb, const ftp_reply_record& reply, finding_sink& sink) {
    const auto text = detail::trim(text_of(reply));
    if (verb == "SIZE") {
        // RFC 3659 §4.2: size-response = "213" SP 1*DIGIT CRLF.
        if (reply.multiline || !detail::all_digits(text))
            sink.add("ftp.213.size", fmt::format("\"{}\" is not 213 <size>", excerpt(reply.lines.front())));
        return;
    }
    // RFC 3659 §2.3, §3.2: time-val = 14DIGIT [ "." 1*DIGIT ], UTC.
    const auto dot = text.find('.');
    const auto digits = text.substr(0, dot);
    bool ok = !reply.multiline && digits.size() == 14 && detail::all_digits(digits) &&
              (dot == std::string_view::npos || detail::all_digits(text.substr(dot + 1)));
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (ok) {
        auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(std::string(digits.substr(pos, len))); };
        year = num(0, 4), month = num(4, 2), day = num(6, 2), hour = num(8, 2), minute = num(10, 2),
        second = num(12, 2);
        ok = year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 &&
             second <= 60;
    }
    if (!ok) {
        sink.add("ftp.213.mdtm", fmt::format("\"{}\" is not 213 YYYYMMDDHHMMSS[.sss]", excerpt(reply.lines.front())));
        return;
    }
    // A day past the month's end counts on into the next month, as the digits were read.
    namespace chrono = std::chrono;
    const chrono::year_month_day date{chrono::year{year}, chrono::month(unsigned(month)), chrono::day(unsigned(day))};
    const auto when = chrono::sys_days{date} + chrono::hours{hour} + chrono::minutes{minute} + chrono::seconds{second};
    // In seconds: a year like 2999 is past what a nanosecond clock can count.
    if (when > chrono::floor<chrono::seconds>(chrono::system_clock::now()) + chrono::days{1})
        sink.add("ftp.213.mdtm-future", fmt::format("MDTM time {} is more than a day ahead of UTC now", digits));
}

// RFC 2389 §3.2: "211-" header line, one feature per line each starting with one SP, "211 End".
void check_feat(const ftp_reply_record& reply, finding_sink& sink) {
    if (!reply.multiline) return;  // "211 no features" is allowed
    for (std::size_t i = 1; i + 1 < reply.lines.size(); ++i) {
        const std::string_view line = reply.lines[i];
        if (line.size() < 2 || line[0] != ' ' || line[1] == ' ')
            sink.add("ftp.feat.format", fmt::format("feature line \"{}\" does not start with exactly one space",
                                                    excerpt(line)));
    }
}

// RFC 3659 §7.2: entry = [facts] SP pathname; facts = 1*( fact ";" ); fact = factname "=" value.
bool valid_entry(std::string_view entry, std::string& why) {
    const auto space = entry.find(' ');
    if (space == std::string_view::npos) {
        why = "no space before the pathname";
        return false;
    }
    auto facts = entry.substr(0, space);
    if (entry.substr(space + 1).empty()) {
        why = "empty pathname";
        return false;
    }
    while (!facts.empty()) {
        const auto semi = facts.find(';');
        if (semi == std::string_view::npos) {
            why = "fact without ';'";
            return false;
        }
        const auto fact = facts.substr(0, semi);
        const auto eq = fact.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            why = fmt::format("fact \"{}\" is not name=value", fact);
            return false;
        }
        const auto name = detail::upper(fact.substr(0, eq));
        const auto value = detail::upper(fact.substr(eq + 1));
        if (name == "TYPE" && value != "FILE" && value != "DIR" && value != "CDIR" && value != "PDIR" &&
            !value.starts_with("OS.")) {
            why = fmt::format("type=\"{}\" is not file, dir, cdir, pdir or OS.*", fact.substr(eq + 1));
            return false;
        }
        facts.remove_prefix(semi + 1);
    }
    return true;
}

void check_mlst(const ftp_reply_record& reply, finding_sink& sink) {
    if (!reply.multiline || reply.lines.size() != 3) {
        sink.add("ftp.mlst.facts", fmt::format("MLST 250 has {} lines; one entry line between 250- and 250 expected",
                                               reply.lines.size()));
        return;
    }
    const std::string_view line = reply.lines[1];
    std::string why;
    if (line.empty() || line[0] != ' ')
        sink.add("ftp.mlst.facts", "MLST entry line does not start with a space");
    else if (!valid_entry(line.substr(1), why))
        sink.add("ftp.mlst.facts", fmt::format("MLST entry \"{}\": {}", excerpt(line), why));
}

void check_mlsd_data(const ftp_exchange& exchange, finding_sink& sink) {
    std::string_view data = exchange.data;
    int reported = 0;
    while (!data.empty() && reported < 3) {
        const auto eol = data.find('\n');
        auto line = data.substr(0, eol);
        data = eol == std::string_view::npos ? std::string_view{} : data.substr(eol + 1);
        std::string why;
        if (line.empty() || line.back() != '\r') {
            why = "line does not end with CRLF";
        } else {
            line.remove_suffix(1);
            valid_entry(line, why);
        }
        if (!why.empty()) {
            sink.add("ftp.mlsd.facts", fmt::format("MLSD entry \"{}\": {}", excerpt(line), why));
            ++reported;
        }
    }
}

}  // namespace

bool ftp_reply_cut_short(const ftp_exchange& exchange) noexcept {
    return exchange.transport_code && !exchange.replies.empty() && exchange.replies.back().code == 0;
}

ftp_session_checker::ftp_session_checker(check_options options) : options_(std::move(options)) {}

std::vector<finding> ftp_session_checker::check(const ftp_exchange& whole) {
    finding_sink sink(options_);
    std::string_view command = whole.command;
    const auto verb = detail::upper(command.substr(0, command.find(' ')));

    if (seen_421_ && !whole.replies.empty())
        sink.add("ftp.421.close", fmt::format("a {} reply came after 421", whole.replies.front().code));

    // Every reply's lines, a reply cut short included (RFC 959 §4.2: its closing line never came).
    for (const auto& reply : whole.replies) check_reply_format(reply, sink);
    // The command's replies are those completed: a cut reply is not its final reply.
    std::optional<ftp_exchange> trimmed;
    if (ftp_reply_cut_short(whole)) {
        trimmed = whole;
        trimmed->replies.pop_back();
    }
    const ftp_exchange& exchange = trimmed ? *trimmed : whole;
    check_allowed(verb, exchange, options_.strict_ftp_sequence, sink);
    check_sequence(verb, exchange, sink);

    const auto* last = final_reply(exchange);
    const bool well_formed = last && !last->lines.empty() && last->lines.front().size() >= 4;
    if (well_formed) {
        switch (last->code) {
            case 227: check_227(exchange, *last, sink); break;
            case 229: check_229(*last, sink); break;
            case 257: check_257(*last, sink); break;
            case 213:
                if (verb == "SIZE" || verb == "MDTM") check_213(verb, *last, sink);
                break;
            case 211:
                if (verb == "FEAT") check_feat(*last, sink);
                break;
            case 250:
                if (verb == "MLST") check_mlst(*last, sink);
                break;
            case 226:
                if (verb == "MLSD" && exchange.data_connection_used) check_mlsd_data(exchange, sink);
                break;
            default: break;
        }
    }

    // RFC 959 §4.1.3: RNTO must immediately follow an accepted RNFR.
    if (verb == "RNTO" && !rnfr_pending_ && last) {
        if (last->code >= 200 && last->code < 400)
            sink.add("ftp.rnto.sequence", fmt::format("RNTO without RNFR answered {}", last->code));
        else if (options_.strict_ftp_sequence && last->code != 503)
            sink.add("ftp.rnto.sequence", fmt::format("RNTO without RNFR answered {}, strict profile wants 503",
                                                      last->code));
    }

    rnfr_pending_ = verb == "RNFR" && last && last->code == 350;
    for (const auto& reply : exchange.replies)
        if (reply.code == 421) seen_421_ = true;
    previous_command_ = verb;
    previous_code_ = last ? last->code : 0;
    return sink.take();
}

}  // namespace replycheck::protocol
