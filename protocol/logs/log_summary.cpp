// Aggregation behind `replycheck logs`: one row per code key, its Space-Saving tables, and
// the time buckets of the chart. Every structure has a fixed bound (see log_summary.hpp).
#include "protocol/logs/log_summary.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include <fmt/format.h>

#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

namespace replycheck::logs {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

std::int64_t floor_to(std::int64_t seconds, std::int64_t width) {
    std::int64_t q = seconds / width;
    if (seconds % width != 0 && seconds < 0) --q;
    return q * width;
}

}  // namespace

// ---- status_filter -----------------------------------------------------------------------

std::optional<status_filter> status_filter::parse(std::string_view text, std::string& why) {
    status_filter filter;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view raw = text.substr(start, comma - start);
        std::string_view token = trim(raw);
        start = comma + 1;
        item it;
        auto bad = [&](std::string_view reason) {
            why = fmt::format("'{}' is not a status: {} (expected a class such as 4xx, a code such as "
                              "404 or 550, or an IIS substatus such as 500.19)", token, reason);
            return std::nullopt;
        };
        if (token.empty()) return bad("empty item");
        std::string lower(token);
        for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (lower.size() == 3 && (lower.substr(1) == "xx" || lower.substr(1) == "yz")) {
            if (lower[0] < '1' || lower[0] > '6') return bad("a class is 1xx to 5xx (6yz for FTP)");
            it.status_class = lower[0] - '0';
        } else {
            std::string_view code = token, sub;
            if (auto dot = token.find('.'); dot != std::string_view::npos) {
                code = token.substr(0, dot);
                sub = token.substr(dot + 1);
                if (!all_digits(sub) || sub.size() > 3) return bad("the substatus is one to three digits");
            }
            if (!all_digits(code) || code.size() != 3 || code[0] == '0')
                return bad("a code is three digits, 100 to 999");
            it.status = to_int(code);
            if (!sub.empty()) it.substatus = to_int(sub);
        }
        if (!filter.text_.empty()) filter.text_ += ',';
        filter.text_ += it.status_class ? fmt::format("{}xx", it.status_class)
                        : it.substatus  ? fmt::format("{}.{}", it.status, *it.substatus)
                                        : std::to_string(it.status);
        filter.items_.push_back(it);
        if (comma == text.size()) break;
    }
    return filter;
}

bool status_filter::matches(int status, std::optional<int> substatus) const noexcept {
    for (const item& it : items_) {
        if (it.status_class) {
            if (status / 100 == it.status_class) return true;
        } else if (status == it.status && (!it.substatus || *it.substatus == substatus.value_or(0))) {
            return true;
        }
    }
    return false;
}

// ---- code_key ------------------------------------------------------------------------------

std::string code_key::text() const {
    if (other) return "other codes";
    if (protocol == log_protocol::ftp)
        return command.empty() ? std::to_string(status) : fmt::format("{} after {}", status, command);
    return code_text(status, substatus ? std::optional<int>(substatus) : std::nullopt);
}

std::string_view code_key::meaning() const noexcept {
    if (other) return "";
    if (protocol == log_protocol::ftp) {
        const auto* reply = replycheck::protocol::find_ftp_reply(status);
        return reply ? reply->text : std::string_view{};
    }
    if (substatus) {
        if (const auto* sub = replycheck::protocol::find_iis_substatus(status, substatus)) return sub->title;
    }
    return replycheck::protocol::reason_phrase(status);
}

code_stats::code_stats(code_key k, std::size_t top_capacity)
    : key(std::move(k)), targets(top_capacity), win32(std::min<std::size_t>(top_capacity, 16)) {}

// ---- log_summary ---------------------------------------------------------------------------

std::int64_t next_bucket_width(std::int64_t seconds) noexcept {
    constexpr std::int64_t day = 86400;
    if (seconds < 3600) return 3600;
    if (seconds < day) return day;
    if (seconds < 7 * day) return 7 * day;
    if (seconds < 30 * day) return 30 * day;
    if (seconds < 365 * day) return 365 * day;
    return seconds * 10;
}

log_summary::log_summary(summary_options options) : options_(std::move(options)), plain_http_rows_(1000, 0) {
    options_.max_codes = std::max<std::size_t>(options_.max_codes, 1);
    options_.max_buckets = std::max<std::size_t>(options_.max_buckets, 2);
}

