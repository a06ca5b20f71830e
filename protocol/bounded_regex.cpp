#include "protocol/bounded_regex.hpp"

#include <mutex>
#include <unordered_map>

#include <boost/regex.hpp>
#include <fmt/format.h>

namespace replycheck::protocol {

struct bounded_regex::compiled {
    boost::regex re;
};

bounded_regex::bounded_regex(std::string pattern, bool ignore_case) : pattern_(std::move(pattern)) {
    const boost::regex::flag_type flags = ignore_case ? boost::regex::perl | boost::regex::icase : boost::regex::perl;
    try {
        compiled_ = std::make_shared<const compiled>(compiled{boost::regex(pattern_, flags)});
    } catch (const boost::regex_error& e) {
        throw regex_syntax_error(e.what());
    }
}

namespace {

// Runs one Boost search or match. The matcher bounds the states it visits (about the square of
// the subject length, at most 10^8) and the memory of its backtracking stack; past either it
// throws boost::regex_error (error_complexity, error_stack), a std::runtime_error.
template <class Run>
regex_outcome bounded(Run&& run) {
    try {
        return run() ? regex_outcome::match : regex_outcome::no_match;
    } catch (const std::runtime_error&) {
        return regex_outcome::too_complex;
    }
}

}  // namespace

regex_outcome bounded_regex::search(std::string_view text, std::vector<std::string_view>* groups) const {
    boost::match_results<const char*> found;
    const auto outcome = bounded(
        [&] { return boost::regex_search(text.data(), text.data() + text.size(), found, compiled_->re); });
    if (outcome == regex_outcome::match && groups) {
        groups->clear();
        for (const auto& group : found)
            groups->push_back(group.matched ? std::string_view(group.first, static_cast<std::size_t>(group.length()))
                                            : std::string_view{});
    }
    return outcome;
}

regex_outcome bounded_regex::match(std::string_view text) const {
    return bounded([&] { return boost::regex_match(text.data(), text.data() + text.size(), compiled_->re); });
}

std::string bounded_regex::too_complex_message(std::string_view what, std::size_t subject_bytes) const {
    return fmt::format("regex /{}/ too complex to match against {} of {}", pattern_, byte_size_text(subject_bytes),
                       what);
}

std::shared_ptr<const bounded_regex> cached_regex(const std::string& pattern) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::shared_ptr<const bounded_regex>> cache;
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(pattern); it != cache.end()) return it->second;
    }
    auto re = std::make_shared<const bounded_regex>(pattern);  // compiled outside the lock
    std::lock_guard lock(mutex);
    if (cache.size() >= 512) cache.clear();
    cache.emplace(pattern, re);
    return re;
}

std::string byte_size_text(std::size_t bytes) {
    if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    if (bytes >= 1024) return fmt::format("{:.1f} KB", static_cast<double>(bytes) / 1024.0);
    return fmt::format("{} bytes", bytes);
}

}  // namespace replycheck::protocol
