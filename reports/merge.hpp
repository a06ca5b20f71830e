#pragma once
// Merging shard results (`replycheck run --shard I/N` on several machines) into one run.

#include <vector>

#include "reports/run_result.hpp"

namespace replycheck::reports {

/// One run from several shards: suites with the same file (or, without a file, the same name)
/// are joined, scenarios kept in shard order; the run's start is the earliest, its duration the
/// longest shard (shards run side by side), strict if any shard was strict. Each suite keeps
/// the hostname of the shard it came from when the shards ran on different hosts.
run_result merge(const std::vector<run_result>& shards);

}  // namespace replycheck::reports
