#pragma once
// The scenario model: what a scenario file says, after validation. Plain data; the loader
// builds it (scenario_loader.hpp) and the executor runs it (executor.hpp). Strings may hold
// ${name} references, expanded when the step runs.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>
#include <toml++/toml.h>

#include "protocol/config_error.hpp"
#include "protocol/transport_error.hpp"

namespace replycheck::harness {

using millis = std::chrono::milliseconds;

/// How strictly conformance rules judge a step's exchanges.
enum class conformance_mode {
    inherit,   ///< as the enclosing scenario / suite / command line says
    standard,  ///< "default": MUST findings fail, SHOULD findings warn
    strict,    ///< "strict": SHOULD findings fail too
    off,       ///< "off": no conformance rules
};

/// A status or reply code expectation: one value, a set, classes ("4xx") or IIS "404.3" forms.
struct code_expectation {
    std::vector<int> exact;                          ///< any of these codes
    std::vector<int> classes;                        ///< first digits: 4 for "4xx"
    std::vector<std::pair<int, int>> iis;            ///< {404, 3} for "404.3"
    std::string text;                                ///< as written, for messages ("[200, 206]")
    /// `substatus = "if-shown"`: an IIS code ("404.3") also matches its bare status when the
    /// reply shows no IIS detailed error page (the substatus is then not observable); a page
    /// that shows another substatus still fails. Default ("required"): the page must show it.
    bool substatus_if_shown = false;
};

/// What one header field must look like.
struct header_expectation {
    std::string name;
    std::optional<std::string> equals;
    std::optional<std::string> contains;
    std::optional<std::string> matches;   ///< ECMAScript regex, searched
    bool absent = false;
};

/// One JSON pointer check in a body.
struct json_expectation {
    std::string pointer;                  ///< RFC 6901 pointer, "/items/0/id"
    std::optional<boost::json::value> equals;
    bool exists = true;                   ///< false: the pointer must not resolve
};

/// What a body (or FTP data transfer) must look like.
struct body_expectation {
    std::optional<std::string> equals;
    std::vector<std::string> contains;
    std::optional<std::string> matches;
    std::optional<std::size_t> size;
    std::optional<std::string> sha256;    ///< lower-case hex
    std::vector<json_expectation> json;
};

/// What the mock's journal must have received (HTTP request or FTP command).
struct journal_expectation {
    std::optional<std::string> method;    ///< HTTP method
    std::optional<std::string> target;    ///< HTTP request-target, exact
    std::optional<std::string> path;      ///< HTTP target without query
    std::map<std::string, std::string> headers;  ///< each header must contain the value
    std::optional<std::string> body_contains;
    std::optional<std::string> command;   ///< FTP command verb
    std::optional<std::string> argument;  ///< FTP argument, exact
    int min_count = 1;                    ///< at least this many entries match
};

/// Every expectation of one step; absent parts are not checked.
struct expectation {
    std::optional<code_expectation> code;      ///< `status` or `code`
    std::optional<std::string> reason;         ///< HTTP reason phrase, exact
    std::optional<std::string> reason_matches;
    std::optional<std::string> text;           ///< FTP reply text (all lines) contains
    std::optional<std::string> text_matches;
    std::vector<header_expectation> headers;
    std::optional<body_expectation> body;      ///< HTTP body or FTP data content
    std::optional<millis> max_duration;
    std::optional<millis> min_duration;
    std::optional<journal_expectation> received;
    std::optional<int> preliminary;            ///< FTP: the preliminary reply code (150, 125)
    std::optional<bool> closed;                ///< the server closed the connection afterwards
    std::optional<protocol::transport_errc> fault;   ///< the step must end with this transport fault, no reply
    std::optional<std::string> fault_text;     ///< and the fault's words contain this ("expired")
};

/// Where a capture takes its value from.
enum class capture_source { header, body, json, reply, status };

/// One capture: a value from the reply stored as ${name} for later steps.
struct capture_spec {
    std::string name;
    capture_source source = capture_source::header;
    std::string selector;                 ///< header name, regex, or JSON pointer
    std::optional<std::string> regex;     ///< applied after selecting (header / reply)
    int group = 1;                        ///< regex group (0 = whole match)
    bool secret = false;                  ///< register with the redactor
    protocol::source_position where;
};

/// How a `request` step authenticates when it has a user or password.
enum class http_auth_scheme {
    basic,   ///< "basic": user and password in the clear (RFC 7617)
    digest,  ///< "digest": challenge and hashed response (RFC 7616)
};

/// The HTTP version a `request` step asks libcurl for.
enum class http_version_choice {
    http1_0,  ///< "1.0": HTTP/1.0 (RFC 1945)
    http1_1,  ///< "1.1", the default: HTTP/1.1 (RFC 9112)
    http2,    ///< "2": HTTP/2 (RFC 9113), by ALPN over TLS, with prior knowledge in clear text
};

/// How a `raw` step reads the reply to its bytes.
enum class raw_read_mode {
    http,  ///< "http", the default: one HTTP response, framed as RFC 9112 §6.3 says
    ftp,   ///< "ftp": FTP reply lines up to a final reply (RFC 959 §4.2)
    none,  ///< "none": send only, read nothing
};

/// How an `ftp` transfer opens its data connection.
enum class ftp_data_connection {
    automatic,  ///< "auto", the default: EPSV, then PASV when EPSV is refused
    epsv,       ///< "epsv": extended passive mode only (RFC 2428 §3)
    pasv,       ///< "pasv": passive mode only (RFC 959 §4.1.2)
    active,     ///< "active": the server connects back, PORT or EPRT (RFC 959 §4.1.2, RFC 2428 §2)
};

/// How much TLS an `ftp_url` transfer requires (libcurl's CURLOPT_USE_SSL levels).
enum class ftp_tls_use {
    none,     ///< "" (the default): as the URL scheme says
    attempt,  ///< "try": TLS when the server offers it, else plain text
    control,  ///< "control": AUTH TLS required on the control connection (RFC 4217 §4)
    all,      ///< "all": TLS required on the data connections too, PROT P (RFC 4217)
};

/// `request`: one HTTP exchange through libcurl.
struct http_step {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<std::pair<std::string, std::string>> query;
    std::optional<std::string> body;       ///< also the content of a body_file, read at load
    std::optional<std::string> body_file;  ///< only a path with ${variables}, read when the step runs
    std::string auth_user, auth_password;
    http_auth_scheme auth_type = http_auth_scheme::basic;  ///< used when `auth` gives a user or password
    http_version_choice version = http_version_choice::http1_1;
    bool insecure = false;
    std::string ca_file, cert_file, key_file;
    bool follow_redirects = false;
    int max_redirects = 10;
};

/// `raw`: exact bytes on a TCP (or TLS) connection, the reply parsed.
struct raw_step {
    std::string send;
    std::string to;            ///< "${http}", "host:port" or a URL; default ${http}
    bool tls = false;
    bool insecure = true;
    std::string ca_file, cert_file, key_file;   ///< trusted CAs and a client certificate (TLS only)
    raw_read_mode read = raw_read_mode::http;
    std::string method;         ///< request method for framing; default: first word of `send`
    bool new_connection = false;  ///< open a fresh connection for this step
};

/// `ftp`: one exchange on the scenario's FTP control connection.
struct ftp_step {
    enum class action { command, greeting, login, transfer };
    action what = action::command;
    std::string command;        ///< command line, or transfer "RETR a.txt"
    std::string user = "anonymous", password = "replycheck@";
    std::optional<std::string> upload;       ///< STOR/APPE content, or the upload_file's, read at load
    ftp_data_connection data_mode = ftp_data_connection::automatic;
    std::string to;                          ///< default ${ftp}
    bool tls = false;                        ///< explicit TLS: AUTH TLS, PBSZ 0, PROT P (RFC 4217)
    bool insecure = false;                   ///< skip certificate verification
    std::string ca_file, cert_file, key_file;   ///< trusted CAs and a client certificate (TLS only)
};

/// `ftp_url`: an ftp:// or ftps:// transfer through libcurl.
struct ftp_url_step {
    std::string url;
    std::optional<std::string> upload;
    std::string user, password;
    ftp_tls_use ssl = ftp_tls_use::none;
    bool insecure = false;
    std::string ca_file, cert_file, key_file;   ///< trusted CAs and a client certificate (TLS only)
    bool list_only = false;
    bool epsv = true;
};

/// One step: exactly one kind of exchange, then expectations and captures.
struct step {
    std::string name;
    std::variant<http_step, raw_step, ftp_step, ftp_url_step> action;
    expectation expect;
    std::map<std::string, expectation> expect_on;   ///< per-target replacements of `expect`
    std::vector<capture_spec> captures;
    conformance_mode conformance = conformance_mode::inherit;
    std::vector<std::string> allow;
    std::optional<millis> timeout;
    protocol::source_position where;

