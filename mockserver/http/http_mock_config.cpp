// load_http_mock_config: [mock.http] from TOML, every error located to file:line:col.

#include "mockserver/http/http_mock_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <initializer_list>
#include <string_view>

#include "mockserver/http/http_mock.hpp"
#include "mockserver/scripting/script_book.hpp"
#include "protocol/env_reference.hpp"
#include "protocol/json_toml.hpp"
#include "protocol/toml_reader.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::mock {

namespace {

namespace fs = std::filesystem;
using protocol::config_error;

// A raw_file is held in memory while the mock runs.
constexpr std::uintmax_t max_raw_file = 64 * 1024 * 1024;

struct loader {
    const std::string& file;
    const fs::path& base_dir;
    protocol::toml_reader reader;
    bool confined = false;   ///< files must lie under base_dir (scripts sent at run time)

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const { reader.fail(node, message); }

    void only_keys(const toml::table& t, std::string_view where, std::initializer_list<std::string_view> allowed) const {
        reader.nested(t, std::string(where)).allow({allowed.begin(), allowed.end()});
    }

    std::string string(const toml::node& n, std::string_view name) const { return reader.string_of(n, name); }
    std::string state_name(const toml::node& n, std::string_view name) const {
        auto text = string(n, name);
        if (!valid_state_name(text)) fail(n, std::string(state_name_rule));
        return text;
    }
    bool boolean(const toml::node& n, std::string_view name) const { return reader.boolean_of(n, name); }
    std::int64_t integer(const toml::node& n, std::string_view name, std::int64_t min, std::int64_t max) const {
        return reader.integer_of(n, name, min, max);
    }
    std::chrono::milliseconds duration(const toml::node& n, std::string_view name) const {
        return reader.duration_of(n, name);
    }
    const toml::table& table(const toml::node& n, std::string_view name) const { return reader.table_of(n, name); }
    fs::path path(const toml::node& n, std::string_view name) const {
        fs::path p = path_text(n, name);
        return p.is_absolute() ? p : base_dir / p;
    }
    // A file name ends at a NUL for the system: "a.json\0x" would open "a.json".
    std::string path_text(const toml::node& n, std::string_view name) const {
        auto text = string(n, name);
        if (text.find('\0') != std::string::npos) fail(n, "'" + std::string(name) + "' contains a NUL byte");
        return text;
    }
    // A path for a script sent at run time: relative, and inside base_dir once symbolic links
    // are followed, so such a script reads nothing the mock does not already serve.
    fs::path confined_path(const toml::node& n, std::string_view name) const {
        fs::path p = path_text(n, name);
        if (base_dir.empty()) fail(n, "'" + std::string(name) + "' needs the mock to have a root");
        const auto normal = p.lexically_normal();
        if (p.is_absolute() || p.has_root_name() || normal.empty() || *normal.begin() == "..")
            fail(n, "'" + std::string(name) + "' must be a path inside the mock's root");
        std::error_code ec;
        const auto root = fs::canonical(base_dir, ec);
        const auto full = ec ? fs::path() : fs::weakly_canonical(root / normal, ec);
        const auto inside = full.lexically_relative(root);
        if (ec || inside.empty() || *inside.begin() == "..")
            fail(n, "'" + std::string(name) + "' must be a path inside the mock's root");
        return full;
    }
    std::shared_ptr<const protocol::bounded_regex> regex(const toml::node& n, std::string_view name) const {
        auto text = string(n, name);
        try {
            return std::make_shared<const protocol::bounded_regex>(text);
        } catch (const protocol::regex_syntax_error& e) {
            fail(n, "invalid regular expression for '" + std::string(name) + "': " + e.what());
        }
    }

