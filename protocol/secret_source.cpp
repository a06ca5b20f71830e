#include "protocol/secret_source.hpp"

#include <cstdlib>
#include <fstream>

namespace replycheck::protocol {

std::optional<std::string> resolve_secret(const std::string& spec, std::string& error) {
    if (spec.starts_with("pass:")) return spec.substr(5);
    if (spec.starts_with("env:")) {
        const std::string name = spec.substr(4);
        const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
        if (!value) {
            error = "environment variable '" + name + "' is not set";
            return std::nullopt;
        }
        return std::string(value);
    }
    if (spec.starts_with("file:")) {
        const std::string path = spec.substr(5);
        std::ifstream in(path, std::ios::binary);
        std::string line;
        if (!in) {
            error = "cannot read password file '" + path + "'";
            return std::nullopt;
        }
        if (!std::getline(in, line) || line == "\r" || line.empty()) {
            error = "password file '" + path + "' is empty (the secret is its first line)";
            return std::nullopt;
        }
        if (line.back() == '\r') line.pop_back();
        return line;
    }
    return spec;
}

}  // namespace replycheck::protocol
