#include "harness/clients/curl_ftp_transfer.hpp"

#include "harness/clients/curl_fault.hpp"
#include "harness/clients/curl_http_client.hpp"
#include "harness/clients/ftp_reply_reader.hpp"
#include "protocol/url/url.hpp"
#include "protocol/wire/ftp_reply_parser.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace replycheck::harness {

namespace {

/// Bytes of control-connection text kept in the transcript; a reply larger than the parser's
/// limits ends the transfer long before.
constexpr std::size_t transcript_cap = 256 * 1024;

/// State shared with libcurl's callbacks during one transfer.
struct ftp_transfer_state {
    std::size_t data_cap = 0;
    std::string data;
    std::string_view upload;
    std::size_t upload_offset = 0;
    std::string transcript;
    std::vector<protocol::ftp_exchange> exchanges;
    protocol::ftp_reply_parser parser;
    std::string server_host;

    void take_replies() {
        while (auto reply = parser.next()) {
            if (exchanges.empty()) exchanges.emplace_back();  // the greeting
            exchanges.back().replies.push_back(std::move(*reply));
        }
    }
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<ftp_transfer_state*>(user);
    const std::size_t n = size * count;
    if (state.data.size() < state.data_cap) state.data.append(data, std::min(n, state.data_cap - state.data.size()));
    return n;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& state = *static_cast<ftp_transfer_state*>(user);
    const std::size_t n = std::min(size * count, state.upload.size() - state.upload_offset);
    std::memcpy(buffer, state.upload.data() + state.upload_offset, n);
    state.upload_offset += n;
    return n;
}

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    auto& state = *static_cast<ftp_transfer_state*>(user);
    std::string_view text(data, size);
    if (type == CURLINFO_HEADER_OUT) {
        // One command per HEADER_OUT: a new exchange starts.
        auto command = detail::recorded_ftp_command(text);
        if (state.transcript.size() < transcript_cap) state.transcript += "> " + command + "\n";
        state.take_replies();
        protocol::ftp_exchange exchange;
        exchange.command = command;
        exchange.server_address = state.server_host;
        state.exchanges.push_back(std::move(exchange));
    } else if (type == CURLINFO_HEADER_IN) {
        std::string_view line = text;
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        if (state.transcript.size() < transcript_cap) state.transcript += "< " + std::string(line) + "\n";
        state.parser.feed(text);
        state.take_replies();
    }
    return 0;
}

// Called by libcurl while it waits; a non-zero return aborts the transfer. A reply past the
// parser's limits would otherwise be read on until the timeout.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<ftp_transfer_state*>(user)->parser.too_large() ? 1 : 0;
}

}  // namespace

curl_ftp_transfer::curl_ftp_transfer() {
    ensure_curl_initialized();
    handle_ = curl_easy_init();
}

curl_ftp_transfer::~curl_ftp_transfer() {
    if (handle_) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

curl_ftp_result curl_ftp_transfer::perform(const curl_ftp_request& request) {
    curl_ftp_result result;
    auto* curl = static_cast<CURL*>(handle_);
    if (!curl) {
        result.transport_code = protocol::transport_errc::client_failure;
        result.transport_error = "libcurl handle could not be created";
        return result;
    }
    curl_easy_reset(curl);  // keeps the control connection for the next transfer to the same server
    ftp_transfer_state state;
    state.data_cap = request.data_cap;
    state.upload = request.upload_data;
    char error_buffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &on_debug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &state);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &state);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, static_cast<long>(std::max<long long>(1, request.timeout.count() / 1000)));
    curl_easy_setopt(curl, CURLOPT_FTP_USE_EPSV, request.use_epsv ? 1L : 0L);
    if (request.active) curl_easy_setopt(curl, CURLOPT_FTPPORT, "-");
    const int mode = (request.use_epsv ? 1 : 0) | (request.active ? 2 : 0) | (request.require_tls ? 4 : 0);
    if ((last_mode_ != -1 && mode != last_mode_) || fresh_connection_) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    last_mode_ = mode;
    fresh_connection_ = false;
    if (!request.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, request.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, request.password.c_str());
    }
    if (request.require_tls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (request.tls.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!request.tls.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, request.tls.ca_file.c_str());
    if (!request.tls.client_cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, request.tls.client_cert.c_str());
    if (!request.tls.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, request.tls.client_key.c_str());

    switch (request.operation) {
    case ftp_operation::download:
    case ftp_operation::list:
        break;
    case ftp_operation::name_list:
        curl_easy_setopt(curl, CURLOPT_DIRLISTONLY, 1L);
        break;
    case ftp_operation::upload:
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &state);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.upload_data.size()));
        break;
    }

    const auto started = std::chrono::steady_clock::now();
    CURLcode code = curl_easy_perform(curl);
    result.duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    protocol::transport_fault fault;
    if (state.parser.too_large()) {
        fault = detail::too_large_error(state.parser);
        fresh_connection_ = true;  // the rest of that reply is still on the old connection
        state.parser.finish();
    } else if (code != CURLE_OK) {
        fault = detail::curl_fault(curl, code, error_buffer);
    }
    result.transport_code = fault.code;
    result.transport_error = fault.text;
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    result.code = static_cast<int>(response);
    char* ip = nullptr;
    long port = 0;
    if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip &&
        curl_easy_getinfo(curl, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK) {
        std::string host = ip;
        result.remote_address = protocol::bracket_host(host) + ":" + std::to_string(port);
        for (auto& exchange : state.exchanges) exchange.server_address = host;
    }
    state.take_replies();
    // The fault belongs to the exchange libcurl was in when it stopped.
    if (fault && !state.exchanges.empty()) state.exchanges.back().set_transport_error(std::move(fault));
    // The transfer command's exchange carries the data, as ftp_control_client's does.
    for (auto it = state.exchanges.rbegin(); it != state.exchanges.rend(); ++it) {
        auto verb = it->command.substr(0, 4);
        for (auto& c : verb) c = char(std::toupper(static_cast<unsigned char>(c)));
        if (verb == "RETR" || verb == "STOR" || verb == "LIST" || verb == "NLST" || verb == "MLSD" ||
            verb == "APPE") {
            it->data = request.operation == ftp_operation::upload ? request.upload_data.substr(0, request.data_cap)
                                                                  : state.data;
            it->data_connection_used = true;
            break;
        }
    }
    result.exchanges = std::move(state.exchanges);
    result.data = std::move(state.data);
    result.transcript = std::move(state.transcript);
    return result;
}

}  // namespace replycheck::harness
