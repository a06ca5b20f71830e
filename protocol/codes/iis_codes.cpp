// IIS substatus code data and look-ups.
#include "protocol/codes/iis_codes.hpp"

#include <algorithm>
#include <array>

namespace replycheck::protocol {
namespace {

constexpr std::array iis_substatuses{
    iis_substatus_info{403, 14, "403.14", "Directory listing denied",
                       "The URL names a directory, no default document exists there and directory browsing is off.",
                       "no default document (index) in the folder; directory browsing disabled"},
};

}  // namespace

const iis_substatus_info* find_iis_substatus(int status, int substatus) noexcept {
    auto it = std::lower_bound(iis_substatuses.begin(), iis_substatuses.end(),
                               std::pair{status, substatus},
                               [](const iis_substatus_info& s, std::pair<int, int> k) {
                                   return std::pair{s.status, s.substatus} < k;
                               });
    return (it != iis_substatuses.end() && it->status == status && it->substatus == substatus)
               ? &*it : nullptr;
}

std::span<const iis_substatus_info> all_iis_substatuses() noexcept { return iis_substatuses; }

}  // namespace replycheck::protocol
