// The HTTP recorder: a listener on `listen`, one thread per client connection (each with its
// own upstream connection, http_proxy.cpp), the recording they fill, and the files written from it.

#include <atomic>
#include <iostream>
#include <list>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include "harness/clients/socket_stream.hpp"
#include "harness/record/http_exchange.hpp"
#include "harness/record/http_proxy.hpp"
#include "harness/record/record_listener.hpp"
#include "harness/record/recorder.hpp"
#include "protocol/redactor.hpp"
#include "protocol/utf8.hpp"
#include "reports/writers.hpp"

namespace replycheck::record {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

// Client connections served at once; more wait in the listen queue.
constexpr std::size_t max_connections = 64;

class http_recorder final : public recorder {
public:
    explicit http_recorder(record_options options) : options_(std::move(options)) {
        auto origin = options_.upstream;
        origin.user.reset();
        origin.password.reset();
        origin.target.clear();
        recording_.upstream_origin = origin.display();
        sink_.exchange = [this](http_recorded_exchange x) { on_exchange(std::move(x)); };
        sink_.note = [this](std::string text) { on_note(std::move(text)); };
        sink_.stopping = [this] { return stopping_.load(); };
        sink_.cut_at = [this] { return steady::time_point(steady::duration(cut_at_.load())); };
    }

    ~http_recorder() override { stop(); }

    void start() override {
        open_listener(acceptor_, listen_endpoint(options_.listen), options_.listen);
        auto bound = acceptor_.local_endpoint();
        // A wildcard address is not one to dial: the line names the loopback address of its family.
        if (bound.address().is_unspecified())
            bound.address(bound.address().is_v4() ? asio::ip::address(asio::ip::address_v4::loopback())
                                                  : asio::ip::address(asio::ip::address_v6::loopback()));
        listen_line_ = "http " + harness::detail::format_endpoint(bound);
        listener_ = std::thread([this] { accept_loop(); });
    }

    std::string listen_line() const override { return listen_line_; }

    bool done() const override { return options_.max != 0 && recorded_.load() >= options_.max; }

    void stop() override {
        if (stopping_) return;
        // Exchanges in flight get one timeout in all, then their sockets are closed (cut at stop).
        cut_at_ = (steady::now() + options_.timeout).time_since_epoch().count();
        stopping_ = true;
        if (listener_.joinable()) listener_.join();
        // Each connection ends within that timeout: idle ones at once, busy ones at the cut-off.
        std::list<std::thread> threads;
        {
            std::lock_guard lock(threads_mutex_);
            threads.swap(threads_);
        }
        for (auto& t : threads) t.join();
    }

    record_outputs write_outputs() override {
        std::lock_guard lock(mutex_);
        record_outputs out;
        std::vector<std::string> mock_notes;   // what the mock cannot answer as recorded
        // Nothing to replay and nothing to answer: neither file is written.
        if (recording_.exchanges.empty()) add_empty_lines(options_, out);
        if (!options_.emit_scenarios.empty() && !recording_.exchanges.empty()) {
            const auto& file = options_.emit_scenarios;
            if (write_output(file, [&] { reports::write_file_atomically(file, http_scenario_text(recording_)); }, out))
                out.lines.push_back(fmt::format("wrote {} step(s) to {}", recording_.exchanges.size(), file.string()));
        }
        if (!options_.emit_mock.empty() && !recording_.exchanges.empty()) {
            const auto& file = options_.emit_mock;
            std::size_t answered = 0;
            if (write_mock_output(file, [&] { answered = write_http_mock(file, recording_, &mock_notes); }, out))
                out.lines.push_back(fmt::format("wrote a mock answering {} recorded exchange(s) to {}", answered, file.string()));
        }
        const auto mask = [this](const std::string& line) { return redactor_.apply(line); };
        add_note_lines(recording_.notes, mask, out);
        add_note_lines(mock_notes, mask, out);
        return out;
    }

private:
    void accept_loop() {
        bool pending = false;
        while (!stopping_) {
            if (!pending) {
                pending = true;
                acceptor_.async_accept([this, &pending](boost::system::error_code ec, tcp::socket socket) {
                    pending = false;
                    if (!ec) serve(std::move(socket));
                });
            }
            harness::detail::run_until(io_, [&] { return !pending || stopping_.load(); },
                                       steady::now() + std::chrono::milliseconds(200));
        }
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        harness::detail::run_until(io_, [&] { return !pending; }, steady::now() + std::chrono::seconds(1));
    }

    void serve(tcp::socket socket) {
        std::lock_guard lock(threads_mutex_);
        // Finished connection threads are joined here, so the list stays short.
        for (auto it = threads_.begin(); it != threads_.end();) {
            if (finished_.count(it->get_id())) {
                finished_.erase(it->get_id());
                it->join();
                it = threads_.erase(it);
            } else {
                ++it;
            }
        }
        if (threads_.size() >= max_connections || stopping_) {
            on_note("too many client connections at once; one was closed");
            return;
        }
        const auto protocol = socket.local_endpoint().protocol();
        const auto fd = socket.release();
        const auto id = ++connections_;
        threads_.emplace_back([this, protocol, fd, id] {
            serve_http_client(protocol, fd, id, options_, sink_);
            std::lock_guard done_lock(threads_mutex_);
            finished_.insert(std::this_thread::get_id());
        });
    }

    // Credentials seen are remembered by the redactor, so no console line can show them.
    void remember_secrets(const http_recorded_exchange& x) {
        for (auto& secret : request_secrets(x)) redactor_.add_secret(std::move(secret));
    }

    void on_exchange(http_recorded_exchange x) {
        std::lock_guard lock(mutex_);
        remember_secrets(x);
        const bool kept = options_.max == 0 || recording_.exchanges.size() < options_.max;
        const auto label = fmt::format("{} {}", x.method,
                                       protocol::visible_text(mask_query_secrets(x.target, [](auto) { return "***"; })));
        if (options_.verbose)
            std::cerr << redactor_.apply(fmt::format("record: [{}] {} -> {} ({} bytes){}", x.connection, label, x.status,
                                                     x.raw_reply.size(), kept ? "" : " (past --max, not recorded)"))
                      << '\n';
        if (!kept) {
            // An exchange still arriving on an open connection once --max is reached: forwarded, not kept.
            recording_.notes.push_back(fmt::format("connection {}: {}: past --max, not recorded", x.connection, label));
            return;
        }
        recording_.exchanges.push_back(std::move(x));
        recorded_ = recording_.exchanges.size();
    }

    void on_note(std::string text) {
        std::lock_guard lock(mutex_);
        text = protocol::visible_text(text);
        if (options_.verbose) std::cerr << redactor_.apply("record: note: " + text) << '\n';
        recording_.notes.push_back(std::move(text));
    }

    record_options options_;
    asio::io_context io_;
    tcp::acceptor acceptor_{io_};
    std::string listen_line_;
    std::thread listener_;
    std::atomic<bool> stopping_{false};
    std::atomic<steady::rep> cut_at_{steady::time_point::max().time_since_epoch().count()};
    std::atomic<std::size_t> recorded_{0};
    std::size_t connections_ = 0;
    http_proxy_sink sink_;

    std::mutex threads_mutex_;
    std::list<std::thread> threads_;
    std::set<std::thread::id> finished_;

    std::mutex mutex_;   // guards the recording and the redactor
    http_recording recording_;
    protocol::redactor redactor_;
};

}  // namespace

std::unique_ptr<recorder> make_http_recorder(record_options options) {
    return std::make_unique<http_recorder>(std::move(options));
}

}  // namespace replycheck::record
