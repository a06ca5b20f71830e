#include "mockserver/http/http_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "mockserver/http/date_field.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::mock::detail {

namespace fs = std::filesystem;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool parse_u64(std::string_view s, std::uint64_t& v) {
    if (s.empty() || s.size() > 19) return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return true;
}

bool normalize_path(std::string_view raw_path, std::string& out) {
    thread_local std::string decoded;
    if (raw_path.empty() || raw_path.front() != '/') return false;
    if (!percent_decode(raw_path, decoded)) return false;
    // A NUL would cut the path short in the OS; a backslash is a separator on other systems and
    // a classic way around traversal checks: neither belongs in a path we serve.
    if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) return false;
    out.clear();
    out.reserve(decoded.size());
    std::size_t pos = 1;
    const bool trailing_slash = decoded.size() > 1 && decoded.back() == '/';
    while (pos <= decoded.size()) {
        std::size_t next = decoded.find('/', pos);
        if (next == std::string::npos) next = decoded.size();
        std::string_view seg(decoded.data() + pos, next - pos);
        if (seg.empty() || seg == ".") {
            // skip
        } else if (seg == "..") {
            if (out.empty()) return false;   // would climb above the root
            out.resize(out.rfind('/'));
        } else {
            out.push_back('/');
            out.append(seg);
        }
        pos = next + 1;
    }
    if (out.empty()) out = "/";
    else if (trailing_slash) out.push_back('/');
    return true;
}

bool path_in_prefix(std::string_view prefix, std::string_view path) {
    if (prefix.empty() || prefix == "/") return true;
    if (!path.starts_with(prefix)) return false;
    return path.size() == prefix.size() || prefix.back() == '/' || path[prefix.size()] == '/';
}

