#pragma once
// What every connection of one mock HTTP server shares.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "mockserver/http/http_journal.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_scripts.hpp"
#include "mockserver/tls/tls_server.hpp"

namespace replycheck::mock::detail {

/// State shared by every connection of one mock.
struct server_state {
    explicit server_state(http_mock_config c)
        : config(std::move(c)), journal(config.limits.journal_cap), scripts(config.scripts, config.initial_state) {}
    http_mock_config config;
    std::filesystem::path canonical_root;              ///< root after symlinks (set by start())
    bool has_root = false;                             ///< a root folder is served
    http_journal journal;
    script_engine scripts;
    std::atomic<std::uint64_t> next_connection_id{0};  ///< the last id given
    std::atomic<std::size_t> live_connections{0};      ///< bounded by limits.max_connections
    std::atomic<bool> stopping{false};                 ///< stop(): connections end after their reply
    std::string allow_static;   ///< "GET, HEAD, OPTIONS[, PUT, DELETE]"
    std::shared_ptr<tls::tls_server> tls;              ///< starts TLS on HTTPS connections (set by start())
    std::atomic<std::uint64_t> tls_failures{0};        ///< HTTPS connections whose TLS did not start
};

}  // namespace replycheck::mock::detail
