#include "mockserver/ftp/ftp_command_line.hpp"

#include <cctype>
#include <charconv>
#include <vector>

namespace replycheck::mock {

namespace {

bool is_alpha(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

std::optional<unsigned> parse_uint(std::string_view text, unsigned max) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        auto pos = text.find(separator, start);
        if (pos == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
}

// Canonical dotted decimal only: RFC 2428 §2 gives the IPv4 address "in its standard form"
// (the dotted-decimal of RFC 1123 §2.1), so "127.0.0.01" is a syntax error, not another host.
// Without this, EPRT would keep text that PORT (which rebuilds the address from numbers) and
// inet_pton never produce.
bool is_ipv4(std::string_view text) {
    auto parts = split(text, '.');
    if (parts.size() != 4) return false;
    for (auto part : parts) {
        if (part.size() > 1 && part.front() == '0') return false;
        if (!parse_uint(part, 255)) return false;
    }
    return true;
}

bool is_ipv6(std::string_view text) {
    // Syntax check only; the address is compared with the peer's textual form later.
    if (text.size() < 2 || text.find(':') == std::string_view::npos) return false;
    for (char c : text)
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    return true;
}

}  // namespace

void ftp_line_buffer::append(std::string_view bytes) {
    if (discarding_) {
        // Skip the rest of an over-long line without storing it (bounded memory).
        auto lf = bytes.find('\n');
        if (lf == std::string_view::npos) return;
        buffer_.append(bytes.substr(lf));   // keep the LF: next() reports the line
        return;
    }
    buffer_.append(bytes);
    if (buffer_.find('\n') == std::string::npos && buffer_.size() > max_line_ + 1) {
        buffer_.clear();
        discarding_ = true;
    }
}

bool ftp_line_buffer::has_line() const noexcept { return buffer_.find('\n') != std::string::npos; }

std::optional<ftp_line> ftp_line_buffer::next() {
    auto lf = buffer_.find('\n');
    if (lf == std::string::npos) {
        if (!discarding_ && buffer_.size() > max_line_ + 1) {
            buffer_.clear();
            discarding_ = true;
        }
        return std::nullopt;
    }
    ftp_line line;
    if (discarding_) {
        discarding_ = false;
        line.too_long = true;
        buffer_.erase(0, lf + 1);
        return line;
    }
    std::string_view raw(buffer_.data(), lf);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.size() > max_line_) {
        line.too_long = true;
    } else {
        line.text = strip_telnet(raw);
    }
    buffer_.erase(0, lf + 1);
    // What follows may itself be an over-long partial line.
    if (buffer_.find('\n') == std::string::npos && buffer_.size() > max_line_ + 1) {
        buffer_.clear();
        discarding_ = true;
    }
    return line;
}

std::string ftp_upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = to_upper(c);
    return out;
}

ftp_command parse_ftp_command(std::string_view line) {
    ftp_command command;
    std::string cleaned = strip_telnet(line);
    std::string_view text(cleaned);
    // Tolerate leading spaces some clients put before the verb.
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    auto space = text.find(' ');
    std::string_view verb = text.substr(0, space);
    if (space != std::string_view::npos) command.argument = std::string(text.substr(space + 1));
    command.verb = ftp_upper(verb);
    command.valid_verb = !verb.empty() && verb.size() <= 8;
    for (char c : verb)
        if (!is_alpha(c)) command.valid_verb = false;
    return command;
}

std::optional<ftp_host_port> parse_port_argument(std::string_view argument) {
    auto parts = split(argument, ',');
    if (parts.size() != 6) return std::nullopt;
    unsigned values[6];
    for (int i = 0; i < 6; ++i) {
        auto part = parts[i];
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        auto value = parse_uint(part, 255);
        if (!value) return std::nullopt;
        values[i] = *value;
    }
    ftp_host_port result;
    result.address = std::to_string(values[0]) + '.' + std::to_string(values[1]) + '.' +
                     std::to_string(values[2]) + '.' + std::to_string(values[3]);
    result.port = static_cast<std::uint16_t>(values[4] * 256 + values[5]);
    result.family = 1;
    return result;
}

eprt_result parse_eprt_argument(std::string_view argument) {
    eprt_result result;
    if (argument.size() < 4) return result;
    char delimiter = argument.front();
    // RFC 2428 §2: the delimiter is an ASCII character in 33..126, usually '|'.
    if (delimiter < 33 || delimiter > 126) return result;
    if (argument.back() != delimiter) return result;
    auto parts = split(argument.substr(1, argument.size() - 2), delimiter);
    if (parts.size() != 3) return result;
    auto family = parse_uint(parts[0], 65535);
    auto port = parse_uint(parts[2], 65535);
    if (!family || !port) return result;
    if (*family != 1 && *family != 2) {
        result.unknown_family = true;
        return result;
    }
    if (*family == 1 && !is_ipv4(parts[1])) return result;
    if (*family == 2 && !is_ipv6(parts[1])) return result;
    result.endpoint = ftp_host_port{std::string(parts[1]), static_cast<std::uint16_t>(*port),
                                    static_cast<int>(*family)};
    return result;
}

ftp_virtual_path resolve_ftp_path(std::string_view cwd, std::string_view argument) {
    ftp_virtual_path result;
    for (char c : argument) {
        // A backslash would be a separator to a Windows file system, and NUL/CR/LF cannot be
        // in a name sent on a line (RFC 959 §3.1.1.5 names are "pathname" strings).
        if (c == '\\' || c == '\0' || c == '\r' || c == '\n') {
            result.status = ftp_path_status::bad_name;
            return result;
        }
    }
    std::vector<std::string_view> stack;
    auto push_parts = [&stack](std::string_view text) {
        for (auto part : split(text, '/')) {
            if (part.empty() || part == ".") continue;
            if (part == "..") {
                if (!stack.empty()) stack.pop_back();
                continue;
            }
            stack.push_back(part);
        }
    };
    if (argument.empty() || argument.front() != '/') push_parts(cwd);
    push_parts(argument);
    if (stack.empty()) {
        result.path = "/";
        return result;
    }
    for (auto part : stack) {
        result.path.push_back('/');
        result.path.append(part);
    }
    return result;
}


}  // namespace replycheck::mock
