#include "harness/targets.hpp"

#include <fmt/format.h>

#include "harness/scenario_loader.hpp"
#include "protocol/toml_reader.hpp"

namespace replycheck::harness {

namespace fs = std::filesystem;

namespace {

using reader = protocol::toml_reader;

std::map<std::string, variable_value> read_vars(const reader& r) {
    std::map<std::string, variable_value> out;
    for (auto&& [key, node] : r.raw()) {
        variable_value v;
        if (auto* s = node.as_string()) {
            v.value = s->get();
        } else if (auto* i = node.as_integer()) {
            v.value = std::to_string(i->get());
        } else if (auto* t = node.as_table()) {
            auto var = r.nested(*t, fmt::format("variable '{}'", key.str()));
            var.allow({"value", "secret"});
            auto value = var.string("value");
            if (!value) var.fail_here(fmt::format("variable '{}' needs a string 'value'", key.str()));
            v.value = *value;
            v.secret = var.boolean("secret").value_or(false);
        } else {
            r.type_error(node, key.str(), "string or { value, secret }");
        }
        out[std::string(key.str())] = std::move(v);
    }
    return out;
}

}  // namespace

project_config load_project_config(const fs::path& file) {
    project_config out;
    out.file = file;
    auto root = protocol::parse_toml_file(file);
    reader r(root, file.string(), "replycheck.toml");
    r.allow({"targets", "default_target"});
    out.default_target = r.string("default_target").value_or(embedded_target_name);
    if (const auto* targets = r.table("targets")) {
        for (auto&& [key, node] : *targets) {
            auto t = r.nested(r.table_of(node, key.str()), fmt::format("[targets.{}]", key.str()));
            t.allow({"description", "vars", "secrets", "exclude_tags", "tags", "mock"});
            target tg;
            tg.name = std::string(key.str());
            tg.base_dir = file.parent_path();
            tg.description = t.string("description").value_or("");
            if (const auto* vars = t.table("vars")) tg.vars = read_vars(t.nested(*vars, "'vars'"));
            for (auto& s : t.strings("secrets")) tg.vars[s].secret = true;
            tg.exclude_tags = t.strings("exclude_tags");
            tg.tags = t.strings("tags");
            if (const auto* m = t.table("mock")) tg.mock = std::make_shared<toml::table>(*m);
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
    mock->insert("http", toml::table{{"root", "www"}, {"https", "127.0.0.1:0"}});
    mock->insert("ftp", toml::table{{"root", "ftproot"}, {"anonymous", true}, {"ftps", "127.0.0.1:0"}});
    t.mock = mock;
    return t;
}

std::map<std::string, variable_value> load_vars_file(const fs::path& file) {
    auto root = protocol::parse_toml_file(file);
    return read_vars(reader(root, file.string(), "the vars file"));
}

}  // namespace replycheck::harness
