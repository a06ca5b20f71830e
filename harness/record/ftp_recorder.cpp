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
#include "harness/record/recorder.hpp"
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
        std::string error;
        auto listen = protocol::parse_host_port(options_.listen, error);
        if (!listen) throw std::system_error(std::make_error_code(std::errc::invalid_argument), "--listen: " + error);
        boost::system::error_code ec;
        auto listen_address = asio::ip::make_address(listen->host, ec);
        // Recording stays on loopback: the proxy opens passive data ports and relays whatever
        // its clients send, so it is not offered to other hosts (a wildcard address included).
        if (ec || !listen_address.is_loopback())
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "--listen " + options_.listen +
                                        ": the FTP recorder listens on loopback only (127.0.0.1:PORT or [::1]:PORT), "
                                        "since it opens passive data ports and relays whatever its clients send");
        tcp::resolver resolver(io_);
        auto found = resolver.resolve(options_.upstream.host, std::to_string(options_.upstream.port), ec);
        if (ec || found.empty())
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "--to: cannot resolve " + options_.upstream.host + ": " + ec.message());
        settings_.upstream = found.begin()->endpoint();
        settings_.timeout = options_.timeout;
        if (options_.verbose) settings_.log = [](const std::string& line) { std::cerr << line << '\n'; };
        tcp::endpoint at(listen_address, listen->port);
        acceptor_.open(at.protocol());
        acceptor_.set_option(tcp::acceptor::reuse_address(true));
        acceptor_.bind(at);
        acceptor_.listen();
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
        asio::post(io_, [this] {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            for (auto& s : open_) {
                s.client.close(ignored);
                s.upstream.close(ignored);
            }
        });
        // Sessions end once their sockets close; a data relay still waiting is bounded by the
        // timeout, past which the loop is stopped.
        const auto deadline = std::chrono::steady_clock::now() + options_.timeout + std::chrono::seconds(1);
        while (active_.load() > 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        io_.stop();
        thread_.join();
    }

    record_outputs write_outputs() override {
        std::lock_guard lock(mutex_);
        record_outputs out;
        auto& lines = out.lines;
        ftp_emit_options emit;
        emit.upstream = options_.upstream.display();
        std::size_t commands = 0;
        for (const auto& s : sessions_) commands += s.commands.size();
        if (!options_.emit_scenarios.empty() &&
            write_output(options_.emit_scenarios, [&] {
                reports::write_file_atomically(options_.emit_scenarios, ftp_scenario_file(sessions_, emit));
            }, out)) {
            lines.push_back(fmt::format("wrote {} FTP session(s), {} command(s) to {}", sessions_.size(), commands,
                                        options_.emit_scenarios.string()));
        }
        if (!options_.emit_mock.empty() && write_output(options_.emit_mock, [&] {
                // The mock serves a folder beside its file, holding only the folders the sessions went into.
                emit.root = options_.emit_mock.stem().string() + "-root";
                emit.file_name = options_.emit_mock.filename().string();
                std::error_code ec;
                const auto root = options_.emit_mock.parent_path() / emit.root;
                std::filesystem::create_directories(root, ec);
                for (const auto& folder : ftp_mock_folders(sessions_))
                    if (!ec) std::filesystem::create_directories(root / folder, ec);
                if (ec) throw std::runtime_error("cannot create the mock root " + root.string() + ": " + ec.message());
                reports::write_file_atomically(options_.emit_mock, ftp_mock_file(sessions_, emit));
            }, out)) {
            lines.push_back(fmt::format("wrote a mock answering {} FTP session(s) to {}", sessions_.size(),
                                        options_.emit_mock.string()));
        }
        return out;
    }

private:
    struct open_session {
        explicit open_session(asio::io_context& io) : client(io), upstream(io) {}
        tcp::socket client, upstream;
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
        auto recorded = co_await detail::proxy_ftp_session(it->client, it->upstream, settings_, id);
        boost::system::error_code ignored;
        it->client.close(ignored);
        it->upstream.close(ignored);
        open_.erase(it);
        // A session that never reached the server's greeting has nothing to replay.
        if (!recorded.commands.empty() && (options_.max == 0 || recorded_.load() < options_.max)) {
            std::lock_guard lock(mutex_);
            sessions_.push_back(std::move(recorded));
            ++recorded_;
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
    tcp::endpoint bound_;
    std::thread thread_;
    std::list<open_session> open_;   // touched on the io thread only
    std::atomic<std::size_t> active_{0}, recorded_{0};
    std::mutex mutex_;
    std::vector<recorded_ftp_session> sessions_;
};

}  // namespace

std::unique_ptr<recorder> make_ftp_recorder(record_options options) {
    return std::make_unique<ftp_recorder>(std::move(options));
}

}  // namespace replycheck::record
