#include "harness/targets.hpp"

#include <fmt/format.h>

#include "harness/scenario_loader.hpp"
#include "protocol/config_error.hpp"

namespace replycheck::harness {

namespace fs = std::filesystem;
using protocol::config_error;
using protocol::position_of;

namespace {

toml::table parse_toml_file(const fs::path& file) {
    try {
        return toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        if (e.source().begin.line == 0)
            throw config_error({file.string(), 0, 0}, std::string(e.description()));
        throw config_error(position_of(e.source(), file.string()), std::string(e.description()));
    }
}

void check_keys(const toml::table& table, const std::vector<std::string_view>& known,
                const std::string& file, std::string_view context) {
    for (auto&& [key, node] : table) {
        (void)node;
        if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
        std::string message = fmt::format("unknown key '{}' in {}", key.str(), context);
        auto hint = suggest(key.str(), known);
        if (!hint.empty()) message += fmt::format(" (did you mean '{}'?)", hint);
        throw config_error(position_of(key.source(), file), message);
    }
}

std::vector<std::string> string_list(const toml::node* node, const std::string& file,
                                     std::string_view key) {
    std::vector<std::string> out;
    if (!node) return out;
    auto bad = [&](const toml::node& n) {
        throw config_error(position_of(n, file),
                           fmt::format("expected array of strings for '{}'", key));
    };
    if (!node->is_array()) bad(*node);
    for (const auto& item : *node->as_array()) {
        if (!item.is_string()) bad(item);
        out.push_back(item.as_string()->get());
    }
    return out;
}

std::map<std::string, variable_value> read_vars(const toml::table& table, const std::string& file) {
    std::map<std::string, variable_value> out;
    for (auto&& [key, node] : table) {
        variable_value v;
        if (auto* s = node.as_string()) {
            v.value = s->get();
        } else if (auto* i = node.as_integer()) {
            v.value = std::to_string(i->get());
        } else if (auto* t = node.as_table()) {
            check_keys(*t, {"value", "secret"}, file, fmt::format("variable '{}'", key.str()));
            auto* value = t->get("value");
            if (!value || !value->is_string())
                throw config_error(position_of(*t, file),
                                   fmt::format("variable '{}' needs a string 'value'", key.str()));
            v.value = value->as_string()->get();
            if (auto* secret = t->get("secret")) {
                if (!secret->is_boolean())
                    throw config_error(position_of(*secret, file), "expected boolean for 'secret'");
                v.secret = secret->as_boolean()->get();
            }
        } else {
            throw config_error(position_of(node, file),
                               fmt::format("expected string or {{ value, secret }} for variable "
                                           "'{}'", key.str()));
        }
        out[std::string(key.str())] = std::move(v);
    }
    return out;
}

}  // namespace

project_config load_project_config(const fs::path& file) {
    project_config out;
    out.file = file;
    auto root = parse_toml_file(file);
    const std::string name = file.string();
    check_keys(root, {"targets", "default_target"}, name, "replycheck.toml");
    if (auto* d = root.get("default_target")) {
        if (!d->is_string()) throw config_error(position_of(*d, name), "expected string for 'default_target'");
        out.default_target = d->as_string()->get();
    }
    if (auto* targets = root.get("targets")) {
        if (!targets->is_table())
            throw config_error(position_of(*targets, name), "expected table for 'targets'");
        for (auto&& [key, node] : *targets->as_table()) {
            if (!node.is_table())
                throw config_error(position_of(node, name),
                                   fmt::format("expected table for target '{}'", key.str()));
            const auto& t = *node.as_table();
            std::string context = fmt::format("[targets.{}]", key.str());
            check_keys(t, {"description", "vars", "secrets", "exclude_tags", "tags", "mock"}, name,
                       context);
            target tg;
            tg.name = std::string(key.str());
            tg.base_dir = file.parent_path();
            if (auto* d = t.get("description"); d && d->is_string()) tg.description = d->as_string()->get();
            if (auto* v = t.get("vars")) {
                if (!v->is_table()) throw config_error(position_of(*v, name), "expected table for 'vars'");
                tg.vars = read_vars(*v->as_table(), name);
            }
            for (auto& s : string_list(t.get("secrets"), name, "secrets")) tg.vars[s].secret = true;
            tg.exclude_tags = string_list(t.get("exclude_tags"), name, "exclude_tags");
            tg.tags = string_list(t.get("tags"), name, "tags");
            if (auto* m = t.get("mock")) {
                if (!m->is_table()) throw config_error(position_of(*m, name), "expected table for 'mock'");
                tg.mock = std::make_shared<toml::table>(*m->as_table());
            }
            out.targets[tg.name] = std::move(tg);
        }
    }
    return out;
}

target builtin_mock_target(const fs::path& bundle_dir) {
    target t;
    t.name = embedded_target_name;
    t.description = "the embedded mock over the bundled www and ftproot folders";
    t.base_dir = bundle_dir;
    auto mock = std::make_shared<toml::table>();
    mock->insert("http", toml::table{{"root", "www"}});
    mock->insert("ftp", toml::table{{"root", "ftproot"}, {"anonymous", true}});
    t.mock = mock;
    return t;
}

std::map<std::string, variable_value> load_vars_file(const fs::path& file) {
    auto root = parse_toml_file(file);
    return read_vars(root, file.string());
}

}  // namespace replycheck::harness