    // { Name = "value" } or { Name = { regex = "..." } }, or [["Name", "value"], ...].
    std::vector<http_value_match> value_matches(const toml::node& n, std::string_view name) const {
        std::vector<http_value_match> out;
        const auto& t = table(n, name);
        for (const auto& [key, value] : t) {
            http_value_match m;
            m.name = std::string(key.str());
            if (value.is_string()) {
                m.value = *value.value<std::string>();
            } else if (auto vt = value.as_table()) {
                only_keys(*vt, std::string(name) + "." + m.name, {"regex"});
                if (auto r = vt->get("regex")) m.compiled = regex(*r, "regex");
                else fail(value, "expected { regex = \"...\" }");
            } else {
                fail(value, "expected a string or { regex = \"...\" } for '" + m.name + "'");
            }
            out.push_back(std::move(m));
        }
        return out;
    }

    http_script_match match(const toml::node& n) const {
        const auto& t = table(n, "match");
        only_keys(t, "match", {"method", "path", "path_prefix", "path_glob", "path_regex", "query", "headers", "body",
                               "body_contains", "body_regex", "tls", "client_cert"});
        http_script_match m;
        if (auto v = t.get("method")) {
            auto add = [&](const toml::node& x) {
                auto s = string(x, "method");
                std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                m.methods.push_back(s);
            };
            if (auto arr = v->as_array()) for (const auto& x : *arr) add(x);
            else add(*v);
        }
        int path_conditions = 0;
        auto path_kind = [&](const char* key, http_path_match kind) {
            if (auto v = t.get(key)) {
                if (++path_conditions > 1) fail(*v, "use only one of path, path_prefix, path_glob, path_regex");
                m.path_kind = kind;
                m.path = string(*v, key);
                if (kind == http_path_match::regex) m.path_regex = regex(*v, key);
            }
        };
        path_kind("path", http_path_match::exact);
        path_kind("path_prefix", http_path_match::prefix);
        path_kind("path_glob", http_path_match::glob);
        path_kind("path_regex", http_path_match::regex);
        if (auto v = t.get("query")) m.query = value_matches(*v, "query");
        if (auto v = t.get("headers")) m.headers = value_matches(*v, "headers");
        if (auto v = t.get("body")) m.body = string(*v, "body");
        if (auto v = t.get("body_contains")) m.body_contains = string(*v, "body_contains");
        if (auto v = t.get("body_regex")) m.body_regex = regex(*v, "body_regex");
        if (auto v = t.get("tls")) m.tls = boolean(*v, "tls");
        if (auto v = t.get("client_cert")) {
            // "CN=alice,O=x" (RFC 2253, exact), "*" (any certificate), or { regex = "..." }.
            http_value_match c;
            c.name = "client_cert";
            if (v->is_string()) {
                c.value = string(*v, "client_cert");
            } else if (auto ct = v->as_table()) {
                only_keys(*ct, "client_cert", {"regex"});
                if (auto r = ct->get("regex")) c.compiled = regex(*r, "regex");
                else fail(*v, "expected { regex = \"...\" }");
            } else {
                fail(*v, "expected a subject, \"*\" or { regex = \"...\" } for 'client_cert'");
            }
            m.client_cert = std::move(c);
        }
        return m;
    }

    void status(const toml::node& n, http_script_reply& r) const {
        if (n.is_integer()) {
            r.status = static_cast<int>(integer(n, "status", 100, 599));
            return;
        }
        if (n.is_string()) {
            // "403.14": the status, then the IIS substatus.
            auto s = *n.value<std::string>();
            auto dot = s.find('.');
            int code = 0, sub = -1;
            auto head = std::string_view(s).substr(0, dot);
            auto [p, ec] = std::from_chars(head.data(), head.data() + head.size(), code);
            bool ok = ec == std::errc() && p == head.data() + head.size() && head.size() == 3;
            if (ok && dot != std::string::npos) {
                auto tail = std::string_view(s).substr(dot + 1);
                auto [p2, ec2] = std::from_chars(tail.data(), tail.data() + tail.size(), sub);
                ok = ec2 == std::errc() && p2 == tail.data() + tail.size() && !tail.empty() && sub >= 0;
            }
            if (ok && code >= 100 && code <= 599) {
                r.status = code;
                r.substatus = sub;
                return;
            }
        }
        if (auto f = n.as_floating_point(); f && f->get() == static_cast<double>(static_cast<std::int64_t>(f->get())))
            fail(n, "'status' must be an integer, such as 503");
        if (n.is_floating_point()) fail(n, "write a status with a substatus as a string, e.g. status = \"403.14\"");
        fail(n, "expected a status code 100-599 or \"STATUS.SUBSTATUS\" for 'status'");
    }

