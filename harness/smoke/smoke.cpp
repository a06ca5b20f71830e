// URL parsing and the smoke run over every URL.

#include "harness/smoke/smoke.hpp"

#include <chrono>

#include <fmt/format.h>

#include "protocol/iso8601.hpp"

namespace replycheck::harness {

namespace {

std::string percent_decode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += in[i];
        }
    }
    return out;
}

void redact_suite(reports::suite_result& suite, const protocol::redactor& redact) {
    suite.name = redact.apply(suite.name);
    for (auto& sc : suite.scenarios) {
        sc.message = redact.apply(sc.message);
        for (auto& st : sc.steps) {
            st.label = redact.apply(st.label);
            st.message = redact.apply(st.message);
            st.actual = redact.apply(st.actual);
            st.transcript = redact.apply(st.transcript);
            for (auto& f : st.findings) f.message = redact.apply(f.message);
        }
    }
}

}  // namespace

std::optional<smoke_target> parse_smoke_url(std::string_view url, std::string& error) {
    smoke_target t;
    const auto colon = url.find("://");
    if (colon == std::string_view::npos) {
        error = "not a URL (expected scheme://host[:port]/path)";
        return std::nullopt;
    }
    for (char c : url.substr(0, colon)) t.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::uint16_t default_port = 0;
    if (t.scheme == "http") default_port = 80;
    else if (t.scheme == "https") default_port = 443;
    else if (t.scheme == "ftp" || t.scheme == "ftps") default_port = 21;
    else {
        error = "unsupported scheme '" + t.scheme + "' (http, https, ftp, ftps)";
        return std::nullopt;
    }
    auto rest = url.substr(colon + 3);
    const auto path_start = rest.find_first_of("/?");
    auto authority = rest.substr(0, path_start);
    t.path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (t.path.front() == '?') t.path = "/" + t.path;
    if (const auto frag = t.path.find('#'); frag != std::string::npos) t.path.resize(frag);
    std::string display_user;
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto sep = userinfo.find(':');
        display_user = std::string(userinfo.substr(0, sep));
        t.user = percent_decode(userinfo.substr(0, sep));
        if (sep != std::string_view::npos) t.password = percent_decode(userinfo.substr(sep + 1));
        t.has_user = true;
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            error = "unterminated IPv6 address in '" + std::string(authority) + "'";
            return std::nullopt;
        }
        t.host = std::string(authority.substr(1, close - 1));
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                error = "unexpected text after the IPv6 address";
                return std::nullopt;
            }
            port_text = authority.substr(close + 2);
        }
    } else {
        const auto c = authority.rfind(':');
        t.host = std::string(authority.substr(0, c));
        if (c != std::string_view::npos) port_text = authority.substr(c + 1);
    }
    if (t.host.empty()) {
        error = "no host in the URL";
        return std::nullopt;
    }
    t.port = default_port;
    if (!port_text.empty()) {
        int port = 0;
        for (char c : port_text) {
            if (c < '0' || c > '9' || port > 65535) {
                error = "invalid port '" + std::string(port_text) + "'";
                return std::nullopt;
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            error = "invalid port '" + std::string(port_text) + "'";
            return std::nullopt;
        }
        t.port = static_cast<std::uint16_t>(port);
    }
    const bool v6 = t.host.find(':') != std::string::npos;
    t.display = fmt::format("{}://{}{}:{}{}", t.scheme, t.has_user ? display_user + "@" : "",
                            v6 ? "[" + t.host + "]" : t.host, t.port, t.path);
    return t;
}

reports::run_result run_smoke(const std::vector<std::string>& urls, const smoke_options& options,
                              protocol::redactor& redact,
                              const std::function<void(const reports::scenario_result&)>& on_scenario) {
    reports::run_result run;
    run.command = "smoke";
    run.started_at = protocol::iso8601_utc(std::chrono::system_clock::now());
    run.strict = options.strict;
    if (options.password) redact.add_secret(*options.password);
    const auto start = std::chrono::steady_clock::now();
    for (const auto& url : urls) {
        std::string error;
        const auto target = parse_smoke_url(url, error);
        reports::suite_result suite;
        const auto suite_start = std::chrono::steady_clock::now();
        const auto timestamp = protocol::iso8601_utc(std::chrono::system_clock::now());
        if (!target) {
            reports::scenario_result sc;
            sc.name = "URL";
            sc.result = reports::outcome::error;
            sc.message = error;
            suite.scenarios.push_back(std::move(sc));
            suite.name = protocol::mask_credentials(url);
        } else {
            if (!target->password.empty()) redact.add_secret(target->password);
            suite = target->scheme.starts_with("http") ? smoke_http(*target, options) : smoke_ftp(*target, options);
            suite.name = "smoke " + target->display;
        }
        suite.file = suite.name;
        suite.timestamp = timestamp;
        suite.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - suite_start).count();
        for (auto& sc : suite.scenarios) {
            sc.file = suite.name;
            sc.tags = {"smoke", target ? (target->scheme.starts_with("http") ? "http" : "ftp") : "url"};
        }
        redact_suite(suite, redact);
        if (on_scenario)
            for (const auto& sc : suite.scenarios) on_scenario(sc);
        run.suites.push_back(std::move(suite));
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

int smoke_exit_code(const reports::run_result& run) {
    const auto t = reports::count(run);
    return t.failed > 0 || t.errors > 0 ? 1 : 0;
}

}  // namespace replycheck::harness
