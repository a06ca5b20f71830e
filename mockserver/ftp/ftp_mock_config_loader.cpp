// load_ftp_mock_config: [mock.ftp] (and its [[mock.ftp.script]] array) → ftp_mock_config.
// Every wrong type, bad value or unknown key is a protocol::config_error at file:line:col.

#include <charconv>
#include <cctype>
#include <limits>

#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/scripting/script_book.hpp"
#include "protocol/env_reference.hpp"
#include "protocol/json_toml.hpp"
#include "protocol/toml_reader.hpp"
#include "protocol/url/url.hpp"

namespace replycheck::mock {

namespace {

using protocol::config_error;
using protocol::position_of;

class loader {
public:
    loader(const toml::table& table, const std::filesystem::path& base_dir, const std::string& file)
        : reader_(table, file, "[mock.ftp]"), base_dir_(base_dir), file_(file) {}

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
        throw config_error(position_of(node, file_), message);
    }

    void check_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                    const std::string& where) const {
        reader_.nested(table, where).allow({allowed.begin(), allowed.end()});
    }

    std::string string_of(const toml::node& node, std::string_view name) const {
        return reader_.string_of(node, name);
    }
    bool bool_of(const toml::node& node, std::string_view name) const { return reader_.boolean_of(node, name); }
    std::int64_t int_of(const toml::node& node, std::string_view name, std::int64_t min,
                        std::int64_t max) const {
        return reader_.integer_of(node, name, min, max);
    }
    std::chrono::milliseconds duration_of(const toml::node& node, std::string_view name) const {
        return reader_.duration_of(node, name);
    }
    // A string or an array of strings: the lines of a reply.
    std::vector<std::string> lines_of(const toml::node& node, std::string_view name) const {
        std::vector<std::string> lines;
        if (node.is_string()) {
            lines.push_back(*node.value<std::string>());
        } else if (auto array = node.as_array()) {
            for (auto&& item : *array) lines.push_back(string_of(item, name));
        } else {
            fail(node, "expected string or array of strings for '" + std::string(name) + "'");
        }
        if (lines.empty()) fail(node, "'" + std::string(name) + "' must not be empty");
        for (const auto& line : lines)
            if (line.find_first_of("\r\n") != std::string::npos)
                fail(node, "lines of '" + std::string(name) +
                               "' must not contain CR or LF (give one array item per line)");
        return lines;
    }
    // A reply override whose first line must start with a 3-digit code.
    std::vector<std::string> reply_lines_of(const toml::node& node, std::string_view name) const {
        auto lines = lines_of(node, name);
        const auto& first = lines.front();
        if (first.size() < 3 || !std::isdigit(static_cast<unsigned char>(first[0])) ||
            !std::isdigit(static_cast<unsigned char>(first[1])) ||
            !std::isdigit(static_cast<unsigned char>(first[2])))
            fail(node, "'" + std::string(name) + "' must start with a 3-digit reply code");
        return lines;
    }

