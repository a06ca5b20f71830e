// The emitted mock config: a comment header (which logs, how to start it, what cannot be
// answered as logged), then [mock.http] and/or [mock.ftp] written by toml++'s formatter.

#include "harness/reproduce/mock_emitter.hpp"


#include <sstream>
#include <system_error>

#include <toml++/toml.h>

#include "harness/reproduce/emit_text.hpp"
#include "harness/reproduce/mock_emitter_parts.hpp"
#include "reports/writers.hpp"

namespace replycheck::reproduce {

namespace {

// IIS x-session values are GUIDs: 8-4-4-4-12 hexadecimal digits.
bool is_guid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

}  // namespace

bool plan_looks_iis_http(const reproduce_plan& plan) noexcept {
    for (const auto& c : plan.http)
        if (c.substatus || c.win32) return true;
    return false;
}

bool plan_looks_iis_ftp(const reproduce_plan& plan) noexcept {
    for (const auto& s : plan.ftp)
        if (is_guid(s.session)) return true;
    return false;
}

std::string emit_mock_config(const reproduce_plan& plan, const emit_mock_options& options) {
    std::vector<std::string> notes;
    toml::table mock;
    const bool http_iis = options.http_iis.value_or(plan_looks_iis_http(plan));
    const bool ftp_iis = options.ftp_iis.value_or(plan_looks_iis_ftp(plan));
    // Without any case, an HTTP mock still starts, so the file is never an empty [mock].
    if (!plan.http.empty() || plan.ftp.empty()) mock.insert("http", detail::emit_http_mock(plan, options, http_iis, notes));
    if (!plan.ftp.empty()) mock.insert("ftp", detail::emit_ftp_mock(plan, options, ftp_iis, notes));

    std::string logs;
    for (const auto& log : options.logs) logs += (logs.empty() ? "" : " ") + log;
    std::ostringstream out;
    out << comment("Mock config written by `replycheck reproduce --emit-mock` from " + (logs.empty() ? "a log" : logs) +
                   ":");
    out << comment(std::to_string(plan.http.size()) + " HTTP case(s), " + std::to_string(plan.ftp.size()) +
                   " FTP session(s), each answered as logged.");
    out << comment("Start it (passwords come from the environment, never from this file):");
    out << comment("  " + options.password_env + "=... replycheck mock " + options.file_name);
    out << comment("It prints `http 127.0.0.1:PORT` / `ftp 127.0.0.1:PORT`; then reproduce against it:");
    std::string vars;
    if (mock.contains("http")) vars += " --var http=http://127.0.0.1:PORT";
    if (mock.contains("ftp")) vars += " --var ftp=ftp://127.0.0.1:PORT";
    out << comment("  " + options.password_env + "=... replycheck reproduce " + (logs.empty() ? "LOG" : logs) + vars);
    for (const auto& note : notes) out << comment("note: " + note);
    toml::table root;
    root.insert("mock", std::move(mock));
    out << "\n" << toml_text(root) << "\n";
    return out.str();
}

void write_mock_config(const std::filesystem::path& file, const reproduce_plan& plan, emit_mock_options options) {
    namespace fs = std::filesystem;
    if (options.root == emit_mock_options{}.root) options.root = file.stem().string() + "-root";
    options.file_name = file.filename().string();
    const auto text = emit_mock_config(plan, options);
    const auto folder = file.parent_path() / options.root;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw std::system_error(ec, "cannot create the mock root " + folder.string());
    // A temporary file, then rename: a reader never sees half a config.
    reports::write_file_atomically(file, text);
}

}  // namespace replycheck::reproduce
