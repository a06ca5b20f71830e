#pragma once
// IIS substatus codes ("403.14"): the decimal suffix IIS logs and shows on its error pages
// to say why a request got its HTTP status. They never appear on the wire status line.

#include <span>
#include <string_view>

namespace replycheck::protocol {

/// One IIS substatus code.
struct iis_substatus_info {
    int status;                  ///< HTTP status, 403
    int substatus;               ///< substatus, 14
    std::string_view code;       ///< "403.14"
    std::string_view title;      ///< short title
    std::string_view meaning;    ///< what the server decided
    std::string_view causes;     ///< typical causes, "; "-separated
};

/// The substatus `status`.`substatus`, or nullptr when unknown.
const iis_substatus_info* find_iis_substatus(int status, int substatus) noexcept;

/// Every known substatus, sorted by (status, substatus).
std::span<const iis_substatus_info> all_iis_substatuses() noexcept;

}  // namespace replycheck::protocol
