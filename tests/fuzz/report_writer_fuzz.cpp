// Fuzzes the report writers with a run whose every string comes from the input (server bytes
// end up in reports: reason phrases, reply text, transcripts). The JUnit XML must be
// well-formed XML 1.0 (valid UTF-8, no forbidden control characters, no stray "]]>"), the JSON
// must parse and read back to exactly the cleaned values, and a secret given to the redactor
// must appear in no format.
//
// Layout: [cap selector][secret][run fields][suites...] — see build_run().

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#ifdef REPLYCHECK_FUZZ_LIBXML2
#include <libxml/parser.h>
#endif

#include "protocol/redactor.hpp"
#include "reports/run_result.hpp"
#include "reports/text.hpp"
#include "reports/writers.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck;
using replycheck::fuzz::byte_reader;

namespace {

std::string str(byte_reader& in) { return std::string(in.short_string(200)); }

double number(byte_reader& in) {
    switch (std::uint8_t b = in.byte(); b % 8) {
        case 0: return std::numeric_limits<double>::quiet_NaN();
        case 1: return std::numeric_limits<double>::infinity();
        case 2: return -1.5;
        case 3: return 1e300;
        default: return in.u16() / 1000.0;
    }
}

reports::outcome outcome_of(std::uint8_t b) { return static_cast<reports::outcome>(b % 4); }

reports::run_result build_run(byte_reader& in) {
    reports::run_result run;
    run.tool_version = str(in);
    run.command = str(in);
    run.started_at = str(in);
    run.hostname = str(in);
    run.seconds = number(in);
    run.strict = in.byte() & 1;
    int suites = 1 + in.byte() % 2;
    for (int i = 0; i < suites && !in.empty(); ++i) {
        auto& suite = run.suites.emplace_back();
        suite.name = str(in);
        suite.file = str(in);
        suite.timestamp = str(in);
        suite.hostname = str(in);
        suite.seconds = number(in);
        int scenarios = 1 + in.byte() % 3;
        for (int j = 0; j < scenarios && !in.empty(); ++j) {
            auto& sc = suite.scenarios.emplace_back();
            sc.name = str(in);
            sc.file = str(in);
            int tags = in.byte() % 3;
            for (int t = 0; t < tags; ++t) sc.tags.push_back(str(in));
            sc.result = outcome_of(in.byte());
            sc.message = str(in);
            sc.seconds = number(in);
            sc.attempts = 1 + in.byte() % 3;
            int steps = in.byte() % 4;
            for (int k = 0; k < steps && !in.empty(); ++k) {
                auto& st = sc.steps.emplace_back();
                st.index = k + 1;
                st.kind = str(in);
                st.label = str(in);
                st.code = str(in);
                std::uint8_t b = in.byte();
                st.result = outcome_of(b);
                st.failure = static_cast<reports::failure_kind>((b >> 2) % 4);
                st.message = str(in);
                st.expected = str(in);
                st.actual = str(in);
                st.transcript = std::string(in.take(in.u16() % 2048));
                st.start_seconds = number(in);
                st.seconds = number(in);
                st.protocol = str(in);
                int findings = in.byte() % 3;
                for (int f = 0; f < findings; ++f) {
                    auto& fd = st.findings.emplace_back();
                    fd.rule_id = str(in);
                    fd.level = static_cast<protocol::rule_level>(in.byte() % 3);
                    fd.section = str(in);
                    fd.message = str(in);
                }
            }
        }
    }
    return run;
}

// ---- XML ------------------------------------------------------------------------------------

void check_xml_text(const std::string& xml) {
    FUZZ_CHECK(fuzz::valid_utf8(xml), xml);
    // XML 1.0 §2.2 Char: no C0 controls but TAB, LF, CR; no U+FFFE / U+FFFF.
    for (std::size_t i = 0; i < xml.size(); ++i) {
        auto c = static_cast<unsigned char>(xml[i]);
        FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n' || c == '\r', xml.substr(i > 40 ? i - 40 : 0, 80));
        if (c == 0xef && i + 2 < xml.size() && static_cast<unsigned char>(xml[i + 1]) == 0xbf)
            FUZZ_CHECK(static_cast<unsigned char>(xml[i + 2]) < 0xbe, xml.substr(i > 40 ? i - 40 : 0, 80));
    }
    // Remove CDATA sections (each ends at its first "]]>"); what is left is markup and character
    // data, where "]]>" may not appear (XML 1.0 §2.4) — a CDATA section ended early leaves one.
    std::string outside;
    std::size_t pos = 0;
    while (true) {
        auto open = xml.find("<![CDATA[", pos);
        if (open == std::string::npos) {
            outside.append(xml, pos, std::string::npos);
            break;
        }
        outside.append(xml, pos, open - pos);
        auto close = xml.find("]]>", open + 9);
        FUZZ_CHECK(close != std::string::npos, xml.substr(open, 200));
        pos = close + 3;
    }
    auto stray = outside.find("]]>");
    FUZZ_CHECK(stray == std::string::npos, outside.substr(stray > 80 ? stray - 80 : 0, 160));
#ifdef REPLYCHECK_FUZZ_LIBXML2
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    FUZZ_CHECK(doc != nullptr, xml);
    xmlFreeDoc(doc);
#endif
}

// ---- JSON -----------------------------------------------------------------------------------

struct json_checker {
    const reports::writer_options& o;

