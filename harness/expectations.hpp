#pragma once
// Checks a reply against a step's expectations, and takes captures from it.
// A reply_view unifies what HTTP and FTP exchanges have in common.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario.hpp"
#include "harness/variables.hpp"
#include "protocol/exchange.hpp"

namespace replycheck::harness {

/// Bytes of a reply a scenario regex is searched in (the clients' body cap); a longer subject
/// is searched in its first `regex_subject_cap` bytes and a failure says so.
inline constexpr std::size_t regex_subject_cap = 16 * 1024 * 1024;

/// What a step received, whatever the protocol.
struct reply_view {
    bool http = true;                       ///< false: FTP
    int code = 0;                           ///< status or final reply code; 0 when none
    std::string reason;                     ///< HTTP reason phrase
    std::string text;                       ///< FTP final reply text (all lines, codes removed)
    std::vector<std::string> reply_lines;   ///< FTP: every line of every reply of the step
    int preliminary = 0;                    ///< FTP: first 1xx reply code, 0 when none
    const protocol::header_list* headers = nullptr;  ///< HTTP response fields
    std::string_view body;                  ///< HTTP body or FTP data
    std::string iis_code;                   ///< "404.3" when an IIS detailed error page says so
    std::chrono::microseconds duration{0};
    bool closed = false;
};

/// Why an expectation failed: one line, plus expected and actual for display.
struct check_failure {
    std::string message;
    std::string expected;
    std::string actual;
};

/// Checks the journal part of an expectation; returns a failure or nothing.
using journal_checker = std::function<std::optional<check_failure>(const journal_expectation&)>;

/// True when `code` (with the IIS substatus seen, if any) satisfies `expected`.
bool code_matches(const code_expectation& expected, int code, std::string_view iis_code);

/// "404.3" when `body` is an IIS detailed error page for `status` ("HTTP Error 404.3 - ..."), else "".
std::string detect_iis_substatus(int status, std::string_view body);

/// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string sha256_hex(std::string_view data);

/// The check of `expected.fault` (and `fault_text`): the step must have ended without a reply,
/// with that transport fault. Nothing when it did.
std::optional<check_failure> check_fault(const expectation& expected, bool have_reply,
                                         const protocol::transport_fault& fault);

/// Every check of `expected` against `reply`, each failure in the order checked (status,
/// reason, text, headers, body, durations, closed, received). String values in `expected`
/// are expanded with `vars` first.
std::vector<check_failure> check_all_expectations(const expectation& expected, const reply_view& reply,
                                                  const variables& vars, const journal_checker& journal);

/// The failures of check_all_expectations() as one: its own words when one check failed,
/// "N expectations failed: A; B; C" (expected and actual joined alike) when several; or nothing.
std::optional<check_failure> check_expectation(const expectation& expected, const reply_view& reply,
                                               const variables& vars, const journal_checker& journal);

/// Applies captures to `reply`, storing values in `vars` (secret ones also in `secrets`; a secret
/// header capture that finds nothing puts the fields it searched there, to be masked).
/// Returns an error message when a capture found nothing.
std::optional<std::string> apply_captures(const std::vector<capture_spec>& captures,
                                          const reply_view& reply, variables& vars,
                                          std::vector<std::string>& secrets);

}  // namespace replycheck::harness
