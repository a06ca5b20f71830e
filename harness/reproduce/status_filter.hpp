#pragma once
// The --status selection of `replycheck reproduce` (and of `logs`): "4xx", "5xx", "404",
// "500.19", "550", comma-separated or repeated.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace replycheck::reproduce {

/// One item of a status selection.
struct status_item {
    int status_class = 0;            ///< 4 for "4xx"; 0 when the item names a code
    int code = 0;                    ///< 404, 500, 550
    std::optional<int> substatus;    ///< 19 for "500.19": only that substatus
};

/// A parsed selection; empty selects every code.
struct status_filter {
    std::vector<status_item> items;

    /// True when `status` (with its IIS substatus; 0 or none = none) is selected.
    bool matches(int status, std::optional<int> substatus) const noexcept;
};

/// Parses items, each possibly "a,b,c". nullopt with `error` naming the bad item otherwise.
std::optional<status_filter> parse_status_filter(const std::vector<std::string>& items, std::string& error);

}  // namespace replycheck::reproduce
