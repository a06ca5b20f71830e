#pragma once
// The most frequent values of an unbounded stream in fixed memory: the Space-Saving algorithm
// (Metwally, Agrawal, El Abbadi, 2005). `capacity` counters; a value not counted yet takes the
// counter of the least frequent one and inherits its count as its possible over-count. So:
// every value seen more than N / capacity times is in the table, and each reported count is an
// upper bound, at most `overcount` above the true count. While fewer than `capacity` distinct
// values were seen, every count is exact (overcount 0).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace replycheck::logs {

class heavy_hitters {
public:
    /// Values longer than this are cut (at a UTF-8 character boundary) before counting.
    static constexpr std::size_t max_value_bytes = 256;

    struct item {
        std::string value;
        std::uint64_t count = 0;       ///< upper bound of the true count
        std::uint64_t overcount = 0;   ///< count - overcount <= true count <= count
    };

    explicit heavy_hitters(std::size_t capacity);
    heavy_hitters(const heavy_hitters&) = delete;
    heavy_hitters& operator=(const heavy_hitters&) = delete;
    heavy_hitters(heavy_hitters&&) = default;
    heavy_hitters& operator=(heavy_hitters&&) = default;

    void add(std::string_view value, std::uint64_t times = 1);

    /// Up to `n` items, highest count first (ties: value order).
    std::vector<item> top(std::size_t n) const;

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t size() const noexcept { return slots_.size(); }
    /// True while no value was ever evicted: every count is exact.
    bool exact() const noexcept { return !evicted_; }

private:
    struct slot {
        std::string value;
        std::uint64_t count = 0;
        std::uint64_t overcount = 0;
        std::size_t heap_pos = 0;
    };
    void sift_down(std::size_t pos);
    void sift_up(std::size_t pos);
    void swap_heap(std::size_t a, std::size_t b);

    std::size_t capacity_;
    bool evicted_ = false;
    std::vector<slot> slots_;                 // reserved to capacity: never reallocates
    std::vector<std::size_t> heap_;           // slot indices, a min-heap on count
    std::unordered_map<std::string_view, std::size_t> index_;   // views slots_[i].value
};

/// `text` cut to at most `bytes` bytes at a UTF-8 character boundary.
std::string_view cut_utf8(std::string_view text, std::size_t bytes) noexcept;

}  // namespace replycheck::logs
