#include "protocol/wire/ftp_telnet.hpp"

namespace replycheck::protocol {

std::string strip_telnet(std::string_view line) {
    constexpr unsigned char iac = 255;
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (static_cast<unsigned char>(line[i]) != iac) {
            out.push_back(line[i]);
            continue;
        }
        if (i + 1 >= line.size()) break;
        const auto command = static_cast<unsigned char>(line[i + 1]);
        if (command == iac) out.push_back(line[i]);
        // WILL, WONT, DO, DONT (251-254) carry one option byte more.
        i += command >= 251 && command <= 254 ? 2 : 1;
    }
    return out;
}

}  // namespace replycheck::protocol
