#include "harness/clients/curl_http_client.hpp"

#include "harness/clients/curl_fault.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/http_request.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace replycheck::harness {

namespace detail {

/// State shared with libcurl's callbacks during one perform().
struct http_transfer_state {
    std::size_t body_cap = 0;
    std::size_t transcript_cap = 0;
    std::string sent;
    std::string received;
    std::string last_request_head;          // the last HEADER_OUT block (after redirects: the final request)
    protocol::http_response_record current;  // the response whose headers are arriving
    std::vector<protocol::http_response_record> interim;
    bool have_status = false;
    bool headers_ended = false;
};

namespace {

void append_capped(std::string& target, const char* data, std::size_t size, std::size_t cap) {
    if (target.size() >= cap) return;
    target.append(data, std::min(size, cap - target.size()));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

void start_response(http_transfer_state& state, std::string_view line) {
    if (state.have_status) {
        const int previous = state.current.status;
        if (previous >= 100 && previous < 200 && previous != 101) {
            protocol::http_response_record interim = std::move(state.current);
            state.interim.push_back(std::move(interim));
        } else {
            // A redirect that libcurl followed: only the last response is kept; the bytes of
            // every response stay in received_raw.
            state.interim.clear();
        }
    }
    state.current = protocol::http_response_record{};
    state.have_status = true;
    state.headers_ended = false;
    state.current.status_line = std::string(line);
    auto sp = line.find(' ');
    state.current.version = std::string(line.substr(0, sp));
    if (sp == std::string_view::npos) return;
    auto rest = line.substr(sp + 1);
    int code = 0;
    std::size_t i = 0;
    for (; i < rest.size() && i < 3 && rest[i] >= '0' && rest[i] <= '9'; ++i) code = code * 10 + (rest[i] - '0');
    state.current.status = code;
    if (rest.size() > 4) state.current.reason = std::string(trim(rest.substr(4)));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<http_transfer_state*>(user);
    const std::size_t n = size * count;
    std::string_view raw(data, n);
    std::string_view line = raw;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {
        start_response(state, line);
        return n;
    }
    if (!state.have_status) return n;
    if (line.empty()) {
        state.headers_ended = true;
        return n;
    }
    auto& target = state.headers_ended ? state.current.trailers : state.current.headers;
    if ((line[0] == ' ' || line[0] == '\t') && !target.empty()) {
        state.current.framing_errors.emplace_back("obsolete line folding in header section (RFC 9112 §5.2)");
        target.back().value += ' ';
        target.back().value += trim(line);
        return n;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        state.current.framing_errors.push_back("header line without colon: '" + std::string(line.substr(0, 80)) + "'");
        return n;
    }
    target.push_back(protocol::header_field{std::string(trim(line.substr(0, colon))),
                                            std::string(trim(line.substr(colon + 1)))});
    return n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<http_transfer_state*>(user);
    const std::size_t n = size * count;
    state.current.body_length += n;
    append_capped(state.current.body, data, n, state.body_cap);
    return n;
}

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    auto& state = *static_cast<http_transfer_state*>(user);
    switch (type) {
    case CURLINFO_HEADER_OUT:
        state.last_request_head.assign(data, size);
        append_capped(state.sent, data, size, state.transcript_cap);
        break;
    case CURLINFO_DATA_OUT:
        append_capped(state.sent, data, size, state.transcript_cap);
        break;
    case CURLINFO_HEADER_IN:
    case CURLINFO_DATA_IN:
        append_capped(state.received, data, size, state.transcript_cap);
        break;
    default:
        break;
    }
    return 0;
}

/// Where the framing of a reply libcurl could not finish says it was cut (RFC 9112 §6.3).
std::string cut_point(const http_transfer_state& state, const protocol::http_response_record& response) {
    if (!state.headers_ended) return "inside the header section";
    if (response.chunked) return "inside the chunked body (no last chunk)";
    if (const auto* length = protocol::find_header(response.headers, "Content-Length"))
        return "after " + std::to_string(response.body_length) + " of " + *length + " body bytes (Content-Length)";
    return "inside the body";
}

}  // namespace
}  // namespace detail

void ensure_curl_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_ALL); });
}

curl_http_client::curl_http_client() {
    ensure_curl_initialized();
    handle_ = curl_easy_init();
}