    /// "http", "raw", "ftp", "ftp_url"
    std::string_view kind() const noexcept;
};

/// One scenario: steps run in order on one session.
struct scenario {
    std::string name;
    std::string description;
    std::vector<std::string> tags;        ///< the suite's tags come first
    std::optional<std::string> skip;      ///< skip reason ("" = skipped without reason)
    std::map<std::string, std::string> skip_on;  ///< target name -> reason
    conformance_mode conformance = conformance_mode::inherit;
    std::vector<std::string> allow;
    std::vector<step> steps;
    protocol::source_position where;
    /// Every target named by skip_on and the steps' expect_on, where it was written.
    std::vector<std::pair<std::string, protocol::source_position>> target_refs;
};

/// One scenario file.
struct suite {
    std::string name;
    std::string file;                     ///< path as given
    std::filesystem::path base_dir;       ///< folder of the file (body_file, mock roots)
    std::vector<std::string> tags;
    std::map<std::string, std::string> vars;   ///< file defaults, lowest precedence
    conformance_mode conformance = conformance_mode::standard;
    std::vector<std::string> allow;
    /// The scenarios depend on each other's effects (a recorded FTP session uploads what the
    /// next one lists): they run one after another in file order, whatever --jobs says.
    bool sequential = false;
    std::shared_ptr<const toml::table> mock;   ///< the [mock] table, when present
    std::vector<scenario> scenarios;
};

std::string_view to_string(conformance_mode mode) noexcept;

}  // namespace replycheck::harness
