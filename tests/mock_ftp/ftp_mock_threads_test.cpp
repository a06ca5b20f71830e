// The mock FTP server on several threads under concurrent load: many clients at once log in,
// list, download, upload, abort and hit `times`-limited scripts, while the journal is read.
// Every count must come out exact; run under ThreadSanitizer (ci/sanitize thread) it also
// proves the sessions' shared state is synchronised.
#include "mockserver/ftp/ftp_mock.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "ftp_test_client.hpp"
#include "ftp_test_server.hpp"
#include "mockserver/ftp/ftp_journal.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"

using namespace std::chrono_literals;
using replycheck::mock::ftp_data_action;
using replycheck::mock::ftp_match_kind;
using replycheck::mock::ftp_mock;
using replycheck::mock::ftp_mock_config;
using replycheck::mock::ftp_script;
using replycheck::test::ftp_test_client;
using replycheck::test::server;

namespace {

constexpr int client_threads = 8;
constexpr int sessions_per_thread = 10;
constexpr int sessions = client_threads * sessions_per_thread;
constexpr int scripted_greetings = 7;
constexpr int scripted_downloads = 13;
constexpr int scripted_noops = 29;

ftp_script script(const std::string& command, int times) {
    ftp_script r;
    r.match.command = command;
    r.times = times;
    return r;
}

void add_limited_scripts(ftp_mock_config& config) {
    auto greeting = script("CONNECT", scripted_greetings);
    greeting.reply = {"220-Scripted", "220 greeting"};
    config.scripts.push_back(greeting);
    auto download = script("RETR", scripted_downloads);
    download.match.kind = ftp_match_kind::exact;
    download.match.argument = "hello.txt";
    download.preliminary = {"125 Scripted transfer starting."};
    download.final_reply = {"250 Scripted transfer done."};
    download.data = ftp_data_action::send;
    download.data_bytes = "from the script";
    config.scripts.push_back(download);
    auto noop = script("NOOP", scripted_noops);
    noop.reply = {"200 Scripted NOOP."};
    config.scripts.push_back(noop);
}

// Boost.Test is not thread-safe: client threads only collect, the test thread reports.
class failure_list {
public:
    void add(std::string what) {
        std::lock_guard lock(mutex_);
        list_.push_back(std::move(what));
    }
    std::vector<std::string> take() {
        std::lock_guard lock(mutex_);
        return std::move(list_);
    }

private:
    std::mutex mutex_;
    std::vector<std::string> list_;
};

struct tally {
    std::atomic<int> finished{0}, greetings{0}, scripted_retr{0}, scripted_noop{0};
    failure_list failures;
};

// One session; returns normally only when every step got the reply it should. `step` names
// the step under way (for the message when a reply never comes).
void one_session(std::uint16_t port, int thread, int round, tally& counts, std::string& step) {
    auto expect = [&step](bool good, const std::string& what) {
        if (!good) throw std::runtime_error(what);
        step = "after " + what;
    };
    ftp_test_client c(port, 10s);
    auto greeting = c.read_reply();
    expect(greeting.code == 220, "greeting");
    if (greeting.lines.front() == "220-Scripted") ++counts.greetings;
    expect(c.login("alice", "secret").code == 230, "login");
    auto noop = c.command("NOOP");
    expect(noop.code == 200, "NOOP");
    if (noop.lines.front() == "200 Scripted NOOP.") ++counts.scripted_noop;
    expect(c.command("TYPE I").code == 200, "TYPE");

    auto listing = c.open_passive(round % 2 == 0);
    expect(c.command("LIST").code == 150, "LIST");
    expect(listing.receive_all().find("hello.txt") != std::string::npos, "LIST data");
    expect(c.read_reply().code == 226, "LIST end");

    auto download = c.open_passive(round % 2 == 1);
    auto retr = c.command("RETR hello.txt");
    auto bytes = download.receive_all();
    auto end = c.read_reply();
    if (retr.code == 125) {
        ++counts.scripted_retr;
        expect(bytes == "from the script" && end.code == 250, "scripted RETR");
    } else {
        expect(retr.code == 150 && bytes == "Hello, FTP!\n" && end.code == 226, "RETR");
    }

    const std::string name = "up-" + std::to_string(thread) + "-" + std::to_string(round);
    auto upload = c.open_passive(true);
    expect(c.command("STOR " + name).code == 150, "STOR");
    upload.send_all(name);
    upload.close();
    expect(c.read_reply().code == 226, "STOR end");
    expect(c.command("SIZE " + name).lines.front() == "213 " + std::to_string(name.size()), "SIZE");

    if (round % 3 == 0) {
        // ABOR during a download (RFC 959 §4.1.3): 426 for the transfer, 226 for ABOR; or,
        // when the whole file already left, 226 for the transfer and 225 for ABOR.
        auto aborted = c.open_passive(true);
        expect(c.command("RETR big.bin").code == 150, "RETR big");
        c.send_line("ABOR");
        const int transfer_code = c.read_reply().code;
        const int abor_code = c.read_reply().code;
        expect((transfer_code == 426 && abor_code == 226) ||
                   (transfer_code == 226 && abor_code == 225),
               "ABOR: " + std::to_string(transfer_code) + " " + std::to_string(abor_code));
    }
    expect(c.command("STAT /").code == 213, "STAT");
    expect(c.command("QUIT").code == 221, "QUIT");
    ++counts.finished;
}

}  // namespace

