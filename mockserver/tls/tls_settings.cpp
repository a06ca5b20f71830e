// load_tls_settings: [mock.tls] and its [[mock.tls.script]] array → tls_settings. Every wrong type,
// bad value, unreadable file or unknown key is a protocol::config_error at file:line:col.

#include "mockserver/tls/tls_settings.hpp"

#include <array>
#include <fstream>
#include <utility>

#include "protocol/toml_reader.hpp"

namespace replycheck::mock::tls {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<std::string_view, client_cert_mode>, 3> client_cert_words{{
    {"off", client_cert_mode::off}, {"optional", client_cert_mode::optional}, {"required", client_cert_mode::required}}};

constexpr std::array<std::pair<std::string_view, tls_entry>, 5> entry_words{{
    {"any", tls_entry::any}, {"https", tls_entry::https}, {"ftps", tls_entry::ftps},
    {"auth_tls", tls_entry::auth_tls}, {"ftp_data", tls_entry::ftp_data}}};

constexpr std::array<std::pair<std::string_view, tls_fault>, 7> fault_words{{
    {"none", tls_fault::none},
    {"handshake_reset", tls_fault::handshake_reset},
    {"expired_certificate", tls_fault::expired_certificate},
    {"not_yet_valid_certificate", tls_fault::not_yet_valid_certificate},
    {"wrong_name_certificate", tls_fault::wrong_name_certificate},
    {"plain_text", tls_fault::plain_text},
    {"no_close_notify", tls_fault::no_close_notify}}};

template <class Enum, std::size_t N>
std::vector<std::string_view> words_of(const std::array<std::pair<std::string_view, Enum>, N>& table) {
    std::vector<std::string_view> words;
    for (const auto& [word, value] : table) words.push_back(word);
    return words;
}

template <class Enum, std::size_t N>
Enum value_of(const std::array<std::pair<std::string_view, Enum>, N>& table, std::string_view word) {
    for (const auto& [w, value] : table)
        if (w == word) return value;
    return table.front().second;
}

template <class Enum, std::size_t N>
std::string_view word_of(const std::array<std::pair<std::string_view, Enum>, N>& table, Enum value) {
    for (const auto& [word, v] : table)
        if (v == value) return word;
    return "?";
}

// A path relative to the file's folder; the file must be readable when `must_exist`.
fs::path path_of(const protocol::toml_reader& reader, std::string_view key, const fs::path& base_dir,
                 bool must_exist) {
    const auto value = reader.string(key);
    if (!value) return {};
    if (value->empty()) reader.fail(*reader.get(key), "'" + std::string(key) + "' must not be empty");
    fs::path path(*value);
    if (path.is_relative()) path = base_dir / path;
    if (must_exist && !std::ifstream(path))
        reader.fail(*reader.get(key), "'" + std::string(key) + "': cannot read '" + path.string() + "'");
    return path;
}

tls_script load_script(const protocol::toml_reader& parent, const toml::node& node) {
    const auto& table = parent.table_of(node, "script");
    const auto reader = parent.nested(table, "[[mock.tls.script]]");
    reader.allow({"fault", "on", "times", "text"});
    tls_script script;
    script.where = protocol::position_of(table, parent.file());
    const auto fault = reader.choice("fault", words_of(fault_words));
    if (!fault) reader.fail_here("a TLS script needs 'fault' (one of handshake_reset, expired_certificate, "
                                 "not_yet_valid_certificate, wrong_name_certificate, plain_text, no_close_notify)");
    script.fault = value_of(fault_words, *fault);
    if (const auto on = reader.choice("on", words_of(entry_words))) script.on = value_of(entry_words, *on);
    if (const auto times = reader.integer("times", 1, 1'000'000'000)) script.times = static_cast<int>(*times);
    if (const auto text = reader.string("text")) {
        if (script.fault != tls_fault::plain_text) reader.fail(*reader.get("text"), "'text' is only for fault = \"plain_text\"");
        if (text->empty() || text->size() > 64 * 1024) reader.fail(*reader.get("text"), "'text' must hold 1 to 65536 bytes");
        script.text = *text;
    }
    return script;
}

}  // namespace

tls_settings load_tls_settings(const toml::table& table, const fs::path& base_dir, const std::string& file) {
    const protocol::toml_reader reader(table, file, "[mock.tls]");
    reader.allow({"cert", "key", "cert_out", "names", "client_cert", "client_ca", "min_version",
                  "handshake_timeout", "script"});
    tls_settings settings;
    settings.cert_file = path_of(reader, "cert", base_dir, true);
    settings.key_file = path_of(reader, "key", base_dir, true);
    if (settings.cert_file.empty() != settings.key_file.empty())
        reader.fail(*reader.get(settings.cert_file.empty() ? "key" : "cert"), "'cert' and 'key' are given together");
    settings.cert_out = path_of(reader, "cert_out", base_dir, false);
    settings.names = reader.strings("names");
    for (const auto& name : settings.names)
        if (name.empty() || name.find_first_of(" ,\t\r\n") != std::string::npos)
            reader.fail(*reader.get("names"), "'names': '" + name + "' is not a host name or IP address");
    if (const auto mode = reader.choice("client_cert", words_of(client_cert_words)))
        settings.client_cert = value_of(client_cert_words, *mode);
    settings.client_ca = path_of(reader, "client_ca", base_dir, true);
    if (settings.client_cert == client_cert_mode::required && settings.client_ca.empty())
        reader.fail(*reader.get("client_cert"), "client_cert = \"required\" needs 'client_ca' (the CA bundle "
                                                "client certificates must chain to)");
    if (const auto version = reader.choice("min_version", {"1.2", "1.3"})) settings.min_version = *version;
    if (const auto timeout = reader.duration("handshake_timeout")) settings.handshake_timeout = *timeout;
    if (const auto* scripts = reader.get("script")) {
        const auto* array = scripts->as_array();
        if (!array) reader.type_error(*scripts, "script", "array of tables ([[mock.tls.script]])");
        for (const auto& item : *array) settings.scripts.push_back(load_script(reader, item));
    }
    return settings;
}

std::string_view to_string(client_cert_mode mode) noexcept { return word_of(client_cert_words, mode); }
std::string_view to_string(tls_entry entry) noexcept { return word_of(entry_words, entry); }
std::string_view to_string(tls_fault fault) noexcept { return word_of(fault_words, fault); }

}  // namespace replycheck::mock::tls
