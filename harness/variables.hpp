#pragma once
// Variables for ${name} references: file defaults, target values, --vars-file, --var,
// captures, and ${env.NAME} from the environment. Secret values are registered with a redactor.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::harness {

/// A set of named values; later `set` calls override earlier ones.
class variables {
public:
    /// Stores `value` under `name`; a secret value is remembered as such.
    void set(const std::string& name, std::string value, bool secret = false);
    /// The value of `name`, or nullptr.
    const std::string* find(std::string_view name) const;
    /// True when `name` holds a secret.
    bool is_secret(std::string_view name) const;
    /// Marks `name` secret (its value, when set, is a secret).
    void mark_secret(const std::string& name);
    /// Every secret value held.
    std::set<std::string> secret_values() const;
    /// Every name and value.
    const std::map<std::string, std::string, std::less<>>& all() const noexcept { return values_; }

    /// `text` with ${name} and ${env.NAME} replaced; "$${" writes a literal "${".
    /// On an unknown name or an unterminated reference, returns nullopt and sets `error`.
    std::optional<std::string> expand(std::string_view text, std::string& error) const;

private:
    std::map<std::string, std::string, std::less<>> values_;
    std::set<std::string, std::less<>> secret_names_;
};

/// One ${name} written in a template (not "$${", which is a literal).
struct variable_reference {
    std::string name;          ///< "http", or "env.HOME" for an environment reference
    bool unterminated = false; ///< "${" without its "}"
};

/// Every ${name} of `text`, in order, by the rules of variables::expand.
std::vector<variable_reference> references_in(std::string_view text);

/// Parses "K=V" (as given to --var); nullopt when there is no '=' or the name is empty.
std::optional<std::pair<std::string, std::string>> parse_assignment(std::string_view text);

}  // namespace replycheck::harness
