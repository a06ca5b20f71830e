#include "protocol/url/url.hpp"

#include <array>
#include <cctype>

#include <boost/url/authority_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace replycheck::protocol {

namespace urls = boost::urls;

namespace {

// Default ports: RFC 9110 §4.2 (http 80, https 443), RFC 959 §3.2 (ftp 21), and the IANA
// "ftps" port 990 for TLS from the first byte; ftpes is FTP on 21 upgraded by AUTH TLS.
constexpr std::array<scheme_info, 5> schemes{{
    {"http", url_protocol::http, 80, tls_mode::none},
    {"https", url_protocol::http, 443, tls_mode::implicit},
    {"ftp", url_protocol::ftp, 21, tls_mode::none},
    {"ftps", url_protocol::ftp, 990, tls_mode::implicit},
    {"ftpes", url_protocol::ftp, 21, tls_mode::explicit_auth},
}};

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// A port written in the URL: 1-65535, or 0 when `allow_zero` (RFC 3986 §3.2.3 allows any digits;
// a socket takes 16 bits).
std::optional<std::uint16_t> parse_port(std::string_view text, bool allow_zero) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535 || (value == 0 && !allow_zero)) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// The host of an authority: an IPv6 literal without its brackets, any other host decoded.
template <class View>
std::string host_of(const View& view) {
    if (view.host_type() == urls::host_type::ipv6) return std::string(view.encoded_host_address());
    return view.host_address();
}

}  // namespace

std::span<const scheme_info> known_schemes() noexcept { return schemes; }

const scheme_info* find_scheme(std::string_view name) noexcept {
    for (const auto& s : schemes)
        if (iequals(s.name, name)) return &s;
    return nullptr;
}

const scheme_info* url_scheme(std::string_view text) noexcept {
    const auto sep = text.find("://");
    return sep == std::string_view::npos ? nullptr : find_scheme(text.substr(0, sep));
}

std::string_view origin_form(std::string_view target) noexcept {
    const auto* scheme = url_scheme(target);
    if (!scheme || scheme->protocol != url_protocol::http) return target;
    const auto authority = scheme->name.size() + 3;
    const auto path = target.find_first_of("/?", authority);
    return path == std::string_view::npos ? std::string_view{"/"} : target.substr(path);
}

std::string known_scheme_names() {
    std::string out;
    for (const auto& s : schemes) {
        if (!out.empty()) out += ", ";
        out += s.name;
    }
    return out;
}

std::string bracket_host(std::string_view host) {
    if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]";
    return std::string(host);
}

std::string url::decoded_path() const {
    const std::string_view path = std::string_view(target).substr(0, target.find('?'));
    auto pct = urls::make_pct_string_view(path);
    return pct ? pct->decode() : std::string(path);
}

namespace {

std::string pct_decoded(std::string_view text, bool plus_is_space) {
    std::string raw(text);
    if (plus_is_space)
        for (char& c : raw)
            if (c == '+') c = ' ';
    auto pct = urls::make_pct_string_view(raw);
    return pct ? pct->decode() : raw;
}

}  // namespace

std::string form_decoded(std::string_view component) { return pct_decoded(component, true); }

target_parts split_target(std::string_view target) {
    target_parts parts;
    const auto question = target.find('?');
    parts.path = pct_decoded(target.substr(0, question), false);
    if (question == std::string_view::npos) return parts;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            parts.query.emplace_back(form_decoded(pair.substr(0, eq)),
                                     eq == std::string_view::npos ? std::string() : form_decoded(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return parts;
}

std::string url::authority() const { return bracket_host(host) + ":" + std::to_string(port); }

std::string url::display() const {
    std::string out(scheme ? scheme->name : "");
    out += "://";
    if (user) out += *user + "@";
    out += authority();
    out += target;
    return out;
}

std::optional<url> parse_url(std::string_view text, std::string& error) {
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        error = "not a URL (expected scheme://host[:port]/path)";
        return std::nullopt;
    }
    const scheme_info* scheme = find_scheme(text.substr(0, sep));
    if (!scheme) {
        error = "unsupported scheme '" + std::string(text.substr(0, sep)) + "' (" + known_scheme_names() + ")";
        return std::nullopt;
    }
    auto parsed = urls::parse_uri(text);
    if (!parsed) {
        error = "'" + std::string(text) + "' is not a valid URL (RFC 3986): " + parsed.error().message();
        return std::nullopt;
    }
    const urls::url_view& u = *parsed;
    url out;
    out.scheme = scheme;
    out.host = host_of(u);
    if (out.host.empty()) {
        error = "no host in '" + std::string(text) + "'";
        return std::nullopt;
    }
    out.port = scheme->default_port;
    if (u.has_port()) {
        auto port = parse_port(u.port(), false);
        if (!port) {
            error = "invalid port '" + std::string(u.port()) + "' (1-65535)";
            return std::nullopt;
        }
        out.port = *port;
        out.has_port = true;
    }
    if (u.has_userinfo()) {
        out.user = u.user();
        if (u.has_password()) out.password = u.password();
    }
    // After an authority the path is empty or starts with "/" (RFC 3986 §3.3); Boost.URL 1.81
    // reads "h:8o/" as port 8 and path "o/", so check it here.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/') {
        error = "invalid port or path after the host in '" + std::string(text) + "'";
        return std::nullopt;
    }
    out.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
    if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
    return out;
}

std::optional<endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port, std::string& error) {
    if (text.find("://") != std::string_view::npos) {
        auto parsed = parse_url(text, error);
        if (!parsed) return std::nullopt;
        return endpoint{parsed->host, parsed->port, parsed->scheme->tls};
    }
    auto address = parse_host_port(text, error, default_port, false);
    if (!address) return std::nullopt;
    return endpoint{address->host, address->port, tls_mode::none};
}

std::string host_port::to_string() const { return bracket_host(host) + ":" + std::to_string(port); }

std::optional<host_port> parse_host_port(std::string_view text, std::string& error,
                                         std::optional<std::uint16_t> default_port, bool allow_port_zero) {
    auto parsed = urls::parse_authority(text);
    if (!parsed || parsed->has_userinfo() || text.empty()) {
        error = "'" + std::string(text) + "' is not HOST:PORT (an IPv6 address goes in brackets: [::1]:PORT)";
        return std::nullopt;
    }
    host_port out;
    out.host = host_of(*parsed);
    if (out.host.empty()) {
        error = "no host in '" + std::string(text) + "' (HOST:PORT)";
        return std::nullopt;
    }
    if (!parsed->has_port() || parsed->port().empty()) {
        if (!default_port) {
            error = "no port in '" + std::string(text) + "' (HOST:PORT" + (allow_port_zero ? "; 0 takes a free port)" : ")");
            return std::nullopt;
        }
        out.port = *default_port;
        return out;
    }
    auto port = parse_port(parsed->port(), allow_port_zero);
    if (!port) {
        error = "invalid port '" + std::string(parsed->port()) + "' in '" + std::string(text) + "' (" +
                (allow_port_zero ? "0-65535" : "1-65535") + ")";
        return std::nullopt;
    }
    out.port = *port;
    return out;
}

std::string dial_address(std::string_view listen, std::uint16_t port) {
    std::string error;
    const auto address = parse_host_port(listen, error, 0);
    std::string host = address ? address->host : "127.0.0.1";
    if (host == "localhost" || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";
    return bracket_host(host) + ":" + std::to_string(port);
}

}  // namespace replycheck::protocol
