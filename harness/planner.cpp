#include "harness/planner.hpp"

#include <algorithm>
#include <charconv>

#include "protocol/bounded_regex.hpp"

namespace replycheck::harness {

std::optional<std::pair<int, int>> parse_shard(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    int index = 0, total = 0;
    auto a = text.substr(0, slash), b = text.substr(slash + 1);
    auto r1 = std::from_chars(a.data(), a.data() + a.size(), index);
    auto r2 = std::from_chars(b.data(), b.data() + b.size(), total);
    if (r1.ec != std::errc{} || r1.ptr != a.data() + a.size() || r2.ec != std::errc{} ||
        r2.ptr != b.data() + b.size())
        return std::nullopt;
    if (total < 1 || index < 1 || index > total) return std::nullopt;
    return std::make_pair(index, total);
}

std::uint64_t stable_hash(std::string_view text) noexcept {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

namespace {
bool has_any(const std::vector<std::string>& tags, const std::vector<std::string>& wanted) {
    for (const auto& w : wanted)
        if (std::find(tags.begin(), tags.end(), w) != tags.end()) return true;
    return false;
}
}  // namespace

std::vector<planned_scenario> make_plan(const std::vector<suite>& suites, const plan_options& options,
                                        const target* active) {
    std::optional<protocol::bounded_regex> filter;
    if (!options.filter.empty()) filter.emplace(options.filter, /*ignore_case=*/true);
    std::vector<planned_scenario> selected;
    for (std::size_t s = 0; s < suites.size(); ++s) {
        const auto& su = suites[s];
        for (std::size_t i = 0; i < su.scenarios.size(); ++i) {
            const auto& sc = su.scenarios[i];
            if (!options.tags.empty() && !has_any(sc.tags, options.tags)) continue;
            if (has_any(sc.tags, options.exclude_tags)) continue;
            if (filter && filter->search(su.name + " / " + sc.name) != protocol::regex_outcome::match) continue;
            planned_scenario p{s, i, std::nullopt};
            if (sc.skip) {
                p.skip = sc.skip->empty() ? std::string("skipped") : *sc.skip;
            } else if (active) {
                if (auto it = sc.skip_on.find(active->name); it != sc.skip_on.end())
                    p.skip = "not on target " + active->name + ": " + it->second;
                else if (!active->tags.empty() && !has_any(sc.tags, active->tags))
                    continue;
                else if (has_any(sc.tags, active->exclude_tags))
                    continue;
            }
            selected.push_back(std::move(p));
        }
    }
    if (options.shard_total <= 1) return selected;
    std::vector<planned_scenario> shard;
    for (std::size_t n = 0; n < selected.size(); ++n) {
        std::uint64_t key;
        if (options.sharding == shard_strategy::index) {
            key = n;
        } else {
            const auto& su = suites[selected[n].suite_index];
            key = stable_hash(su.file + '\n' + su.scenarios[selected[n].scenario_index].name);
        }
        if (key % std::uint64_t(options.shard_total) == std::uint64_t(options.shard_index - 1))
            shard.push_back(selected[n]);
    }
    return shard;
}

}  // namespace replycheck::harness
