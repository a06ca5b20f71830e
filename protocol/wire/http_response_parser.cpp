#include "protocol/wire/http_response_parser.hpp"

#include <algorithm>
#include <charconv>

#include "protocol/wire/ascii.hpp"
#include "protocol/wire/ows.hpp"

namespace replycheck::protocol {

namespace {

bool is_tchar(char c) noexcept {
    // token characters, RFC 9110 §5.6.2
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

http_response_parser::http_response_parser(std::string_view request_method, http_parser_limits limits)
    : method_(request_method), limits_(limits) {}

void http_response_parser::error(std::string message) {
    record_.framing_errors.push_back(std::move(message));
}

void http_response_parser::feed(std::string_view bytes) {
    total_bytes_ += bytes.size();
    if (state_ == state::done) {
        append_trailing(bytes);
        return;
    }
    buffer_.append(bytes);
    run();
}

bool http_response_parser::next_line(std::string& line) {
    auto lf = buffer_.find('\n');
    if (lf == std::string::npos) return false;
    std::size_t end = lf;
    if (end > 0 && buffer_[end - 1] == '\r') {
        --end;
    } else if (!bare_lf_reported_) {
        // RFC 9112 §2.2: a recipient MAY accept a bare LF; a sender MUST use CRLF.
        bare_lf_reported_ = true;
        error("line ended with LF without CR (RFC 9112 §2.2)");
    }
    line.assign(buffer_, 0, end);
    buffer_.erase(0, lf + 1);
    return true;
}

void http_response_parser::run() {
    std::string line;
    while (state_ != state::done) {
        switch (state_) {
        case state::start_line:
        case state::headers:
        case state::trailers: {
            // The limit is checked on the bytes of the next line (up to its LF, or all that is
            // buffered) before the line is taken, so the outcome does not depend on how the
            // stream was cut into reads.
            const auto lf = buffer_.find('\n');
            const std::size_t pending = lf == std::string::npos ? buffer_.size() : lf + 1;
            if (header_bytes_ + pending > limits_.max_header_bytes) {
                error("header section larger than " + std::to_string(limits_.max_header_bytes) + " bytes");
                record_.body_complete = false;
                std::string rest = std::move(buffer_);
                buffer_.clear();
                state_ = state::done;
                append_trailing(rest);
                return;
            }
            if (!next_line(line)) return;
            header_bytes_ += pending;
            if (state_ == state::start_line) {
                on_start_line(line);
            } else if (state_ == state::headers) {
                if (line.empty()) on_headers_complete();
                else on_header_line(line, record_.headers);
            } else {  // trailers
                if (line.empty()) {
                    state_ = state::done;
                    std::string rest = std::move(buffer_);
                    buffer_.clear();
                    append_trailing(rest);
                } else {
                    on_header_line(line, record_.trailers);
                }
            }
            break;
        }
        case state::chunk_size: {
            const auto lf = buffer_.find('\n');
            const std::size_t pending = lf == std::string::npos ? buffer_.size() : lf + 1;
            if (pending > 4096) {
                error("chunk size line longer than 4096 bytes; reading until close");
                body_mode_ = body_mode::until_close;
                state_ = state::body;
                break;
            }
            if (!next_line(line)) return;
            on_chunk_size_line(line);
            break;
        }
        case state::chunk_data:
        case state::body: {
            if (buffer_.empty()) return;
            if (body_mode_ == body_mode::until_close) {
                append_body(buffer_);
                buffer_.clear();
                return;
            }
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, buffer_.size()));
            append_body(std::string_view(buffer_).substr(0, n));
            buffer_.erase(0, n);
            remaining_ -= n;
            if (remaining_ == 0) {
                if (state_ == state::chunk_data) {
                    state_ = state::chunk_data_end;
                } else {
                    state_ = state::done;
                    std::string rest = std::move(buffer_);
                    buffer_.clear();
                    append_trailing(rest);
                }
            }
            break;
        }
        case state::chunk_data_end:
            // RFC 9112 §7.1: chunk-data is followed by CRLF.
            if (buffer_.empty()) return;
            if (buffer_.starts_with("\r\n")) {
                buffer_.erase(0, 2);
            } else if (buffer_[0] == '\n') {
                buffer_.erase(0, 1);
            } else if (buffer_ == "\r") {
                return;
            } else {
                error("chunk data not followed by CRLF (RFC 9112 §7.1)");
            }
            state_ = state::chunk_size;
            break;
        case state::done:
            return;
        }
    }
}

void http_response_parser::on_start_line(const std::string& line) {
    if (line.empty()) {
        error("empty line before the status line");
        return;
    }
    record_.status_line = line;
    std::string_view rest(line);
    if (!rest.starts_with("HTTP/")) {
        // Not HTTP/1.x: keep everything as an undelimited body so the bytes stay visible.
        error("invalid status line: '" + printable_excerpt(line) + "'");
        record_.status = 0;
        body_mode_ = body_mode::until_close;
        state_ = state::body;
        headers_done_ = true;
        append_body(line);
        append_body("\r\n");
        return;
    }
    auto sp = rest.find(' ');
    record_.version = std::string(rest.substr(0, sp));
    const auto& v = record_.version;
    // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3)
    if (v.size() != 8 || !is_ascii_digit(v[5]) || v[6] != '.' || !is_ascii_digit(v[7]))
        error("invalid HTTP version '" + printable_excerpt(v) + "' in status line");
    if (sp == std::string_view::npos) {
        error("status line without status code: '" + printable_excerpt(line) + "'");
        state_ = state::headers;
        return;
    }
    rest.remove_prefix(sp + 1);
    if (rest.starts_with(' ')) {
        error("more than one space after the HTTP version in the status line");
        while (rest.starts_with(' ')) rest.remove_prefix(1);
    }
    if (rest.size() < 3 || !is_ascii_digit(rest[0]) || !is_ascii_digit(rest[1]) || !is_ascii_digit(rest[2]) ||
        (rest.size() > 3 && rest[3] != ' ')) {
        error("status code is not 3 digits: '" + printable_excerpt(line) + "'");
        int code = 0;
        auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), code);
        if (ec == std::errc{} && code >= 0 && code < 1000) record_.status = code;
        auto space = rest.find(' ');
        if (space != std::string_view::npos) record_.reason = std::string(rest.substr(space + 1));
    } else {
        record_.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
        if (rest.size() == 3) {
            // RFC 9112 §4: the SP after the status code is required even when the reason is empty.
            error("status line lacks the space after the status code (RFC 9112 §4)");
        } else {
            record_.reason = std::string(rest.substr(4));
        }
    }
    state_ = state::headers;
}

