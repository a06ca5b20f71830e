// Fuzzes the I/O-free parts of the mock FTP control connection: the line buffer (chunked
// input, length limit), command splitting, PORT / EPRT arguments and path resolution. Every
// resolved path must stay inside the virtual root, and so must the real path the session
// derives from it (root / path without its leading '/').
//
// Layout: [max line selector][split seed lo][split seed hi][control bytes...]

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "mockserver/ftp/ftp_command_line.hpp"
#include "protocol/wire/ftp_address.hpp"
#include "protocol/wire/ftp_path.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck::mock;
using replycheck::fuzz::byte_reader;
using replycheck::fuzz::split_rng;

namespace {

void check_virtual_path(const ftp_virtual_path& resolved, std::string_view cwd, std::string_view argument) {
    const std::string detail = "cwd=" + std::string(cwd) + " arg=" + std::string(argument) + " -> " + resolved.path;
    if (resolved.status != ftp_path_status::ok) return;
    const std::string& p = resolved.path;
    FUZZ_CHECK(!p.empty() && p.front() == '/', detail);
    FUZZ_CHECK(p == "/" || p.back() != '/', detail);
    FUZZ_CHECK(p.find("//") == std::string::npos, detail);
    FUZZ_CHECK(p.find('\0') == std::string::npos && p.find('\r') == std::string::npos &&
                   p.find('\n') == std::string::npos && p.find('\\') == std::string::npos,
               detail);
    // No "." or ".." segment survives.
    std::size_t start = 1;
    while (start <= p.size()) {
        auto end = p.find('/', start);
        if (end == std::string::npos) end = p.size();
        std::string_view segment(p.data() + start, end - start);
        FUZZ_CHECK(segment != "." && segment != "..", detail);
        start = end + 1;
    }
    // The real path the session builds stays under the root folder.
    const std::filesystem::path root = "/srv/ftp-root";
    std::filesystem::path real = root;
    if (p.size() > 1) real /= p.substr(1);
    auto normal = real.lexically_normal();
    auto rel = normal.lexically_relative(root);
    FUZZ_CHECK(!rel.empty() && *rel.begin() != "..", detail + " real=" + normal.string());
    FUZZ_CHECK(normal.string().rfind(root.string(), 0) == 0, detail + " real=" + normal.string());
}

void check_endpoint(const ftp_host_port& e, std::string_view argument) {
    FUZZ_CHECK(e.family == 1 || e.family == 2, argument);
    FUZZ_CHECK(!e.address.empty(), argument);
    if (e.family == 1) {
        // Dotted IPv4, and formatting it back gives an argument that parses to the same.
        auto formatted = replycheck::protocol::format_port_argument(e.address, e.port);
        FUZZ_CHECK(!formatted.empty(), e.address);
        auto again = parse_port_argument(formatted);
        // EPRT accepts canonical dotted decimal only, so PORT's rebuilt text is the same text.
        FUZZ_CHECK(again && again->address == e.address && again->port == e.port, formatted);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    static constexpr std::size_t max_lines[] = {4096, 16, 1, 0};
    const std::size_t max_line = max_lines[in.byte() % 4];
    split_rng rng(in.u16());
    std::string_view bytes = in.rest();

    ftp_line_buffer buffer(max_line);
    std::string cwd = "/";
    std::size_t consumed_lines = 0;
    auto handle = [&](const ftp_line& line) {
        ++consumed_lines;
        if (line.too_long) {
            FUZZ_CHECK(line.text.empty(), line.text);
            return;
        }
        FUZZ_CHECK(line.text.size() <= max_line, line.text);
        FUZZ_CHECK(line.text.find('\n') == std::string::npos, line.text);
        auto command = parse_ftp_command(line.text);
        if (command.valid_verb && !command.verb.empty()) {
            FUZZ_CHECK(command.verb.size() <= 8, command.verb);
            for (char c : command.verb) FUZZ_CHECK(c >= 'A' && c <= 'Z', command.verb);
        }
        const std::string& arg = command.argument;
        if (auto port = parse_port_argument(arg)) {
            FUZZ_CHECK(port->family == 1, arg);
            check_endpoint(*port, arg);
        }
        auto eprt = parse_eprt_argument(arg);
        if (eprt.endpoint) {
            FUZZ_CHECK(!eprt.unknown_family, arg);
            check_endpoint(*eprt.endpoint, arg);
        }
        auto resolved = resolve_ftp_path(cwd, arg);
        check_virtual_path(resolved, cwd, arg);
        if ((command.verb == "CWD" || command.verb == "XCWD" || (line.text.size() & 1)) &&
            resolved.status == ftp_path_status::ok)
            cwd = resolved.path;
        if (command.verb == "CDUP") {
            auto up = resolve_ftp_path(cwd, "..");
            check_virtual_path(up, cwd, "..");
            FUZZ_CHECK(up.status == ftp_path_status::ok, cwd);
            cwd = up.path;
        }
        // A 257 reply quotes the directory: the quoted form has every '"' doubled.
        auto quoted = replycheck::protocol::ftp_quote_path(cwd);
        FUZZ_CHECK(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"', quoted);
    };

    for (std::size_t pos = 0; pos < bytes.size();) {
        std::size_t n = rng.chunk(64);
        buffer.append(bytes.substr(pos, n));
        pos += n;
        while (auto line = buffer.next()) handle(*line);
        FUZZ_CHECK(!buffer.has_line(), "has_line after draining");
    }
    (void)consumed_lines;

    // The whole input as one argument too (it may hold NUL, CR, LF, backslashes).
    auto direct = resolve_ftp_path(cwd, bytes);
    check_virtual_path(direct, cwd, bytes);
    auto from_root = resolve_ftp_path("/", bytes);
    check_virtual_path(from_root, "/", bytes);
    (void)strip_telnet(bytes);
    return 0;
}
