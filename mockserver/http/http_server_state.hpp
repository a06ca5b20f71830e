#pragma once
// What every connection of one mock HTTP server shares.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_rules.hpp"

namespace replycheck::mock::detail {

/// State shared by every connection of one mock.
struct server_state {
    explicit server_state(http_mock_config c)
        : config(std::move(c)), journal(config.limits.journal_cap), rules(config.rules, config.initial_state) {}
    http_mock_config config;
    std::filesystem::path canonical_root;
    bool has_root = false;
    http_journal journal;
    rule_engine rules;
    std::atomic<std::uint64_t> next_connection_id{0};
    std::atomic<std::size_t> live_connections{0};
    std::atomic<bool> stopping{false};
    std::string allow_static;   ///< "GET, HEAD, OPTIONS[, PUT, DELETE]"
};

}  // namespace replycheck::mock::detail