    void same(const std::string& read, const std::string& written, const char* what, bool name = false) const {
        // Names and tags go through clean_name (a "pass " in a name is not an FTP command).
        auto expected = name ? reports::detail::clean_name(written, o, false) : reports::detail::clean(written, o);
        FUZZ_CHECK(read == expected, std::string(what) + ": wrote [" + written + "] expected [" + expected +
                                         "] read [" + read + "]");
    }
    void same(double read, double written, const char* what) const {
        double expected = std::isfinite(written) ? written : 0.0;
        FUZZ_CHECK(read == expected, std::string(what) + ": " + std::to_string(written) + " read " + std::to_string(read));
    }

    void compare(const reports::run_result& read, const reports::run_result& run) const {
        same(read.tool_version, run.tool_version, "tool_version");
        same(read.command, run.command, "command");
        same(read.started_at, run.started_at, "started_at");
        same(read.hostname, run.hostname, "hostname");
        same(read.seconds, run.seconds, "run seconds");
        FUZZ_CHECK(read.strict == run.strict, "strict");
        FUZZ_CHECK(read.suites.size() == run.suites.size(), "suite count");
        for (std::size_t i = 0; i < run.suites.size(); ++i) {
            const auto& a = read.suites[i];
            const auto& b = run.suites[i];
            same(a.name, b.name, "suite name", true);
            same(a.file, b.file, "suite file");
            same(a.timestamp, b.timestamp, "suite timestamp");
            same(a.hostname, b.hostname, "suite hostname");
            same(a.seconds, b.seconds, "suite seconds");
            FUZZ_CHECK(a.scenarios.size() == b.scenarios.size(), "scenario count");
            for (std::size_t j = 0; j < b.scenarios.size(); ++j) {
                const auto& x = a.scenarios[j];
                const auto& y = b.scenarios[j];
                same(x.name, y.name, "scenario name", true);
                same(x.file, y.file, "scenario file");
                FUZZ_CHECK(x.tags.size() == y.tags.size(), "tag count");
                for (std::size_t t = 0; t < y.tags.size(); ++t) same(x.tags[t], y.tags[t], "tag", true);
                FUZZ_CHECK(x.result == y.result, "scenario result");
                if (!y.message.empty()) same(x.message, y.message, "scenario message");
                same(x.seconds, y.seconds, "scenario seconds");
                FUZZ_CHECK(x.attempts == y.attempts, "attempts");
                FUZZ_CHECK(x.steps.size() == y.steps.size(), "step count");
                std::size_t budget = o.transcript_cap;
                for (std::size_t k = 0; k < y.steps.size(); ++k) {
                    const auto& s = x.steps[k];
                    const auto& w = y.steps[k];
                    FUZZ_CHECK(s.index == w.index, "index");
                    same(s.kind, w.kind, "kind");
                    same(s.label, w.label, "label");
                    same(s.code, w.code, "code");
                    FUZZ_CHECK(s.result == w.result, "step result");
                    FUZZ_CHECK(s.failure == w.failure, "failure kind");
                    same(s.message, w.message, "step message");
                    same(s.expected, w.expected, "expected");
                    same(s.actual, w.actual, "actual");
                    same(s.start_seconds, w.start_seconds, "start_seconds");
                    same(s.seconds, w.seconds, "step seconds");
                    // The transcript is cleaned, then capped by the scenario's budget.
                    auto cleaned = reports::detail::clean(w.transcript, o);
                    if (cleaned.size() <= budget) {
                        FUZZ_CHECK(s.transcript == cleaned, "transcript: read [" + s.transcript + "] expected [" + cleaned + "]");
                        budget -= cleaned.size();
                    } else {
                        FUZZ_CHECK(fuzz::valid_utf8(s.transcript), s.transcript);
                        budget = 0;
                    }
                    FUZZ_CHECK(s.findings.size() == w.findings.size(), "finding count");
                    for (std::size_t f = 0; f < w.findings.size(); ++f) {
                        same(s.findings[f].rule_id, w.findings[f].rule_id, "rule_id");
                        FUZZ_CHECK(s.findings[f].level == w.findings[f].level, "level");
                        same(s.findings[f].section, w.findings[f].section, "section");
                        same(s.findings[f].message, w.findings[f].message, "finding message");
                    }
                }
            }
        }
    }
};

// The same run with every string emptied (structure, outcomes and numbers kept).
void blank_strings(reports::run_result& run) {
    run.tool_version.clear(); run.command.clear(); run.started_at.clear(); run.hostname.clear();
    for (auto& suite : run.suites) {
        suite.name.clear(); suite.file.clear(); suite.timestamp.clear(); suite.hostname.clear();
        for (auto& sc : suite.scenarios) {
            sc.name.clear(); sc.file.clear(); sc.message.clear();
            for (auto& t : sc.tags) t.clear();
            for (auto& st : sc.steps) {
                st.kind.clear(); st.label.clear(); st.code.clear(); st.message.clear();
                st.expected.clear(); st.actual.clear(); st.transcript.clear(); st.protocol.clear();
                for (auto& f : st.findings) { f.rule_id.clear(); f.section.clear(); f.message.clear(); }
            }
        }
    }
}

bool letters_only(std::string_view s) {
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
}

// An occurrence of `secret` the redactor must mask wherever it stands: a whole token, not part
// of a longer word (the rule in protocol/redactor.cpp for secrets of token_length or more).
bool whole_token_occurrence(std::string_view text, std::string_view secret) {
    auto word = [](char c) {
        auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_' || u >= 0x80;
    };
    for (auto at = text.find(secret); at != std::string_view::npos; at = text.find(secret, at + 1)) {
        const auto end = at + secret.size();
        if ((at == 0 || !word(text[at - 1])) && (end == text.size() || !word(text[end]))) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    reports::writer_options options;
    static constexpr std::size_t caps[] = {64 * 1024, 0, 7, 100};
    options.transcript_cap = caps[in.byte() % 4];
    protocol::redactor redact;
    std::string secret(in.short_string(32));
    // A letters-only secret cannot be produced by escaping other bytes; one of token_length or
    // more letters must be masked wherever it stands as a whole token.
    const bool check_secret = secret.size() >= protocol::redactor::token_length && letters_only(secret);
    if (!secret.empty()) {
        redact.add_secret(secret);
        options.redact = &redact;
    }
    auto run = build_run(in);

    auto junit = reports::render_junit(run, options);
    check_xml_text(junit);

    auto json_text = reports::render_json(run, options);
    boost::system::error_code ec;
    auto parsed = boost::json::parse(json_text, ec);
    if (ec) {
        boost::json::stream_parser where;
        boost::system::error_code ec2;
        std::size_t at = where.write_some(json_text.data(), json_text.size(), ec2);
        FUZZ_CHECK(!ec, ec.message() + " at byte " + std::to_string(at) + ": ..." +
                            json_text.substr(at > 120 ? at - 120 : 0, 240));
    }
    FUZZ_CHECK(parsed.is_object(), json_text);
    reports::run_result read;
    try {
        read = reports::parse_json(json_text, "fuzz");
    } catch (const reports::report_error& e) {
        FUZZ_CHECK(false, std::string(e.what()));
    }
    json_checker{options}.compare(read, run);

    auto tap = reports::render_tap(run, options);
    FUZZ_CHECK(fuzz::valid_utf8(tap), tap);
    auto html = reports::render_html(run, options);
    FUZZ_CHECK(fuzz::valid_utf8(html), html.substr(0, 200));

    if (check_secret) {
        // The same run with no strings tells which letter runs the formats print anyway.
        reports::run_result empty = run;
        blank_strings(empty);
        auto baseline = reports::render_junit(empty, options) + reports::render_json(empty, options) +
                        reports::render_tap(empty, options) + reports::render_html(empty, options);
        if (baseline.find(secret) == std::string::npos) {
            FUZZ_CHECK(!whole_token_occurrence(junit, secret), "junit leaks [" + secret + "]");
            FUZZ_CHECK(!whole_token_occurrence(json_text, secret), "json leaks [" + secret + "]");
            FUZZ_CHECK(!whole_token_occurrence(tap, secret), "tap leaks [" + secret + "]");
            FUZZ_CHECK(!whole_token_occurrence(html, secret), "html leaks [" + secret + "]");
        }
    }
    return 0;
}
