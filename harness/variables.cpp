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

std::optional<std::string> variables::expand(std::string_view text, std::string& error) const {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "$${") == 0) {
            out += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            out += text[i++];
            continue;
        }
        auto end = text.find('}', i + 2);
        if (end == std::string_view::npos) {
            error = "unterminated ${ in '" + std::string(text) + "'";
            return std::nullopt;
        }
        std::string_view name = text.substr(i + 2, end - i - 2);
        if (name.substr(0, 4) == "env.") {
            std::string env_name(name.substr(4));
            const char* value = std::getenv(env_name.c_str());
            if (!value) {
                error = "environment variable " + env_name + " is not set";
                return std::nullopt;
            }
            out += value;
        } else if (const auto* value = find(name)) {
            out += *value;
        } else {
            error = "unknown variable ${" + std::string(name) + "}";
            return std::nullopt;
        }
        i = end + 1;
    }
    return out;
}

std::optional<std::pair<std::string, std::string>> parse_assignment(std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    return std::make_pair(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
}

}  // namespace replycheck::harness
