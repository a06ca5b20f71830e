#pragma once
// Windows status codes as IIS writes them in the sc-win32-status field of its W3C logs (HTTP
// and FTP sites): Win32 error codes (64, 1236), Winsock (10054) and WinHTTP (12002) codes,
// and HRESULTs (0x80070005), which IIS logs as unsigned decimal (2147942405).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace replycheck::protocol {

/// One Windows status code that shows up in IIS logs.
struct win32_status_info {
    std::uint32_t value;          ///< as logged: 64, or 2148074254 for HRESULT 0x8009030E
    std::string_view name;        ///< the winerror.h name, "ERROR_NETNAME_DELETED"
    std::string_view meaning;     ///< what the code says, in our words
    std::string_view in_iis_log;  ///< what it usually means next to an IIS log entry
    std::string_view related;     ///< related codes, "; "-separated: "401.1", "ftp 530", "200"
};

/// The entry whose value is exactly `value`, or nullptr.
const win32_status_info* find_win32_status(std::uint32_t value) noexcept;

/// The entry named `name` (exact, case-insensitive: "error_netname_deleted"), or nullptr.
const win32_status_info* find_win32_status(std::string_view name) noexcept;

/// Every known code, sorted by value.
std::span<const win32_status_info> all_win32_statuses() noexcept;

/// True when `value` is an HRESULT (severity bit set: 0x80000000 and above).
constexpr bool is_hresult(std::uint32_t value) noexcept { return (value & 0x80000000u) != 0; }

/// The Win32 code a FACILITY_WIN32 HRESULT (0x8007xxxx) wraps, nullopt for any other value.
constexpr std::optional<std::uint32_t> win32_from_hresult(std::uint32_t value) noexcept {
    if ((value & 0xFFFF0000u) == 0x80070000u) return value & 0xFFFFu;
    return std::nullopt;
}

/// The HRESULT that wraps Win32 code `code` (HRESULT_FROM_WIN32); 0 stays 0 (success), and
/// values that are already HRESULTs or above 0xFFFF are returned unchanged.
constexpr std::uint32_t hresult_from_win32(std::uint32_t code) noexcept {
    return (code == 0 || code > 0xFFFFu) ? code : (0x80070000u | code);
}

/// What a value resolves to: its own entry when it has one; for a FACILITY_WIN32 HRESULT
/// without one, the entry of the Win32 code it wraps.
struct win32_resolution {
    std::uint32_t value = 0;                       ///< the value looked up
    std::optional<std::uint32_t> wrapped;          ///< the Win32 code of a 0x8007xxxx HRESULT
    const win32_status_info* entry = nullptr;      ///< nullptr when nothing is known
};

win32_resolution resolve_win32_status(std::uint32_t value) noexcept;

/// Parses a status as users paste it: unsigned decimal ("64", "2147942405"), negative decimal
/// as a signed 32-bit HRESULT ("-2147024891"), or hexadecimal with 0x ("0x80070005",
/// "0X40"), at most 32 bits. nullopt for anything else ("0x", "0x1FFFFFFFF", "abc", "6 4").
std::optional<std::uint32_t> parse_win32_argument(std::string_view text) noexcept;

/// Up to `count` known codes nearest to `value` (numerically; ties: the lower first). An
/// HRESULT is compared with the other HRESULTs, a plain code with the plain codes, when any.
std::vector<const win32_status_info*> nearest_win32_statuses(std::uint32_t value,
                                                             std::size_t count);

/// A note on one combination of logged codes: an HTTP status (and substatus) or an FTP reply,
/// with a win32 status. FTP notes have ftp = true and status = the FTP reply code.
struct logged_combination {
    bool ftp;
    int status;
    int substatus;            ///< -1: any substatus
    std::uint32_t win32;
    std::string_view note;    ///< what the combination usually means
};

/// The note on (status, substatus, win32) as an HTTP log entry, or nullptr.
const logged_combination* find_http_combination(int status, int substatus,
                                                std::uint32_t win32) noexcept;

/// The note on (reply, win32) as an IIS FTP log entry, or nullptr.
const logged_combination* find_ftp_combination(int reply, std::uint32_t win32) noexcept;

/// Every combination note, HTTP first.
std::span<const logged_combination> all_logged_combinations() noexcept;

}  // namespace replycheck::protocol
