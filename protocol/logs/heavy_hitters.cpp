// Space-Saving over a binary min-heap: a value already counted costs one hash look-up and a
// sift-down; a new one replaces the heap's root (the least counted value).
#include "protocol/logs/heavy_hitters.hpp"

#include <algorithm>
#include <utility>

namespace replycheck::logs {

std::string_view cut_utf8(std::string_view text, std::size_t bytes) noexcept {
    if (text.size() <= bytes) return text;
    std::size_t end = bytes;
    // Step back over continuation bytes (10xxxxxx) so no character is split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

heavy_hitters::heavy_hitters(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
    slots_.reserve(capacity_);
    heap_.reserve(capacity_);
    index_.reserve(capacity_ * 2);
}

void heavy_hitters::swap_heap(std::size_t a, std::size_t b) {
    std::swap(heap_[a], heap_[b]);
    slots_[heap_[a]].heap_pos = a;
    slots_[heap_[b]].heap_pos = b;
}

void heavy_hitters::sift_down(std::size_t pos) {
    for (;;) {
        std::size_t smallest = pos;
        for (std::size_t child = 2 * pos + 1; child <= 2 * pos + 2 && child < heap_.size(); ++child)
            if (slots_[heap_[child]].count < slots_[heap_[smallest]].count) smallest = child;
        if (smallest == pos) return;
        swap_heap(pos, smallest);
        pos = smallest;
    }
}

void heavy_hitters::sift_up(std::size_t pos) {
    while (pos > 0) {
        std::size_t parent = (pos - 1) / 2;
        if (slots_[heap_[parent]].count <= slots_[heap_[pos]].count) return;
        swap_heap(pos, parent);
        pos = parent;
    }
}

void heavy_hitters::add(std::string_view value, std::uint64_t times) {
    value = cut_utf8(value, max_value_bytes);
    if (auto it = index_.find(value); it != index_.end()) {
        slot& s = slots_[it->second];
        s.count += times;
        sift_down(s.heap_pos);
        return;
    }
    if (slots_.size() < capacity_) {
        slots_.push_back(slot{std::string(value), times, 0, heap_.size()});
        heap_.push_back(slots_.size() - 1);
        index_.emplace(slots_.back().value, slots_.size() - 1);
        sift_up(heap_.size() - 1);
        return;
    }
    // Evict the least counted value: the newcomer inherits its count as possible over-count.
    evicted_ = true;
    std::size_t victim = heap_.front();
    slot& s = slots_[victim];
    // The map node is re-keyed rather than freed and allocated again.
    auto node = index_.extract(std::string_view(s.value));
    s.value.assign(value);
    s.overcount = s.count;
    s.count += times;
    node.key() = std::string_view(s.value);
    index_.insert(std::move(node));
    sift_down(0);
}

std::vector<heavy_hitters::item> heavy_hitters::top(std::size_t n) const {
    std::vector<item> out;
    out.reserve(slots_.size());
    for (const slot& s : slots_) out.push_back(item{s.value, s.count, s.overcount});
    std::sort(out.begin(), out.end(), [](const item& a, const item& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (out.size() > n) out.resize(n);
    return out;
}

}  // namespace replycheck::logs
