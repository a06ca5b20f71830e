// Transfers of the mock FTP server: RETR, STOR/STOU/APPE and the listings LIST/NLST/MLSD
// (RFC 959 §4.1.3, RFC 3659 §7), with TYPE A conversion, REST offsets, the upload quota,
// ABOR while the data moves, and the scripted data-connection faults of ftp_script.

#include <algorithm>
#include <limits>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "mockserver/ftp/ftp_control_session.hpp"
#include "mockserver/ftp/ftp_deadline_io.hpp"
#include "mockserver/ftp/ftp_listing.hpp"
#include "mockserver/ftp/ftp_reply_text.hpp"
#include "protocol/wire/ftp_ascii.hpp"

namespace replycheck::mock::detail {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr std::size_t chunk_size = 64 * 1024;
}  // namespace

std::chrono::milliseconds ftp_control_session::close_notify_timeout() const {
    return std::min<std::chrono::milliseconds>(config_.limits.data_timeout, std::chrono::seconds(2));
}

// ---- the commands --------------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::cmd_retr(const ftp_command& command) {
    if (command.argument.empty()) co_return co_await reply(501, "RETR needs a file name.");
    // A script that gives the bytes serves them whether or not the file exists (a mock that
    // answers a logged 226 RETR without the server's files).
    if (script_ && script_->data_bytes)
        co_return co_await download(std::nullopt, {}, 0, "Opening BINARY mode data connection.");
    auto where = resolve(command.argument);
    // A FIFO, device or socket is never opened: 550 like a missing file.
    if (where.status != ftp_path_status::ok || !where.regular)
        co_return co_await reply(550, "Failed to open file.");
    std::error_code ec;
    const auto size = fs::file_size(where.real, ec);
    {
        std::ifstream probe;
        if (!ec && ftp_file_view::is_plain_file(where.real)) probe.open(where.real, std::ios::binary);
        if (ec || !probe.is_open()) co_return co_await reply(550, "Failed to open file.");
    }
    // RFC 3659 §5.3: a restart marker beyond the end of the file is refused with 554.
    if (rest_ > size) co_return co_await reply(554, "Restart position beyond end of file.");
    std::string text = std::string("Opening ") + (binary_ ? "BINARY" : "ASCII") +
                       " mode data connection for " + where.real.filename().string() + " (" +
                       std::to_string(size) + " bytes).";
    co_return co_await download(where.real, {}, rest_, std::move(text));
}

asio::awaitable<bool> ftp_control_session::cmd_list(const ftp_command& command) {
    const auto& verb = command.verb;
    // LIST/NLST accept ls-style options ("-la"); they select nothing here.
    std::string_view path = command.argument;
    while (!path.empty() && path.front() == '-') {
        auto space = path.find(' ');
        path = space == std::string_view::npos ? std::string_view() : path.substr(space + 1);
        while (!path.empty() && path.front() == ' ') path.remove_prefix(1);
    }
    if (script_ && script_->data_bytes)
        co_return co_await download(std::nullopt, {}, 0, "Here comes the directory listing.");
    auto where = resolve(path);
    if (where.status != ftp_path_status::ok || !where.exists)
        co_return co_await reply(550, "No such file or directory.");
    // RFC 3659 §7.2: MLSD of something that is not a folder is 501.
    if (verb == "MLSD" && !where.directory) co_return co_await reply(501, "MLSD needs a directory.");
    const auto& files = state_->files;
    std::vector<ftp_entry_info> entries =
        where.directory ? files.list_dir(where.real)
                        : std::vector{files.info_of(where.real, where.real.filename().string())};
    const auto now = std::chrono::system_clock::now();
    std::string listing;
    for (const auto& entry : entries) {
        if (verb == "NLST")
            listing += entry.name;
        else if (verb == "MLSD")
            listing += format_mlsx_line(entry, entry.name);
        else if (config_.flavour == ftp_flavour::iis)
            listing += format_dos_list_line(entry);
        else
            listing += format_unix_list_line(entry, now);
        listing += "\r\n";
    }
    co_return co_await download(std::nullopt, std::move(listing), 0,
                                "Here comes the directory listing.");
}

