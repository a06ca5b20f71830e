#include "protocol/wire/http_request.hpp"

#include "protocol/wire/ows.hpp"

namespace replycheck::protocol {

std::string serialize_http_request(const http_request_record& request) {
    std::string out;
    out.reserve(64 + request.target.size() + request.body.size());
    out += request.method;
    out += ' ';
    out += request.target;
    out += ' ';
    out += request.version;
    out += "\r\n";
    for (const auto& field : request.headers) {
        out += field.name;
        out += ": ";
        out += field.value;
        out += "\r\n";
    }
    out += "\r\n";
    out += request.body;
    return out;
}

namespace {

// Pops one line (without CRLF or LF) off `bytes`; false when it had no line ending.
bool take_line(std::string_view& bytes, std::string_view& line) {
    auto lf = bytes.find('\n');
    if (lf == std::string_view::npos) {
        line = bytes;
        bytes = {};
        return false;
    }
    line = bytes.substr(0, lf);
    if (line.ends_with('\r')) line.remove_suffix(1);
    bytes.remove_prefix(lf + 1);
    return true;
}

}  // namespace

header_list read_header_section(std::string_view& bytes) {
    header_list headers;
    std::string_view line;
    while (!bytes.empty()) {
        take_line(bytes, line);
        if (line.empty()) break;  // the empty line ends the section
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const auto value = trim_ows(line.substr(colon + 1));
        headers.push_back(header_field{std::string(line.substr(0, colon)), std::string(value)});
    }
    return headers;
}

http_request_record parse_http_request(std::string_view bytes) {
    http_request_record request;
    request.version.clear();
    std::string_view line;
    const bool complete = take_line(bytes, line);
    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    auto sp1 = line.find(' ');
    request.method = std::string(line.substr(0, sp1));
    if (sp1 != std::string_view::npos) {
        auto rest = line.substr(sp1 + 1);
        auto sp2 = rest.rfind(' ');
        if (sp2 == std::string_view::npos) {
            request.target = std::string(rest);
        } else {
            request.target = std::string(rest.substr(0, sp2));
            request.version = std::string(rest.substr(sp2 + 1));
        }
    }
    if (complete) request.headers = read_header_section(bytes);
    request.body = std::string(bytes);
    return request;
}

}  // namespace replycheck::protocol
