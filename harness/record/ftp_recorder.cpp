// The FTP recorder: a listener on `listen`, one proxied session per client (ftp_proxy), run on
// one thread of its own; the recorded sessions become the scenario file and the mock config.

#include <atomic>
#include <iostream>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>

#include <boost/asio.hpp>
#include <fmt/format.h>

#include "harness/record/ftp_proxy.hpp"
#include "harness/record/ftp_recording.hpp"
#include "harness/record/record_listener.hpp"
#include "harness/record/recorder.hpp"
#include "protocol/redactor.hpp"
#include "reports/writers.hpp"

namespace replycheck::record {

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

class ftp_recorder final : public recorder {
public:
    explicit ftp_recorder(record_options options) : options_(std::move(options)) {}
    ~ftp_recorder() override { stop(); }

    void start() override {
        const auto at = listen_endpoint(options_.listen);
        // Recording stays on loopback: the proxy opens passive data ports and relays whatever
        // its clients send, so it is not offered to other hosts (a wildcard address included).
        if (!at.address().is_loopback())
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "--listen " + options_.listen +
                                        ": the FTP recorder listens on loopback only (127.0.0.1:PORT, [::1]:PORT, localhost:PORT), "
                                        "since it opens passive data ports and relays whatever its clients send");
        boost::system::error_code ec;
        tcp::resolver resolver(io_);
        auto found = resolver.resolve(options_.upstream.host, std::to_string(options_.upstream.port), ec);
        if (ec || found.empty())
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "--to: cannot resolve " + options_.upstream.host + ": " + ec.message());
        settings_.upstream = found.begin()->endpoint();
        settings_.timeout = options_.timeout;
        if (options_.verbose) settings_.log = [](const std::string& line) { std::cerr << line << '\n'; };
        open_listener(acceptor_, at, options_.listen);
        bound_ = acceptor_.local_endpoint();
        asio::co_spawn(io_, accept_loop(), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }

    std::string listen_line() const override {
        return bound_.address().is_v6() ? fmt::format("ftp [{}]:{}", bound_.address().to_string(), bound_.port())
                                         : fmt::format("ftp {}:{}", bound_.address().to_string(), bound_.port());
    }

    bool done() const override { return options_.max != 0 && recorded_.load() >= options_.max; }

    void stop() override {
        if (!thread_.joinable()) return;
        // Idle sessions end at once (421); a command in flight (a transfer) gets one timeout in all
        // to finish, then is cut ("cut at stop").
        asio::post(io_, [this] {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            for (auto& s : open_) {
                s.control.stopping = true;
                if (!s.control.busy) s.client.cancel(ignored);
            }
            grace_.expires_after(options_.timeout);
            grace_.async_wait([this](boost::system::error_code ec) {
                if (ec) return;
                for (auto& s : open_) {
                    s.control.cut = true;
                    if (s.control.cut_now) s.control.cut_now();
                }
            });
        });
        // The grace, then the cut sessions' 421 (bounded by the timeout too); past that the loop is stopped.
        const auto deadline = std::chrono::steady_clock::now() + 2 * options_.timeout + std::chrono::seconds(1);
        while (active_.load() > 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        io_.stop();
        thread_.join();
    }

    record_outputs write_outputs() override {
        std::lock_guard lock(mutex_);
        record_outputs out;
        auto& lines = out.lines;
        // Nothing to replay and nothing to answer: neither file is written.
        if (sessions_.empty()) add_empty_lines(options_, out);
        ftp_emit_options emit;
        emit.upstream = options_.upstream.display();
        std::size_t commands = 0;
        for (const auto& s : sessions_) commands += s.commands.size();
        if (!options_.emit_scenarios.empty() && !sessions_.empty() &&
            write_output(options_.emit_scenarios, [&] {
                reports::write_file_atomically(options_.emit_scenarios, ftp_scenario_file(sessions_, emit));
            }, out)) {
            lines.push_back(fmt::format("wrote {} FTP session(s), {} command(s) to {}", sessions_.size(), commands,
                                        options_.emit_scenarios.string()));
        }
        if (!options_.emit_mock.empty() && !sessions_.empty() && write_mock_output(options_.emit_mock, [&] {
                // The mock serves a folder beside its file, holding only the folders the sessions went into.
                const auto root = mock_root_of(options_.emit_mock);
                emit.root = root.filename().string();
                emit.file_name = options_.emit_mock.filename().string();
                std::error_code ec;
                std::filesystem::create_directories(root, ec);
                for (const auto& folder : ftp_mock_folders(sessions_))
                    if (!ec) std::filesystem::create_directories(root / folder, ec);
                if (ec) throw std::runtime_error("cannot create the mock root " + root.string() + ": " + ec.message());
                reports::write_file_atomically(options_.emit_mock, ftp_mock_file(sessions_, emit));
            }, out)) {
            lines.push_back(fmt::format("wrote a mock answering {} FTP session(s) to {}", sessions_.size(),
                                        options_.emit_mock.string()));
        }
        add_note_lines(notes_, [](const std::string& line) { return protocol::mask_credentials(line); }, out);
        return out;
    }

private:
    struct open_session {
        explicit open_session(asio::io_context& io) : client(io), upstream(io) {}
        tcp::socket client, upstream;
        detail::ftp_session_control control;
    };

    asio::awaitable<void> accept_loop() {
        for (std::size_t id = 1;; ++id) {
            auto [ec, peer] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
            if (ec) continue;
            auto it = open_.emplace(open_.end(), io_);
            it->client = std::move(peer);
            ++active_;
            asio::co_spawn(io_, session(it, id), asio::detached);
        }
    }

    asio::awaitable<void> session(std::list<open_session>::iterator it, std::size_t id) {
        auto recorded = co_await detail::proxy_ftp_session(it->client, it->upstream, settings_, id, it->control);
        boost::system::error_code ignored;
        it->client.close(ignored);
        it->upstream.close(ignored);
        open_.erase(it);
        {
            // Every session's notes reach the console, a session with nothing to replay (it never
            // got the server's greeting) or one past --max included; the files hold the kept ones'.
            std::lock_guard lock(mutex_);
            for (const auto& note : recorded.notes) notes_.push_back(fmt::format("ftp {}: {}", id, note));
            if (!recorded.commands.empty()) {
                if (options_.max == 0 || recorded_.load() < options_.max) {
                    sessions_.push_back(std::move(recorded));
                    ++recorded_;
                } else {
                    notes_.push_back(fmt::format("ftp {}: past --max, not recorded", id));
                }
            }
        }
        if (done()) {
            acceptor_.close(ignored);
        }
        --active_;
    }

    record_options options_;
    detail::ftp_proxy_settings settings_;
    asio::io_context io_;
    tcp::acceptor acceptor_{io_};
    asio::steady_timer grace_{io_};
    tcp::endpoint bound_;
    std::thread thread_;
    std::list<open_session> open_;   // touched on the io thread only
    std::atomic<std::size_t> active_{0}, recorded_{0};
    std::mutex mutex_;
    std::vector<recorded_ftp_session> sessions_;
    std::vector<std::string> notes_;   // "ftp N: what", for the console
};

}  // namespace

std::unique_ptr<recorder> make_ftp_recorder(record_options options) {
    return std::make_unique<ftp_recorder>(std::move(options));
}

}  // namespace replycheck::record