asio::awaitable<bool> ftp_control_session::cmd_store(const ftp_command& command) {
    const auto& verb = command.verb;
    const auto& arg = command.argument;
    if (verb != "STOU" && arg.empty()) co_return co_await reply(501, verb + " needs a file name.");
    ftp_target where;
    if (verb == "STOU") {
        // RFC 959 §4.1.3 STOU: the server picks a unique name in the current folder.
        for (int i = 0; i < 1000; ++i) {
            auto candidate = resolve((arg.empty() ? std::string("stou") : arg) + "." +
                                         std::to_string(id_) + "." + std::to_string(i),
                                     true);
            if (candidate.status != ftp_path_status::ok || !candidate.exists) {
                where = candidate;
                break;
            }
        }
    } else {
        where = resolve(arg, true);
    }
    if (where.status == ftp_path_status::bad_name || where.virtual_path == "/")
        co_return co_await reply(553, "Requested action not taken. File name not allowed.");
    if (!config_.writable) co_return co_await reply(550, "Permission denied.");
    std::error_code ec;
    if (!where.inside || where.directory || !fs::is_directory(where.real.parent_path(), ec))
        co_return co_await reply(553, "Could not create file.");
    // Writing into a FIFO would block the session's thread, into a device would reach past the root.
    if (where.exists && !where.regular) co_return co_await reply(550, "Not a plain file.");
    const auto name = where.real.filename().string();
    if (verb == "STOU")
        co_return co_await upload(where, std::ios::binary | std::ios::trunc | std::ios::out, 0,
                                  "FILE: " + name,
                                  "Transfer complete (unique file name: " + name + ").");
    if (verb == "APPE")
        co_return co_await upload(where, std::ios::binary | std::ios::app | std::ios::out, 0,
                                  "Ok to send data.", "Transfer complete.");
    if (rest_ > 0) {
        if (!where.exists || fs::file_size(where.real, ec) < rest_)
            co_return co_await reply(554, "Restart position beyond end of file.");
        co_return co_await upload(where, std::ios::binary | std::ios::in | std::ios::out, rest_,
                                  "Ok to send data.", "Transfer complete.");
    }
    co_return co_await upload(where, std::ios::binary | std::ios::trunc | std::ios::out, 0,
                              "Ok to send data.", "Transfer complete.");
}

// ---- downloads -----------------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::download(std::optional<fs::path> file,
                                                    std::string listing, std::uint64_t offset,
                                                    std::string preliminary_text) {
    if (data_needs_tls()) {
        // RFC 4217 §9 / §10: the policy wants PROT P; refused before any data connection.
        data_.drop();
        co_return co_await reply_line(config_.data_tls_reply);
    }
    if (script_ && script_->data == ftp_data_action::never_open) co_return co_await never_open();
    auto socket = co_await data_.open(peer_address_, local_address_, config_.limits.data_timeout);
    if (!socket) co_return co_await reply(425, "Failed to establish data connection.");
    tls::tls_stream data(std::move(*socket));
    std::string held;
    if (!co_await announce_transfer(preliminary_text, held)) co_return false;
    if (prot_private_)
        if (auto ended = co_await open_data_tls(data, held)) co_return *ended;
    auto outcome = co_await (send_payload(data, std::move(file), listing, offset) || watch_control());
    co_return co_await finish_transfer(data, std::move(outcome), held, "Transfer complete.");
}