    ftp_mock_config load(const toml::table& table) const {
        check_keys(table,
                   {"listen", "root", "users", "anonymous", "writable", "pasv_ports",
                    "unknown_user", "flavour", "greeting", "threads", "limits", "script", "rule", "initial_state",
                    "ftps", "auth_tls", "login_tls", "login_tls_reply", "data_tls",
                    "data_tls_reply", "prot_c_reply", "ccc", "data_session_reuse"},
                   "[mock.ftp]");
        ftp_mock_config config;
        for (auto&& [key, node] : table) {
            const auto name = key.str();
            if (name == "listen") {
                config.listen = string_of(node, name);
                std::string error;
                if (!protocol::parse_host_port(config.listen, error))
                    fail(node, "'listen': " + error);
            } else if (name == "root") {
                std::filesystem::path root = string_of(node, name);
                config.root = root.is_absolute() ? root : base_dir_ / root;
            } else if (name == "users") {
                auto array = node.as_array();
                if (!array) fail(node, "expected array of { name, password } for 'users'");
                for (auto&& item : *array) config.users.push_back(user_of(item));
            } else if (name == "anonymous") {
                config.anonymous = bool_of(node, name);
            } else if (name == "writable") {
                config.writable = bool_of(node, name);
            } else if (name == "pasv_ports") {
                pasv_ports(node, config);
            } else if (name == "unknown_user") {
                auto text = node.is_integer() ? std::to_string(*node.value<std::int64_t>())
                                              : string_of(node, name);
                if (text == "331" || text == "ask-password")
                    config.unknown_user = ftp_unknown_user_policy::ask_password;
                else if (text == "530" || text == "reject")
                    config.unknown_user = ftp_unknown_user_policy::reject;
                else
                    fail(node, "'unknown_user' must be 331 (\"ask-password\") or 530 (\"reject\")");
            } else if (name == "flavour") {
                auto text = string_of(node, name);
                if (text == "unix")
                    config.flavour = ftp_flavour::unix_like;
                else if (text == "iis")
                    config.flavour = ftp_flavour::iis;
                else
                    fail(node, "'flavour' must be \"unix\" or \"iis\"");
            } else if (name == "greeting") {
                config.greeting = reply_lines_of(node, name);
            } else if (name == "initial_state") {
                config.initial_state = string_of(node, name);
            } else if (name == "threads") {
                config.threads = static_cast<int>(int_of(node, name, 1, 64));
            } else if (name == "limits") {
                limits(node, config.limits);
            } else if (name == "ftps") {
                config.ftps_listen = string_of(node, name);
                std::string error;
                if (!protocol::parse_host_port(config.ftps_listen, error))
                    fail(node, "'ftps': " + error);
            } else if (name == "auth_tls") {
                config.auth_tls = bool_of(node, name);
            } else if (name == "login_tls") {
                config.login_tls = tls_policy_of(node, name, true);
            } else if (name == "data_tls") {
                config.data_tls = tls_policy_of(node, name, false);
            } else if (name == "login_tls_reply") {
                config.login_tls_reply = reply_line_of(node, name);
            } else if (name == "data_tls_reply") {
                config.data_tls_reply = reply_line_of(node, name);
            } else if (name == "prot_c_reply") {
                config.prot_c_reply = reply_line_of(node, name);
            } else if (name == "ccc") {
                config.ccc = bool_of(node, name);
            } else if (name == "data_session_reuse") {
                config.data_session_reuse = bool_of(node, name);
            } else if (name == "script" || name == "rule") {
                if (name == "rule") protocol::warn_renamed_key(key, file_, "[[mock.ftp.script]]");
                auto array = node.as_array();
                if (!array) fail(node, "expected [[mock.ftp.script]] tables for '" + std::string(name) + "'");
                for (auto&& item : *array) {
                    const auto* script = item.as_table();
                    if (!script) fail(item, "expected table in [[mock.ftp.script]]");
                    config.scripts.push_back(script_of(*script, "[[mock.ftp.script]]"));
                    if (config.scripts.back().name.empty())
                        config.scripts.back().name = "rule " + std::to_string(config.scripts.size());
                }
            }
        }
        if (config.root.empty())
            throw config_error(position_of(table, file_), "[mock.ftp] needs 'root'");
        // A TLS policy with no way to start TLS could never be met.
        if (!config.auth_tls && config.ftps_listen.empty()) {
            if (config.login_tls != ftp_tls_policy::optional)
                fail(*table.get("login_tls"), "'login_tls' needs 'auth_tls = true' or an 'ftps' listener");
            if (config.data_tls != ftp_tls_policy::optional)
                fail(*table.get("data_tls"), "'data_tls' needs 'auth_tls = true' or an 'ftps' listener");
        }
        return config;
    }

private:
    ftp_tls_policy tls_policy_of(const toml::node& node, std::string_view name, bool allow_users) const {
        auto text = string_of(node, name);
        if (text == "optional") return ftp_tls_policy::optional;
        if (text == "required") return ftp_tls_policy::required;
        if (text == "users" && allow_users) return ftp_tls_policy::users;
        fail(node, "'" + std::string(name) + "' must be \"optional\"" +
                       (allow_users ? ", \"required\" or \"users\"" : " or \"required\""));
    }

    // One reply line: "NNN text" (RFC 959 §4.2).
    std::string reply_line_of(const toml::node& node, std::string_view name) const {
        auto lines = reply_lines_of(node, name);
        if (lines.size() != 1) fail(node, "'" + std::string(name) + "' must be one reply line");
        const auto& line = lines.front();
        if (line.size() < 4 || line[3] != ' ')
            fail(node, "'" + std::string(name) + "' must be \"NNN text\"");
        return line;
    }

    ftp_user user_of(const toml::node& node) const {
        auto table = node.as_table();
        if (!table) fail(node, "expected { name = \"…\", password = \"…\" } in 'users'");
        check_keys(*table, {"name", "password"}, "a user");
        ftp_user user;
        if (auto name = table->get("name"))
            user.name = string_of(*name, "name");
        else
            fail(node, "a user needs 'name'");
        if (user.name.empty()) fail(node, "a user's 'name' must not be empty");
        // "${env:NAME}": read from the environment, so the file holds no password.
        if (auto password = table->get("password"))
            user.password = protocol::expand_env_reference(string_of(*password, "password"), *password, file_);
        return user;
    }

