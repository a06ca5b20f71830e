#pragma once
// Shared helpers of the fuzz targets: a checked invariant that aborts with a message (active in
// every build type, unlike assert), and a reader that splits the fuzz input into parameters.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace replycheck::fuzz {

/// Prints which invariant broke (with a printable excerpt of `detail`) and aborts, so that
/// libFuzzer records a crash and the replay runner fails.
[[noreturn]] inline void fail(const char* file, int line, const char* condition, std::string_view detail) {
    std::string shown;
    for (unsigned char c : detail.substr(0, 400)) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            shown += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            shown += buf;
        }
    }
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n  detail: %s\n", file, line, condition, shown.c_str());
    std::fflush(stderr);
    std::abort();
}

/// True when REPLYCHECK_FUZZ_STRICT=1: also check the invariants that known, reported issues
/// still break (their reproducers wait in tests/fuzz/pending/).
inline bool strict_known_issues() {
    static const bool strict = [] {
        const char* v = std::getenv("REPLYCHECK_FUZZ_STRICT");
        return v != nullptr && v[0] == '1';
    }();
    return strict;
}

/// Reads parameters from the front of the input; once the input runs out every read gives 0/"".
class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size)
        : data_(reinterpret_cast<const char*>(data), size) {}

    /// One byte (0 when empty).
    std::uint8_t byte() {
        if (data_.empty()) return 0;
        auto b = static_cast<std::uint8_t>(data_.front());
        data_.remove_prefix(1);
        return b;
    }
    /// Two bytes, little endian.
    std::uint16_t u16() { return static_cast<std::uint16_t>(byte() | (byte() << 8)); }
    /// A string of at most `max` bytes, its length taken from the next byte.
    std::string_view short_string(std::size_t max = 255) {
        std::size_t n = byte();
        if (n > max) n = max;
        return take(n);
    }
    /// A string ending at the next `sep` (or at the end of the input); `sep` is consumed.
    std::string_view until(char sep) {
        auto pos = data_.find(sep);
        auto out = data_.substr(0, pos);
        data_.remove_prefix(pos == std::string_view::npos ? data_.size() : pos + 1);
        return out;
    }
    /// At most `n` bytes.
    std::string_view take(std::size_t n) {
        auto out = data_.substr(0, n);
        data_.remove_prefix(out.size());
        return out;
    }
    /// Everything left.
    std::string_view rest() {
        auto out = data_;
        data_ = {};
        return out;
    }
    bool empty() const noexcept { return data_.empty(); }
    std::size_t size() const noexcept { return data_.size(); }

private:
    std::string_view data_;
};

/// A small deterministic generator (for chunk splits), seeded from input bytes.
class split_rng {
public:
    explicit split_rng(std::uint32_t seed) : state_(seed * 2654435761u + 1u) {}
    std::uint32_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }
    /// A chunk length in [1, max].
    std::size_t chunk(std::size_t max) { return 1 + next() % (max == 0 ? 1 : max); }

private:
    std::uint32_t state_;
};

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
inline bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) { ++i; continue; }
        std::size_t n;
        std::uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; }
        else return false;
        if (i + n >= text.size()) return false;   // the sequence is cut by the end
        for (std::size_t k = 1; k <= n; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff) return false;
        if (cp >= 0xd800 && cp <= 0xdfff) return false;
        i += n + 1;
    }
    return true;
}

}  // namespace replycheck::fuzz

#define FUZZ_CHECK(condition, detail) \
    do { \
        if (!(condition)) ::replycheck::fuzz::fail(__FILE__, __LINE__, #condition, (detail)); \
    } while (false)