BOOST_AUTO_TEST_CASE(many_clients_on_four_threads_with_limited_scripts) {
    server s([](ftp_mock_config& config) {
        config.threads = 4;
        config.limits.max_sessions = 200;
        config.limits.data_timeout = 10s;
        add_limited_scripts(config);
    });
    tally counts;
    std::atomic<bool> done{false};
    // The journal is read while the sessions write it, as a harness polling it would.
    std::thread reader([&] {
        while (!done) {
            (void)s.mock->journal().to_json();
            std::this_thread::sleep_for(5ms);
        }
    });
    std::vector<std::thread> clients;
    for (int t = 0; t < client_threads; ++t)
        clients.emplace_back([&, t] {
            for (int round = 0; round < sessions_per_thread; ++round) {
                std::string step = "connect";
                try {
                    one_session(s.mock->port(), t, round, counts, step);
                } catch (const std::exception& error) {
                    counts.failures.add(step + ": " + error.what());
                }
            }
        });
    for (auto& client : clients) client.join();
    done = true;
    reader.join();

    for (const auto& failure : counts.failures.take()) BOOST_ERROR("session failed: " << failure);
    BOOST_TEST(counts.finished.load() == sessions);
    // `times` is one counter for all sessions: exactly that many uses, never more.
    BOOST_TEST(counts.greetings.load() == scripted_greetings);
    BOOST_TEST(counts.scripted_retr.load() == scripted_downloads);
    BOOST_TEST(counts.scripted_noop.load() == scripted_noops);
    // Each session has its own id and its own complete journal (CONNECT is journaled for the
    // scripted greetings only).
    const auto entries = s.mock->journal().snapshot();
    std::vector<int> quits(sessions + 1, 0);
    for (const auto& entry : entries) {
        BOOST_REQUIRE(entry.session_id >= 1u);
        BOOST_REQUIRE(entry.session_id <= static_cast<std::uint64_t>(sessions));
        if (entry.command == "QUIT" && entry.reply_code == 221) ++quits[entry.session_id];
    }
    for (int id = 1; id <= sessions; ++id) BOOST_TEST(quits[id] == 1, "session " << id);
}

BOOST_AUTO_TEST_CASE(passive_port_range_is_shared_without_collisions) {
    // 4 threads allocate passive ports from one small range at once; every PASV must get a
    // port of the range that it alone listens on.
    server s([](ftp_mock_config& config) {
        config.threads = 4;
        config.pasv_port_min = 47301;
        config.pasv_port_max = 47364;
    });
    std::atomic<int> good{0};
    failure_list failures;
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t)
        clients.emplace_back([&] {
            try {
                ftp_test_client c(s.mock->port(), 10s);
                if (c.read_reply().code != 220 || c.login("alice", "secret").code != 230)
                    throw std::runtime_error("login");
                for (int i = 0; i < 10; ++i) {
                    auto data = c.open_passive(i % 2 == 0);
                    if (c.command("NLST").code != 150) throw std::runtime_error("NLST");
                    if (data.receive_all().find("hello.txt") == std::string::npos)
                        throw std::runtime_error("NLST data");
                    if (c.read_reply().code != 226) throw std::runtime_error("NLST end");
                    ++good;
                }
            } catch (const std::exception& error) {
                failures.add(error.what());
            }
        });
    for (auto& client : clients) client.join();
    for (const auto& failure : failures.take()) BOOST_ERROR("client failed: " << failure);
    BOOST_TEST(good.load() == 80);
}

BOOST_AUTO_TEST_CASE(stop_while_clients_connect) {
    // Stopping a multi-threaded mock while sessions are being accepted and served ends
    // cleanly, and a stopped mock can be started again.
    for (int cycle = 0; cycle < 5; ++cycle) {
        server s([](ftp_mock_config& config) { config.threads = 4; });
        const auto port = s.mock->port();
        std::atomic<bool> stop{false};
        std::vector<std::thread> clients;
        for (int t = 0; t < 4; ++t)
            clients.emplace_back([&] {
                while (!stop) {
                    try {
                        ftp_test_client c(port, 2s);
                        c.read_reply();
                        c.login("alice", "secret");
                        c.command("NOOP");
                    } catch (const std::exception&) {
                    }
                }
            });
        std::this_thread::sleep_for(50ms);
        s.mock->stop();
        stop = true;
        for (auto& client : clients) client.join();
        s.mock->start();
        auto c = s.logged_in();
        BOOST_TEST(c.command("QUIT").code == 221);
    }
}
