#include "harness/scenario_loader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/regex.hpp>
#include <fmt/format.h>

#include "protocol/glob_match.hpp"


namespace replycheck::harness {

namespace fs = std::filesystem;
using protocol::config_error;
using protocol::position_of;

std::string_view to_string(conformance_mode mode) noexcept {
    switch (mode) {
        case conformance_mode::inherit: return "inherit";
        case conformance_mode::standard: return "default";
        case conformance_mode::strict: return "strict";
        case conformance_mode::off: return "off";
    }
    return "default";
}

std::string_view step::kind() const noexcept {
    switch (action.index()) {
        case 0: return "http";
        case 1: return "raw";
        case 2: return "ftp";
        default: return "ftp_url";
    }
}

namespace {

using reader = protocol::toml_reader;
using protocol::type_name;

/// How a scenario file spells one enumerator of a closed set.
template <class Enum>
using spelling = std::pair<std::string_view, Enum>;

/// The enumerator spelled under `key`, or `fallback` when the key is absent; an unknown
/// spelling is choice()'s located error with its "did you mean" hint.
template <class Enum, std::size_t N>
Enum enum_choice(const reader& r, std::string_view key, const spelling<Enum> (&spellings)[N], Enum fallback) {
    reader::key_list names;
    for (const auto& [name, value] : spellings) names.push_back(name);
    const auto text = r.choice(key, names);
    if (!text) return fallback;
    const auto* found = std::find_if(std::begin(spellings), std::end(spellings),
                                     [&](const auto& s) { return s.first == *text; });
    return found->second;
}

constexpr spelling<conformance_mode> conformance_spellings[] = {
    {"strict", conformance_mode::strict},
    {"default", conformance_mode::standard},
    {"off", conformance_mode::off}};
constexpr spelling<http_auth_scheme> auth_spellings[] = {
    {"basic", http_auth_scheme::basic}, {"digest", http_auth_scheme::digest}};
constexpr spelling<http_version_choice> version_spellings[] = {
    {"1.0", http_version_choice::http1_0},
    {"1.1", http_version_choice::http1_1},
    {"2", http_version_choice::http2}};
constexpr spelling<raw_read_mode> read_spellings[] = {
    {"http", raw_read_mode::http}, {"ftp", raw_read_mode::ftp}, {"none", raw_read_mode::none}};
constexpr spelling<ftp_data_connection> data_mode_spellings[] = {
    {"auto", ftp_data_connection::automatic}, {"epsv", ftp_data_connection::epsv},
    {"pasv", ftp_data_connection::pasv}, {"active", ftp_data_connection::active}};
constexpr spelling<ftp_tls_use> ssl_spellings[] = {
    {"try", ftp_tls_use::attempt}, {"control", ftp_tls_use::control}, {"all", ftp_tls_use::all}};

// Runs `part` of a file's reading; the config_error it throws is recorded and reading goes on
// with the next independent part (key, step, scenario), so that one lint shows every mistake.
template <class Part>
void independently(std::vector<config_error>& errors, Part&& part) {
    try {
        part();
    } catch (const config_error& e) {
        errors.push_back(e);
    }
}

conformance_mode conformance(const reader& r, std::string_view key) {
    return enum_choice(r, key, conformance_spellings, conformance_mode::inherit);
}

/// Reads the file named under `key` now, relative to the scenario file's folder, so that a
/// missing file is a load error at its key and not a step that sends nothing. The content is
/// returned as a template that expands to exactly its bytes ("${" written "$${").
std::string file_content(const reader& r, std::string_view key, const fs::path& base_dir) {
    fs::path path(*r.string(key));
    if (path.is_relative()) path = base_dir / path;
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    if (!fs::is_regular_file(path, ec) || !in)
        r.fail(*r.get(key), fmt::format("cannot read {} '{}': no such file", key, path.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();  // an empty file sets failbit on `buffer`, which is fine
    if (in.bad()) r.fail(*r.get(key), fmt::format("cannot read {} '{}'", key, path.string()));
    std::string content = buffer.str(), out;
    for (std::size_t at = 0;;) {
        std::size_t next = content.find("${", at);
        out.append(content, at, next == std::string::npos ? std::string::npos : next - at);
        if (next == std::string::npos) return out;
        out += "$${";
        at = next + 2;
    }
}

// A file a step names: relative to the scenario file's folder and checked now, unless it holds
// a ${variable} (then it is taken as written when the step runs).
std::string tls_file(const reader& r, std::string_view key, const fs::path& base_dir) {
    auto value = r.string(key);
    if (!value || value->empty() || value->find("${") != std::string::npos) return value.value_or("");
    fs::path path(*value);
    if (path.is_relative()) path = base_dir / path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        r.fail(*r.get(key), fmt::format("cannot read {} '{}': no such file", key, path.string()));
    return path.string();
}

// `ca_file`, `cert` and `key` of a step that may speak TLS; a certificate needs its key.
template <class Step>
void read_tls_files(const reader& r, Step& out, const fs::path& base_dir) {
    out.ca_file = tls_file(r, "ca_file", base_dir);
    out.cert_file = tls_file(r, "cert", base_dir);
    out.key_file = tls_file(r, "key", base_dir);
    if (out.cert_file.empty() != out.key_file.empty())
        r.fail(*r.get(out.cert_file.empty() ? "key" : "cert"), "'cert' and 'key' are given together");
}

http_step parse_http_step(const toml::node& node, const std::string& file, const fs::path& base_dir,
                std::vector<config_error>& errors) {
    http_step out;
    if (auto* s = node.as_string()) {  // shorthand: request = "GET ${http}/x"
        std::string text = s->get();
        auto space = text.find(' ');
        if (space == std::string::npos) {
            out.url = text;
        } else {
            out.method = text.substr(0, space);
            out.url = text.substr(space + 1);
        }
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file),
                           fmt::format("expected table or string for 'request', got {}",
                                       type_name(node)));
    reader r(*node.as_table(), file, "'request'");
    r.allow({"method", "url", "headers", "query", "body", "body_file", "auth", "version",
             "insecure", "ca_file", "cert", "key", "follow_redirects", "max_redirects"}, errors);
    out.method = r.string("method").value_or("GET");
    auto url = r.string("url");
    if (!url) r.fail_here("'request' needs a 'url'");
    out.url = *url;
    out.headers = r.string_pairs("headers");
    out.query = r.string_pairs("query");
    out.body = r.string("body");
    out.body_file = r.string("body_file");
    if (out.body && out.body_file) r.fail(*r.get("body_file"), "give 'body' or 'body_file', not both");
    if (out.body_file && out.body_file->find("${") == std::string::npos) {
        out.body = file_content(r, "body_file", base_dir);
        out.body_file.reset();
    }
    if (const auto* auth = r.table("auth")) {
        reader a(*auth, file, "'auth'");
        a.allow({"user", "password", "type"});
        out.auth_user = a.string("user").value_or("");
        out.auth_password = a.string("password").value_or("");
        out.auth_type = enum_choice(a, "type", auth_spellings, http_auth_scheme::basic);
    }
    out.version = enum_choice(r, "version", version_spellings, http_version_choice::http1_1);
    out.insecure = r.boolean("insecure").value_or(false);
    read_tls_files(r, out, base_dir);
    out.follow_redirects = r.boolean("follow_redirects").value_or(false);
    out.max_redirects = static_cast<int>(r.integer("max_redirects", 0, 100).value_or(10));
    return out;
}

raw_step parse_raw_step(const toml::node& node, const std::string& file, const fs::path& base_dir,
                std::vector<config_error>& errors) {
    raw_step out;
    if (auto* s = node.as_string()) {
        out.send = s->get();
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file),
                           fmt::format("expected string or table for 'raw', got {}", type_name(node)));
    reader r(*node.as_table(), file, "'raw'");
    r.allow({"send", "to", "tls", "insecure", "ca_file", "cert", "key", "read", "method", "new_connection"}, errors);
    auto send = r.string("send");
    if (!send) r.fail_here("'raw' needs 'send' (the bytes to write)");
    out.send = *send;
    out.to = r.string("to").value_or("");
    out.tls = r.boolean("tls").value_or(false);
    out.insecure = r.boolean("insecure").value_or(true);
    read_tls_files(r, out, base_dir);
    out.read = enum_choice(r, "read", read_spellings, raw_read_mode::http);
    out.method = r.string("method").value_or("");
    out.new_connection = r.boolean("new_connection").value_or(false);
    return out;
}

ftp_step parse_ftp_step(const toml::node& node, const std::string& file, const fs::path& base_dir,
                std::vector<config_error>& errors) {
    ftp_step out;
    if (auto* s = node.as_string()) {
        out.command = s->get();
        if (out.command.empty())
            throw config_error(position_of(node, file), "empty FTP command (use "
                               "ftp = { greeting = true } to read the greeting)");
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file),
                           fmt::format("expected string or table for 'ftp', got {}", type_name(node)));
    reader r(*node.as_table(), file, "'ftp'");
    r.allow({"command", "greeting", "login", "transfer", "upload", "upload_file", "data_mode",
             "to", "tls", "insecure", "ca_file", "cert", "key"}, errors);
    int actions = 0;
    if (auto v = r.string("command")) { out.what = ftp_step::action::command; out.command = *v; ++actions; }
    if (r.boolean("greeting").value_or(false)) { out.what = ftp_step::action::greeting; ++actions; }
    if (const auto* login = r.table("login")) {
        reader l(*login, file, "'login'");
        l.allow({"user", "password"});
        out.what = ftp_step::action::login;
        out.user = l.string("user").value_or("anonymous");
        out.password = l.string("password").value_or("replycheck@");
        ++actions;
    }
    if (auto v = r.string("transfer")) {
        out.what = ftp_step::action::transfer;
        out.command = *v;
        ++actions;
        static const boost::regex verbs("^(RETR|STOR|APPE|STOU|LIST|NLST|MLSD)( .*)?$",
                                      boost::regex::icase);
        if (!boost::regex_match(*v, verbs))
            r.fail(*r.get("transfer"), fmt::format("transfer '{}' must start with RETR, STOR, "
                                                   "APPE, STOU, LIST, NLST or MLSD", *v));
    }
    if (actions != 1)
        r.fail_here("'ftp' needs exactly one of command, greeting, login, transfer");
    out.upload = r.string("upload");
    if (r.has("upload_file")) {
        if (out.upload) r.fail(*r.get("upload_file"), "give 'upload' or 'upload_file', not both");
        out.upload = file_content(r, "upload_file", base_dir);
    }
    out.data_mode = enum_choice(r, "data_mode", data_mode_spellings, ftp_data_connection::automatic);
    out.to = r.string("to").value_or("");
    out.tls = r.boolean("tls").value_or(false);
    out.insecure = r.boolean("insecure").value_or(false);
    read_tls_files(r, out, base_dir);
    return out;
}

ftp_url_step parse_ftp_url_step(const toml::node& node, const std::string& file, const fs::path& base_dir,
                std::vector<config_error>& errors) {
    ftp_url_step out;
    if (auto* s = node.as_string()) {
        out.url = s->get();
        return out;
    }
    if (!node.is_table())
        throw config_error(position_of(node, file), fmt::format(
            "expected string or table for 'ftp_url', got {}", type_name(node)));
    reader r(*node.as_table(), file, "'ftp_url'");
    r.allow({"url", "upload", "user", "password", "ssl", "insecure", "ca_file", "cert", "key", "list_only", "epsv"}, errors);
    auto url = r.string("url");
    if (!url) r.fail_here("'ftp_url' needs a 'url'");
    out.url = *url;
    out.upload = r.string("upload");
    out.user = r.string("user").value_or("");
    out.password = r.string("password").value_or("");
    // ssl = "" says what no `ssl` says: the URL scheme decides.
    if (r.string("ssl") != "") out.ssl = enum_choice(r, "ssl", ssl_spellings, ftp_tls_use::none);
    out.insecure = r.boolean("insecure").value_or(false);
    read_tls_files(r, out, base_dir);
    out.list_only = r.boolean("list_only").value_or(false);
    out.epsv = r.boolean("epsv").value_or(true);
    return out;
}

step parse_step(const toml::table& table, const std::string& file, const fs::path& base_dir,
                std::vector<config_error>& errors) {
    reader r(table, file, "[[scenario.step]]");
    r.allow({"name", "request", "raw", "ftp", "ftp_url", "expect", "expect_on", "capture",
             "conformance", "allow", "timeout"}, errors);
    step out;
    out.where = position_of(table, file);
    independently(errors, [&] { out.name = r.string("name").value_or(""); });
    independently(errors, [&] {
        int kinds = 0;
        for (std::string_view k : {"request", "raw", "ftp", "ftp_url"})
            if (r.has(k)) ++kinds;
        if (kinds != 1)
            r.fail_here(kinds == 0 ? "a step needs one of 'request', 'raw', 'ftp', 'ftp_url'"
                                   : "a step takes only one of 'request', 'raw', 'ftp', 'ftp_url'");
        if (auto* n = r.get("request")) out.action = parse_http_step(*n, file, base_dir, errors);
        else if (auto* n2 = r.get("raw")) out.action = parse_raw_step(*n2, file, base_dir, errors);
        else if (auto* n3 = r.get("ftp")) out.action = parse_ftp_step(*n3, file, base_dir, errors);
        else out.action = parse_ftp_url_step(*r.get("ftp_url"), file, base_dir, errors);
    });
    independently(errors, [&] {
        if (const auto* e = r.table("expect")) out.expect = parse_expectation(*e, file, &errors);
    });
    independently(errors, [&] {
        const auto* on = r.table("expect_on");
        if (!on) return;
        for (auto&& [target, node] : *on) {
            if (!node.is_table()) r.type_error(node, target.str(), "table");
            // Start from the step's own expectation: keys given here replace its keys.
            toml::table merged = r.table("expect") ? *r.table("expect") : toml::table{};
            for (auto&& [k, v] : *node.as_table()) merged.insert_or_assign(k, v);
            (void)parse_expectation(*node.as_table(), file);  // locate errors in the override
            out.expect_on[std::string(target.str())] = parse_expectation(merged, file);
        }
    });
    independently(errors, [&] {
        if (const auto* c = r.table("capture"))
            for (auto&& [name, node] : *c)
                independently(errors, [&] { out.captures.push_back(parse_capture(std::string(name.str()), node, file)); });
    });
    independently(errors, [&] { out.conformance = conformance(r, "conformance"); });
    independently(errors, [&] { out.allow = r.strings("allow"); });
    independently(errors, [&] { out.timeout = r.duration("timeout"); });
    return out;
}

scenario parse_scenario(const toml::table& table, const std::string& file, const fs::path& base_dir,
                        const std::vector<std::string>& suite_tags, std::vector<config_error>& errors) {
    reader r(table, file, "[[scenario]]");
    r.allow({"name", "description", "tags", "skip", "skip_on", "conformance", "allow", "step"}, errors);
    scenario out;
    out.where = position_of(table, file);
    independently(errors, [&] {
        auto name = r.string("name");
        if (!name || name->empty()) r.fail_here("a scenario needs a non-empty 'name'");
        out.name = *name;
    });
    independently(errors, [&] { out.description = r.string("description").value_or(""); });
    out.tags = suite_tags;
    independently(errors, [&] {
        for (auto& t : r.strings("tags"))
            if (std::find(out.tags.begin(), out.tags.end(), t) == out.tags.end()) out.tags.push_back(t);
    });
    independently(errors, [&] {
        const auto* skip = r.get("skip");
        if (!skip) return;
        if (auto* b = skip->as_boolean()) {
            if (b->get()) out.skip = "";
        } else if (auto* s = skip->as_string()) {
            out.skip = s->get();
        } else {
            r.type_error(*skip, "skip", "boolean or string (the reason)");
        }
    });
    independently(errors, [&] {
        for (auto& [k, v] : r.string_pairs("skip_on")) out.skip_on[k] = v;
        if (const auto* on = r.table("skip_on"))
            for (auto&& [k, v] : *on) {
                (void)v;
                out.target_refs.emplace_back(std::string(k.str()), position_of(k.source(), file));
            }
    });
    independently(errors, [&] { out.conformance = conformance(r, "conformance"); });
    independently(errors, [&] { out.allow = r.strings("allow"); });
    independently(errors, [&] {
        const auto* steps = r.get("step");
        if (!steps) r.fail_here(fmt::format("scenario '{}' has no [[scenario.step]]", out.name));
        if (!steps->is_array()) r.type_error(*steps, "step", "array of tables ([[scenario.step]])");
        for (const auto& item : *steps->as_array()) {
            if (!item.is_table()) r.type_error(item, "step", "table");
            out.steps.push_back(parse_step(*item.as_table(), file, base_dir, errors));
            if (const auto* on = item.as_table()->get_as<toml::table>("expect_on"))
                for (auto&& [k, v] : *on) {
                    (void)v;
                    out.target_refs.emplace_back(std::string(k.str()), position_of(k.source(), file));
                }
        }
        if (out.steps.empty()) r.fail_here(fmt::format("scenario '{}' has no steps", out.name));
    });
    return out;
}

suite parse_document(const toml::table& root, const std::string& file, const fs::path& base_dir,
                     std::vector<config_error>& errors) {
    reader r(root, file, "the file");
    r.allow({"suite", "scenario", "mock"}, errors);
    suite out;
    out.file = file;
    out.base_dir = base_dir;
    out.name = fs::path(file).stem().string();
    independently(errors, [&] {
        const auto* s = r.table("suite");
        if (!s) return;
        reader sr(*s, file, "[suite]");
        sr.allow({"name", "description", "tags", "vars", "conformance", "allow", "sequential"}, errors);
        independently(errors, [&] { out.name = sr.string("name").value_or(out.name); });
        independently(errors, [&] { out.tags = sr.strings("tags"); });
        independently(errors, [&] {
            for (auto& [k, v] : sr.string_pairs("vars")) out.vars[k] = v;
        });
        independently(errors, [&] {
            auto mode = conformance(sr, "conformance");
            if (mode != conformance_mode::inherit) out.conformance = mode;
        });
        independently(errors, [&] { out.allow = sr.strings("allow"); });
        independently(errors, [&] { out.sequential = sr.boolean("sequential").value_or(false); });
    });
    independently(errors, [&] {
        if (const auto* m = r.table("mock")) out.mock = std::make_shared<toml::table>(*m);
    });
    independently(errors, [&] {
        const auto* scenarios = r.get("scenario");
        if (!scenarios) r.fail_here("no [[scenario]] in file");
        if (!scenarios->is_array()) r.type_error(*scenarios, "scenario", "array of tables ([[scenario]])");
        std::set<std::string> names;
        for (const auto& item : *scenarios->as_array()) {
            independently(errors, [&] {
                if (!item.is_table()) r.type_error(item, "scenario", "table");
                auto sc = parse_scenario(*item.as_table(), file, base_dir, out.tags, errors);
                if (!sc.name.empty() && !names.insert(sc.name).second)
                    throw config_error(sc.where, fmt::format("duplicate scenario name '{}'", sc.name));
                out.scenarios.push_back(std::move(sc));
            });
        }
    });
    return out;
}

suite parse_checked(std::string_view text, const std::string& file, const fs::path& base_dir,
                    std::vector<config_error>& errors) {
    // A TOML syntax error stops this file: what follows it cannot be read reliably.
    toml::table root;
    try {
        root = protocol::parse_toml(text, file);
    } catch (const config_error& e) {
        errors.push_back(e);
        return {};
    }
    return parse_document(root, file, base_dir, errors);
}

suite first_error_thrown(suite loaded, const std::vector<config_error>& errors) {
    if (!errors.empty()) throw errors.front();
    return loaded;
}

}  // namespace