    std::vector<std::pair<std::string, std::string>> headers(const toml::node& n) const {
        std::vector<std::pair<std::string, std::string>> out;
        auto check = [&](const toml::node& where, const std::string& name, const std::string& value) {
            if (name.empty() || name.find_first_of(" \t\r\n:") != std::string::npos)
                fail(where, "invalid header name '" + name + "'");
            if (value.find_first_of("\r\n") != std::string::npos)
                fail(where, "header value of '" + name + "' contains CR or LF (use raw for broken replies)");
        };
        if (auto t = n.as_table()) {
            for (const auto& [key, value] : *t) {
                auto v = string(value, key.str());
                check(value, std::string(key.str()), v);
                out.emplace_back(std::string(key.str()), v);
            }
        } else if (auto arr = n.as_array()) {
            // [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]]: order and repeats kept.
            for (const auto& item : *arr) {
                auto pair = item.as_array();
                if (!pair || pair->size() != 2) fail(item, "expected [\"Name\", \"value\"]");
                auto name = string(*pair->get(0), "header name");
                auto value = string(*pair->get(1), "header value");
                check(item, name, value);
                out.emplace_back(std::move(name), std::move(value));
            }
        } else {
            fail(n, "expected a table or an array of [name, value] for 'headers'");
        }
        return out;
    }

    http_script_reply reply(const toml::node& n) const {
        const auto& t = table(n, "reply");
        only_keys(t, "reply", {"status", "reason", "headers", "body", "body_file", "raw", "raw_file"});
        http_script_reply r;
        if (auto v = t.get("raw")) {
            if (t.size() != 1) fail(n, "a raw reply is sent exactly as written: no other reply keys with 'raw'");
            r.raw = string(*v, "raw");
            return r;
        }
        if (auto v = t.get("raw_file")) {
            // Bytes a TOML string cannot hold (not UTF-8): read once, here, and sent as `raw` is.
            if (t.size() != 1) fail(n, "a raw reply is sent exactly as read: no other reply keys with 'raw_file'");
            const auto source = confined ? confined_path(*v, "raw_file") : path(*v, "raw_file");
            const auto name = source.string();
            std::error_code ec;
            if (!fs::is_regular_file(source, ec)) fail(*v, "raw_file '" + name + "' is not a readable file");
            const auto size = fs::file_size(source, ec);
            if (ec) fail(*v, "raw_file '" + name + "' is not a readable file");
            if (size > max_raw_file) fail(*v, "raw_file '" + name + "' is larger than 64 MiB");
            std::ifstream in(source, std::ios::binary);
            r.raw.emplace(static_cast<std::size_t>(size), '\0');
            if (!in.read(r.raw->data(), static_cast<std::streamsize>(size))) fail(*v, "raw_file '" + name + "' could not be read");
            return r;
        }
        if (auto v = t.get("status")) status(*v, r);
        if (auto v = t.get("reason")) {
            r.reason = string(*v, "reason");
            if (r.reason.find_first_of("\r\n") != std::string::npos) fail(*v, "reason contains CR or LF");
        }
        if (auto v = t.get("headers")) r.headers = headers(*v);
        if (auto v = t.get("body")) r.body = string(*v, "body");
        if (auto v = t.get("body_file")) {
            if (r.body) fail(*v, "use either body or body_file");
            r.body_file = confined ? confined_path(*v, "body_file") : path(*v, "body_file");
            std::error_code ec;
            if (!fs::is_regular_file(*r.body_file, ec)) fail(*v, "body_file '" + r.body_file->string() + "' is not a readable file");
        }
        return r;
    }

