#pragma once
// One control connection of the mock FTP server (internal): the state machine of RFC 959
// §5.4 with its replies, commands and transfers. Its member functions are defined in
// ftp_session.cpp (loop, replies, dispatch), ftp_commands.cpp (login, paths, information),
// ftp_transfer.cpp (RETR, STOR, listings), ftp_data_channel.cpp (PASV, EPSV, PORT, EPRT) and
// ftp_security.cpp (AUTH TLS, PBSZ, PROT, CCC and the TLS policies, RFC 4217).

#include <array>
#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "mockserver/ftp/ftp_command_line.hpp"
#include "mockserver/ftp/ftp_data_channel.hpp"
#include "mockserver/ftp/ftp_file_view.hpp"
#include "mockserver/ftp/ftp_session.hpp"
#include "mockserver/tls/tls_settings.hpp"
#include "mockserver/tls/tls_stream.hpp"

namespace replycheck::mock::detail {

/// Serves one accepted control connection; lives on one thread's io_context.
class ftp_control_session {
public:
    /// `implicit`: the connection came to the implicit FTPS listener (TLS from the first byte).
    ftp_control_session(std::shared_ptr<ftp_server_state> state,
                        boost::asio::ip::tcp::socket socket, bool implicit);

    /// Greeting, then commands until QUIT, a timeout, a fault or shutdown.
    boost::asio::awaitable<void> run();

    // -- command handlers (ftp_command_table.cpp lists them) --
    using awaitable_bool = boost::asio::awaitable<bool>;
    awaitable_bool cmd_user(const ftp_command& command);
    awaitable_bool cmd_pass(const ftp_command& command);
    awaitable_bool cmd_acct(const ftp_command& command);
    awaitable_bool cmd_quit(const ftp_command& command);
    awaitable_bool cmd_rein(const ftp_command& command);
    awaitable_bool cmd_host(const ftp_command& command);
    awaitable_bool cmd_noop(const ftp_command& command);
    awaitable_bool cmd_syst(const ftp_command& command);
    awaitable_bool cmd_feat(const ftp_command& command);
    awaitable_bool cmd_opts(const ftp_command& command);
    awaitable_bool cmd_help(const ftp_command& command);
    awaitable_bool cmd_cwd(const ftp_command& command);
    awaitable_bool cmd_cdup(const ftp_command& command);
    awaitable_bool cmd_pwd(const ftp_command& command);
    awaitable_bool cmd_mkd(const ftp_command& command);
    awaitable_bool cmd_rmd(const ftp_command& command);
    awaitable_bool cmd_dele(const ftp_command& command);
    awaitable_bool cmd_rnfr(const ftp_command& command);
    awaitable_bool cmd_rnto(const ftp_command& command);
    awaitable_bool cmd_rest(const ftp_command& command);
    awaitable_bool cmd_abor(const ftp_command& command);
    awaitable_bool cmd_type(const ftp_command& command);
    awaitable_bool cmd_mode(const ftp_command& command);
    awaitable_bool cmd_stru(const ftp_command& command);
    awaitable_bool cmd_stat(const ftp_command& command);
    awaitable_bool cmd_site(const ftp_command& command);
    awaitable_bool cmd_allo(const ftp_command& command);
    awaitable_bool cmd_mlst(const ftp_command& command);
    awaitable_bool cmd_size_mdtm(const ftp_command& command);
    awaitable_bool cmd_retr(const ftp_command& command);
    awaitable_bool cmd_store(const ftp_command& command);
    awaitable_bool cmd_list(const ftp_command& command);
    awaitable_bool cmd_pasv(const ftp_command& command);
    awaitable_bool cmd_epsv(const ftp_command& command);
    awaitable_bool cmd_port(const ftp_command& command);
    awaitable_bool cmd_auth(const ftp_command& command);
    awaitable_bool cmd_pbsz(const ftp_command& command);
    awaitable_bool cmd_prot(const ftp_command& command);
    awaitable_bool cmd_ccc(const ftp_command& command);

private:
    enum class transfer_end { complete, failed, closed_early, reset, quota };
    enum class watch_end { abort, control_closed };
    using transfer_outcome = std::variant<transfer_end, watch_end>;

