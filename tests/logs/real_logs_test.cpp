// Logs written by real servers on loopback (tests/fixtures/logs/real/, made by its make.sh):
// every one reads without a malformed line, no anonymous password leaks out of a reader, and
// each request the traffic driver sent shows up, in order and with the code it saw.

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <set>

#include "logs/log_test_support.hpp"

namespace l = replycheck::logs;
namespace fs = std::filesystem;
using logs_test::read_all;

namespace {

fs::path real_dir() { return logs_test::source_dir() / "tests/fixtures/logs/real"; }

// The canary real_traffic.py gives as the anonymous password (README.md there).
constexpr std::string_view canary = "canary-7f3e@example.org";

bool is_log(const fs::path& p) {
    auto ext = p.extension().string();
    return fs::is_regular_file(p) && ext != ".json" && ext != ".md" && ext != ".sh" && ext != ".py";
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_real_log_reads_cleanly) {
    if (!fs::is_directory(real_dir())) {
        BOOST_TEST_MESSAGE("no " << real_dir() << ": nothing to check");
        return;
    }
    int files = 0;
    for (const auto& item : fs::directory_iterator(real_dir())) {
        if (!is_log(item.path())) continue;
        ++files;
        BOOST_TEST_CONTEXT(item.path().filename().string()) {
            auto r = read_all(item.path());
            BOOST_TEST(r.stats.malformed == 0u);
            for (const auto& m : r.stats.first_malformed) BOOST_TEST_MESSAGE(m);
            BOOST_TEST(r.records.size() > 0u);
            for (const auto& e : r.records) {
                BOOST_TEST(logs_test::all_text(e).find(canary) == std::string::npos);
                BOOST_TEST(e.time.has_value());
                if (e.protocol == l::log_protocol::ftp && e.method == "PASS") BOOST_TEST(e.target == "***");
            }
            if (r.format == l::log_format::vsftpd) {
                // Every command met its reply in its own session, and every session began with
                // its greeting: lines were joined to the right session across the pid changes.
                std::set<std::string> seen;
                for (const auto& e : r.records) {
                    BOOST_TEST(e.status != 0, e.method << " at line " << e.line << " got no reply");
                    if (seen.insert(e.session).second) BOOST_TEST(e.method == "CONNECT", e.session);
                }
            }
        }
    }
    BOOST_TEST(files > 0);
}

BOOST_AUTO_TEST_CASE(driver_exchanges_appear_in_the_logs_in_order) {
    if (!fs::is_directory(real_dir())) return;
    const std::map<std::string, std::string> logs{
        {"nginx-traffic.json", "nginx-access.log"},
        {"vsftpd-traffic.json", "vsftpd.log"},
        {"proftpd-traffic.json", "proftpd-extended.log"},
        {"vsftpd-interleaved-traffic.json", "vsftpd-interleaved.log"},
        {"proftpd-interleaved-traffic.json", "proftpd-interleaved.log"},
    };
    for (const auto& [traffic, log] : logs) {
        if (!fs::exists(real_dir() / traffic) || !fs::exists(real_dir() / log)) continue;
        BOOST_TEST_CONTEXT(log) {
            std::ifstream in(real_dir() / traffic);
            std::string json{std::istreambuf_iterator<char>(in), {}};
            auto exchanges = boost::json::parse(json).at("exchanges").as_array();
            auto r = read_all(real_dir() / log);
            std::size_t at = 0, matched = 0, expected = 0;
            for (const auto& x : exchanges) {
                std::string request(x.as_array().at(0).as_string());
                int code = static_cast<int>(x.as_array().at(1).to_number<int>());
                // proftpd's ExtendedLog has no line for the greeting.
                if (request == "CONNECT" && r.format == l::log_format::ftp_clf) continue;
                ++expected;
                auto space = request.find(' ');
                std::string method = request.substr(0, space);
                std::string target = space == std::string::npos ? "" : request.substr(space + 1);
                if (r.format == l::log_format::ncsa && space == std::string::npos) {
                    target = method;   // a request line that is none: no method, the text as target
                    method.clear();
                }
                while (at < r.records.size() &&
                       !(r.records[at].method == method && r.records[at].target == target &&
                         r.records[at].status == code))
                    ++at;
                BOOST_TEST(at < r.records.size(), request << " " << code << " not found in order");
                if (at == r.records.size()) break;
                ++matched;
                ++at;
            }
            BOOST_TEST(matched == expected);
        }
    }
}