suite load_suite_text(std::string_view text, const std::string& file, const fs::path& base_dir) {
    std::vector<config_error> errors;
    auto loaded = parse_checked(text, file, base_dir, errors);
    return first_error_thrown(std::move(loaded), errors);
}

suite load_suite_file(const fs::path& path) {
    std::vector<config_error> errors;
    auto loaded = load_suite_file(path, errors);
    return first_error_thrown(std::move(loaded), errors);
}

suite load_suite_file(const fs::path& path, std::vector<config_error>& errors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.emplace_back(protocol::source_position{path.string(), 0, 0}, "cannot read file");
        return {};
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_checked(buffer.str(), path.string(), path.parent_path(), errors);
}

std::vector<fs::path> collect_scenario_files(const std::vector<std::string>& paths,
                                             std::vector<config_error>& errors) {
    std::vector<fs::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        fs::path path(p);
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> found;
            for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end;
                 it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".toml")
                    found.push_back(it->path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(path, ec)) {
            files.push_back(path);
        } else {
            errors.emplace_back(protocol::source_position{p, 0, 0}, "no such file or folder");
        }
    }
    return files;
}

bool file_matches_glob(const fs::path& file, std::string_view pattern) {
    return protocol::glob_match(pattern, file.generic_string()) ||
           protocol::glob_match(pattern, file.filename().generic_string());
}

load_result load_paths(const std::vector<std::string>& paths, const std::vector<std::string>& globs) {
    load_result out;
    auto files = collect_scenario_files(paths, out.errors);
    if (!globs.empty())
        std::erase_if(files, [&](const fs::path& f) {
            return std::none_of(globs.begin(), globs.end(),
                                [&](const std::string& g) { return file_matches_glob(f, g); });
        });
    out.files = files.size();
    for (const auto& f : files) {
        const auto before = out.errors.size();
        auto loaded = load_suite_file(f, out.errors);
        if (out.errors.size() == before) {
            out.suites.push_back(std::move(loaded));
            continue;
        }
        // A file's errors in the order of its lines, as an editor lists them.
        std::stable_sort(out.errors.begin() + static_cast<std::ptrdiff_t>(before), out.errors.end(),
                         [](const config_error& a, const config_error& b) {
                             return std::pair(a.where().line, a.where().column) <
                                    std::pair(b.where().line, b.where().column);
                         });
    }
    return out;
}

}  // namespace replycheck::harness