asio::awaitable<ftp_control_session::transfer_end> ftp_control_session::send_payload(
    tls::tls_stream& data, std::optional<fs::path> file, const std::string& listing,
    std::uint64_t offset) {
    const auto timeout = config_.limits.data_timeout;
    const ftp_data_action action = script_ ? script_->data : ftp_data_action::normal;
    const bool scripted_bytes = script_ && script_->data_bytes.has_value();
    std::ifstream in;
    std::string_view memory;
    if (scripted_bytes) {
        memory = *script_->data_bytes;
    } else if (file) {
        if (!ftp_file_view::is_plain_file(*file)) co_return transfer_end::failed;   // replaced meanwhile
        in.open(*file, std::ios::binary);
        if (!in) co_return transfer_end::failed;
        in.seekg(static_cast<std::streamoff>(offset));
    } else {
        memory = listing;
    }
    const bool from_file = file && !scripted_bytes;
    const bool ascii = from_file && !binary_;

    std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
    if (action == ftp_data_action::close_early || action == ftp_data_action::reset)
        limit = script_->close_after;
    std::size_t piece = chunk_size;
    if (action == ftp_data_action::send_slowly) piece = std::max<std::size_t>(1, script_->slow_chunk);

    std::vector<char> buffer(chunk_size);
    std::string converted;
    protocol::ftp_ascii_encoder encoder;
    std::uint64_t sent = 0;
    std::size_t memory_pos = 0;
    while (sent < limit) {
        std::size_t want = static_cast<std::size_t>(
            std::min<std::uint64_t>(std::min<std::size_t>(piece, buffer.size()), limit - sent));
        std::string_view chunk;
        if (from_file) {
            in.read(buffer.data(), static_cast<std::streamsize>(want));
            auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0) break;
            chunk = std::string_view(buffer.data(), got);
            if (ascii) {
                // TYPE A (RFC 959 §3.1.1.1): NVT-ASCII lines end with CRLF on the wire.
                converted.clear();
                encoder.encode(chunk, converted);
                chunk = converted;
            }
        } else {
            if (memory_pos >= memory.size()) break;
            chunk = memory.substr(memory_pos, want);
            memory_pos += chunk.size();
        }
        auto ec = co_await write_for(data, asio::buffer(chunk.data(), chunk.size()), timeout);
        if (ec) co_return transfer_end::failed;
        sent += chunk.size();
        if (action == ftp_data_action::send_slowly) co_await sleep_for(script_->slow_interval);
    }
    if (action == ftp_data_action::reset) co_return transfer_end::reset;
    if (action == ftp_data_action::close_early) co_return transfer_end::closed_early;
    co_return transfer_end::complete;
}

// ---- uploads -------------------------------------------------------------------------------

asio::awaitable<bool> ftp_control_session::upload(const ftp_target& where, std::ios::openmode mode,
                                                  std::uint64_t offset, std::string preliminary_text,
                                                  std::string final_text) {
    if (data_needs_tls()) {
        data_.drop();   // RFC 4217 §9: the policy wants PROT P
        co_return co_await reply_line(config_.data_tls_reply);
    }
    std::uint64_t budget = std::numeric_limits<std::uint64_t>::max();
    if (config_.limits.quota_bytes > 0) {
        auto used = state_->files.used_bytes();
        if (used >= config_.limits.quota_bytes) {
            if (config_.limits.quota_code == 452)
                co_return co_await reply(452, "Insufficient storage space.");
            co_return co_await reply(552, "Requested file action aborted. Exceeded storage allocation.");
        }
        budget = config_.limits.quota_bytes - used;
    }
    if (script_ && script_->data == ftp_data_action::never_open) co_return co_await never_open();
    auto socket = co_await data_.open(peer_address_, local_address_, config_.limits.data_timeout);
    if (!socket) co_return co_await reply(425, "Failed to establish data connection.");
    tls::tls_stream data(std::move(*socket));
    std::error_code fec;
    if (offset > 0) {
        // REST before STOR (RFC 3659 §5.5): continue writing at the marker.
        if (fs::exists(where.real, fec) && fs::file_size(where.real, fec) > offset)
            fs::resize_file(where.real, offset, fec);
    }
    std::ofstream out;
    // Replaced by a FIFO or device since the command was checked: not opened.
    if (!fs::exists(where.real, fec) || ftp_file_view::is_plain_file(where.real)) out.open(where.real, mode);
    if (offset > 0) out.seekp(static_cast<std::streamoff>(offset));
    if (!out) {
        close_data(data.socket(), false);
        co_return co_await reply(553, "Could not create file.");
    }
    std::string held;
    if (!co_await announce_transfer(preliminary_text, held)) co_return false;
    if (prot_private_)
        if (auto ended = co_await open_data_tls(data, held)) co_return *ended;
    auto outcome = co_await (receive_payload(data, out, budget) || watch_control());
    out.close();
    co_return co_await finish_transfer(data, std::move(outcome), held, final_text);
}

