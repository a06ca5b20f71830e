#pragma once
// Content-Range field values (RFC 9110 §14.4).

#include "protocol/wire/parse_result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace replycheck::protocol {

/// A parsed Content-Range: `bytes first-last/length`, `bytes first-last/*` or `bytes */length`.
struct content_range {
    std::string unit = "bytes";                    ///< range unit (only "bytes" is registered)
    bool unsatisfied = false;                      ///< the `*/length` form (416 responses)
    std::uint64_t first = 0;                       ///< first-pos (unset when unsatisfied)
    std::uint64_t last = 0;                        ///< last-pos (unset when unsatisfied)
    std::optional<std::uint64_t> complete_length;  ///< empty when written `*`

    /// last - first + 1, or 0 for the unsatisfied form.
    std::uint64_t length() const noexcept { return unsatisfied ? 0 : last - first + 1; }
};

/// Parses a Content-Range value; invalid per §14.4 (last < first, length <= last) is an error.
parse_result<content_range> parse_content_range(std::string_view value);

/// Formats "bytes first-last/length" (or "bytes */length" when unsatisfied).
std::string format_content_range(const content_range& range);

}  // namespace replycheck::protocol
