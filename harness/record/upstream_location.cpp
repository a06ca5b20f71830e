#include "harness/record/upstream_location.hpp"

#include "protocol/exchange.hpp"

namespace replycheck::record {

std::optional<std::string_view> same_origin_rest(std::string_view location, std::string_view origin) {
    if (origin.empty() || location.size() < origin.size() || !protocol::iequals(location.substr(0, origin.size()), origin))
        return std::nullopt;
    const auto rest = location.substr(origin.size());
    if (!rest.empty() && rest.front() != '/' && rest.front() != '?' && rest.front() != '#') return std::nullopt;
    return rest;
}

std::string rewrite_location(std::string_view raw, std::string_view from, std::string_view to) {
    constexpr std::string_view name = "Location:";
    std::string out;
    std::size_t pos = raw.find('\n');   // past the status line
    if (pos == std::string_view::npos) return std::string(raw);
    out.append(raw.substr(0, pos + 1));
    ++pos;
    while (pos < raw.size()) {
        const auto eol = raw.find('\n', pos);
        if (eol == std::string_view::npos) break;
        const auto line = raw.substr(pos, eol - pos);
        if (line.empty() || line == "\r") {
            // The end of a header section: only a 1xx is followed by another status line.
            if (raw.compare(eol + 1, 5, "HTTP/") != 0) break;
        } else if (line.size() > name.size() && protocol::iequals(line.substr(0, name.size()), name)) {
            auto value = line.substr(name.size());
            const auto lead = value.find_first_not_of(" \t");
            value.remove_prefix(lead == std::string_view::npos ? value.size() : lead);
            const bool cr = !value.empty() && value.back() == '\r';
            if (cr) value.remove_suffix(1);
            if (auto rest = same_origin_rest(value, from)) {
                out.append(line.substr(0, line.size() - value.size() - (cr ? 1 : 0)));
                out.append(to.empty() && rest->empty() ? "/" : std::string(to) + std::string(*rest));
                out.append(cr ? "\r\n" : "\n");
                pos = eol + 1;
                continue;
            }
        }
        out.append(raw.substr(pos, eol + 1 - pos));
        pos = eol + 1;
    }
    out.append(raw.substr(pos));
    return out;
}

}  // namespace replycheck::record
