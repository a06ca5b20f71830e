#pragma once
// The mock's view of its root folder: request paths made safe (percent-decoding, dot segments,
// no way out of root), a per-thread cache of file metadata and small file contents (checked
// against the file's mtime on every use), media types and byte ranges (RFC 9110 §14).

#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace replycheck::mock::detail {

/// Percent-decodes `in` into `out`; false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

/// Decodes a request path and removes dot segments (RFC 3986 §5.2.4). False when the path
/// is unsafe: a malformed escape, NUL, a backslash, or ".." climbing above the root.
/// `out` always starts with '/' and keeps a trailing '/'.
bool normalize_path(std::string_view raw_path, std::string& out);

/// True when `path` is `prefix` or below it, on segment boundaries: "/old" covers "/old" and
/// "/old/x", not "/oldx"; a prefix ending in '/' covers what starts with it; "" and "/" cover all.
bool path_in_prefix(std::string_view prefix, std::string_view path);

/// The media type for a file name's extension ("application/octet-stream" when unknown).
std::string_view media_type_for(std::string_view file_name);

/// Reads a script's `body_file` whole into `out`, as static serving would give it: false for a
/// missing file, a FIFO, device or socket (opened without blocking, then refused), and for a file
/// under `root` (whose path after symlinks, found once at start, is `canonical_root`) that leads
/// out of it through a symbolic link.
bool read_body_file(const std::filesystem::path& root, const std::filesystem::path& canonical_root,
                    const std::filesystem::path& file, std::string& out);

/// A file or folder under root, with what a reply needs.
struct file_entry {
    std::filesystem::path path;                 ///< canonical path (inside root)
    bool is_directory = false;
    std::uint64_t size = 0;
    std::time_t mtime = 0;                      ///< seconds, for Last-Modified
    std::int64_t mtime_ns = 0;                  ///< for change detection and the ETag
    std::uint64_t inode = 0;
    std::string etag;                           ///< strong: "size-mtime" in hex, quoted
    std::string last_modified;                  ///< IMF-fixdate
    std::string_view media_type;
    std::shared_ptr<const std::string> content; ///< whole content when small enough, else null
    std::chrono::steady_clock::time_point resolved_at;
};

/// The result of looking a path up under root.
enum class lookup_status { found, not_found, outside_root };

/// Per-thread cache of file_entry by normalized path (not thread-safe: one per io_context).
class file_cache {
public:
    file_cache(std::filesystem::path canonical_root, std::size_t max_cached_size);

    /// Resolves `normalized` (from normalize_path) under root; re-checks symlinks once per second
    /// and the file's mtime/size/inode whenever the last check is 1 ms old or more (file
    /// timestamps themselves only advance every few milliseconds).
    lookup_status lookup(const std::string& normalized, std::shared_ptr<const file_entry>& out);
    /// The canonical path `normalized` would have (the file may not exist); false if outside root.
    bool resolve(const std::string& normalized, std::filesystem::path& out) const;
    /// Forgets everything (after PUT/DELETE).
    void clear() { entries_.clear(); }
    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
    std::string root_prefix_;   // root + '/'
    std::size_t max_cached_size_;
    struct slot {
        std::shared_ptr<const file_entry> entry;
        std::chrono::steady_clock::time_point validated_at;   // last stat() that confirmed it
    };
    std::unordered_map<std::string, slot> entries_;
};

/// One satisfiable byte range, inclusive.
struct byte_range {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
};

/// What a Range field asks of a representation of `length` octets (RFC 9110 §14.2).
enum class range_outcome {
    ignore,          ///< not a valid bytes range set: serve 200
    satisfiable,     ///< `ranges` holds at least one range
    unsatisfiable,   ///< 416 with Content-Range: bytes */length
};

/// Parses a Range field value; at most `max_ranges` ranges (more: ignore).
range_outcome parse_range(std::string_view value, std::uint64_t length, std::vector<byte_range>& ranges,
                          std::size_t max_ranges = 64);

/// RFC 9110 §8.8.3.2 comparison of an entity-tag list ("*" or "a", W/"b") against `etag`.
bool etag_list_matches(std::string_view list, std::string_view etag, bool weak_comparison);

}  // namespace replycheck::mock::detail
