// Cross-registry look-ups: parsing code arguments, nearest codes, FTP command uses.
#include "protocol/codes/code_lookup.hpp"

#include <algorithm>
#include <cstdlib>

namespace replycheck::protocol {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Sorts `candidates` by distance from `target` (ties: lower key first) and keeps `count`.
// `key` maps a candidate to the number it is compared by.
template <typename T, typename Key>
std::vector<const T*> closest(std::vector<const T*> candidates, long target, std::size_t count,
                              Key key) {
    std::stable_sort(candidates.begin(), candidates.end(), [&](const T* a, const T* b) {
        const long da = std::labs(key(*a) - target);
        const long db = std::labs(key(*b) - target);
        return da != db ? da < db : key(*a) < key(*b);
    });
    if (candidates.size() > count) candidates.resize(count);
    return candidates;
}

// Registered entries of the same class (first digit) as `code`, or all of them when that
// class has none.
template <typename T>
std::vector<const T*> same_class_or_all(std::span<const T> all, int code) {
    std::vector<const T*> result;
    for (const auto& entry : all)
        if (entry.code / 100 == code / 100) result.push_back(&entry);
    if (result.empty())
        for (const auto& entry : all) result.push_back(&entry);
    return result;
}

}  // namespace

std::optional<code_argument> parse_code_argument(std::string_view text) noexcept {
    if (text.size() < 3 || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[2]) ||
        text[0] == '0')
        return std::nullopt;
    code_argument result;
    result.code = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
    if (text.size() == 3) return result;
    if (text[3] != '.' || text.size() < 5 || text.size() > 7) return std::nullopt;
    int sub = 0;
    for (char c : text.substr(4)) {
        if (!is_digit(c)) return std::nullopt;
        sub = sub * 10 + (c - '0');
    }
    result.substatus = sub;
    return result;
}

std::vector<const http_status_info*> nearest_http_statuses(int code, std::size_t count) {
    return closest(same_class_or_all(all_http_statuses(), code), code, count,
                   [](const http_status_info& s) { return static_cast<long>(s.code); });
}

std::vector<const iis_substatus_info*> nearest_iis_substatuses(int status, int substatus,
                                                               std::size_t count) {
    std::vector<const iis_substatus_info*> candidates = iis_substatuses_of(status);
    if (!candidates.empty())
        return closest(std::move(candidates), substatus, count,
                       [](const iis_substatus_info& s) { return static_cast<long>(s.substatus); });
    // No substatus for this status: rank every substatus by (status, substatus) distance.
    for (const auto& entry : all_iis_substatuses()) candidates.push_back(&entry);
    const long target = static_cast<long>(status) * 1000 + substatus;
    return closest(std::move(candidates), target, count, [](const iis_substatus_info& s) {
        return static_cast<long>(s.status) * 1000 + s.substatus;
    });
}

std::vector<const ftp_reply_info*> nearest_ftp_replies(int code, std::size_t count) {
    return closest(same_class_or_all(all_ftp_replies(), code), code, count,
                   [](const ftp_reply_info& r) { return static_cast<long>(r.code); });
}

std::vector<const iis_substatus_info*> iis_substatuses_of(int status) {
    std::vector<const iis_substatus_info*> result;
    for (const auto& entry : all_iis_substatuses())
        if (entry.status == status) result.push_back(&entry);
    return result;
}

std::vector<ftp_command_use> ftp_commands_returning(int code) {
    std::vector<ftp_command_use> result;
    const auto lists = [code](std::span<const int> codes) {
        return std::find(codes.begin(), codes.end(), code) != codes.end();
    };
    for (const auto& entry : all_ftp_commands()) {
        // A code sits in one list per command; the first list that has it names its role.
        if (lists(entry.preliminary))
            result.push_back({entry.command, ftp_reply_role::preliminary});
        else if (lists(entry.success))
            result.push_back({entry.command, ftp_reply_role::success});
        else if (lists(entry.intermediate))
            result.push_back({entry.command, ftp_reply_role::intermediate});
        else if (lists(entry.errors))
            result.push_back({entry.command, ftp_reply_role::error});
    }
    return result;
}

std::string_view to_string(ftp_reply_role role) noexcept {
    switch (role) {
        case ftp_reply_role::preliminary: return "preliminary";
        case ftp_reply_role::success: return "success";
        case ftp_reply_role::intermediate: return "intermediate";
        case ftp_reply_role::error: return "error";
    }
    return {};
}

}  // namespace replycheck::protocol
