// What the recorders share about their output: targets checked before any traffic, each file
// written on its own (one that cannot be written costs only itself, and leaves nothing half
// written), the lines for an empty recording, and the console notes.

#include <exception>
#include <string>
#include <system_error>

#include "harness/record/recorder.hpp"

namespace replycheck::record {

namespace {

namespace fs = std::filesystem;

// A target that a write is bound to fail on: a folder, or a path under something not a folder.
std::optional<std::string> unwritable(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) return file.string() + ": it is a folder";
    for (auto up = fs::absolute(file, ec).parent_path(); !ec && !up.empty(); up = up.parent_path()) {
        if (fs::exists(up, ec)) {
            if (!fs::is_directory(up, ec)) return file.string() + ": " + up.string() + " is not a folder";
            break;
        }
        if (up == up.parent_path()) break;
    }
    return std::nullopt;
}

// The path a file name stands for, however it is spelled (./a.toml, d/../a.toml, a link).
fs::path resolved(const fs::path& file) {
    std::error_code ec;
    auto path = fs::weakly_canonical(fs::absolute(file, ec), ec);
    return ec ? fs::absolute(file, ec).lexically_normal() : path;
}

}  // namespace

fs::path mock_root_of(const fs::path& file) { return file.parent_path() / (file.stem().string() + "-root"); }

std::optional<std::string> output_target_problem(const fs::path& scenarios, const fs::path& mock) {
    std::error_code ec;
    if (!scenarios.empty() && !mock.empty() && resolved(scenarios) == resolved(mock))
        return "--emit-scenarios and --emit-mock name the same file " + mock.string();
    for (const auto* file : {&scenarios, &mock})
        if (!file->empty())
            if (auto why = unwritable(*file)) return "cannot write " + *why;
    // The mock's root folder is made beside its file: something else there would stop it.
    if (!mock.empty()) {
        const auto root = mock_root_of(mock);
        if (fs::exists(root, ec) && !fs::is_directory(root, ec))
            return "cannot write " + mock.string() + ": its root " + root.string() + " is not a folder";
        if (!scenarios.empty() && resolved(scenarios) == resolved(root))
            return "--emit-scenarios " + scenarios.string() + " is the mock's root folder";
    }
    return std::nullopt;
}

bool write_output(const fs::path& file, const std::function<void()>& write, record_outputs& out) {
    try {
        write();
        return true;
    } catch (const std::exception& e) {
        // The shared writer names the file as a report; here the reason alone is kept.
        std::string reason = e.what();
        const auto prefix = "cannot write report '" + file.string() + "': ";
        if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
        out.failures.push_back("cannot write " + file.string() + ": " + reason);
        return false;
    }
}

bool write_mock_output(const fs::path& file, const std::function<void()>& write, record_outputs& out) {
    std::error_code ec;
    const auto root = mock_root_of(file);
    const bool root_existed = fs::exists(root, ec);
    if (write_output(file, write, out)) return true;
    // A root made for a config that could not be written serves nothing.
    if (!root_existed) fs::remove_all(root, ec);
    return false;
}

void add_empty_lines(const record_options& options, record_outputs& out) {
    for (const auto* file : {&options.emit_scenarios, &options.emit_mock})
        if (!file->empty()) out.lines.push_back("no exchange recorded: " + file->string() + " not written");
}

void add_note_lines(const std::vector<std::string>& notes, const std::function<std::string(const std::string&)>& mask,
                    record_outputs& out) {
    for (const auto& note : notes) out.lines.push_back(mask("note: " + note));
}

}  // namespace replycheck::record
