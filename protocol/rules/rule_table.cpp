// The rule table: the single source of `replycheck rules`, docs/conformance-rules.md and the
// level/section of every finding.

#include "protocol/rules/rules.hpp"

#include <array>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "protocol/json_lines.hpp"

namespace replycheck::protocol {

namespace {

using enum rule_level;

constexpr std::array rules{
    // HTTP: framing and the status line (RFC 9112).
    rule_info{"http.status-line.syntax", must, "RFC 9112 §4",
              "status line is HTTP-version SP 3DIGIT SP [reason-phrase]", "http"},
    rule_info{"http.status.range", must, "RFC 9110 §15",
              "status code is within 100-599", "http"},
    rule_info{"http.framing.valid", must, "RFC 9112 §6",
              "the message framing can be parsed (chunked coding, header section)", "http"},
    rule_info{"http.head.no-body", must, "RFC 9110 §9.3.2",
              "a response to HEAD carries no content", "http"},
    rule_info{"http.1xx.no-body", must, "RFC 9112 §6.3",
              "a 1xx response carries no content", "http"},
    rule_info{"http.204.no-body", must, "RFC 9110 §15.3.5",
              "a 204 response carries no content", "http"},
    rule_info{"http.205.no-body", must, "RFC 9110 §15.3.6",
              "a 205 response carries no content", "http"},
    rule_info{"http.304.no-body", must, "RFC 9110 §15.4.5",
              "a 304 response carries no content", "http"},
    rule_info{"http.content-length.syntax", must, "RFC 9110 §8.6",
              "Content-Length is one non-negative decimal number (repeated values agree)", "http"},
    rule_info{"http.content-length.matches", must, "RFC 9112 §6.3",
              "the content received has the length that Content-Length announced", "http"},
    rule_info{"http.content-length.with-transfer-encoding", must, "RFC 9112 §6.2",
              "Content-Length is not sent together with Transfer-Encoding", "http"},
    rule_info{"http.content-length.forbidden", must, "RFC 9110 §8.6",
              "Content-Length is not sent in a 1xx or 204 response", "http"},
    rule_info{"http.transfer-encoding.forbidden", must, "RFC 9112 §6.1",
              "Transfer-Encoding is not sent in a 1xx or 204 response", "http"},
    rule_info{"http.transfer-encoding.http10", must, "RFC 9112 §6.1",
              "Transfer-Encoding is not sent in answer to an HTTP/1.0 request", "http"},
    rule_info{"http.1xx.http10", must, "RFC 9110 §15.2",
              "no 1xx response is sent to an HTTP/1.0 client", "http"},
    rule_info{"http.101.upgrade", must, "RFC 9110 §15.2.2",
              "a 101 response carries Upgrade naming the protocol switched to", "http"},
    rule_info{"http.date.present", must, "RFC 9110 §6.6.1",
              "an origin server sends Date in 2xx, 3xx and 4xx responses", "http"},
    rule_info{"http.date.syntax", must, "RFC 9110 §5.6.7",
              "Date is an IMF-fixdate (\"Sun, 06 Nov 1994 08:49:37 GMT\")", "http"},
    rule_info{"http.last-modified.syntax", must, "RFC 9110 §8.8.2",
              "Last-Modified is an IMF-fixdate", "http"},
    rule_info{"http.etag.syntax", must, "RFC 9110 §8.8.3",
              "ETag is an entity-tag: [W/] DQUOTE etagc* DQUOTE", "http"},
    rule_info{"http.200.validators", should, "RFC 9110 §8.8.1",
              "a 200 to GET or HEAD carries a validator (ETag or Last-Modified)", "http"},
    rule_info{"http.206.without-range", must, "RFC 9110 §15.3.7",
              "206 answers only a request that carried Range", "http"},
    rule_info{"http.206.content-range", must, "RFC 9110 §15.3.7.1",
              "a single-part 206 carries Content-Range", "http"},
    rule_info{"http.206.content-range-valid", must, "RFC 9110 §14.4",
              "Content-Range of a 206 is bytes first-last/length with first <= last < length",
              "http"},
    rule_info{"http.206.content-range-body", must, "RFC 9110 §14.4",
              "the 206 content length equals last - first + 1 of its Content-Range", "http"},
    rule_info{"http.206.multipart-boundary", must, "RFC 9110 §14.6",
              "multipart/byteranges carries a boundary parameter and closes with it", "http"},
    rule_info{"http.206.multipart-parts", must, "RFC 9110 §15.3.7.2",
              "every part of a multipart 206 carries a valid Content-Range matching its content",
              "http"},
    rule_info{"http.206.multipart-top-content-range", must, "RFC 9110 §15.3.7.2",
              "a multipart 206 carries no Content-Range in its header section", "http"},
    rule_info{"http.206.multipart-single-range", must, "RFC 9110 §15.3.7.2",
              "a request for a single range is not answered with a multipart response", "http"},
    rule_info{"http.206.cache-fields", must, "RFC 9110 §15.3.7",
              "a 206 carries the Date, Cache-Control, ETag, Expires, Content-Location and Vary "
              "that a 200 would",
              "http"},
    rule_info{"http.206.bytes", must, "RFC 9110 §14.4",
              "the 206 content equals the bytes of the 200 representation at its Content-Range",
              "http"},
    rule_info{"http.3xx.location", should, "RFC 9110 §15.4",
              "301, 302, 303, 307 and 308 carry Location", "http"},
    rule_info{"http.3xx.deprecated", should, "RFC 9110 §15.4.6",
              "305 (deprecated) and 306 (reserved) are not sent", "http"},
    rule_info{"http.304.method", must, "RFC 9110 §15.4.5",
              "304 answers only a conditional GET or HEAD", "http"},
    rule_info{"http.304.without-condition", should, "RFC 9110 §15.4.5",
              "304 answers only a request with If-None-Match or If-Modified-Since", "http"},
    rule_info{"http.304.representation-metadata", should, "RFC 9110 §15.4.5",
              "a 304 carries no representation metadata beyond the cache-update fields "
              "(no Content-Type, Content-Encoding, Content-Language, Content-Range)",
              "http"},
    rule_info{"http.304.cache-fields", must, "RFC 9110 §15.4.5",
              "a 304 carries the Content-Location, Date, ETag, Vary, Cache-Control and Expires "
              "that a 200 would",
              "http"},
    rule_info{"http.304.content-length", must, "RFC 9110 §8.6",
              "a Content-Length in a 304 equals the length a 200 would send", "http"},
    rule_info{"http.head.content-length", must, "RFC 9110 §8.6",
              "a Content-Length in a HEAD response equals the length GET would send", "http"},
    rule_info{"http.head.same-headers", should, "RFC 9110 §9.3.2",
              "a HEAD response carries the header fields of the GET response (Content-Type, "
              "ETag, Last-Modified)",
              "http"},
    rule_info{"http.401.www-authenticate", must, "RFC 9110 §15.5.2",
              "a 401 carries WWW-Authenticate with at least one challenge", "http"},
    rule_info{"http.405.allow", must, "RFC 9110 §15.5.6",
              "a 405 from an origin server carries Allow", "http"},
    rule_info{"http.405.method-in-allow", should, "RFC 9110 §15.5.6",
              "the Allow of a 405 does not list the method that was refused", "http"},
    rule_info{"http.407.proxy-authenticate", must, "RFC 9110 §15.5.8",
              "a 407 carries Proxy-Authenticate with at least one challenge", "http"},
    rule_info{"http.412.without-precondition", should, "RFC 9110 §15.5.13",
              "412 answers only a request with a precondition (If-Match, If-None-Match, "
              "If-Modified-Since, If-Unmodified-Since, If)",
              "http"},
    rule_info{"http.416.content-range", should, "RFC 9110 §15.5.17",
              "a 416 carries Content-Range: bytes */length", "http"},
    rule_info{"http.416.without-range", must, "RFC 9110 §15.5.17",
              "416 answers only a request that carried Range", "http"},
    rule_info{"http.417.without-expect", should, "RFC 9110 §15.5.18",
              "417 answers only a request that carried Expect", "http"},
    rule_info{"http.426.upgrade", must, "RFC 9110 §15.5.22",
              "a 426 carries Upgrade naming the required protocol", "http"},
    rule_info{"http.retry-after.syntax", must, "RFC 9110 §10.2.3",
              "Retry-After is an HTTP-date or a number of seconds", "http"},
    rule_info{"http.request.missing-host", must, "RFC 9112 §3.2",
              "an HTTP/1.1 request without Host is answered with 400", "http"},
    rule_info{"http.content-range.meaningless", info, "RFC 9110 §14.4",
              "Content-Range has a meaning only in 206 and 416 responses", "http"},
    rule_info{"http.location.meaningless", info, "RFC 9110 §10.2.2",
              "Location has a meaning only in 201 and 3xx responses", "http"},

    // HTTP/2 (RFC 9113): what only an HTTP/2 response must not do.
    rule_info{"http.h2.connection-specific-field", must, "RFC 9113 §8.2.2",
              "an HTTP/2 response carries no connection-specific field (Connection, Keep-Alive, "
              "Proxy-Connection, Transfer-Encoding, Upgrade; TE other than \"trailers\")",
              "http"},

    // FTP: reply format (RFC 959 §4.2).
    rule_info{"ftp.reply.syntax", must, "RFC 959 §4.2",
              "a reply line starts with a 3-digit code (first digit 1-5) and a space or hyphen",
              "ftp"},
    rule_info{"ftp.reply.multiline", must, "RFC 959 §4.2",
              "a multi-line reply ends with a line of the same code followed by a space", "ftp"},
    rule_info{"ftp.reply.crlf", must, "RFC 959 §4.2",
              "every reply line ends with CRLF (Telnet end-of-line)", "ftp"},
    rule_info{"ftp.reply.allowed", must, "RFC 959 §5.4",
              "the reply is one that its command may give (lenient profile: also what widely "
              "deployed servers answer)",
              "ftp"},
    rule_info{"ftp.reply.preliminary-once", must, "RFC 959 §4.2",
              "a command gets at most one preliminary (1yz) reply", "ftp"},
    rule_info{"ftp.reply.final", must, "RFC 959 §4.2",
              "a preliminary (1yz) reply is followed by a final reply", "ftp"},
    rule_info{"ftp.transfer.preliminary", must, "RFC 959 §5.4",
              "a transfer's 226/250 comes after a 125 or 150", "ftp"},
    rule_info{"ftp.227.format", must, "RFC 959 §4.1.2",
              "227 carries h1,h2,h3,h4,p1,p2 with each number 0-255", "ftp"},
    rule_info{"ftp.227.address", should, "RFC 959 §4.1.2",
              "the 227 address is the server's control connection address", "ftp"},
    rule_info{"ftp.229.format", must, "RFC 2428 §3",
              "229 carries (<d><d><d>port<d>) with a port 1-65535", "ftp"},
    rule_info{"ftp.257.format", must, "RFC 959 Appendix II",
              "257 carries the quoted path with embedded quotes doubled", "ftp"},
    rule_info{"ftp.213.size", must, "RFC 3659 §4.2",
              "a SIZE reply is a single line 213 <decimal size>", "ftp"},
    rule_info{"ftp.213.mdtm", must, "RFC 3659 §3.2",
              "an MDTM reply is a single line 213 YYYYMMDDHHMMSS[.sss] with a valid time", "ftp"},
    rule_info{"ftp.213.mdtm-future", should, "RFC 3659 §2.3",
              "the MDTM time is UTC, so not more than a day in the future", "ftp"},
    rule_info{"ftp.feat.format", must, "RFC 2389 §3.2",
              "a FEAT 211 lists one feature per line, each line starting with one space", "ftp"},
    rule_info{"ftp.mlst.facts", must, "RFC 3659 §7.2",
              "an MLST 250 holds one entry line: SP facts (name=value;) SP pathname", "ftp"},
    rule_info{"ftp.mlsd.facts", must, "RFC 3659 §7.2",
              "every MLSD entry is facts (name=value;) SP pathname CRLF, type known", "ftp"},
    rule_info{"ftp.421.close", must, "RFC 959 §5.4",
              "after a 421 the server closes the control connection and says nothing more",
              "ftp"},
    rule_info{"ftp.rnto.sequence", must, "RFC 959 §4.1.3",
              "RNTO not immediately after an accepted RNFR does not succeed (503 expected)",
              "ftp"},
};

}  // namespace

std::span<const rule_info> all_rules() noexcept { return rules; }

const rule_info* find_rule(std::string_view id) noexcept {
    for (const auto& r : rules)
        if (r.id == id) return &r;
    return nullptr;
}

bool rule_allowed(const check_options& options, std::string_view id) noexcept {
    for (const auto& a : options.allowed) {
        std::string_view allow = a;
        if (allow == id || allow == "*") return true;
        if (allow.size() >= 2 && allow.ends_with(".*") &&
            id.starts_with(allow.substr(0, allow.size() - 1)))
            return true;
    }
    return false;
}

std::string rules_markdown() {
    std::string out =
        "# Conformance rules\n\n"
        "Generated by `replycheck rules --markdown` from the rule table; do not edit by hand.\n\n"
        "Every reply of every run is checked against these rules. A MUST rule that is broken\n"
        "fails the step; a SHOULD rule gives a warning (a failure under `--strict`); an info\n"
        "rule is reported and never fails. A scenario, a step or `smoke --allow ID` can allow\n"
        "a rule id (or every id under a prefix, `http.405.*`).\n"
        "\n"
        "`replycheck run` applies them to every exchange of every scenario. `replycheck smoke URL...`\n"
        "derives probes from each URL and applies them to every reply:\n"
        "\n"
        "- HTTP (http, https): GET, HEAD against GET, conditionals (304, 412, ignored dates),\n"
        "  ranges (206, 416, If-Range), OPTIONS, an unknown method, a missing path, TRACE, Vary when\n"
        "  the coding depends on Accept-Encoding (on the 200 and its 304), a 16 KiB target (414), a\n"
        "  48 KiB header section (a 4xx), and RFC 9112 request hygiene (no Host, HTTP/3.1, space\n"
        "  before colon, folding, Content-Length with Transfer-Encoding, Expect). Sent as exact\n"
        "  bytes; each probe with its id, section and level in docs/smoke.md.\n"
        "- HTTP/2 (https when the server picks h2 by ALPN, or `--http2`, h2c with prior knowledge on\n"
        "  http): the same probes but those about HTTP/1.1 bytes, through libcurl, as a second suite.\n"
        "- FTP (ftp; ftps, TLS from the first byte; ftpes, AUTH TLS): greeting, login, a wrong password (530; not for anonymous),\n"
        "  PWD, SYST, FEAT, TYPE I, EPSV, PASV, LIST, MLSD (when FEAT announces MLST), SIZE and MDTM\n"
        "  of the file, RETR of a missing file (550), REST + RETR, an unknown command, RNTO without\n"
        "  RNFR, QUIT.\n"
        "\n"
        "A probe the server may legitimately answer otherwise (no ranges, no validators, no MLST) is\n"
        "skipped with the reason. Options: `--user`/`--password` (or credentials in the URL; never\n"
        "printed), `-H \"Name: value\"`, `--timeout 3s`, `--strict`, `--ftp-profile strict|lenient`,\n"
        "`--allow RULE` (repeatable), `-k`, `--cacert`, and the `--report-*` options of `run`.\n"
        "Exit codes: 0 passed, 1 a probe failed or met a transport error, 2 usage, 3 runtime.\n";
    for (std::string_view proto : {"http", "ftp"}) {
        out += proto == "http" ? "\n## HTTP\n\n" : "\n## FTP\n\n";
        if (proto == "ftp")
            out += "`ftp.reply.allowed` has two profiles: strict (exactly the RFC 959 §5.4 table "
                   "and the extension RFCs) and lenient, the default, which also accepts what "
                   "widely deployed servers answer (550 to LIST of a missing path, 125 for 150, "
                   "502 to ACCT, 500 to EPRT with AF 2, 530 from anonymous-only servers, 425 "
                   "to a transfer without PASV/PORT, 250 to CDUP, 450 to RMD).\n\n";
        out += "| id | level | section | rule |\n|---|---|---|---|\n";
        for (const auto& r : rules) {
            if (r.protocol != proto) continue;
            out += fmt::format("| `{}` | {} | {} | {} |\n", r.id, to_string(r.level), r.section,
                               r.description);
        }
    }
    return out;
}

std::string rules_json() {
    boost::json::array out;
    for (const auto& r : rules)
        out.push_back(boost::json::object{{"id", r.id},
                                          {"level", to_string(r.level)},
                                          {"section", r.section},
                                          {"description", r.description},
                                          {"protocol", r.protocol}});
    return json_array_lines(out);
}

}  // namespace replycheck::protocol
