// The parts of a step that look at its reply: `expect` (status or code, headers, body, the
// mock's journal, an expected fault) and `capture`. Errors are located config_errors.

#include "harness/scenario_loader.hpp"

#include <sstream>

#include <boost/regex.hpp>
#include <fmt/format.h>

#include "protocol/bounded_regex.hpp"

namespace replycheck::harness {

using protocol::config_error;
using protocol::position_of;

namespace {

using reader = protocol::toml_reader;
using protocol::type_name;

void check_regex(const reader& r, std::string_view key, const std::string& pattern) {
    // The same engine and syntax as the checks (harness/expectations.cpp): a pattern that
    // loads is a pattern that runs.
    try {
        protocol::bounded_regex re(pattern);
    } catch (const protocol::regex_syntax_error& e) {
        r.fail(*r.get(key), fmt::format("invalid regular expression for '{}': {}", key, e.what()));
    }
}

boost::json::value to_json(const toml::node& node) {
    if (auto* s = node.as_string()) return boost::json::value(s->get());
    if (auto* i = node.as_integer()) return boost::json::value(i->get());
    if (auto* f = node.as_floating_point()) return boost::json::value(f->get());
    if (auto* b = node.as_boolean()) return boost::json::value(b->get());
    if (auto* a = node.as_array()) {
        boost::json::array out;
        for (const auto& item : *a) out.push_back(to_json(item));
        return out;
    }
    if (auto* t = node.as_table()) {
        boost::json::object out;
        for (auto&& [k, v] : *t) out[k.str()] = to_json(v);
        return out;
    }
    return nullptr;
}

void parse_code_item(const toml::node& item, const std::string& file, std::string_view key,
                     code_expectation& out) {
    auto bad = [&](const std::string& detail) {
        throw config_error(position_of(item, file),
                           fmt::format("invalid '{}' value: {} (write 200, \"4xx\", \"404.3\" "
                                       "or a list of them)", key, detail));
    };
    if (auto* i = item.as_integer()) {
        auto v = i->get();
        if (v < 100 || v > 999) bad(fmt::format("{} is not a three-digit code", v));
        out.exact.push_back(static_cast<int>(v));
        return;
    }
    if (auto* s = item.as_string()) {
        const std::string& text = s->get();
        static const boost::regex klass("^([1-9])xx$", boost::regex::icase);
        static const boost::regex iis("^([1-9][0-9][0-9])\\.([0-9]{1,3})$");
        static const boost::regex plain("^([1-9][0-9][0-9])$");
        boost::smatch m;
        if (boost::regex_match(text, m, klass)) out.classes.push_back(m[1].str()[0] - '0');
        else if (boost::regex_match(text, m, iis))
            out.iis.emplace_back(std::stoi(m[1].str()), std::stoi(m[2].str()));
        else if (boost::regex_match(text, m, plain)) out.exact.push_back(std::stoi(m[1].str()));
        else bad(fmt::format("\"{}\"", text));
        return;
    }
    throw config_error(position_of(item, file),
                       fmt::format("expected integer, string or array for '{}', got {}", key,
                                   type_name(item)));
}

header_expectation parse_header_expectation(std::string name, const toml::node& node,
                                            const std::string& file) {
    header_expectation out;
    out.name = std::move(name);
    if (auto* s = node.as_string()) {
        out.equals = s->get();
        return out;
    }
    if (auto* i = node.as_integer()) {
        out.equals = std::to_string(i->get());
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file),
                           fmt::format("expected string or table for header '{}', got {}",
                                       out.name, type_name(node)));
    reader r(*node.as_table(), file, fmt::format("header expectation '{}'", out.name));
    r.allow({"equals", "contains", "matches", "absent"});
    out.equals = r.string("equals");
    out.contains = r.string("contains");
    out.matches = r.string("matches");
    if (out.matches) check_regex(r, "matches", *out.matches);
    out.absent = r.boolean("absent").value_or(false);
    if (out.absent && (out.equals || out.contains || out.matches))
        r.fail_here(fmt::format("header '{}': 'absent' cannot be combined with other checks",
                                out.name));
    if (!out.absent && !out.equals && !out.contains && !out.matches)
        r.fail_here(fmt::format("header '{}': give one of equals, contains, matches, absent",
                                out.name));
    return out;
}

body_expectation parse_body_expectation(const toml::node& node, const std::string& file) {
    body_expectation out;
    if (auto* s = node.as_string()) {
        out.equals = s->get();
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file),
                           fmt::format("expected string or table for 'body', got {}",
                                       type_name(node)));
    reader r(*node.as_table(), file, "body expectation");
    r.allow({"equals", "contains", "matches", "size", "sha256", "json", "empty"});
    out.equals = r.string("equals");
    out.contains = r.strings("contains");
    out.matches = r.string("matches");
    if (out.matches) check_regex(r, "matches", *out.matches);
    if (auto size = r.integer("size", 0, std::int64_t(1) << 50)) out.size = std::size_t(*size);
    if (r.boolean("empty").value_or(false)) out.size = 0;
    out.sha256 = r.string("sha256");
    if (out.sha256) {
        static const boost::regex hex("^[0-9a-fA-F]{64}$");
        if (!boost::regex_match(*out.sha256, hex))
            r.fail(*r.get("sha256"), "'sha256' must be 64 hexadecimal digits");
        std::transform(out.sha256->begin(), out.sha256->end(), out.sha256->begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
    }
    if (const auto* json = r.table("json")) {
        for (auto&& [pointer, value] : *json) {
            json_expectation j;
            j.pointer = std::string(pointer.str());
            if (!j.pointer.empty() && j.pointer[0] != '/')
                throw config_error(position_of(pointer.source(), file),
                                   fmt::format("JSON pointer '{}' must start with '/' (RFC 6901)",
                                               j.pointer));
            if (auto* t = value.as_table(); t && (t->contains("exists"))) {
                reader jr(*t, file, "json check");
                jr.allow({"exists"});
                j.exists = jr.boolean("exists").value_or(true);
            } else {
                j.equals = to_json(value);
            }
            out.json.push_back(std::move(j));
        }
    }
    return out;
}

journal_expectation parse_journal_expectation(const toml::table& table, const std::string& file) {
    reader r(table, file, "'received'");
    r.allow({"method", "target", "path", "headers", "body_contains", "command", "argument",
             "min_count"});
    journal_expectation out;
    out.method = r.string("method");
    out.target = r.string("target");
    out.path = r.string("path");
    for (auto& [k, v] : r.string_pairs("headers")) out.headers[k] = v;
    out.body_contains = r.string("body_contains");
    out.command = r.string("command");
    out.argument = r.string("argument");
    out.min_count = static_cast<int>(r.integer("min_count", 0, 1'000'000).value_or(1));
    bool http = out.method || out.target || out.path || !out.headers.empty() || out.body_contains;
    bool ftp = out.command || out.argument;
    if (http && ftp) r.fail_here("'received' mixes HTTP (method/path) and FTP (command) keys");
    return out;
}

}  // namespace