    http_script script(const toml::table& t, const std::string& context) const {
        only_keys(t, context, {"name", "match", "times", "reply", "replies", "raw", "state", "next_state",
                               "delay", "throttle", "close_after", "fault", "garbage", "close", "keep_open"});
        http_script r;
        r.where = protocol::position_of(t, file);
        if (auto v = t.get("name")) r.name = string(*v, "name");
        if (auto v = t.get("match")) r.match = match(*v);
        if (auto v = t.get("times")) r.times = static_cast<int>(integer(*v, "times", 1, 1000000000));
        int reply_forms = 0;
        if (auto v = t.get("reply")) {
            ++reply_forms;
            r.replies.push_back(reply(*v));
        }
        if (auto v = t.get("replies")) {
            if (++reply_forms > 1) fail(*v, "use only one of reply, replies, raw");
            auto arr = v->as_array();
            if (!arr || arr->empty()) fail(*v, "expected a non-empty array of reply tables for 'replies'");
            for (const auto& item : *arr) r.replies.push_back(reply(item));
        }
        if (auto v = t.get("raw")) {
            if (++reply_forms > 1) fail(*v, "use only one of reply, replies, raw");
            http_script_reply raw;
            raw.raw = string(*v, "raw");
            r.replies.push_back(std::move(raw));
        }
        if (auto v = t.get("state")) r.state = state_name(*v, "state");
        if (auto v = t.get("next_state")) r.next_state = state_name(*v, "next_state");
        if (auto v = t.get("delay")) r.delay = duration(*v, "delay");
        if (auto v = t.get("throttle")) {
            const auto& th = table(*v, "throttle");
            only_keys(th, "throttle", {"bytes", "interval"});
            if (auto b = th.get("bytes")) r.throttle_bytes = static_cast<std::size_t>(integer(*b, "bytes", 1, 1 << 30));
            else fail(*v, "throttle needs 'bytes'");
            if (auto i = th.get("interval")) r.throttle_interval = duration(*i, "interval");
        }
        if (auto v = t.get("close_after")) r.close_after = static_cast<std::size_t>(integer(*v, "close_after", 0, 1LL << 40));
        if (auto v = t.get("fault")) {
            auto f = string(*v, "fault");
            if (f == "close") r.fault = http_fault::close;
            else if (f == "reset") r.fault = http_fault::reset;
            else if (f == "garbage") r.fault = http_fault::garbage;
            else if (f == "hang") r.fault = http_fault::hang;
            else if (f == "none") r.fault = http_fault::none;
            else fail(*v, "unknown fault '" + f + "' (expected close, reset, garbage, hang)");
            if (r.fault != http_fault::none && reply_forms > 0) fail(*v, "a fault replaces the reply: use either fault or reply");
        }
        if (auto v = t.get("garbage")) r.garbage = string(*v, "garbage");
        if (auto v = t.get("close")) r.close = boolean(*v, "close");
        if (auto v = t.get("keep_open")) r.keep_open = boolean(*v, "keep_open");
        return r;
    }

    http_redirect redirect(const toml::node& n) const {
        const auto& t = table(n, "redirect");
        only_keys(t, "[[mock.http.redirect]]", {"from", "to", "status", "prefix"});
        http_redirect r;
        if (auto v = t.get("from")) r.from = string(*v, "from");
        else fail(n, "redirect needs 'from'");
        if (auto v = t.get("to")) r.to = string(*v, "to");
        else fail(n, "redirect needs 'to'");
        if (r.to.find_first_of("\r\n") != std::string::npos) fail(n, "'to' contains CR or LF");
        if (auto v = t.get("status")) {
            r.status = static_cast<int>(integer(*v, "status", 300, 399));
            if (r.status != 301 && r.status != 302 && r.status != 303 && r.status != 307 && r.status != 308)
                fail(*v, "redirect status must be 301, 302, 303, 307 or 308");
        }
        if (auto v = t.get("prefix")) r.prefix = boolean(*v, "prefix");
        return r;
    }

