#pragma once
// One control connection of the mock FTP server (internal to the mock).

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "mockserver/ftp/ftp_file_view.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/ftp/ftp_script_book.hpp"
#include "mockserver/tls/tls_server.hpp"

namespace replycheck::mock::detail {

/// What every session of one server shares, across threads: immutable, atomic, or guarded
/// by its own mutex (journal, scripts).
struct ftp_server_state {
    explicit ftp_server_state(ftp_mock_config cfg);

    ftp_mock_config config;
    ftp_file_view files;                         ///< the root folder
    ftp_journal journal;
    ftp_script_book scripts;
    std::atomic<std::size_t> active_sessions{0};
    std::atomic<std::uint64_t> next_session_id{0};
    std::atomic<std::uint32_t> next_pasv_offset{0};  ///< rotates through the passive range
    std::shared_ptr<tls::tls_server> tls;        ///< set before start when TLS is offered
};

/// Serves one accepted control connection until QUIT, a timeout, a fault or shutdown;
/// `implicit`: TLS starts at once (the implicit FTPS listener).
boost::asio::awaitable<void> run_ftp_session(std::shared_ptr<ftp_server_state> state,
                                             boost::asio::ip::tcp::socket socket, bool implicit);

}  // namespace replycheck::mock::detail
