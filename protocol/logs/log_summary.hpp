#pragma once
// Triage of server logs (`replycheck logs`): every code seen, how often, when, and on which
// paths or FTP commands, in memory bounded whatever the size of the log. Pure aggregation:
// entries in (from log_reader), figures out; no I/O.
//
// Bounds: at most `max_codes` code keys (further distinct keys are folded into one "other"
// row), Space-Saving tables of `top_capacity` values per code (heavy_hitters.hpp: counts of
// the top values are upper bounds once a table overflowed), at most `max_buckets` time buckets
// (the bucket width grows minute -> hour -> day -> week -> 30 days -> ... as the span grows).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "protocol/logs/heavy_hitters.hpp"
#include "protocol/logs/log_entry.hpp"

namespace replycheck::logs {

/// `--status 4xx,5xx,500.19,550,404`: a class ("4xx", any protocol), a code ("404": any
/// substatus) or a status with substatus ("500.19", "404.0" is the logged 404 with substatus 0
/// or none).
class status_filter {
public:
    /// nullopt with `why` set ("'45x' is not a status: expected …") on any bad item.
    static std::optional<status_filter> parse(std::string_view text, std::string& why);

    bool matches(int status, std::optional<int> substatus) const noexcept;
    /// The items as given, normalised: "4xx,500.19".
    const std::string& text() const noexcept { return text_; }

private:
    struct item {
        int status_class = 0;          ///< 1..6 for "4xx", else 0
        int status = 0;                ///< exact code when status_class is 0
        std::optional<int> substatus;  ///< "500.19"
    };
    std::vector<item> items_;
    std::string text_;
};

/// What a row of the table counts: HTTP status.substatus, or FTP reply code after a command.
struct code_key {
    log_protocol protocol = log_protocol::http;
    int status = 0;
    int substatus = 0;         ///< HTTP only; 0 when not logged or 0
    std::string command;       ///< FTP only: the command the reply answered ("PASS")
    bool other = false;        ///< the row that folds keys beyond max_codes

    /// "500.19", "404", "530 after PASS", "other codes".
    std::string text() const;
    /// The registry's one-line meaning: IIS title, HTTP reason phrase, FTP reply text; "" if unknown.
    std::string_view meaning() const noexcept;
};

/// One row of the table.
struct code_stats {
    code_key key;
    std::uint64_t count = 0;
    std::optional<std::chrono::sys_seconds> first, last;
    heavy_hitters targets;     ///< HTTP paths (query cut off) or FTP arguments
    heavy_hitters win32;       ///< sc-win32-status values as decimal text, when logged
    std::uint64_t win32_logged = 0;    ///< entries of this row with a win32 status
    std::uint64_t win32_nonzero = 0;   ///< ... of which not 0

    code_stats(code_key k, std::size_t top_capacity);
};

struct summary_options {
    std::size_t top_capacity = 64;     ///< Space-Saving counters per code
    std::size_t max_codes = 256;
    std::size_t max_buckets = 1500;
    std::optional<status_filter> filter;
};

/// What reading one file found (copied from the reader's stats).
struct file_totals {
    std::string file;
    std::string format;        ///< "ncsa", "w3c", …
    std::uint64_t lines = 0, entries = 0, malformed = 0;
};

/// Counts per code in time buckets: bucket start (seconds since the epoch) -> (row, count).
struct timeline {
    std::int64_t bucket_seconds = 60;
    std::map<std::int64_t, std::vector<std::pair<std::uint32_t, std::uint64_t>>> buckets;
};

struct summary_totals {
    std::uint64_t files = 0, lines = 0, entries = 0, malformed = 0;
    std::uint64_t with_code = 0;       ///< entries with a status (not 0): the base of shares
    std::uint64_t matched = 0;         ///< entries with a code that the filter kept
    std::uint64_t without_time = 0;
    std::optional<std::chrono::sys_seconds> first, last;   ///< over all entries
};

class log_summary {
public:
    explicit log_summary(summary_options options = {});

    /// Counts one entry.
    void add(const log_entry& entry);
    /// Records what the reader said about a file once it was read; keeps up to 10 malformed examples.
    void add_file(file_totals file, const std::vector<std::string>& first_malformed);

    const summary_totals& totals() const noexcept { return totals_; }
    const std::vector<file_totals>& files() const noexcept { return files_; }
    const std::vector<std::string>& malformed_examples() const noexcept { return malformed_; }
    const summary_options& options() const noexcept { return options_; }
    /// Rows in order of first appearance (the index used by timeline()).
    const std::vector<code_stats>& rows() const noexcept { return rows_; }
    /// Row indices by count, highest first (ties: protocol, status, substatus, command).
    std::vector<std::uint32_t> ranked() const;
    const timeline& time_buckets() const noexcept { return timeline_; }
    /// Share of `count` in the entries with a code, 0..1.
    double share(std::uint64_t count) const noexcept;

    static constexpr std::size_t max_malformed_examples = 10;

private:
    std::uint32_t row_for(const log_entry& entry);
    void count_in_bucket(std::int64_t seconds, std::uint32_t row);
    void coarsen();

    summary_options options_;
    summary_totals totals_;
    std::vector<file_totals> files_;
    std::vector<std::string> malformed_;
    std::vector<code_stats> rows_;
    std::unordered_map<std::uint64_t, std::uint32_t> http_rows_;           // packed status/substatus
    std::vector<std::uint32_t> plain_http_rows_;   // status 0..999 without substatus: row + 1, 0 = none
    std::unordered_map<std::string, std::uint32_t> ftp_rows_;              // "530 PASS"
    std::optional<std::uint32_t> other_row_;
    timeline timeline_;
    // The bucket of the previous timed entry: logs are mostly in time order, so most entries
    // skip the map look-up. Reset when the buckets are merged.
    std::int64_t last_bucket_start_ = 0;
    std::vector<std::pair<std::uint32_t, std::uint64_t>>* last_bucket_ = nullptr;
    std::string scratch_;
};

/// The bucket widths the timeline goes through, in seconds.
std::int64_t next_bucket_width(std::int64_t seconds) noexcept;

}  // namespace replycheck::logs