    void pasv_ports(const toml::node& node, ftp_mock_config& config) const {
        std::int64_t low = 0, high = 0;
        if (auto array = node.as_array(); array && array->size() == 2) {
            low = int_of(*array->get(0), "pasv_ports", 1024, 65535);
            high = int_of(*array->get(1), "pasv_ports", 1024, 65535);
        } else if (node.is_string()) {
            auto text = *node.value<std::string>();
            auto dash = text.find('-');
            auto parse = [&](std::string_view part, std::int64_t& out) {
                auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
                return ec == std::errc() && end == part.data() + part.size();
            };
            if (dash == std::string::npos || !parse(std::string_view(text).substr(0, dash), low) ||
                !parse(std::string_view(text).substr(dash + 1), high) || low < 1024 || high > 65535)
                fail(node, "'pasv_ports' must be \"A-B\" with 1024 <= A <= B <= 65535");
        } else {
            fail(node, "'pasv_ports' must be \"A-B\" or [A, B]");
        }
        if (low > high) fail(node, "'pasv_ports' range is empty");
        config.pasv_port_min = static_cast<std::uint16_t>(low);
        config.pasv_port_max = static_cast<std::uint16_t>(high);
    }

    void limits(const toml::node& node, ftp_mock_limits& limits) const {
        auto table = node.as_table();
        if (!table) fail(node, "expected table for 'limits'");
        check_keys(*table,
                   {"max_sessions", "max_command_line", "idle_timeout", "data_timeout",
                    "quota_bytes", "quota_code", "journal_cap"},
                   "[mock.ftp.limits]");
        for (auto&& [key, value] : *table) {
            const auto name = key.str();
            if (name == "max_sessions")
                limits.max_sessions = static_cast<std::size_t>(int_of(value, name, 1, 100000));
            else if (name == "max_command_line")
                limits.max_command_line = static_cast<std::size_t>(int_of(value, name, 64, 1 << 20));
            else if (name == "idle_timeout")
                limits.idle_timeout = duration_of(value, name);
            else if (name == "data_timeout")
                limits.data_timeout = duration_of(value, name);
            else if (name == "quota_bytes")
                limits.quota_bytes = static_cast<std::uint64_t>(
                    int_of(value, name, 0, std::numeric_limits<std::int64_t>::max()));
            else if (name == "quota_code") {
                limits.quota_code = static_cast<int>(int_of(value, name, 452, 552));
                if (limits.quota_code != 452 && limits.quota_code != 552)
                    fail(value, "'quota_code' must be 552 or 452");
            } else if (name == "journal_cap")
                limits.journal_cap = static_cast<std::size_t>(int_of(value, name, 1, 10000000));
        }
        if (limits.idle_timeout.count() == 0 || limits.data_timeout.count() == 0)
            fail(node, "timeouts must be greater than zero");
    }