curl_http_client::~curl_http_client() {
    if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

void curl_http_client::reset_connection() {
    if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
    handle_ = curl_easy_init();
}

protocol::http_exchange curl_http_client::perform(const http_request_spec& spec) {
    protocol::http_exchange exchange;
    exchange.request.method = spec.method;
    exchange.request.url = spec.url;
    exchange.request.headers = spec.headers;
    exchange.request.body = spec.body;
    auto* curl = static_cast<CURL*>(handle_);
    if (!curl) {
        exchange.set_transport_error({protocol::transport_errc::client_failure, "libcurl handle could not be created"});
        return exchange;
    }
    curl_easy_reset(curl);  // keeps the connection cache: keep-alive across requests

    detail::http_transfer_state state;
    state.body_cap = spec.body_cap;
    state.transcript_cap = spec.transcript_cap;
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, spec.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // send the path exactly as written
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &detail::on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &state);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &detail::on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &detail::on_debug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &state);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // required for the debug callback
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(spec.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(spec.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, spec.follow_redirects ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(spec.max_redirects));

    long version = CURL_HTTP_VERSION_NONE;
    switch (spec.version) {
    case http_version::any: version = CURL_HTTP_VERSION_NONE; break;
    case http_version::http1_0: version = CURL_HTTP_VERSION_1_0; break;
    case http_version::http1_1: version = CURL_HTTP_VERSION_1_1; break;
    case http_version::http2: version = CURL_HTTP_VERSION_2_0; break;
    case http_version::http2_prior_knowledge: version = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE; break;
    }
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, version);

    // Method and body.
    const bool is_head = protocol::iequals(spec.method, "HEAD");
    const bool body_method = protocol::iequals(spec.method, "POST") || protocol::iequals(spec.method, "PUT") ||
                             protocol::iequals(spec.method, "PATCH");
    const bool send_body = !spec.body.empty() || body_method;
    if (is_head) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (protocol::iequals(spec.method, "GET") && !send_body) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        if (send_body) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, spec.body.data());
        }
        if (!protocol::iequals(spec.method, "POST") || !send_body)
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
    }

    // Header fields: the spec's fields override libcurl's; libcurl's form defaults are removed.
    curl_slist* headers = nullptr;
    auto has = [&](std::string_view name) { return protocol::find_header(spec.headers, name) != nullptr; };
    for (const auto& field : spec.headers) {
        std::string line = field.name + (field.value.empty() ? ";" : ": " + field.value);
        headers = curl_slist_append(headers, line.c_str());
    }
    if (send_body && !has("Content-Type")) headers = curl_slist_append(headers, "Content-Type:");
    if (send_body && !has("Expect")) headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    // Authentication.
    if (spec.auth != http_auth::none) {
        long scheme = CURLAUTH_BASIC;
        if (spec.auth == http_auth::digest) scheme = CURLAUTH_DIGEST;
        if (spec.auth == http_auth::any) scheme = CURLAUTH_ANY;
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, scheme);
        curl_easy_setopt(curl, CURLOPT_USERNAME, spec.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, spec.password.c_str());
    }

    // TLS.
    if (spec.tls.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!spec.tls.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, spec.tls.ca_file.c_str());
    if (!spec.tls.client_cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, spec.tls.client_cert.c_str());
    if (!spec.tls.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, spec.tls.client_key.c_str());

    const auto started = std::chrono::steady_clock::now();
    CURLcode result = curl_easy_perform(curl);
    exchange.duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);

    if (result != CURLE_OK) exchange.set_transport_error(detail::curl_fault(curl, result, error_buffer));
    exchange.sent_raw = std::move(state.sent);
    exchange.received_raw = std::move(state.received);

    // The request as libcurl actually sent it (for followed redirects: the last one).
    if (!state.last_request_head.empty()) {
        auto sent = protocol::parse_http_request(state.last_request_head);
        exchange.request.target = sent.target;
        exchange.request.version = sent.version;
        exchange.request.headers = std::move(sent.headers);
        exchange.request.method = sent.method;
    }
    char* effective = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        exchange.request.url = effective;

    char* ip = nullptr;
    long port = 0;
    if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip &&
        curl_easy_getinfo(curl, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK) {
        std::string host = ip;
        exchange.remote_address = protocol::bracket_host(host) + ":" + std::to_string(port);
    }

    if (state.have_status) {
        auto response = std::move(state.current);
        response.interim = std::move(state.interim);
        for (auto te : protocol::find_headers(response.headers, "Transfer-Encoding")) {
            std::string lowered(te);
            std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
            if (lowered.find("chunked") != std::string::npos) response.chunked = true;
        }
        // A redirect libcurl would not follow came after a response received in full.
        using protocol::transport_errc;
        if (exchange.transport_code && exchange.transport_code != transport_errc::redirect_refused) {
            response.body_complete = false;
            // Our own timeout is the exchange's error alone; any other fault ended the reply
            // before its framing said it was complete (RFC 9112 §6.3, §8).
            if (exchange.transport_code != transport_errc::timeout)
                response.framing_errors.push_back("the reply stopped " + detail::cut_point(state, response) + ": " +
                                                  exchange.transport_error);
        }
        if (auto* connection = protocol::find_header(response.headers, "Connection"))
            exchange.connection_closed = protocol::iequals(*connection, "close");
        if (response.version == "HTTP/1.0" && !protocol::find_header(response.headers, "Connection"))
            exchange.connection_closed = true;
        exchange.response = std::move(response);
    }
    return exchange;
}

}  // namespace replycheck::harness
