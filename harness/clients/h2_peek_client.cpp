#include "harness/clients/h2_peek_client.hpp"

#include "harness/clients/socket_stream.hpp"
#include "protocol/wire/hpack_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace replycheck::harness {

namespace {

using protocol::transport_errc;
using protocol::transport_fault;

// RFC 9113 §6: frame types and flags used here.
enum frame_type : std::uint8_t { data = 0, headers = 1, rst_stream = 3, settings = 4, ping = 6, goaway = 7, continuation = 9 };
constexpr std::uint8_t end_stream = 0x1, ack = 0x1, end_headers = 0x4, padded = 0x8, priority = 0x20;
constexpr std::size_t max_frame = 16384;  // SETTINGS_MAX_FRAME_SIZE default (§6.5.2)
constexpr std::string_view preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";  // §3.4

struct frame {
    std::uint8_t type = 0, flags = 0;
    std::uint32_t stream = 0;
    std::string payload;
};

std::string frame_bytes(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, std::string_view payload) {
    std::string out;
    const auto n = payload.size();
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
    out += static_cast<char>(type);
    out += static_cast<char>(flags);
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((stream >> shift) & 0xff);
    out += payload;
    return out;
}

std::uint32_t be32(std::string_view b) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4 && i < b.size(); ++i) v = (v << 8) | static_cast<unsigned char>(b[i]);
    return v;
}