    ftp_script_match match_of(const toml::node& node) const {
        auto table = node.as_table();
        if (!table) fail(node, "expected { command = \"…\", argument = \"…\" } for 'match'");
        check_keys(*table, {"command", "argument", "pattern"}, "'match'");
        ftp_script_match match;
        if (auto command = table->get("command")) {
            for (char c : string_of(*command, "command"))
                match.command.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        std::string pattern = "exact";
        if (auto kind = table->get("pattern")) {
            pattern = string_of(*kind, "pattern");
            if (pattern != "exact" && pattern != "glob" && pattern != "regex")
                fail(*kind, "'pattern' must be \"exact\", \"glob\" or \"regex\"");
            if (!table->get("argument")) fail(*kind, "'pattern' needs 'argument'");
        }
        if (auto argument = table->get("argument")) {
            match.argument = string_of(*argument, "argument");
            if (pattern == "exact") {
                match.kind = ftp_match_kind::exact;
            } else if (pattern == "glob") {
                match.kind = ftp_match_kind::glob;
            } else {
                match.kind = ftp_match_kind::regex;
                try {
                    match.compiled = std::make_shared<const protocol::bounded_regex>(match.argument);
                } catch (const protocol::regex_syntax_error& error) {
                    fail(*argument, std::string("bad regular expression: ") + error.what());
                }
            }
        }
        return match;
    }

    void data_of(const toml::node& node, ftp_script& script) const {
        auto action_of = [&](const toml::node& where, const std::string& text) {
            if (text == "normal") return ftp_data_action::normal;
            if (text == "send") return ftp_data_action::send;
            if (text == "slow" || text == "send-slowly") return ftp_data_action::send_slowly;
            if (text == "close-early") return ftp_data_action::close_early;
            if (text == "reset") return ftp_data_action::reset;
            if (text == "never-open") return ftp_data_action::never_open;
            fail(where, "'action' must be one of normal, send, slow, close-early, reset, never-open");
        };
        if (node.is_string()) {
            script.data = action_of(node, *node.value<std::string>());
            return;
        }
        auto table = node.as_table();
        if (!table) fail(node, "expected string or table for 'data'");
        check_keys(*table, {"action", "bytes", "after", "chunk", "interval", "fail"}, "'data'");
        if (auto action = table->get("action"))
            script.data = action_of(*action, string_of(*action, "action"));
        else
            fail(node, "'data' needs 'action'");
        for (auto&& [key, value] : *table) {
            const auto name = key.str();
            if (name == "bytes")
                script.data_bytes = string_of(value, name);
            else if (name == "after")
                script.close_after = static_cast<std::size_t>(int_of(value, name, 0, 1LL << 40));
            else if (name == "chunk")
                script.slow_chunk = static_cast<std::size_t>(int_of(value, name, 1, 1 << 20));
            else if (name == "interval")
                script.slow_interval = duration_of(value, name);
            else if (name == "fail") {
                if (value.is_string() && *value.value<std::string>() == "none") {
                    script.data_fail_code = 0;
                } else {
                    auto code = int_of(value, name, 0, 599);
                    if (code != 0 && code != 425 && code != 421)
                        fail(value, "'fail' must be 425, 421 or \"none\" (only the 1yz reply)");
                    script.data_fail_code = static_cast<int>(code);
                }
            }
        }
    }

public:
    // One [[mock.ftp.script]] table; `context` names it in messages.
    ftp_script script_of(const toml::table& table, const std::string& context) const {
        check_keys(table,
                   {"name", "match", "times", "state", "next_state", "delay", "reply", "line_ending",
                    "preliminary", "final", "data", "bad_pasv_address", "combine_replies", "close", "hold"},
                   context);
        ftp_script script;
        script.where = position_of(table, file_);
        if (auto match = table.get("match"))
            script.match = match_of(*match);
        else
            fail(table, "a script needs 'match' (use match = { command = \"CONNECT\" } for the greeting)");
        for (auto&& [key, value] : table) {
            const auto name = key.str();
            if (name == "name")
                script.name = string_of(value, name);
            else if (name == "state" || name == "next_state") {
                auto text = string_of(value, name);
                if (!valid_state_name(text)) fail(value, std::string(state_name_rule));
                (name == "state" ? script.state : script.next_state) = std::move(text);
            } else if (name == "times")
                script.times = static_cast<int>(int_of(value, name, 1, 1000000000));
            else if (name == "delay")
                script.delay = duration_of(value, name);
            else if (name == "reply")
                script.reply = reply_lines_of(value, name);
            else if (name == "line_ending") {
                auto text = string_of(value, name);
                if (text != "lf" && text != "crlf") fail(value, "'line_ending' must be \"crlf\" or \"lf\"");
                script.lf_only = text == "lf";
            } else if (name == "preliminary" || name == "final") {
                auto lines = reply_lines_of(value, name);
                // RFC 959 §4.2: a transfer's preliminary reply is 1yz, its completion 2yz-5yz.
                const char digit = lines.front()[0];
                if (name == "preliminary" && digit != '1')
                    fail(value, "'preliminary' must be a 1yz reply (150, 125), got " + lines.front().substr(0, 3));
                if (name == "final" && (digit < '2' || digit > '5'))
                    fail(value, "'final' must be a 2yz-5yz reply (226, 451), got " + lines.front().substr(0, 3));
                (name == "preliminary" ? script.preliminary : script.final_reply) = std::move(lines);
            } else if (name == "data")
                data_of(value, script);
            else if (name == "bad_pasv_address")
                script.bad_pasv_address = bool_of(value, name);
            else if (name == "combine_replies")
                script.combine_replies = bool_of(value, name);
            else if (name == "close")
                script.close_control = bool_of(value, name);
            else if (name == "hold") {
                // Only a passive listener can be waited on (RFC 959 §4.1.2 PASV, RFC 2428 §3 EPSV).
                if (script.match.command != "PASV" && script.match.command != "EPSV")
                    fail(value, "'hold' needs match = { command = \"PASV\" } or \"EPSV\"");
                script.hold = duration_of(value, name);
            }
        }
        return script;
    }

private:
    protocol::toml_reader reader_;
    std::filesystem::path base_dir_;
    std::string file_;
};

}  // namespace

ftp_mock_config load_ftp_mock_config(const toml::table& table,
                                     const std::filesystem::path& base_dir,
                                     const std::string& file) {
    return loader(table, base_dir, file).load(table);
}

ftp_script load_ftp_script(const toml::table& table, const std::filesystem::path& base_dir, const std::string& file,
                           std::string context) {
    return loader(table, base_dir, file).script_of(table, context);
}

ftp_script ftp_script_from_json(const boost::json::value& definition, const std::filesystem::path& root) {
    if (!definition.is_object()) throw config_error({}, "a script is a JSON object");
    const auto table = protocol::json_to_toml(definition.get_object());
    const protocol::json_field_scope scope(table);
    // The context of the file's scripts: the same mistake reads the same in both forms.
    return loader(table, root, {}).script_of(table, "[[mock.ftp.script]]");
}

}  // namespace replycheck::mock