capture_spec parse_capture(std::string name, const toml::node& node, const std::string& file) {
    capture_spec out;
    out.name = std::move(name);
    out.where = position_of(node, file);
    static const boost::regex ident("^[A-Za-z_][A-Za-z0-9_.-]*$");
    if (!boost::regex_match(out.name, ident))
        throw config_error(out.where, fmt::format("invalid capture name '{}'", out.name));
    if (!node.is_table())
        throw config_error(out.where,
                           fmt::format("expected table for capture '{}', got {} (write "
                                       "{{ header = \"ETag\" }})",
                                       out.name, type_name(node)));
    reader r(*node.as_table(), file, fmt::format("capture '{}'", out.name));
    r.allow({"header", "body", "json", "reply", "status", "regex", "group", "secret"});
    int sources = 0;
    if (auto v = r.string("header")) { out.source = capture_source::header; out.selector = *v; ++sources; }
    if (auto v = r.string("body")) {
        out.source = capture_source::body; out.selector = *v; ++sources;
        check_regex(r, "body", *v);
    }
    if (auto v = r.string("json")) {
        out.source = capture_source::json; out.selector = *v; ++sources;
        if (!v->empty() && (*v)[0] != '/')
            r.fail(*r.get("json"), fmt::format("JSON pointer '{}' must start with '/'", *v));
    }
    if (auto v = r.string("reply")) {
        out.source = capture_source::reply; out.selector = *v; ++sources;
        check_regex(r, "reply", *v);
    }
    if (auto v = r.boolean("status"); v && *v) { out.source = capture_source::status; ++sources; }
    if (sources != 1)
        r.fail_here(fmt::format("capture '{}' needs exactly one of header, body, json, reply, "
                                "status",
                                out.name));
    out.regex = r.string("regex");
    if (out.regex) check_regex(r, "regex", *out.regex);
    out.group = static_cast<int>(r.integer("group", 0, 99).value_or(
        (out.source == capture_source::body || out.source == capture_source::reply ||
         out.regex) ? 1 : 0));
    out.secret = r.boolean("secret").value_or(false);
    return out;
}