std::string_view media_type_for(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 30> types{{
        {"html", "text/html"}, {"htm", "text/html"}, {"txt", "text/plain"}, {"css", "text/css"},
        {"js", "text/javascript"}, {"mjs", "text/javascript"}, {"json", "application/json"},
        {"xml", "application/xml"}, {"csv", "text/csv"}, {"md", "text/markdown"},
        {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
        {"svg", "image/svg+xml"}, {"ico", "image/x-icon"}, {"webp", "image/webp"},
        {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
        {"tar", "application/x-tar"}, {"wasm", "application/wasm"}, {"mp4", "video/mp4"},
        {"mp3", "audio/mpeg"}, {"woff", "font/woff"}, {"woff2", "font/woff2"},
        {"toml", "application/toml"}, {"yaml", "application/yaml"}, {"bin", "application/octet-stream"},
        {"ftp", "text/plain"},
    }};
    auto slash = name.rfind('/');
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return "application/octet-stream";
    auto ext = name.substr(dot + 1);
    for (const auto& [e, t] : types)
        if (iequal(e, ext)) return t;
    return "application/octet-stream";
}

bool read_body_file(const fs::path& root, const fs::path& canonical_root, const fs::path& file, std::string& out) {
    const auto under = [](const fs::path& base, const fs::path& path) {
        const auto rel = path.lexically_relative(base);
        return !base.empty() && !rel.empty() && *rel.begin() != "..";
    };
    // Confined as static files are: once symlinks are followed, a file under the root stays there.
    if (under(canonical_root, file) || under(root.lexically_normal(), file.lexically_normal())) {
        std::error_code ec;
        const auto real = fs::canonical(file, ec);
        if (ec || !under(canonical_root, real)) return false;
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    out.clear();
    char buffer[64 * 1024];
    while (ok) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return ok;
}

file_cache::file_cache(fs::path canonical_root, std::size_t max_cached_size)
    : root_(std::move(canonical_root)), root_prefix_(root_.string() + "/"), max_cached_size_(max_cached_size) {
    if (root_prefix_ == "//") root_prefix_ = "/";
}

bool file_cache::resolve(const std::string& normalized, fs::path& out) const {
    std::error_code ec;
    fs::path candidate = root_;
    if (normalized.size() > 1) candidate /= std::string_view(normalized).substr(1);
    // weakly_canonical follows every symlink that exists: a link pointing out of the root
    // resolves outside it and is refused here.
    out = fs::weakly_canonical(candidate, ec);
    if (ec) return false;
    std::string s = out.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    out = s;
    return s == root_.string() || s.compare(0, root_prefix_.size(), root_prefix_) == 0;
}

lookup_status file_cache::lookup(const std::string& normalized, std::shared_ptr<const file_entry>& out) {
    const auto now = std::chrono::steady_clock::now();
    auto it = entries_.find(normalized);
    if (it != entries_.end() && now - it->second.validated_at < std::chrono::milliseconds(1)) {
        out = it->second.entry;
        return lookup_status::found;
    }
    fs::path canonical;
    if (it != entries_.end() && now - it->second.entry->resolved_at < std::chrono::seconds(1)) {
        canonical = it->second.entry->path;
    } else {
        if (!resolve(normalized, canonical)) {
            if (it != entries_.end()) entries_.erase(it);
            std::error_code ec;
            // Distinguish "not there" from "there but outside".
            fs::path candidate = root_;
            if (normalized.size() > 1) candidate /= std::string_view(normalized).substr(1);
            return fs::exists(candidate, ec) ? lookup_status::outside_root : lookup_status::not_found;
        }
    }
    struct stat st {};
    if (::stat(canonical.c_str(), &st) != 0) {
        if (it != entries_.end()) entries_.erase(it);
        return lookup_status::not_found;
    }
    const std::int64_t mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (it != entries_.end()) {
        const auto& e = *it->second.entry;
        if (e.path == canonical && e.mtime_ns == mtime_ns && e.size == static_cast<std::uint64_t>(st.st_size) &&
            e.inode == static_cast<std::uint64_t>(st.st_ino)) {
            if (now - e.resolved_at >= std::chrono::seconds(1)) {
                auto copy = std::make_shared<file_entry>(e);
                copy->resolved_at = now;
                it->second.entry = copy;
            }
            it->second.validated_at = now;
            out = it->second.entry;
            return lookup_status::found;
        }
    }
    auto e = std::make_shared<file_entry>();
    e->path = canonical;
    e->is_directory = S_ISDIR(st.st_mode);
    e->size = e->is_directory ? 0 : static_cast<std::uint64_t>(st.st_size);
    e->mtime = st.st_mtim.tv_sec;
    e->mtime_ns = mtime_ns;
    e->inode = static_cast<std::uint64_t>(st.st_ino);
    e->resolved_at = now;
    if (!e->is_directory) {
        if (!S_ISREG(st.st_mode)) return lookup_status::not_found;   // devices, fifos: never served
        char buf[64];
        int n = std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(e->size),
                              static_cast<unsigned long long>(mtime_ns));
        e->etag.assign(buf, static_cast<std::size_t>(n));
        e->last_modified = format_http_date(e->mtime);
        e->media_type = media_type_for(canonical.filename().string());
        if (e->size <= max_cached_size_) {
            std::ifstream in(canonical, std::ios::binary);
            if (!in) return lookup_status::not_found;
            auto content = std::make_shared<std::string>();
            content->resize(e->size);
            in.read(content->data(), static_cast<std::streamsize>(e->size));
            if (static_cast<std::uint64_t>(in.gcount()) != e->size) return lookup_status::not_found;
            e->content = std::move(content);
        }
    }
    if (entries_.size() > 4096) entries_.clear();
    entries_[normalized] = slot{e, now};
    out = std::move(e);
    return lookup_status::found;
}

range_outcome parse_range(std::string_view value, std::uint64_t length, std::vector<byte_range>& ranges,
                          std::size_t max_ranges) {
    ranges.clear();
    value = protocol::trim_ows(value);
    auto eq = value.find('=');
    if (eq == std::string_view::npos || !iequal(protocol::trim_ows(value.substr(0, eq)), "bytes")) return range_outcome::ignore;
    value.remove_prefix(eq + 1);
    std::size_t count = 0;
    bool any_spec = false;
    while (!value.empty()) {
        auto comma = value.find(',');
        auto spec = protocol::trim_ows(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        if (spec.empty()) continue;   // empty list elements are allowed (RFC 9110 §5.6.1)
        if (++count > max_ranges) return range_outcome::ignore;
        any_spec = true;
        auto dash = spec.find('-');
        if (dash == std::string_view::npos) return range_outcome::ignore;
        auto a = protocol::trim_ows(spec.substr(0, dash));
        auto b = protocol::trim_ows(spec.substr(dash + 1));
        std::uint64_t first = 0, last = 0;
        if (a.empty()) {
            // suffix-range: the last N octets
            if (!parse_u64(b, last)) return range_outcome::ignore;
            if (last == 0 || length == 0) continue;   // unsatisfiable
            ranges.push_back({length > last ? length - last : 0, length - 1});
            continue;
        }
        if (!parse_u64(a, first)) return range_outcome::ignore;
        if (b.empty()) {
            last = length ? length - 1 : 0;
        } else {
            if (!parse_u64(b, last) || last < first) return range_outcome::ignore;
            if (length && last >= length) last = length - 1;
        }
        if (first >= length) continue;   // unsatisfiable
        ranges.push_back({first, last});
    }
    if (!any_spec) return range_outcome::ignore;
    return ranges.empty() ? range_outcome::unsatisfiable : range_outcome::satisfiable;
}

bool etag_list_matches(std::string_view list, std::string_view etag, bool weak_comparison) {
    list = protocol::trim_ows(list);
    if (list == "*") return true;
    auto opaque = [](std::string_view t) {
        if (t.size() >= 2 && t[0] == 'W' && t[1] == '/') t.remove_prefix(2);
        return t;
    };
    while (!list.empty()) {
        list = protocol::trim_ows(list);
        if (list.empty()) break;
        bool weak = list.size() >= 2 && list[0] == 'W' && list[1] == '/';
        std::size_t start = weak ? 2 : 0;
        if (start >= list.size() || list[start] != '"') {
            // not an entity-tag: skip to the next comma
            auto comma = list.find(',');
            if (comma == std::string_view::npos) break;
            list.remove_prefix(comma + 1);
            continue;
        }
        auto close = list.find('"', start + 1);
        if (close == std::string_view::npos) break;
        auto tag = list.substr(0, close + 1);
        if (weak_comparison) {
            if (opaque(tag) == opaque(etag)) return true;
        } else if (!weak && tag == etag) {
            return true;
        }
        list.remove_prefix(close + 1);
        auto comma = list.find(',');
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace replycheck::mock::detail
