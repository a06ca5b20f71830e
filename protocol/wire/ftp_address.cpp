#include "protocol/wire/ftp_address.hpp"

#include <array>
#include <charconv>

#include "protocol/wire/ascii.hpp"

namespace replycheck::protocol {

namespace {

std::string_view skip_code(std::string_view text) {
    if (text.size() >= 4 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9' &&
        text[2] >= '0' && text[2] <= '9' && (text[3] == ' ' || text[3] == '-'))
        text.remove_prefix(4);
    return text;
}


}  // namespace

parse_result<ftp_endpoint> parse_pasv_227(std::string_view reply_text) {
    // RFC 959 §4.1.2 shows "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)"; the RFC does not
    // fix the text around the numbers, so find the first run of six comma-separated numbers.
    auto text = skip_code(reply_text);
    std::vector<std::string> warnings;
    for (std::size_t start = 0; start < text.size(); ++start) {
        if (!is_ascii_digit(text[start]) || (start > 0 && is_ascii_digit(text[start - 1]))) continue;
        std::array<unsigned, 6> numbers{};
        std::size_t pos = start;
        std::size_t count = 0;
        bool spaces = false;
        while (count < 6) {
            unsigned v = 0;
            auto [p, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), v);
            if (ec != std::errc{}) break;
            numbers[count++] = v;
            pos = static_cast<std::size_t>(p - text.data());
            if (count == 6) break;
            while (pos < text.size() && text[pos] == ' ') { ++pos; spaces = true; }
            if (pos >= text.size() || text[pos] != ',') break;
            ++pos;
            while (pos < text.size() && text[pos] == ' ') { ++pos; spaces = true; }
        }
        if (count != 6) continue;
        for (unsigned v : numbers)
            if (v > 255)
                return parse_result<ftp_endpoint>::failure("number " + std::to_string(v) +
                                                           " out of range 0-255 in 227 reply");
        if (spaces) warnings.push_back("spaces inside h1,h2,h3,h4,p1,p2");
        const bool open_paren = start > 0 && text[start - 1] == '(';
        const bool close_paren = pos < text.size() && text[pos] == ')';
        if (!open_paren || !close_paren) warnings.push_back("no parentheses around h1,h2,h3,h4,p1,p2");
        ftp_endpoint endpoint;
        endpoint.host = std::to_string(numbers[0]) + "." + std::to_string(numbers[1]) + "." +
                        std::to_string(numbers[2]) + "." + std::to_string(numbers[3]);
        endpoint.port = static_cast<std::uint16_t>(numbers[4] * 256 + numbers[5]);
        if (endpoint.port == 0) warnings.push_back("port 0 announced");
        return parse_result<ftp_endpoint>::success(endpoint, warnings);
    }
    return parse_result<ftp_endpoint>::failure("no h1,h2,h3,h4,p1,p2 in 227 reply");
}

parse_result<ftp_endpoint> parse_epsv_229(std::string_view reply_text) {
    // RFC 2428 §3: "229 <text> (<d><d><d><tcp-port><d>)", <d> one character in 33-126,
    // normally '|'; the network address and protocol fields are empty.
    auto text = skip_code(reply_text);
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        auto body = text.substr(open + 1);
        if (body.size() < 5) continue;
        char d = body[0];
        if (d < 33 || d > 126 || is_ascii_digit(d)) continue;
        if (body[1] != d || body[2] != d) continue;
        std::size_t pos = 3;
        std::size_t digits_start = pos;
        while (pos < body.size() && is_ascii_digit(body[pos])) ++pos;
        if (pos == digits_start || pos >= body.size() || body[pos] != d) continue;
        unsigned port = 0;
        auto [p, ec] = std::from_chars(body.data() + digits_start, body.data() + pos, port);
        if (ec != std::errc{} || port > 65535 || port == 0)
            return parse_result<ftp_endpoint>::failure("port out of range in 229 reply");
        std::vector<std::string> warnings;
        if (pos + 1 >= body.size() || body[pos + 1] != ')') warnings.push_back("no ')' after the port field");
        if (d != '|') warnings.push_back(std::string("delimiter '") + d + "' instead of '|'");
        return parse_result<ftp_endpoint>::success(ftp_endpoint{"", static_cast<std::uint16_t>(port)}, warnings);
    }
    return parse_result<ftp_endpoint>::failure("no (|||port|) in 229 reply");
}

std::string format_port_argument(std::string_view ipv4, std::uint16_t port) {
    if (ipv4.find(':') != std::string_view::npos || ipv4.empty()) return {};
    std::string out;
    for (char c : ipv4) out += (c == '.') ? ',' : c;
    out += "," + std::to_string(port / 256) + "," + std::to_string(port % 256);
    return out;
}

std::string format_eprt_argument(std::string_view host, std::uint16_t port) {
    // RFC 2428 §2: EPRT |<net-prt>|<net-addr>|<tcp-port>|, 1 = IPv4, 2 = IPv6.
    const bool v6 = host.find(':') != std::string_view::npos;
    return std::string(v6 ? "|2|" : "|1|") + std::string(host) + "|" + std::to_string(port) + "|";
}

std::string format_pasv_227(std::string_view ipv4, std::uint16_t port) {
    return "Entering Passive Mode (" + format_port_argument(ipv4, port) + ").";
}

}  // namespace replycheck::protocol
