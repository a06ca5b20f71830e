// Fuzzes the FTP reply parser (RFC 959 §4.2): whole and chunked feeds must give the same
// replies, within the limits; then the replies go through the session checker as the replies
// to a sequence of commands chosen by the input.
//
// Layout: [limits selector][split seed lo][split seed hi][flags][command selectors: 8 bytes][reply bytes...]

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/rules/rules.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck::protocol;
using replycheck::fuzz::byte_reader;
using replycheck::fuzz::split_rng;

namespace {

constexpr std::string_view commands[] = {
    "USER anonymous", "PASS secret", "PASV", "EPSV", "RETR a.txt", "STOR b", "LIST", "MLSD",
    "RNFR a", "RNTO b", "CWD /", "PWD", "MDTM a", "SIZE a", "REST 10", "QUIT", "FEAT", "TYPE I",
    "ABOR", "AUTH TLS", "PORT 127,0,0,1,4,1", "NOOP", "xyz", ""};

std::string describe(const std::vector<ftp_reply_record>& replies) {
    std::string out;
    for (const auto& r : replies) {
        out += std::to_string(r.code) + (r.multiline ? "m" : "") + "[" + std::to_string(r.lines.size()) + " lines, " +
               std::to_string(r.raw.size()) + " raw, errors " + std::to_string(r.format_errors.size()) + "] ";
    }
    return out;
}

bool same(const ftp_reply_record& a, const ftp_reply_record& b) {
    return a.code == b.code && a.multiline == b.multiline && a.lines == b.lines && a.raw == b.raw &&
           a.crlf == b.crlf && a.format_errors == b.format_errors;
}

std::vector<ftp_reply_record> drain(ftp_reply_parser& parser) {
    std::vector<ftp_reply_record> out;
    while (parser.has_reply()) {
        auto r = parser.next();
        FUZZ_CHECK(r.has_value(), "has_reply() but next() gave nothing");
        out.push_back(std::move(*r));
    }
    FUZZ_CHECK(!parser.next().has_value(), "next() after has_reply() went false");
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    ftp_parser_limits limits;
    switch (in.byte() % 3) {
        case 0: break;
        case 1: limits = {16, 3}; break;
        default: limits = {1, 1}; break;
    }
    split_rng rng(in.u16());
    std::uint8_t flags = in.byte();
    const bool finish = (flags & 1) == 0;
    const std::size_t max_chunk = 1 + (flags >> 1) % 32;
    std::string_view selectors = in.take(8);
    std::string_view bytes = in.rest();

    ftp_reply_parser whole(limits);
    whole.feed(bytes);
    if (finish) whole.finish();
    auto whole_replies = drain(whole);

    ftp_reply_parser split(limits);
    std::vector<ftp_reply_record> split_replies;
    for (std::size_t pos = 0; pos < bytes.size();) {
        std::size_t n = rng.chunk(max_chunk);
        split.feed(bytes.substr(pos, n));
        pos += n;
        for (auto& r : drain(split)) split_replies.push_back(std::move(r));
    }
    if (finish) split.finish();
    for (auto& r : drain(split)) split_replies.push_back(std::move(r));

    FUZZ_CHECK(whole_replies.size() == split_replies.size(),
               "whole: " + describe(whole_replies) + " | split: " + describe(split_replies));
    for (std::size_t i = 0; i < whole_replies.size(); ++i)
        FUZZ_CHECK(same(whole_replies[i], split_replies[i]),
                   "reply " + std::to_string(i) + " whole: " + describe(whole_replies) + " | split: " +
                       describe(split_replies));
    if (finish) FUZZ_CHECK(!whole.in_reply(), describe(whole_replies));

    std::size_t raw_total = 0;
    bool cut = false;
    for (const auto& r : whole_replies) {
        // Any three digits are taken as the code, including "000" and "079" (RFC 959 §4.2 has
        // first digits 1-5 only); the rules judge the code, the parser only frames.
        FUZZ_CHECK(r.code >= 0 && r.code <= 999, describe(whole_replies));
        // Past max_lines one "..." line marks the drop.
        FUZZ_CHECK(r.lines.size() <= limits.max_lines + 1, describe(whole_replies));
        FUZZ_CHECK(!r.lines.empty() || !r.format_errors.empty(), describe(whole_replies));
        for (const auto& line : r.lines) {
            FUZZ_CHECK(line.size() <= std::max<std::size_t>(limits.max_line_bytes, 3), describe(whole_replies));
            FUZZ_CHECK(line.find('\n') == std::string::npos, line);
        }
        for (const auto& e : r.format_errors) cut = cut || e.find("was cut") != std::string::npos;
        raw_total += r.raw.size();
    }
    // Every byte belongs to exactly one reply (or to the partial one when not finished); a cut
    // line keeps only its first max_line_bytes in `raw`.
    if (finish && !cut) FUZZ_CHECK(raw_total == bytes.size(), describe(whole_replies));
    else FUZZ_CHECK(raw_total <= bytes.size(), describe(whole_replies));

    // The session checker sees the replies as the greeting plus one exchange per command.
    for (int strict = 0; strict < 2; ++strict) {
        check_options options;
        options.strict_ftp_sequence = strict != 0;
        ftp_session_checker checker(options);
        std::size_t next_reply = 0;
        for (std::size_t k = 0; k <= selectors.size() && next_reply <= whole_replies.size(); ++k) {
            ftp_exchange exchange;
            if (k > 0) exchange.command = std::string(commands[static_cast<unsigned char>(selectors[k - 1]) % std::size(commands)]);
            std::size_t count = k < selectors.size() ? 1 + (static_cast<unsigned char>(selectors[k]) >> 6) : 1;
            if (flags & 0x80) count = 0;
            for (std::size_t j = 0; j < count && next_reply < whole_replies.size(); ++j)
                exchange.replies.push_back(whole_replies[next_reply++]);
            exchange.connection_closed = (flags & 0x40) && k == selectors.size();
            exchange.data_connection_used = (flags & 0x20) != 0;
            for (const auto& f : checker.check(exchange)) {
                FUZZ_CHECK(!f.rule_id.empty(), f.message);
                FUZZ_CHECK(find_rule(f.rule_id) != nullptr, f.rule_id);
            }
            if (next_reply == whole_replies.size() && k > 0) break;
        }
    }
    return 0;
}
