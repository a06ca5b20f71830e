#include "reports/merge.hpp"

#include <algorithm>
#include <map>

namespace replycheck::reports {

namespace {

// True when `name` is one of the comma-separated names in `list`.
bool listed(std::string_view list, std::string_view name) {
    std::size_t pos = 0;
    while (pos <= list.size()) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        if (list.substr(pos, comma - pos) == name) return true;
        pos = comma + 1;
    }
    return false;
}

}  // namespace

run_result merge(const std::vector<run_result>& shards) {
    run_result out;
    if (shards.empty()) return out;
    out.tool_version = shards.front().tool_version;
    out.command = shards.front().command;
    out.hostname = shards.front().hostname;
    bool one_host = true;
    for (const auto& shard : shards) one_host = one_host && shard.hostname == out.hostname;
    std::map<std::string, std::size_t> index;  // suite key -> position in out.suites
    for (const auto& shard : shards) {
        // ISO 8601 UTC timestamps of one format order as strings.
        if (!shard.started_at.empty() && (out.started_at.empty() || shard.started_at < out.started_at)) {
            out.started_at = shard.started_at;
        }
        out.seconds = std::max(out.seconds, shard.seconds);
        out.strict = out.strict || shard.strict;
        if (out.command != shard.command) out.command = "merge";
        for (const auto& suite : shard.suites) {
            std::string key = suite.file.empty() ? "name:" + suite.name : "file:" + suite.file;
            auto it = index.find(key);
            if (it == index.end()) {
                index.emplace(key, out.suites.size());
                out.suites.push_back(suite);
                if (!one_host && out.suites.back().hostname.empty()) out.suites.back().hostname = shard.hostname;
                continue;
            }
            suite_result& into = out.suites[it->second];
            into.scenarios.insert(into.scenarios.end(), suite.scenarios.begin(), suite.scenarios.end());
            into.seconds += suite.seconds;
            if (!suite.timestamp.empty() && (into.timestamp.empty() || suite.timestamp < into.timestamp)) {
                into.timestamp = suite.timestamp;
            }
            std::string host = suite.hostname.empty() ? shard.hostname : suite.hostname;
            if (!one_host && !host.empty() && !listed(into.hostname, host)) {
                into.hostname += into.hostname.empty() ? host : "," + host;
            }
        }
    }
    if (!one_host) out.hostname.clear();
    return out;
}

}  // namespace replycheck::reports
