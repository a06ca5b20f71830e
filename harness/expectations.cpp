#include "harness/expectations.hpp"

#include <memory>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include "protocol/bounded_regex.hpp"
#include "protocol/duration.hpp"

namespace replycheck::harness {

namespace {

std::string excerpt(std::string_view text, std::size_t cap = 120) {
    std::string out;
    for (char c : text.substr(0, cap)) {
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", c);
        else out += c;
    }
    if (text.size() > cap) out += "...";
    return out;
}

std::string expand_or(const std::string& text, const variables& vars) {
    std::string error;
    auto v = vars.expand(text, error);
    return v ? *v : text;
}

// Scenario regexes run bounded (protocol/bounded_regex.hpp): a pattern too complex for the
// subject fails the check with a clear message instead of running for minutes.
struct regex_result {
    bool matched = false;
    std::optional<std::string> error;            // invalid pattern or too complex to match
    std::vector<std::string_view> groups;        // the whole match, then each group
    std::string capped_note;                     // " (searched the first 16.0 MB of 20.0 MB)"
};

regex_result search_regex(const std::string& pattern, std::string_view subject, std::string_view what) {
    regex_result r;
    if (subject.size() > regex_subject_cap) {
        r.capped_note = fmt::format(" (searched the first {} of {})", protocol::byte_size_text(regex_subject_cap),
                                    protocol::byte_size_text(subject.size()));
        subject = subject.substr(0, regex_subject_cap);
    }
    std::shared_ptr<const protocol::bounded_regex> re;
    try {
        re = protocol::cached_regex(pattern);
    } catch (const protocol::regex_syntax_error& e) {
        r.error = fmt::format("invalid regular expression /{}/: {}", pattern, e.what());
        return r;
    }
    switch (re->search(subject, &r.groups)) {
        case protocol::regex_outcome::match: r.matched = true; break;
        case protocol::regex_outcome::no_match: break;
        case protocol::regex_outcome::too_complex:
            r.error = re->too_complex_message(what, subject.size()) + r.capped_note;
            break;
    }
    return r;
}

// Appends every body check that fails (Hurl style: one run shows every mismatch).
void check_body(const body_expectation& b, std::string_view body, const variables& vars, std::string_view what,
                std::vector<check_failure>& failures) {
    auto fail = [&](std::string message, std::string expected, std::string actual) {
        failures.push_back({std::move(message), std::move(expected), std::move(actual)});
    };
    if (b.equals) {
        auto want = expand_or(*b.equals, vars);
        if (body != want)
            fail(fmt::format("{} differs", what), excerpt(want), excerpt(body));
    }
    for (const auto& c : b.contains) {
        auto want = expand_or(c, vars);
        if (body.find(want) == std::string_view::npos)
            fail(fmt::format("{} does not contain \"{}\"", what, excerpt(want, 60)),
                 "contains " + excerpt(want), excerpt(body));
    }
    if (b.matches) {
        auto r = search_regex(expand_or(*b.matches, vars), body, what);
        if (r.error) fail(*r.error, "matches /" + *b.matches + "/", excerpt(body));
        else if (!r.matched)
            fail(fmt::format("{} does not match /{}/{}", what, *b.matches, r.capped_note),
                 "matches /" + *b.matches + "/", excerpt(body));
    }
    if (b.size && body.size() != *b.size)
        fail(fmt::format("{} size is {}, expected {}", what, body.size(), *b.size),
             std::to_string(*b.size) + " bytes", std::to_string(body.size()) + " bytes");
    if (b.sha256) {
        auto got = sha256_hex(body);
        if (got != *b.sha256)
            fail(fmt::format("{} sha256 differs", what), *b.sha256, got);
    }
    if (!b.json.empty()) {
        boost::system::error_code ec;
        auto doc = boost::json::parse(body, ec);
        if (ec) {
            fail(fmt::format("{} is not JSON: {}", what, ec.message()), "JSON", excerpt(body));
            return;
        }
        for (const auto& j : b.json) {
            boost::system::error_code pec;
            const boost::json::value* found = doc.find_pointer(j.pointer, pec);
            if (!j.exists) {
                if (found)
                    fail(fmt::format("JSON pointer {} should not exist", j.pointer), "absent",
                         boost::json::serialize(*found));
                continue;
            }
            if (!found) {
                fail(fmt::format("JSON pointer {} not found", j.pointer), "present", "absent");
                continue;
            }
            if (j.equals) {
                boost::json::value want = *j.equals;
                if (want.is_string()) want = boost::json::value(expand_or(std::string(want.as_string()), vars));
                bool same = *found == want;
                // TOML integers vs JSON doubles: compare numerically.
                if (!same && found->is_number() && want.is_number())
                    same = found->to_number<double>() == want.to_number<double>();
                if (!same)
                    fail(fmt::format("JSON pointer {} is {}", j.pointer, boost::json::serialize(*found)),
                         boost::json::serialize(want), boost::json::serialize(*found));
            }
        }
    }
}

}  // namespace

bool code_matches(const code_expectation& expected, int code, std::string_view iis_code) {
    for (int c : expected.exact)
        if (c == code) return true;
    for (int k : expected.classes)
        if (code / 100 == k) return true;
    for (auto [status, sub] : expected.iis) {
        if (status != code) continue;
        if (iis_code == fmt::format("{}.{}", status, sub)) return true;
        // No IIS detailed error page: the substatus cannot be seen, the status is what counts.
        if (expected.substatus_if_shown && iis_code.empty()) return true;
    }
    return false;
}

std::string detect_iis_substatus(int status, std::string_view body) {
    // IIS detailed error pages title themselves "HTTP Error 404.3 - Not Found".
    static const protocol::bounded_regex re("HTTP Error ([1-5][0-9][0-9])\\.([0-9]{1,3})\\b");
    std::vector<std::string_view> groups;
    if (re.search(body.substr(0, 64 * 1024), &groups) != protocol::regex_outcome::match) return {};
    const std::string code(groups[1]);
    if (std::stoi(code) != status) return {};
    return code + "." + std::string(groups[2]);
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    std::string out;
    out.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
}

std::optional<check_failure> check_fault(const expectation& expected, bool have_reply,
                                         const protocol::transport_fault& fault) {
    const std::string wanted(protocol::transport_errc_name(*expected.fault));
    if (have_reply || !fault)
        return check_failure{"expected the transport fault '" + wanted + "', but a reply came", wanted,
                             have_reply ? "a reply" : "no fault"};
    const auto got = fault.code.category() == protocol::transport_category()
                         ? std::string(protocol::transport_errc_name(static_cast<protocol::transport_errc>(fault.code.value())))
                         : fault.code.message();
    if (fault.code != protocol::make_error_code(*expected.fault))
        return check_failure{"expected the transport fault '" + wanted + "', got '" + got + "': " + fault.text, wanted, got};
    if (expected.fault_text && fault.text.find(*expected.fault_text) == std::string::npos)
        return check_failure{"the fault's words do not contain \"" + *expected.fault_text + "\"", *expected.fault_text, fault.text};
    return std::nullopt;
}

std::optional<check_failure> check_expectation(const expectation& e, const reply_view& reply,
                                               const variables& vars, const journal_checker& journal) {
    auto failures = check_all_expectations(e, reply, vars, journal);
    if (failures.empty()) return std::nullopt;
    if (failures.size() == 1) return failures.front();
    // Every mismatch in one message, in the order of the checks: status, headers, body, ...
    check_failure all;
    all.message = fmt::format("{} expectations failed: ", failures.size());
    for (std::size_t i = 0; i < failures.size(); ++i) {
        const char* separator = i == 0 ? "" : "; ";
        all.message += separator + failures[i].message;
        all.expected += separator + failures[i].expected;
        all.actual += separator + failures[i].actual;
    }
    return all;
}

std::vector<check_failure> check_all_expectations(const expectation& e, const reply_view& reply,
                                                  const variables& vars, const journal_checker& journal) {
    std::vector<check_failure> failures;
    auto fail = [&](std::string message, std::string expected, std::string actual) {
        failures.push_back({std::move(message), std::move(expected), std::move(actual)});
    };
    std::string got_code = reply.iis_code.empty() ? std::to_string(reply.code) : reply.iis_code;
    if (e.code && !code_matches(*e.code, reply.code, reply.iis_code))
        fail(fmt::format("expected {} {}, got {}", reply.http ? "status" : "code", e.code->text,
                         reply.code == 0 ? std::string("no reply") : got_code),
             e.code->text, got_code);
    if (e.preliminary && reply.preliminary != *e.preliminary)
        fail(fmt::format("expected preliminary reply {}, got {}", *e.preliminary,
                         reply.preliminary == 0 ? std::string("none")
                                                : std::to_string(reply.preliminary)),
             std::to_string(*e.preliminary), std::to_string(reply.preliminary));
    if (e.reason) {
        auto want = expand_or(*e.reason, vars);
        if (reply.reason != want)
            fail(fmt::format("expected reason \"{}\", got \"{}\"", want, reply.reason), want,
                 reply.reason);
    }
    if (e.reason_matches) {
        auto r = search_regex(*e.reason_matches, reply.reason, "reason");
        if (r.error) fail(*r.error, "/" + *e.reason_matches + "/", excerpt(reply.reason));
        else if (!r.matched)
            fail(fmt::format("reason \"{}\" does not match /{}/", reply.reason, *e.reason_matches),
                 "/" + *e.reason_matches + "/", reply.reason);
    }
    if (e.text) {
        auto want = expand_or(*e.text, vars);
        if (reply.text.find(want) == std::string::npos)
            fail(fmt::format("reply text does not contain \"{}\"", want), want, excerpt(reply.text));
    }
    if (e.text_matches) {
        auto r = search_regex(*e.text_matches, reply.text, "reply text");
        if (r.error) fail(*r.error, "/" + *e.text_matches + "/", excerpt(reply.text));
        else if (!r.matched)
            fail(fmt::format("reply text does not match /{}/{}", *e.text_matches, r.capped_note),
                 "/" + *e.text_matches + "/", excerpt(reply.text));
    }
    static const protocol::header_list no_headers;
    const auto& headers = reply.headers ? *reply.headers : no_headers;
    for (const auto& h : e.headers) {
        auto values = protocol::find_headers(headers, h.name);
        if (h.absent) {
            if (!values.empty())
                fail(fmt::format("header {} should be absent, got \"{}\"", h.name, values[0]),
                     "absent", std::string(values[0]));
            continue;
        }
        if (values.empty()) {
            fail(fmt::format("header {} missing", h.name), "present", "absent");
            continue;
        }
        std::string joined;
        for (auto v : values) joined += (joined.empty() ? "" : ", ") + std::string(v);
        if (h.equals) {
            auto want = expand_or(*h.equals, vars);
            bool any = false;
            for (auto v : values) any = any || v == want;
            if (!any)
                fail(fmt::format("header {} is \"{}\", expected \"{}\"", h.name, joined, want),
                     want, joined);
        }
        if (h.contains) {
            auto want = expand_or(*h.contains, vars);
            if (joined.find(want) == std::string::npos)
                fail(fmt::format("header {} \"{}\" does not contain \"{}\"", h.name, joined, want),
                     "contains " + want, joined);
        }
        if (h.matches) {
            auto r = search_regex(expand_or(*h.matches, vars), joined, "header " + h.name);
            if (r.error) fail(*r.error, "/" + *h.matches + "/", excerpt(joined));
            else if (!r.matched)
                fail(fmt::format("header {} \"{}\" does not match /{}/", h.name, joined, *h.matches),
                     "/" + *h.matches + "/", joined);
        }
    }
    if (e.body) {
        check_body(*e.body, reply.body, vars, reply.http ? "body" : "data", failures);
    }
    auto elapsed = std::chrono::duration_cast<millis>(reply.duration);
    if (e.max_duration && reply.duration > *e.max_duration)
        fail(fmt::format("took {}, more than {}", protocol::format_duration(elapsed),
                         protocol::format_duration(*e.max_duration)),
             "<= " + protocol::format_duration(*e.max_duration), protocol::format_duration(elapsed));
    if (e.min_duration && reply.duration < *e.min_duration)
        fail(fmt::format("took {}, less than {}", protocol::format_duration(elapsed),
                         protocol::format_duration(*e.min_duration)),
             ">= " + protocol::format_duration(*e.min_duration), protocol::format_duration(elapsed));
    if (e.closed && reply.closed != *e.closed)
        fail(*e.closed ? "expected the server to close the connection"
                       : "the server closed the connection",
             *e.closed ? "closed" : "open", reply.closed ? "closed" : "open");
    if (e.received) {
        if (!journal) fail("'received' needs a mock (no mock journal for this target)", "a mock", "none");
        else if (auto f = journal(*e.received)) failures.push_back(std::move(*f));
    }
    return failures;
}

std::optional<std::string> apply_captures(const std::vector<capture_spec>& captures,
                                          const reply_view& reply, variables& vars,
                                          std::vector<std::string>& secrets) {
    for (const auto& c : captures) {
        std::optional<std::string> value;
        switch (c.source) {
            case capture_source::header: {
                // RFC 9110 §5.3: fields that cannot be combined into one (Set-Cookie, RFC 6265 §3)
                // arrive as several; a regex searches each in order and the first match wins.
                const auto fields = reply.headers ? protocol::find_headers(*reply.headers, c.selector)
                                                  : std::vector<std::string_view>{};
                if (fields.empty()) return fmt::format("capture '{}' found nothing: the reply has no {} field", c.name, c.selector);
                if (!c.regex) {
                    value = std::string(fields.front());
                    break;
                }
                for (auto field : fields) {
                    auto r = search_regex(*c.regex, field, "header " + c.selector);
                    if (r.error) return fmt::format("capture '{}': {}", c.name, *r.error);
                    if (r.matched && static_cast<std::size_t>(c.group) < r.groups.size()) {
                        value = std::string(r.groups[static_cast<std::size_t>(c.group)]);
                        break;
                    }
                }
                if (value) break;
                // A secret capture's fields hold the secret (a session cookie): never shown, here
                // or in the reply shown with the failure (they join the secrets masked).
                std::string seen;
                if (c.secret) {
                    seen = fmt::format("{} field(s), values not shown: the capture is secret", fields.size());
                    for (auto field : fields) secrets.emplace_back(field);
                } else {
                    for (auto field : fields) seen += (seen.empty() ? "\"" : ", \"") + excerpt(field) + "\"";
                }
                return fmt::format("capture '{}' found nothing: no {} field matched /{}/ ({})", c.name, c.selector,
                                   *c.regex, seen);
            }
            case capture_source::status:
                value = std::to_string(reply.code);
                break;
            case capture_source::json: {
                boost::system::error_code ec;
                auto doc = boost::json::parse(reply.body, ec);
                if (!ec) {
                    if (const auto* found = doc.find_pointer(c.selector, ec)) {
                        if (found->is_string()) value = std::string(found->as_string());
                        else value = boost::json::serialize(*found);
                    }
                }
                break;
            }
            case capture_source::body:
            case capture_source::reply: {
                std::string_view text = c.source == capture_source::body ? reply.body
                                                                         : std::string_view(reply.text);
                auto r = search_regex(c.selector, text, c.source == capture_source::body ? "body" : "reply text");
                if (r.error) return fmt::format("capture '{}': {}", c.name, *r.error);
                if (r.matched && static_cast<std::size_t>(c.group) < r.groups.size())
                    value = std::string(r.groups[static_cast<std::size_t>(c.group)]);
                break;
            }
        }
        if (value && c.regex && (c.source == capture_source::status || c.source == capture_source::json)) {
            auto r = search_regex(*c.regex, *value, "captured value");
            if (r.error) return fmt::format("capture '{}': {}", c.name, *r.error);
            if (r.matched && static_cast<std::size_t>(c.group) < r.groups.size())
                value = std::string(r.groups[static_cast<std::size_t>(c.group)]);
            else
                value.reset();
        }
        if (!value) return fmt::format("capture '{}' found nothing", c.name);
        if (c.secret) secrets.push_back(*value);
        vars.set(c.name, *value, c.secret);
    }
    return std::nullopt;
}

}  // namespace replycheck::harness
