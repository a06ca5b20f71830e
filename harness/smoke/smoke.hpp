#pragma once
// `replycheck smoke URL...`: active probes derived from a URL, each checked by the conformance
// rules. One suite per URL, one scenario per probe. Every wait is bounded by the timeout; a
// server that stops answering turns the rest of its probes into skips, never a hang.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"
#include "protocol/finding.hpp"
#include "protocol/redactor.hpp"
#include "protocol/url/url.hpp"
#include "reports/run_result.hpp"

namespace replycheck::harness {

/// What the smoke command was asked to do, besides the URLs.
struct smoke_options {
    std::optional<std::string> user;       ///< overrides the URL's user
    std::optional<std::string> password;   ///< overrides the URL's password
    protocol::header_list headers;         ///< added to every HTTP probe (-H)
    std::chrono::milliseconds timeout{3000};  ///< each connect and each reply
    bool strict = false;                   ///< SHOULD findings fail too
    bool strict_ftp_sequence = false;      ///< FTP replies exactly per the RFC 959 §5.4 table
    std::vector<std::string> allowed;      ///< rule or smoke expectation ids (or "prefix.*") that never fail
    tls_options tls;                       ///< https:// and ftps:// settings
    bool http2 = false;                    ///< --http2: the HTTP probes over HTTP/2 too (h2c prior knowledge on http://)
};

/// What a smoke probe expects beyond the conformance rules (e.g. 412 to a failed If-Match),
/// named so a failure cites it and `allowed` can waive it like a rule id. The level is that of
/// the requirement the probe tests: a missed SHOULD is a warning (a failure under --strict), a
/// missed info expectation is only reported.
struct smoke_expectation {
    std::string_view id;           ///< "smoke.http.if-match-412"
    std::string_view section;      ///< "RFC 9110 §13.1.1"
    std::string_view description;  ///< one line
    protocol::rule_level level = protocol::rule_level::must;
};

/// The HTTP probes' expectations (smoke_http_expectations.cpp).
std::span<const smoke_expectation> http_smoke_expectations() noexcept;

/// The FTP probes' expectations (smoke_ftp_expectations.cpp).
std::span<const smoke_expectation> ftp_smoke_expectations() noexcept;

/// Every smoke probe expectation, HTTP then FTP.
std::vector<smoke_expectation> all_smoke_expectations();

/// The expectation with `id`, nullptr when there is none.
const smoke_expectation* find_smoke_expectation(std::string_view id) noexcept;

/// A URL taken apart. Credentials are kept apart from `display`, which never holds a password.
struct smoke_target {
    std::string scheme;     ///< "http", "https", "ftp", "ftps" (implicit TLS) or "ftpes" (AUTH TLS)
    protocol::tls_mode tls = protocol::tls_mode::none;  ///< how TLS starts, from the scheme
    std::string host;       ///< without brackets for IPv6
    std::uint16_t port = 0;
    std::string path;       ///< "/index.html?x=1" (HTTP) or "/dir/file" (FTP), at least "/"
    std::string user;       ///< percent-decoded; empty when none
    std::string password;   ///< percent-decoded; empty when none
    bool has_user = false;
    std::string display;    ///< "http://user@host:port/path" without the password
};

/// Parses an http, https, ftp, ftps or ftpes URL (protocol/url); nullopt with `error` set when it is not one.
std::optional<smoke_target> parse_smoke_url(std::string_view url, std::string& error);

/// Runs the HTTP probes against `target` (http or https).
reports::suite_result smoke_http(const smoke_target& target, const smoke_options& options);

/// The HTTP probes over HTTP/2 (smoke_http2.cpp): run when `target` is https and the server
/// picks h2 by ALPN, or when options.http2 asks (h2c prior knowledge on http). nullopt when not
/// asked and not offered; a suite of one skipped scenario, with the reason, when asked for and
/// the server does not speak HTTP/2.
std::optional<reports::suite_result> smoke_http2(const smoke_target& target, const smoke_options& options);

/// Runs the FTP probes against `target` (ftp; ftps with TLS from the first byte; ftpes with AUTH TLS).
reports::suite_result smoke_ftp(const smoke_target& target, const smoke_options& options);

/// Runs every URL in turn; `on_scenario` sees each probe as it finishes. Every text of the
/// result (labels, messages, transcripts) has passed through `redact`, which also learns the
/// passwords given. Throws nothing: an unusable URL becomes a suite with one error scenario.
reports::run_result run_smoke(const std::vector<std::string>& urls, const smoke_options& options,
                              protocol::redactor& redact,
                              const std::function<void(const reports::scenario_result&)>& on_scenario = {});

/// 0 when every probe passed or was skipped, 1 when one failed or met a transport error.
int smoke_exit_code(const reports::run_result& run);

}  // namespace replycheck::harness