asio::awaitable<ftp_control_session::transfer_end> ftp_control_session::receive_payload(
    tls::tls_stream& data, std::ofstream& out, std::uint64_t budget) {
    const auto timeout = config_.limits.data_timeout;
    const ftp_data_action action = script_ ? script_->data : ftp_data_action::normal;
    std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
    if (action == ftp_data_action::close_early || action == ftp_data_action::reset)
        limit = script_->close_after;
    std::vector<char> buffer(chunk_size);
    std::string converted;
    protocol::ftp_ascii_decoder decoder;
    std::uint64_t received = 0;
    while (received < limit) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), limit - received));
        if (want == 0) break;
        auto [ec, n] = co_await read_some_for(data, asio::buffer(buffer.data(), want), timeout);
        // The end of an upload: FIN, or close_notify under TLS. A TLS peer that only closes TCP
        // (stream_truncated) is taken as done too, as vsftpd and most servers do.
        if (ec == asio::error::eof || (data.secured() && ec == asio::ssl::error::stream_truncated)) break;
        if (ec) co_return transfer_end::failed;
        received += n;
        bool over = received > budget;
        if (over) n -= static_cast<std::size_t>(received - budget);   // keep what fits
        if (binary_) {
            out.write(buffer.data(), static_cast<std::streamsize>(n));
        } else {
            // TYPE A: CRLF on the wire becomes LF in the stored file.
            converted.clear();
            decoder.decode(std::string_view(buffer.data(), n), converted);
            out.write(converted.data(), static_cast<std::streamsize>(converted.size()));
        }
        if (!out) co_return transfer_end::failed;
        if (over) co_return transfer_end::quota;
    }
    converted.clear();
    decoder.finish(converted);
    out.write(converted.data(), static_cast<std::streamsize>(converted.size()));
    if (action == ftp_data_action::reset) co_return transfer_end::reset;
    if (action == ftp_data_action::close_early) co_return transfer_end::closed_early;
    co_return transfer_end::complete;
}

// ---- what every transfer shares ------------------------------------------------------------

// Reads the control connection while a transfer runs: ABOR ends the transfer
// (RFC 959 §4.1.3); other commands wait until the transfer is over.
asio::awaitable<ftp_control_session::watch_end> ftp_control_session::watch_control() {
    while (true) {
        while (!lines_.has_line()) {
            auto [ec, n] = co_await read_some_for(control_, asio::buffer(read_buffer_),
                                                  config_.limits.idle_timeout);
            if (ec == asio::error::timed_out) continue;
            if (ec) co_return watch_end::control_closed;
            lines_.append(std::string_view(read_buffer_.data(), n));
        }
        auto line = lines_.next();
        if (!line) continue;
        // A scripted ABOR is not honoured during the transfer (as vsftpd without
        // async_abor_enable): it waits, and its script answers it after the transfer.
        const auto command = parse_ftp_command(line->text);
        const bool abort = !line->too_long && command.verb == "ABOR" &&
                           !state_->scripts.has_script_for(command.verb, command.argument);
        // ABOR stays queued too: when the transfer ends first it wins the race, and the ABOR
        // is then answered as a command of its own (finish_transfer drops it when it aborted).
        deferred_.push_back(std::move(*line));
        if (abort) co_return watch_end::abort;
    }
}