void http_response_parser::on_header_line(const std::string& line, header_list& target) {
    if (line[0] == ' ' || line[0] == '\t') {
        // RFC 9112 §5.2: obs-fold is deprecated; a user agent replaces it with SP.
        error("obsolete line folding in header section (RFC 9112 §5.2)");
        if (!target.empty()) {
            auto more = trim_ows(line);
            if (!more.empty()) {
                if (!target.back().value.empty()) target.back().value += ' ';
                target.back().value += more;
            }
        }
        return;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) {
        error("header line without colon: '" + printable_excerpt(line) + "'");
        return;
    }
    std::string_view name(line.data(), colon);
    if (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
        // RFC 9112 §5.1: no whitespace between field name and colon.
        error("whitespace between field name and colon: '" + printable_excerpt(name) + "' (RFC 9112 §5.1)");
        name = trim_ows(name);
    }
    if (name.empty()) {
        error("header line with empty field name: '" + printable_excerpt(line) + "'");
        return;
    }
    if (!std::all_of(name.begin(), name.end(), is_tchar))
        error("invalid character in field name '" + printable_excerpt(name) + "'");
    auto value = trim_ows(std::string_view(line).substr(colon + 1));
    target.push_back(header_field{std::string(name), std::string(value)});
}

void http_response_parser::on_headers_complete() {
    const int status = record_.status;
    if (status >= 100 && status < 200 && status != 101 && !stop_at_interim_) {
        // RFC 9112 §6.3 (1): a 1xx response ends at its header section; the final one follows.
        http_response_record interim = std::move(record_);
        record_ = http_response_record{};
        record_.interim = std::move(interim.interim);
        record_.framing_errors = std::move(interim.framing_errors);
        interim.interim.clear();
        interim.framing_errors.clear();
        record_.interim.push_back(std::move(interim));
        header_bytes_ = 0;
        state_ = state::start_line;
        return;
    }
    headers_done_ = true;
    const auto& headers = record_.headers;
    auto te_values = find_headers(headers, "Transfer-Encoding");
    auto cl_values = find_headers(headers, "Content-Length");

    const bool no_body = iequals(method_, "HEAD") || (status >= 100 && status < 200) || status == 204 ||
                         status == 304 || (iequals(method_, "CONNECT") && status >= 200 && status < 300);
    if (no_body) {
        body_mode_ = body_mode::none;
    } else if (!te_values.empty()) {
        if (!cl_values.empty())
            error("both Transfer-Encoding and Content-Length (RFC 9112 §6.3); Transfer-Encoding wins");
        if (record_.version == "HTTP/1.0")
            error("Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1)");
        // The final transfer coding decides (RFC 9112 §6.3 (4)).
        std::string last;
        for (auto value : te_values) {
            std::size_t start = 0;
            while (start <= value.size()) {
                auto comma = value.find(',', start);
                auto token = trim_ows(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
                if (!token.empty()) last = ascii_lower(token);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
        }
        if (last == "chunked") {
            body_mode_ = body_mode::chunked;
            record_.chunked = true;
        } else {
            error("Transfer-Encoding '" + printable_excerpt(last) + "' does not end in chunked; reading until close");
            body_mode_ = body_mode::until_close;
        }
    } else if (!cl_values.empty()) {
        // RFC 9112 §6.3 (5): differing or invalid Content-Length values are unrecoverable.
        std::optional<std::uint64_t> length;
        bool valid = true;
        for (auto value : cl_values) {
            std::size_t start = 0;
            while (valid) {
                auto comma = value.find(',', start);
                auto token = trim_ows(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
                std::uint64_t n = 0;
                auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
                if (token.empty() || ec != std::errc{} || p != token.data() + token.size() ||
                    !std::all_of(token.begin(), token.end(), is_ascii_digit)) {
                    valid = false;
                    error("invalid Content-Length '" + printable_excerpt(value) + "'; reading until close");
                } else if (length && *length != n) {
                    valid = false;
                    error("conflicting Content-Length values; reading until close");
                } else {
                    if (length) error("repeated Content-Length value " + std::to_string(n));
                    length = n;
                }
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
            if (!valid) break;
        }
        if (valid && length) {
            body_mode_ = body_mode::length;
            remaining_ = *length;
        } else {
            body_mode_ = body_mode::until_close;
        }
    } else {
        // RFC 9112 §6.3 (8): no length information, the body runs until the connection closes.
        body_mode_ = body_mode::until_close;
    }

    switch (body_mode_) {
    case body_mode::none:
        state_ = state::done;
        break;
    case body_mode::length:
        state_ = remaining_ == 0 ? state::done : state::body;
        break;
    case body_mode::chunked:
        state_ = state::chunk_size;
        break;
    case body_mode::until_close:
        state_ = state::body;
        break;
    }
    if (state_ == state::done) {
        std::string rest = std::move(buffer_);
        buffer_.clear();
        append_trailing(rest);
    }
}

void http_response_parser::on_chunk_size_line(const std::string& line) {
    // chunk = chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1); chunk-size is 1*HEXDIG.
    std::string_view text(line);
    std::size_t digits = 0;
    std::uint64_t size = 0;
    bool overflow = false;
    while (digits < text.size()) {
        char c = text[digits];
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else break;
        if (size > (UINT64_MAX >> 4)) overflow = true;
        size = (size << 4) | std::uint64_t(v);
        ++digits;
    }
    auto rest = trim_ows(text.substr(digits));
    if (digits == 0 || overflow || (!rest.empty() && rest[0] != ';')) {
        error("invalid chunk size line '" + printable_excerpt(line) + "' (RFC 9112 §7.1); reading until close");
        body_mode_ = body_mode::until_close;
        state_ = state::body;
        append_body(line);
        append_body("\r\n");
        return;
    }
    if (size == 0) {
        state_ = state::trailers;
        header_bytes_ = 0;
        return;
    }
    remaining_ = size;
    state_ = state::chunk_data;
}

void http_response_parser::append_body(std::string_view bytes) {
    body_seen_ += bytes.size();
    record_.body_length = body_seen_;
    if (record_.body.size() < limits_.max_body_bytes) {
        auto room = limits_.max_body_bytes - record_.body.size();
        record_.body.append(bytes.substr(0, std::min(room, bytes.size())));
    }
}

void http_response_parser::append_trailing(std::string_view bytes) {
    if (record_.trailing_bytes.size() < limits_.max_trailing_bytes) {
        auto room = limits_.max_trailing_bytes - record_.trailing_bytes.size();
        record_.trailing_bytes.append(bytes.substr(0, std::min(room, bytes.size())));
    }
}

void http_response_parser::finish() {
    if (state_ == state::done) return;
    switch (state_) {
    case state::start_line:
        if (total_bytes_ == 0) error("connection closed before any response byte");
        else if (!record_.interim.empty() && buffer_.empty())
            error("connection closed after a 1xx response without a final response");
        else error("connection closed inside the status line");
        record_.body_complete = false;
        break;
    case state::headers:
        error("connection closed inside the header section");
        record_.body_complete = false;
        break;
    case state::body:
        if (body_mode_ == body_mode::length) {
            error("connection closed after " + std::to_string(body_seen_) + " of " +
                  std::to_string(body_seen_ + remaining_) + " body bytes (Content-Length)");
            record_.body_complete = false;
        }
        break;
    case state::chunk_size:
    case state::chunk_data:
    case state::chunk_data_end:
        error("connection closed inside the chunked body (no last chunk)");
        record_.body_complete = false;
        break;
    case state::trailers:
        error("connection closed inside the trailer section");
        record_.body_complete = false;
        break;
    case state::done:
        break;
    }
    state_ = state::done;
}

}  // namespace replycheck::protocol
