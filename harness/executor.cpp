#include "harness/executor.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "harness/scenario_runner.hpp"

namespace replycheck::harness {

using clock_type = std::chrono::steady_clock;
using reports::outcome;

void shared_redactor::add_secret(std::string value) {
    std::unique_lock lock(mutex_);
    redactor_.add_secret(std::move(value));
}

void shared_redactor::add_secret(std::string value, std::string_view scope) {
    std::unique_lock lock(mutex_);
    redactor_.add_secret(std::move(value), scope);
}

std::string shared_redactor::apply(std::string_view text, std::string_view scope) const {
    std::shared_lock lock(mutex_);
    return redactor_.apply(text, scope);
}

std::string shared_redactor::apply(std::string_view text) const {
    std::shared_lock lock(mutex_);
    return redactor_.apply(text);
}

protocol::redactor shared_redactor::snapshot() const {
    std::shared_lock lock(mutex_);
    return redactor_;
}

namespace {

using detail::scenario_runner;
using detail::worker_state;

std::string iso_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace

reports::run_result execute(const std::vector<suite>& suites, const std::vector<planned_scenario>& plan,
                            const std::vector<suite_environment>& environments,
                            const execution_options& options, shared_redactor& redact) {
    reports::run_result run;
    run.command = "run";
    run.started_at = iso_now();
    run.strict = options.strict;
    auto start = clock_type::now();

    std::vector<reports::scenario_result> results(plan.size());
    std::vector<char> done(plan.size(), 0);
    // The workers take units: one scenario, or all of a sequential suite's in plan order.
    std::vector<std::vector<std::size_t>> units;
    std::vector<int> suite_unit(suites.size(), -1);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const bool sequential = suites[plan[i].suite_index].sequential;
        auto& unit = suite_unit[plan[i].suite_index];
        if (sequential && unit >= 0) {
            units[unit].push_back(i);
            continue;
        }
        if (sequential) unit = static_cast<int>(units.size());
        units.push_back({i});
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex report_mutex;

    auto finish = [&](std::size_t index, reports::scenario_result r) {
        std::lock_guard lock(report_mutex);
        results[index] = std::move(r);
        done[index] = 1;
        if (options.on_scenario_finished) options.on_scenario_finished(results[index]);
    };
    auto skipped = [&](std::size_t index, const std::string& reason) {
        const auto& p = plan[index];
        const auto& sc = suites[p.suite_index].scenarios[p.scenario_index];
        reports::scenario_result r;
        r.name = sc.name;
        r.file = suites[p.suite_index].file;
        r.tags = sc.tags;
        r.result = outcome::skipped;
        r.message = reason;
        finish(index, std::move(r));
    };

    // --rate: each scenario takes a slot as long as its steps need at the given rate.
    std::mutex pace_mutex;
    auto next_slot = clock_type::now();
    auto pace = [&](std::size_t steps) {
        if (options.max_steps_per_second <= 0) return;
        clock_type::time_point when;
        {
            std::lock_guard lock(pace_mutex);
            when = std::max(next_slot, clock_type::now());
            auto share = std::chrono::duration<double>(static_cast<double>(std::max<std::size_t>(steps, 1)) /
                                                       options.max_steps_per_second);
            next_slot = when + std::chrono::duration_cast<clock_type::duration>(share);
        }
        std::this_thread::sleep_until(when);
    };

    auto run_one = [&](worker_state& worker, std::size_t index) {
        const auto& p = plan[index];
        if (p.skip) return skipped(index, *p.skip);
        if (stop.load()) return skipped(index, "not run (--fail-fast)");
        pace(suites[p.suite_index].scenarios[p.scenario_index].steps.size());
        scenario_runner runner(worker, suites[p.suite_index], suites[p.suite_index].scenarios[p.scenario_index],
                               environments[p.suite_index], options, redact);
        auto r = runner.run();
        if (options.fail_fast && (r.result == outcome::failed || r.result == outcome::error)) stop.store(true);
        finish(index, std::move(r));
    };

    int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
    jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(units.size(), 1))));
    auto work = [&] {
        worker_state worker;
        for (;;) {
            std::size_t unit = next.fetch_add(1);
            if (unit >= units.size()) return;
            for (const std::size_t index : units[unit]) run_one(worker, index);
        }
    };
    if (jobs == 1) {
        work();
    } else {
        std::vector<std::thread> threads;
        threads.reserve(jobs);
        for (int i = 0; i < jobs; ++i) threads.emplace_back(work);
        for (auto& t : threads) t.join();
    }

    // Suites in input order, scenarios in plan (file) order.
    std::vector<int> suite_slot(suites.size(), -1);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const auto& p = plan[i];
        if (suite_slot[p.suite_index] < 0) {
            suite_slot[p.suite_index] = static_cast<int>(run.suites.size());
            reports::suite_result sr;
            sr.name = suites[p.suite_index].name;
            sr.file = suites[p.suite_index].file;
            sr.timestamp = run.started_at;
            run.suites.push_back(std::move(sr));
        }
        auto& sr = run.suites[suite_slot[p.suite_index]];
        sr.seconds += results[i].seconds;
        sr.scenarios.push_back(std::move(results[i]));
    }
    run.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return run;
}

}  // namespace replycheck::harness
