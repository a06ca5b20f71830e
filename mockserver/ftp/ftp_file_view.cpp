#include "mockserver/ftp/ftp_file_view.hpp"

#include <algorithm>

namespace replycheck::mock::detail {

namespace fs = std::filesystem;

namespace {

bool is_within(const fs::path& root, const fs::path& path) {
    auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end();
}

fs::path canonical_or_absolute(const fs::path& root) {
    std::error_code ec;
    auto canonical = fs::canonical(root, ec);
    return ec ? fs::absolute(root) : canonical;
}

}  // namespace

ftp_file_view::ftp_file_view(const fs::path& root, bool writable)
    : root_(canonical_or_absolute(root)), writable_(writable) {}

ftp_target ftp_file_view::resolve(std::string_view cwd, std::string_view argument,
                                  bool for_write) const {
    ftp_target result;
    auto virtual_path = resolve_ftp_path(cwd, argument);
    result.status = virtual_path.status;
    if (result.status != ftp_path_status::ok) return result;
    result.virtual_path = virtual_path.path;
    result.real = root_;
    if (virtual_path.path.size() > 1) result.real /= virtual_path.path.substr(1);
    std::error_code ec;
    auto status = fs::status(result.real, ec);
    result.exists = !ec && fs::exists(status);
    result.directory = result.exists && fs::is_directory(status);
    result.regular = result.exists && fs::is_regular_file(status);
    // Symlinks may point anywhere: compare where the path really leads (for a new file, where
    // its folder leads) with the canonical root.
    fs::path probe = result.exists || !for_write ? result.real : result.real.parent_path();
    auto canonical = fs::weakly_canonical(probe, ec);
    result.inside = !ec && is_within(root_, canonical);
    if (!result.inside) result.exists = result.directory = result.regular = false;
    return result;
}

ftp_entry_info ftp_file_view::info_of(const fs::path& real, std::string name) const {
    ftp_entry_info info;
    info.name = std::move(name);
    std::error_code ec;
    info.directory = fs::is_directory(real, ec);
    if (!info.directory) {
        auto size = fs::file_size(real, ec);
        info.size = ec ? 0 : size;
    }
    info.modified = modified(real);
    info.writable = writable_;
    return info;
}

std::vector<ftp_entry_info> ftp_file_view::list_dir(const fs::path& real) const {
    std::vector<ftp_entry_info> entries;
    std::error_code ec;
    for (fs::directory_iterator it(real, ec), end; !ec && it != end; it.increment(ec)) {
        const auto& path = it->path();
        std::error_code sec;
        // A symlink that leads out of the root (or nowhere) is not shown.
        auto canonical = fs::weakly_canonical(path, sec);
        if (sec || !is_within(root_, canonical) || !fs::exists(canonical, sec)) continue;
        entries.push_back(info_of(path, path.filename().string()));
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return entries;
}

std::uint64_t ftp_file_view::used_bytes() const {
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code sec;
        if (it->is_regular_file(sec)) total += it->file_size(sec);
    }
    return total;
}

bool ftp_file_view::is_plain_file(const fs::path& real) {
    std::error_code ec;
    return fs::is_regular_file(real, ec);
}

std::chrono::system_clock::time_point ftp_file_view::modified(const fs::path& real) {
    std::error_code ec;
    auto time = fs::last_write_time(real, ec);
    if (ec) return std::chrono::system_clock::now();
    return std::chrono::file_clock::to_sys(time);
}

}  // namespace replycheck::mock::detail