code_expectation parse_code_expectation(const toml::node& node, const std::string& file,
                                        std::string_view key) {
    code_expectation out;
    if (auto* a = node.as_array()) {
        if (a->empty())
            throw config_error(position_of(node, file), fmt::format("'{}' list is empty", key));
        for (const auto& item : *a) parse_code_item(item, file, key, out);
    } else {
        parse_code_item(node, file, key, out);
    }
    std::ostringstream text;
    if (auto* a = node.as_array()) {
        text << '[';
        bool first = true;
        for (const auto& item : *a) {
            if (!first) text << ", ";
            first = false;
            if (auto* s = item.as_string()) text << s->get();
            else text << item.as_integer()->get();
        }
        text << ']';
    } else if (auto* s = node.as_string()) {
        text << s->get();
    } else {
        text << node.as_integer()->get();
    }
    out.text = text.str();
    return out;
}

expectation parse_expectation(const toml::table& table, const std::string& file,
                              std::vector<config_error>* unknown_keys) {
    reader r(table, file, "'expect'");
    const reader::key_list known{"status", "code", "reason", "reason_matches", "text", "text_matches", "headers",
                                 "body", "duration", "min_duration", "received", "preliminary", "closed",
                                 "substatus", "fault", "fault_text"};
    if (unknown_keys) r.allow(known, *unknown_keys);
    else r.allow(known);
    expectation out;
    if (r.has("status") && r.has("code"))
        r.fail(*r.get("code"), "give 'status' (HTTP) or 'code' (FTP), not both");
    if (auto* n = r.get("status")) out.code = parse_code_expectation(*n, file, "status");
    if (auto* n = r.get("code")) out.code = parse_code_expectation(*n, file, "code");
    if (auto sub = r.string("substatus")) {
        if (*sub != "if-shown" && *sub != "required")
            r.fail(*r.get("substatus"), fmt::format("invalid 'substatus' value \"{}\" (write \"if-shown\" "
                                                    "or \"required\")", *sub));
        if (!out.code || out.code->iis.empty())
            r.fail(*r.get("substatus"), "'substatus' needs an IIS code in 'status', such as \"404.3\"");
        out.code->substatus_if_shown = *sub == "if-shown";
    }
    out.reason = r.string("reason");
    out.reason_matches = r.string("reason_matches");
    if (out.reason_matches) check_regex(r, "reason_matches", *out.reason_matches);
    out.text = r.string("text");
    out.text_matches = r.string("text_matches");
    if (out.text_matches) check_regex(r, "text_matches", *out.text_matches);
    if (const auto* h = r.table("headers"))
        for (auto&& [name, node] : *h)
            out.headers.push_back(parse_header_expectation(std::string(name.str()), node, file));
    if (auto* b = r.get("body")) out.body = parse_body_expectation(*b, file);
    out.max_duration = r.duration("duration");
    out.min_duration = r.duration("min_duration");
    if (const auto* j = r.table("received")) out.received = parse_journal_expectation(*j, file);
    if (auto p = r.integer("preliminary", 100, 199)) out.preliminary = static_cast<int>(*p);
    out.closed = r.boolean("closed");
    if (const auto fault = r.choice("fault", protocol::transport_errc_names()))
        out.fault = protocol::transport_errc_from_name(*fault);
    out.fault_text = r.string("fault_text");
    if (out.fault_text && !out.fault) r.fail(*r.get("fault_text"), "'fault_text' needs 'fault' (the kind of fault expected)");
    if (out.fault && (out.code || out.body || !out.headers.empty() || out.text || out.text_matches || out.reason))
        r.fail(*r.get("fault"), "'fault' expects no reply: it cannot go with status, code, reason, text, headers or body");
    return out;
}

}  // namespace replycheck::harness