    auth_prefix auth(const toml::node& n) const {
        const auto& t = table(n, "auth");
        only_keys(t, "[[mock.http.auth]]", {"prefix", "user", "password", "realm"});
        auth_prefix a;
        if (auto v = t.get("prefix")) a.prefix = string(*v, "prefix");
        else fail(n, "auth needs 'prefix'");
        if (auto v = t.get("user")) a.user = string(*v, "user");
        else fail(n, "auth needs 'user'");
        // "${env:NAME}": read from the environment, so the file holds no password.
        if (auto v = t.get("password")) a.password = protocol::expand_env_reference(string(*v, "password"), *v, file);
        else fail(n, "auth needs 'password'");
        if (auto v = t.get("realm")) a.realm = string(*v, "realm");
        if (a.user.find(':') != std::string::npos) fail(n, "a Basic user name cannot contain ':' (RFC 7617 §2)");
        if (a.realm.find_first_of("\"\r\n\\") != std::string::npos) fail(n, "realm must not contain quotes, backslashes or line breaks");
        return a;
    }

    void limits(const toml::node& n, http_mock_limits& l) const {
        const auto& t = table(n, "limits");
        only_keys(t, "[mock.http.limits]", {"max_target", "max_header_section", "max_body", "request_timeout", "idle_timeout",
                                            "write_timeout", "max_connections", "cache_file_max", "journal_cap",
                                            "journal_body_cap", "journal_raw_cap"});
        auto size = [&](const char* key, std::size_t& out, std::int64_t min, std::int64_t max) {
            if (auto v = t.get(key)) out = static_cast<std::size_t>(integer(*v, key, min, max));
        };
        size("max_target", l.max_target, 16, 1 << 20);
        size("max_header_section", l.max_header_section, 64, 1 << 24);
        if (auto v = t.get("max_body")) l.max_body = static_cast<std::uint64_t>(integer(*v, "max_body", 0, 1LL << 40));
        if (auto v = t.get("request_timeout")) l.request_timeout = duration(*v, "request_timeout");
        if (auto v = t.get("idle_timeout")) l.idle_timeout = duration(*v, "idle_timeout");
        if (auto v = t.get("write_timeout")) l.write_timeout = duration(*v, "write_timeout");
        size("max_connections", l.max_connections, 1, 1 << 20);
        size("cache_file_max", l.cache_file_max, 0, 1 << 30);
        size("journal_cap", l.journal_cap, 1, 1 << 24);
        size("journal_body_cap", l.journal_body_cap, 0, 1 << 30);
        size("journal_raw_cap", l.journal_raw_cap, 0, 1 << 30);
        for (auto* key : {"request_timeout", "idle_timeout", "write_timeout"})
            if (auto v = t.get(key); v && duration(*v, key).count() == 0) fail(*v, std::string("'") + key + "' must be positive");
    }
};

}  // namespace

