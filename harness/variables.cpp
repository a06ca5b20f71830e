#include "harness/variables.hpp"

#include <cstdlib>

namespace replycheck::harness {

void variables::set(const std::string& name, std::string value, bool secret) {
    values_[name] = std::move(value);
    if (secret) secret_names_.insert(name);
}

const std::string* variables::find(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

bool variables::is_secret(std::string_view name) const {
    return secret_names_.find(name) != secret_names_.end();
}

void variables::mark_secret(const std::string& name) { secret_names_.insert(name); }

std::set<std::string> variables::secret_values() const {
    std::set<std::string> out;
    for (const auto& name : secret_names_)
        if (auto* v = find(name); v && !v->empty()) out.insert(*v);
    return out;
}

namespace {

// The one reading of the ${name} syntax: `literal` gets text between references (and "${"
// for each "$${"), `reference` each name; false from `reference` stops. Returns false when
// a "${" has no "}" (after calling `reference` with unterminated = true).
template <class Literal, class Reference>
bool scan_references(std::string_view text, Literal literal, Reference reference) {
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "$${") == 0) {
            literal(std::string_view("${"));
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            literal(text.substr(i, 1));
            ++i;
            continue;
        }
        auto end = text.find('}', i + 2);
        if (end == std::string_view::npos) {
            reference(variable_reference{std::string(text.substr(i + 2)), true});
            return false;
        }
        if (!reference(variable_reference{std::string(text.substr(i + 2, end - i - 2)), false})) return false;
        i = end + 1;
    }
    return true;
}

}  // namespace

std::optional<std::string> variables::expand(std::string_view text, std::string& error) const {
    std::string out;
    out.reserve(text.size());
    bool ok = scan_references(
        text, [&](std::string_view part) { out += part; },
        [&](const variable_reference& ref) {
            if (ref.unterminated) {
                error = "unterminated ${ in '" + std::string(text) + "'";
                return false;
            }
            if (ref.name.substr(0, 4) == "env.") {
                const char* value = std::getenv(ref.name.c_str() + 4);
                if (!value) {
                    error = "environment variable " + ref.name.substr(4) + " is not set";
                    return false;
                }
                out += value;
            } else if (const auto* value = find(ref.name)) {
                out += *value;
            } else {
                error = "unknown variable ${" + ref.name + "}";
                return false;
            }
            return true;
        });
    if (!ok) return std::nullopt;
    return out;
}

std::vector<variable_reference> references_in(std::string_view text) {
    std::vector<variable_reference> out;
    scan_references(text, [](std::string_view) {}, [&](const variable_reference& ref) {
        out.push_back(ref);
        return true;
    });
    return out;
}

std::optional<std::pair<std::string, std::string>> parse_assignment(std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    return std::make_pair(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
}

}  // namespace replycheck::harness