// Scripted fault: the data connection is never accepted or made.
asio::awaitable<bool> ftp_control_session::never_open() {
    data_.drop();
    if (script_->data_fail_code == 0) {
        std::vector<std::string> lines = script_->preliminary;
        if (lines.empty()) lines.push_back("150 Opening data connection.");
        co_return co_await reply_lines(lines);
    }
    if (!script_->preliminary.empty()) co_await reply_lines(script_->preliminary);
    if (!script_->final_reply.empty()) {
        co_await reply_lines(script_->final_reply);
    } else if (script_->data_fail_code == 421) {
        co_await reply(421, "Service not available, closing control connection.");
    } else {
        co_await reply(425, "Can't open data connection.");
    }
    co_return script_->data_fail_code != 421;
}

// The preliminary reply of a transfer (RFC 959 §5.4: 125/150 before the data moves): a scripted
// one, or "150 <text>"; held back in `held` when a script sends it together with the final reply.
// False when the control connection failed.
asio::awaitable<bool> ftp_control_session::announce_transfer(const std::string& preliminary_text,
                                                             std::string& held) {
    if (script_ && script_->combine_replies) {
        held = script_->preliminary.empty() ? render({"150 " + ftp_reply_safe(preliminary_text)})
                                          : render(script_->preliminary);
        co_return true;
    }
    if (script_ && !script_->preliminary.empty()) co_return co_await reply_lines(script_->preliminary);
    co_return co_await reply(150, preliminary_text);
}

// Ends a transfer from the outcome of the race between the data connection and the control
// connection: closes the data connection, then sends the final reply (or 426 + 226 on ABOR).
asio::awaitable<bool> ftp_control_session::finish_transfer(tls::tls_stream& data,
                                                           transfer_outcome outcome,
                                                           std::string held_preliminary,
                                                           std::string final_text) {
    transfer_end end = transfer_end::failed;
    bool aborted = false, control_closed = false;
    if (outcome.index() == 0) {
        end = std::get<0>(outcome);
    } else {
        aborted = std::get<1>(outcome) == watch_end::abort;
        control_closed = !aborted;
    }
    const bool reset = end == transfer_end::reset || aborted;
    // Under TLS a normal end is close_notify first, so the client knows the data is whole
    // (RFC 4217 §9, RFC 8446 §6.1); a reset or abort sends none.
    if (!reset && data.secured()) co_await data.close_notify(close_notify_timeout());
    close_data(data.socket(), reset);
    if (control_closed) co_return false;
    if (aborted) {
        deferred_.pop_back();   // the ABOR that watch_control queued last is answered here
        // RFC 959 §4.1.3 ABOR: 426 for the interrupted command, then 226 for ABOR itself.
        script_ = nullptr;
        co_await reply(426, "Connection closed; transfer aborted.");
        // The journal shows the transfer command with its 426, then ABOR with its 226.
        journal_sequence_ = record("ABOR", "");
        co_return co_await reply(226, "Abort successful.");
    }
    std::vector<std::string> final_lines;
    if (script_ && !script_->final_reply.empty()) {
        final_lines = script_->final_reply;
    } else {
        switch (end) {
            case transfer_end::complete:
            case transfer_end::closed_early:
                final_lines = {"226 " + ftp_reply_safe(final_text)};
                break;
            case transfer_end::failed:
            case transfer_end::reset:
                final_lines = {"426 Connection closed; transfer aborted."};
                break;
            case transfer_end::quota:
                final_lines = {config_.limits.quota_code == 452
                                   ? "452 Insufficient storage space."
                                   : "552 Requested file action aborted. Exceeded storage allocation."};
                break;
        }
    }
    if (!held_preliminary.empty()) {
        // Scripted: the 1yz and the final reply leave in one write.
        last_code_ = ftp_reply_code(final_lines.back());
        co_return co_await send_raw(held_preliminary + render(final_lines));
    }
    co_return co_await reply_lines(final_lines);
}

}  // namespace replycheck::mock::detail
