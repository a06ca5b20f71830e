#pragma once
// The plan: which scenarios run, after tags, --filter, target exclusions and --shard.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario.hpp"
#include "harness/targets.hpp"

namespace replycheck::harness {

/// How scenarios are spread over shards.
enum class shard_strategy {
    index,  ///< round-robin over the selected scenarios in file order (balanced)
    hash,   ///< by a hash of file and name (stable when other scenarios are added)
};

/// What to select.
struct plan_options {
    std::vector<std::string> tags;          ///< run scenarios with at least one of these
    std::vector<std::string> exclude_tags;  ///< never run scenarios with any of these
    std::string filter;                     ///< Perl-syntax regex searched in "suite / name", any case
    int shard_index = 1;                    ///< 1-based
    int shard_total = 1;
    shard_strategy sharding = shard_strategy::index;
};

/// One scenario to run (or to report as skipped).
struct planned_scenario {
    std::size_t suite_index = 0;
    std::size_t scenario_index = 0;
    std::optional<std::string> skip;        ///< reason when it is reported but not run
};

/// Parses "I/N" (1 <= I <= N); nullopt when malformed.
std::optional<std::pair<int, int>> parse_shard(std::string_view text);

/// FNV-1a 64-bit hash of `text` (stable across platforms, for sharding).
std::uint64_t stable_hash(std::string_view text) noexcept;

/// Selects scenarios from `suites` in file order; `active` is the target being run against
/// (its exclude_tags/tags and skip_on entries apply). Throws protocol::regex_syntax_error for a bad filter.
std::vector<planned_scenario> make_plan(const std::vector<suite>& suites, const plan_options& options,
                                        const target* active);

}  // namespace replycheck::harness