std::uint32_t log_summary::row_for(const log_entry& entry) {
    auto make_row = [this](code_key key) {
        if (rows_.size() >= options_.max_codes) {
            if (!other_row_) {
                code_key other;
                other.other = true;
                other_row_ = static_cast<std::uint32_t>(rows_.size());
                rows_.emplace_back(std::move(other), options_.top_capacity);
            }
            return std::optional<std::uint32_t>{};
        }
        rows_.emplace_back(std::move(key), options_.top_capacity);
        return std::optional<std::uint32_t>(static_cast<std::uint32_t>(rows_.size() - 1));
    };
    if (entry.protocol == log_protocol::http) {
        int sub = entry.substatus.value_or(0);
        // Most lines: a plain status, found by index without hashing.
        const bool plain = sub == 0 && entry.status >= 0 && entry.status < 1000;
        if (plain && plain_http_rows_[static_cast<std::size_t>(entry.status)] != 0)
            return plain_http_rows_[static_cast<std::size_t>(entry.status)] - 1;
        std::uint64_t packed = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(entry.status)) << 32) |
                               static_cast<std::uint32_t>(sub);
        if (auto it = http_rows_.find(packed); it != http_rows_.end()) return it->second;
        auto row = make_row(code_key{log_protocol::http, entry.status, sub, {}, false});
        if (!row) return *other_row_;
        http_rows_.emplace(packed, *row);
        if (plain) plain_http_rows_[static_cast<std::size_t>(entry.status)] = *row + 1;
        return *row;
    }
    // FTP: the reply code after the command it answered.
    std::string_view command = cut_utf8(entry.method, 32);
    scratch_.assign(std::to_string(entry.status));
    scratch_ += ' ';
    scratch_.append(command);
    if (auto it = ftp_rows_.find(scratch_); it != ftp_rows_.end()) return it->second;
    auto row = make_row(code_key{log_protocol::ftp, entry.status, 0, std::string(command), false});
    if (!row) return *other_row_;
    ftp_rows_.emplace(scratch_, *row);
    return *row;
}

void log_summary::add(const log_entry& entry) {
    ++totals_.entries;
    if (entry.time) {
        if (!totals_.first || *entry.time < *totals_.first) totals_.first = entry.time;
        if (!totals_.last || *entry.time > *totals_.last) totals_.last = entry.time;
    } else {
        ++totals_.without_time;
    }
    if (entry.status == 0) return;   // pseudo-commands and requests logged without a reply
    ++totals_.with_code;
    if (options_.filter && !options_.filter->matches(entry.status, entry.substatus)) return;
    ++totals_.matched;

    std::uint32_t index = row_for(entry);
    code_stats& row = rows_[index];
    ++row.count;
    if (entry.time) {
        if (!row.first || *entry.time < *row.first) row.first = entry.time;
        if (!row.last || *entry.time > *row.last) row.last = entry.time;
        count_in_bucket(entry.time->time_since_epoch().count(), index);
    }
    std::string_view target = entry.target;
    if (entry.protocol == log_protocol::http) target = target.substr(0, target.find('?'));
    // PASS and ACCT arguments are always "***" (the readers mask them): nothing to rank.
    const bool masked = entry.protocol == log_protocol::ftp && (entry.method == "PASS" || entry.method == "ACCT");
    if (!target.empty() && !masked) row.targets.add(target);
    if (entry.win32) {
        ++row.win32_logged;
        if (*entry.win32 != 0) ++row.win32_nonzero;
        char digits[16];
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, *entry.win32);
        row.win32.add(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }
}

void log_summary::count_in_bucket(std::int64_t seconds, std::uint32_t row) {
    auto& buckets = timeline_.buckets;
    const std::int64_t start = floor_to(seconds, timeline_.bucket_seconds);
    if (!last_bucket_ || start != last_bucket_start_) {
        last_bucket_ = &buckets[start];
        last_bucket_start_ = start;
    }
    auto& counts = *last_bucket_;
    auto it = std::find_if(counts.begin(), counts.end(), [row](const auto& p) { return p.first == row; });
    if (it != counts.end())
        ++it->second;
    else
        counts.emplace_back(row, 1);
    while (buckets.size() > options_.max_buckets) coarsen();
}

void log_summary::coarsen() {
    timeline_.bucket_seconds = next_bucket_width(timeline_.bucket_seconds);
    decltype(timeline_.buckets) merged;
    for (auto& [start, counts] : timeline_.buckets) {
        auto& into = merged[floor_to(start, timeline_.bucket_seconds)];
        for (const auto& [row, n] : counts) {
            auto it = std::find_if(into.begin(), into.end(), [r = row](const auto& p) { return p.first == r; });
            if (it != into.end())
                it->second += n;
            else
                into.emplace_back(row, n);
        }
    }
    timeline_.buckets = std::move(merged);
    last_bucket_ = nullptr;
}

void log_summary::add_file(file_totals file, const std::vector<std::string>& first_malformed) {
    ++totals_.files;
    totals_.lines += file.lines;
    totals_.malformed += file.malformed;
    for (const auto& m : first_malformed) {
        if (malformed_.size() >= max_malformed_examples) break;
        malformed_.push_back(m);
    }
    files_.push_back(std::move(file));
}

std::vector<std::uint32_t> log_summary::ranked() const {
    std::vector<std::uint32_t> order(rows_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
        const code_stats& x = rows_[a];
        const code_stats& y = rows_[b];
        if (x.count != y.count) return x.count > y.count;
        return std::tie(x.key.other, x.key.protocol, x.key.status, x.key.substatus, x.key.command) <
               std::tie(y.key.other, y.key.protocol, y.key.status, y.key.substatus, y.key.command);
    });
    return order;
}

double log_summary::share(std::uint64_t count) const noexcept {
    return totals_.with_code ? static_cast<double>(count) / static_cast<double>(totals_.with_code) : 0.0;
}

}  // namespace replycheck::logs