http_mock_config load_http_mock_config(const toml::table& t, const std::filesystem::path& base_dir, const std::string& file) {
    loader L{file, base_dir, protocol::toml_reader(t, file, "[mock.http]")};
    L.only_keys(t, "[mock.http]", {"listen", "root", "writable", "threads", "flavour", "index", "server", "initial_state",
                                   "auth", "redirect", "limits", "script", "rule", "https", "require_tls",
                                   "require_client_cert"});
    http_mock_config c;
    if (auto v = t.get("listen")) {
        c.listen = L.string(*v, "listen");
        std::string error;
        if (!protocol::parse_host_port(c.listen, error)) L.fail(*v, "'listen': " + error);
    }
    if (auto v = t.get("https")) {
        c.https_listen = L.string(*v, "https");
        std::string error;
        if (!protocol::parse_host_port(c.https_listen, error)) L.fail(*v, "'https': " + error);
    }
    // Path prefixes, one string or an array of strings, each starting with '/'.
    auto prefixes = [&](const char* key, std::vector<std::string>& out) {
        auto v = t.get(key);
        if (!v) return;
        auto add = [&](const toml::node& x) {
            auto p = L.string(x, key);
            if (p.empty() || p.front() != '/') L.fail(x, std::string("'") + key + "': a path prefix starts with '/'");
            out.push_back(std::move(p));
        };
        if (auto arr = v->as_array()) for (const auto& x : *arr) add(x);
        else add(*v);
    };
    prefixes("require_tls", c.require_tls);
    prefixes("require_client_cert", c.require_client_cert);
    if (auto v = t.get("root")) {
        c.root = L.path(*v, "root");
        std::error_code ec;
        if (!fs::is_directory(c.root, ec)) L.fail(*v, "root '" + c.root.string() + "' is not a folder");
    }
    if (auto v = t.get("writable")) c.writable = L.boolean(*v, "writable");
    if (auto v = t.get("threads")) c.threads = static_cast<int>(L.integer(*v, "threads", 1, 64));
    if (auto v = t.get("flavour")) {
        auto f = L.string(*v, "flavour");
        if (f == "iis") c.flavour = http_flavour::iis;
        else if (f == "standard") c.flavour = http_flavour::standard;
        else L.fail(*v, "unknown flavour '" + f + "' (expected standard or iis)");
    }
    if (auto v = t.get("index")) c.index = L.string(*v, "index");
    if (auto v = t.get("server")) c.server_header = L.string(*v, "server");
    if (auto v = t.get("initial_state")) c.initial_state = L.string(*v, "initial_state");
    auto each = [&](const char* key, auto&& fn) {
        if (auto v = t.get(key)) {
            if (auto arr = v->as_array()) {
                for (const auto& item : *arr) fn(item);
            } else if (v->is_table()) {
                fn(*v);
            } else {
                L.fail(*v, std::string("expected [[mock.http.") + key + "]] tables");
            }
        }
    };
    each("auth", [&](const toml::node& n) { c.auth.push_back(L.auth(n)); });
    each("redirect", [&](const toml::node& n) { c.redirects.push_back(L.redirect(n)); });
    if (auto v = t.get("limits")) L.limits(*v, c.limits);
    auto add_script = [&](const toml::node& n) {
        c.scripts.push_back(load_http_script(L.table(n, "script"), base_dir, file, "[[mock.http.script]]"));
        if (c.scripts.back().name.empty()) c.scripts.back().name = "rule " + std::to_string(c.scripts.size());
    };
    each("script", add_script);
    if (t.contains("rule")) protocol::warn_renamed_key(t.find("rule")->first, file, "[[mock.http.script]]");
    each("rule", add_script);
    return c;
}

http_script load_http_script(const toml::table& table, const std::filesystem::path& base_dir, const std::string& file,
                             std::string context) {
    const loader L{file, base_dir, protocol::toml_reader(table, file, context)};
    return L.script(table, context);
}

http_script http_script_from_json(const boost::json::value& definition, const std::filesystem::path& base_dir) {
    if (!definition.is_object()) throw config_error({}, "a script is a JSON object");
    const auto table = protocol::json_to_toml(definition.get_object());
    const protocol::json_field_scope scope(table);
    // The context of the file's scripts: the same mistake reads the same in both forms.
    const std::string no_file, context = "[[mock.http.script]]";
    loader L{no_file, base_dir, protocol::toml_reader(table, no_file, context)};
    L.confined = true;
    return L.script(table, context);
}

}  // namespace replycheck::mock