// RFC 9113 §7: error codes by name.
std::string error_name(std::uint32_t code) {
    static constexpr std::string_view names[] = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
                                                 "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR",
                                                 "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
                                                 "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
    return code < std::size(names) ? std::string(names[code]) : fmt::format("error {}", code);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

class peek {
public:
    explicit peek(const h2_peek_request& r) : r_(r), stream_(io_), deadline_(detail::steady::now() + r.timeout) {}

    protocol::http_exchange run();

    /// True when the server's first frame was SETTINGS (RFC 9113 §3.4).
    bool preface_seen() const noexcept { return preface_seen_; }

private:
    transport_fault connect();
    transport_fault send_request(protocol::http_exchange& exchange);
    // Reads the next frame; a fault at the end of the stream or time.
    transport_fault next(frame& f);
    // The header block of stream 1 as fields, joining CONTINUATION frames.
    bool header_block(frame& f, protocol::header_list& out, transport_fault& fault);

    const h2_peek_request& r_;
    detail::asio::io_context io_;
    detail::socket_stream stream_;
    detail::steady::time_point deadline_;
    std::string buffer_;
    protocol::hpack_decoder decoder_;
    bool first_frame_ = true;
    bool preface_seen_ = false;
};

transport_fault peek::connect() {
    if (auto fault = stream_.connect(r_.host, r_.port, deadline_)) return fault;
    if (!r_.tls) return {};
    auto settings = r_.tls_settings;
    settings.alpn = {"h2"};
    if (auto fault = stream_.start_tls(settings, r_.host, deadline_)) return fault;
    if (stream_.alpn_selected() != "h2")
        return {transport_errc::protocol_violation, "the server did not choose h2 by ALPN (RFC 9113 §3.2)"};
    return {};
}

transport_fault peek::send_request(protocol::http_exchange& exchange) {
    protocol::header_list fields{{":method", r_.method}, {":scheme", r_.tls ? "https" : "http"},
                                 {":authority", r_.authority}, {":path", r_.path}};
    for (const auto& f : r_.fields) fields.push_back({lower(f.name), f.value});
    exchange.sent_raw = fmt::format("{} {} HTTP/2\r\n", r_.method, r_.path);
    for (std::size_t i = 2; i < fields.size(); ++i)
        exchange.sent_raw += (i == 2 ? std::string("host") : fields[i].name) + ": " + fields[i].value + "\r\n";
    exchange.sent_raw += "\r\n" + r_.body;
    const auto block = protocol::hpack_encode_plain(fields);
    std::string out(preface);
    out += frame_bytes(settings, 0, 0, std::string("\x00\x02\x00\x00\x00\x00", 6));  // ENABLE_PUSH 0
    // HEADERS, then CONTINUATION frames, none over the default frame size (§4.2, §6.10).
    const std::uint8_t last_flags = r_.body.empty() ? end_stream : 0;
    for (std::size_t at = 0; at == 0 || at < block.size(); at += max_frame) {
        const auto piece = std::string_view(block).substr(at, max_frame);
        const bool last = at + max_frame >= block.size();
        const std::uint8_t flags = (last ? end_headers : 0) | (at == 0 ? last_flags : 0);
        out += frame_bytes(at == 0 ? headers : continuation, flags, 1, piece);
    }
    for (std::size_t at = 0; at < r_.body.size(); at += max_frame) {
        const auto piece = std::string_view(r_.body).substr(at, max_frame);
        out += frame_bytes(data, at + max_frame >= r_.body.size() ? end_stream : 0, 1, piece);
    }
    return stream_.write(out, deadline_);
}

transport_fault peek::next(frame& f) {
    while (true) {
        if (buffer_.size() >= 9) {
            const std::size_t length = (static_cast<unsigned char>(buffer_[0]) << 16) |
                                       (static_cast<unsigned char>(buffer_[1]) << 8) | static_cast<unsigned char>(buffer_[2]);
            if (first_frame_ && buffer_[3] != static_cast<char>(settings)) {
                const auto line = buffer_.substr(0, std::min(buffer_.find_first_of("\r\n"), std::size_t{60}));
                return {transport_errc::protocol_violation,
                        buffer_.starts_with("HTTP/") ? "the server answered in HTTP/1.x: " + line
                                                     : "the server's first frame is not SETTINGS (RFC 9113 §3.4)"};
            }
            if (length > (1u << 20)) return {transport_errc::protocol_violation, "a frame longer than 1 MiB"};
            if (buffer_.size() >= 9 + length) {
                preface_seen_ = preface_seen_ || (first_frame_ && buffer_[3] == static_cast<char>(settings));
                first_frame_ = false;
                f.type = static_cast<std::uint8_t>(buffer_[3]);
                f.flags = static_cast<std::uint8_t>(buffer_[4]);
                f.stream = be32(std::string_view(buffer_).substr(5, 4)) & 0x7fffffffu;
                f.payload = buffer_.substr(9, length);
                buffer_.erase(0, 9 + length);
                return {};
            }
        }
        transport_fault error;
        switch (stream_.read_some(buffer_, deadline_, error)) {
        case detail::read_status::data: break;
        case detail::read_status::eof: return {transport_errc::closed_early, "the server closed the connection"};
        case detail::read_status::timeout:
            return {transport_errc::timeout, fmt::format("timeout after {}ms", r_.timeout.count())};
        case detail::read_status::error: return error;
        }
    }
}

bool peek::header_block(frame& f, protocol::header_list& out, transport_fault& fault) {
    std::string_view payload = f.payload;
    std::size_t pad = 0;
    if (f.flags & padded) {
        pad = payload.empty() ? 0 : static_cast<unsigned char>(payload[0]);
        payload.remove_prefix(std::min<std::size_t>(1, payload.size()));
    }
    if (f.flags & priority) payload.remove_prefix(std::min<std::size_t>(5, payload.size()));
    if (pad > payload.size()) {
        fault = {transport_errc::protocol_violation, "HEADERS padding longer than the frame (RFC 9113 §6.2)"};
        return false;
    }
    std::string block(payload.substr(0, payload.size() - pad));
    while (!(f.flags & end_headers)) {
        if ((fault = next(f))) return false;
        if (f.type != continuation || f.stream != 1) {
            fault = {transport_errc::protocol_violation, "a header block not continued by CONTINUATION (RFC 9113 §6.10)"};
            return false;
        }
        block += f.payload;
    }
    std::string error;
    auto fields = decoder_.decode(block, error);
    if (!fields) {
        fault = {transport_errc::protocol_violation, "the header block is not valid HPACK: " + error};
        return false;
    }
    out = std::move(*fields);
    return true;
}

protocol::http_exchange peek::run() {
    protocol::http_exchange exchange;
    exchange.request.method = r_.method;
    exchange.request.target = r_.path;
    exchange.request.version = "HTTP/2";
    exchange.request.headers = r_.fields;
    exchange.request.body = r_.body;
    const auto started = detail::steady::now();
    auto finish = [&](transport_fault fault) {
        if (fault) exchange.set_transport_error(std::move(fault));
        exchange.remote_address = stream_.remote_address();
        exchange.duration = std::chrono::duration_cast<std::chrono::microseconds>(detail::steady::now() - started);
        stream_.close();
        return exchange;
    };
    if (auto fault = connect()) return finish(std::move(fault));
    if (auto fault = send_request(exchange)) return finish(std::move(fault));

    std::optional<protocol::http_response_record> response;
    frame f;
    while (true) {
        if (auto fault = next(f)) {
            if (response) response->body_complete = false;
            exchange.response = std::move(response);
            return finish(std::move(fault));
        }
        if (f.type == settings && !(f.flags & ack)) {
            stream_.write(frame_bytes(settings, ack, 0, {}), deadline_);
        } else if (f.type == goaway) {
            const auto code = be32(std::string_view(f.payload).substr(std::min<std::size_t>(4, f.payload.size())));
            exchange.response = std::move(response);
            if (exchange.response) exchange.response->body_complete = false;
            return finish({transport_errc::protocol_violation, "the server sent GOAWAY " + error_name(code)});
        } else if (f.stream != 1) {
            continue;  // PING, WINDOW_UPDATE, other streams: not part of this reply
        } else if (f.type == rst_stream) {
            exchange.response = std::move(response);
            if (exchange.response) exchange.response->body_complete = false;
            return finish({transport_errc::protocol_violation, "the server reset the stream: " + error_name(be32(f.payload))});
        } else if (f.type == headers) {
            protocol::header_list fields;
            transport_fault fault;
            const bool ends = f.flags & end_stream;
            if (!header_block(f, fields, fault)) {
                exchange.response = std::move(response);
                return finish(std::move(fault));
            }
            std::string head;
            protocol::http_response_record block;
            block.version = "HTTP/2";
            for (auto& field : fields) {
                if (field.name == ":status") block.status = std::atoi(field.value.c_str());
                else if (!field.name.starts_with(":")) block.headers.push_back(field);
                head += field.name + (field.name.starts_with(":") ? " " : ": ") + field.value + "\r\n";
            }
            exchange.received_raw += head + "\r\n";
            if (response && response->status >= 200) {
                response->trailers = std::move(block.headers);  // §8.1: a trailer section
            } else {
                block.status_line = fmt::format("HTTP/2 {}", block.status);
                if (response) {  // the 1xx before this block (RFC 9113 §8.1)
                    block.interim = std::move(response->interim);
                    block.interim.push_back(std::move(*response));
                }
                response = std::move(block);
            }
            if (ends) {
                exchange.response = std::move(response);
                return finish({});
            }
        } else if (f.type == data && response) {
            std::string_view payload = f.payload;
            if (f.flags & padded && !payload.empty()) {
                const std::size_t pad = static_cast<unsigned char>(payload[0]);
                payload.remove_prefix(1);
                payload = payload.substr(0, payload.size() - std::min(pad, payload.size()));
            }
            response->body += payload;
            response->body_length += payload.size();
            exchange.received_raw += payload;
            if (f.flags & end_stream) {
                exchange.response = std::move(response);
                return finish({});
            }
            if (response->body.size() >= r_.body_cap) {
                response->body_complete = false;
                exchange.response = std::move(response);
                return finish({transport_errc::reply_too_large, "content read up to the cap only"});
            }
        }
    }
}

}  // namespace

protocol::http_exchange h2_peek(const h2_peek_request& request, bool* h2_spoken) {
    peek p(request);
    auto exchange = p.run();
    if (h2_spoken) *h2_spoken = p.preface_seen();
    return exchange;
}

}  // namespace replycheck::harness
