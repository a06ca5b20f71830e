// log_summary: counts, shares, first/last times, the --status filter, the bounds (heavy
// hitters, code rows, time buckets), on log_entry values built here.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "protocol/logs/heavy_hitters.hpp"
#include "protocol/logs/log_summary.hpp"

using namespace replycheck::logs;
using std::chrono::sys_seconds;

namespace {

sys_seconds at(long long seconds) { return sys_seconds{std::chrono::seconds{seconds}}; }

log_entry http(int status, std::string_view target, long long seconds, std::optional<int> sub = {},
               std::optional<std::uint32_t> win32 = {}) {
    log_entry e;
    e.protocol = log_protocol::http;
    e.method = "GET";
    e.status = status;
    e.target = target;
    e.time = at(seconds);
    e.substatus = sub;
    e.win32 = win32;
    return e;
}

log_entry ftp(std::string_view command, std::string_view argument, int status, long long seconds) {
    log_entry e;
    e.protocol = log_protocol::ftp;
    e.method = command;
    e.target = argument;
    e.status = status;
    e.time = at(seconds);
    return e;
}

const code_stats* find_row(const log_summary& s, std::string_view text) {
    for (const auto& row : s.rows())
        if (row.key.text() == text) return &row;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(counts_shares_first_and_last) {
    log_summary s;
    s.add(http(200, "/a?x=1", 1000));
    s.add(http(200, "/a?x=2", 900));
    s.add(http(500, "/app/", 1500, 19, 13));
    s.add(http(500, "/app/", 1200, 19, 13));
    s.add(http(500, "/b", 1300, 19, 5));
    s.add(http(404, "/gone", 1100, 0));   // substatus 0 reads as plain 404
    s.add(ftp("PASS", "***", 530, 2000));
    s.add(ftp("USER", "bob", 331, 1990));
    log_entry pseudo = ftp("ControlChannelOpened", "-", 0, 1980);
    s.add(pseudo);

    BOOST_TEST(s.totals().entries == 9u);
    BOOST_TEST(s.totals().with_code == 8u);
    BOOST_TEST(s.totals().matched == 8u);
    BOOST_TEST(s.totals().first->time_since_epoch().count() == 900);
    BOOST_TEST(s.totals().last->time_since_epoch().count() == 2000);

    const code_stats* r500 = find_row(s, "500.19");
    BOOST_REQUIRE(r500);
    BOOST_TEST(r500->count == 3u);
    BOOST_TEST(r500->first->time_since_epoch().count() == 1200);
    BOOST_TEST(r500->last->time_since_epoch().count() == 1500);
    BOOST_TEST(s.share(r500->count) == 3.0 / 8.0);
    BOOST_TEST(r500->win32_logged == 3u);
    auto win = r500->win32.top(5);
    BOOST_REQUIRE(win.size() == 2u);
    BOOST_TEST(win[0].value == "13");
    BOOST_TEST(win[0].count == 2u);
    BOOST_TEST(r500->key.meaning() == "Configuration data invalid");

    const code_stats* r200 = find_row(s, "200");
    BOOST_REQUIRE(r200);
    auto paths = r200->targets.top(5);
    BOOST_REQUIRE(paths.size() == 1u);   // the query is cut off: one path
    BOOST_TEST(paths[0].value == "/a");
    BOOST_TEST(paths[0].count == 2u);
    BOOST_TEST(r200->key.meaning() == "OK");

    BOOST_REQUIRE(find_row(s, "404"));
    const code_stats* r530 = find_row(s, "530 after PASS");
    BOOST_REQUIRE(r530);
    BOOST_TEST(r530->key.meaning() == "Not logged in.");
    BOOST_REQUIRE(find_row(s, "331 after USER"));

    auto order = s.ranked();
    BOOST_TEST(s.rows()[order.front()].key.text() == "500.19");
}

BOOST_AUTO_TEST_CASE(filter_parsing) {
    std::string why;
    auto f = status_filter::parse("4xx, 5XX,500.19,550,404", why);
    BOOST_REQUIRE(f);
    BOOST_TEST(f->text() == "4xx,5xx,500.19,550,404");
    BOOST_TEST(f->matches(403, 14));
    BOOST_TEST(f->matches(550, std::nullopt));
    BOOST_TEST(!f->matches(200, std::nullopt));

    auto g = status_filter::parse("500.19,404", why);
    BOOST_REQUIRE(g);
    BOOST_TEST(g->matches(500, 19));
    BOOST_TEST(!g->matches(500, 0));
    BOOST_TEST(!g->matches(500, std::nullopt));
    BOOST_TEST(g->matches(404, 3));   // a bare code takes every substatus
    auto zero = status_filter::parse("404.0", why);
    BOOST_REQUIRE(zero);
    BOOST_TEST(zero->matches(404, std::nullopt));
    BOOST_TEST(!zero->matches(404, 2));

    for (const char* bad : {"", "4x", "45x", "7xx", "abc", "99", "1000", "500.", "500.1234", "4xx,,5xx", "-404", "0xx"}) {
        why.clear();
        BOOST_TEST(!status_filter::parse(bad, why), bad);
        BOOST_TEST(!why.empty(), bad);
    }
}

BOOST_AUTO_TEST_CASE(filter_keeps_totals_and_shares) {
    std::string why;
    summary_options o;
    o.filter = status_filter::parse("5xx", why);
    log_summary s(o);
    s.add(http(200, "/", 1));
    s.add(http(200, "/", 2));
    s.add(http(503, "/", 3));
    s.add(http(502, "/", 4, 3));
    BOOST_TEST(s.totals().entries == 4u);
    BOOST_TEST(s.totals().matched == 2u);
    BOOST_TEST(s.rows().size() == 2u);
    BOOST_TEST(s.share(1) == 0.25);   // shares are of every entry with a code
    BOOST_TEST(find_row(s, "502.3"));
}

BOOST_AUTO_TEST_CASE(heavy_hitters_stay_bounded_and_find_the_heavy_ones) {
    heavy_hitters h(16);
    for (int i = 0; i < 100000; ++i) {
        h.add("/hot");
        if (i % 2 == 0) h.add("/warm");
        h.add("/cold/" + std::to_string(i));   // a hundred thousand distinct values
    }
    BOOST_TEST(h.size() == 16u);
    BOOST_TEST(!h.exact());
    auto top = h.top(2);
    BOOST_REQUIRE(top.size() == 2u);
    BOOST_TEST(top[0].value == "/hot");
    BOOST_TEST(top[1].value == "/warm");
    // Space-Saving: the true count lies in [count - overcount, count].
    BOOST_TEST(top[0].count - top[0].overcount <= 100000u);
    BOOST_TEST(top[0].count >= 100000u);
    BOOST_TEST(top[1].count >= 50000u);

    heavy_hitters small(8);
    small.add("a");
    small.add("b");
    small.add("a");
    BOOST_TEST(small.exact());
    BOOST_TEST(small.top(1)[0].count == 2u);
    BOOST_TEST(small.top(1)[0].overcount == 0u);

    std::string longer(1000, 'x');
    longer[255] = '\xc3';   // a two-byte character across the cut
    longer[256] = '\xa9';
    small.add(longer);
    bool cut = false;
    for (const auto& it : small.top(8))
        if (it.value.size() == 255) cut = true;
    BOOST_TEST(cut);
}

BOOST_AUTO_TEST_CASE(code_rows_are_bounded) {
    summary_options o;
    o.max_codes = 4;
    log_summary s(o);
    for (int i = 0; i < 1000; ++i) s.add(http(500, "/", i, i));
    BOOST_TEST(s.rows().size() == 5u);   // four rows and "other codes"
    const code_stats* other = find_row(s, "other codes");
    BOOST_REQUIRE(other);
    BOOST_TEST(other->count == 996u);
    BOOST_TEST(s.totals().matched == 1000u);
}

BOOST_AUTO_TEST_CASE(time_buckets_grow_with_the_span) {
    summary_options o;
    o.max_buckets = 100;
    log_summary s(o);
    for (int i = 0; i < 50; ++i) s.add(http(200, "/", 60LL * i));
    BOOST_TEST(s.time_buckets().bucket_seconds == 60);
    BOOST_TEST(s.time_buckets().buckets.size() == 50u);
    for (int i = 0; i < 3000; ++i) s.add(http(404, "/", 60LL * i));   // 50 hours of minutes
    BOOST_TEST(s.time_buckets().bucket_seconds == 3600);
    BOOST_TEST(s.time_buckets().buckets.size() == 50u);
    std::uint64_t total = 0;
    for (const auto& [start, counts] : s.time_buckets().buckets)
        for (const auto& [row, n] : counts) total += n;
    BOOST_TEST(total == 3050u);
    s.add(http(200, "/", -86400LL * 4000));   // a hostile far-away time still ends bounded
    s.add(http(200, "/", 86400LL * 40000));
    BOOST_TEST(s.time_buckets().buckets.size() <= 100u);
}