    // -- replies (ftp_session.cpp) --
    awaitable_bool send_raw(const std::string& bytes);
    awaitable_bool reply(int code, std::string_view text);
    awaitable_bool reply_lines(const std::vector<std::string>& lines);
    awaitable_bool reply_line(std::string line);   // one configured "NNN text" line
    awaitable_bool reply_multiline(int code, std::string_view first,
                                   const std::vector<std::string>& inner, std::string_view last);
    std::string render(const std::vector<std::string>& lines) const;
    std::string_view line_end() const;

    // -- control input and dispatch (ftp_session.cpp) --
    boost::asio::awaitable<std::optional<ftp_line>> next_line();
    awaitable_bool handle(const ftp_command& command);
    awaitable_bool dispatch(const ftp_command& command);
    void reinitialize();
    std::uint64_t record(std::string verb, std::string argument);

    // -- TLS (ftp_security.cpp) --
    boost::asio::awaitable<bool> start_control_tls(tls::tls_entry entry);
    boost::asio::awaitable<void> close_control();
    std::chrono::milliseconds close_notify_timeout() const;
    bool login_needs_tls(const std::string& name) const;
    bool data_needs_tls() const;
    boost::asio::awaitable<std::optional<bool>> open_data_tls(tls::tls_stream& data, std::string& held);
    ftp_target resolve(std::string_view argument, bool for_write = false) const;

    // -- transfers (ftp_transfer.cpp) --
    awaitable_bool open_passive(bool extended);   // (ftp_data_channel.cpp)
    boost::asio::awaitable<watch_end> watch_control();
    awaitable_bool never_open();
    awaitable_bool download(std::optional<std::filesystem::path> file, std::string listing,
                            std::uint64_t offset, std::string preliminary_text);
    boost::asio::awaitable<transfer_end> send_payload(tls::tls_stream& data,
                                                      std::optional<std::filesystem::path> file,
                                                      const std::string& listing,
                                                      std::uint64_t offset);
    awaitable_bool upload(const ftp_target& where, std::ios::openmode mode, std::uint64_t offset,
                          std::string preliminary_text, std::string final_text);
    boost::asio::awaitable<transfer_end> receive_payload(tls::tls_stream& data,
                                                         std::ofstream& out, std::uint64_t budget);
    awaitable_bool announce_transfer(const std::string& preliminary_text, std::string& held);
    awaitable_bool finish_transfer(tls::tls_stream& data, transfer_outcome outcome,
                                   std::string held_preliminary, std::string final_text);

    std::shared_ptr<ftp_server_state> state_;
    const ftp_mock_config& config_;
    tls::tls_stream control_;                // plain until AUTH TLS (or TLS from accept)
    ftp_line_buffer lines_;
    std::deque<ftp_line> deferred_;          // lines received during a transfer
    std::array<char, 8192> read_buffer_{};
    std::uint64_t id_ = 0;
    boost::asio::ip::address peer_address_;
    boost::asio::ip::address local_address_;

    // state machine
    std::optional<std::string> pending_user_;  // USER seen, PASS awaited
    bool pending_anonymous_ = false;
    std::string user_;                         // logged-in user; empty = not logged in
    bool logged_in_ = false;
    std::string cwd_ = "/";
    bool binary_ = false;                      // TYPE I (RFC 959 default is A)
    std::uint64_t rest_ = 0;
    std::optional<std::string> rename_from_;   // virtual path from RNFR
    bool rename_armed_ = false;                // RNFR was the previous command
    bool epsv_all_ = false;                    // RFC 2428 §4
    bool implicit_ = false;                    // accepted on the implicit FTPS listener
    bool pbsz_ = false;                        // PBSZ seen on the protected connection (RFC 4217 §8)
    bool prot_private_ = false;                // PROT P in effect (RFC 4217 §9); C is the default
    std::shared_ptr<const ftp_journal_tls> journal_tls_;   // the control TLS, for the journal
    ftp_data_channel data_;

    // per command
    std::shared_ptr<const ftp_script> script_;   // kept alive even if removed meanwhile
    int last_code_ = 0;
    std::optional<std::uint64_t> journal_sequence_;  // journal entry of the current command
};

}  // namespace replycheck::mock::detail
