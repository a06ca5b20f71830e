#include "protocol/wire/ftp_path.hpp"

namespace replycheck::protocol {

std::string ftp_quote_path(std::string_view path) {
    std::string out = "\"";
    for (char c : path) {
        out += c;
        if (c == '"') out += '"';
    }
    out += '"';
    return out;
}

parse_result<std::string> parse_257(std::string_view reply_text) {
    // RFC 959 Appendix II: 257 "<pathname>" <commentary>; a quote inside the pathname is doubled.
    auto text = reply_text;
    if (text.size() >= 4 && text.substr(0, 3).find_first_not_of("0123456789") == std::string_view::npos &&
        (text[3] == ' ' || text[3] == '-'))
        text.remove_prefix(4);
    std::vector<std::string> warnings;
    auto open = text.find('"');
    if (open == std::string_view::npos) return parse_result<std::string>::failure("no quoted pathname in 257 reply");
    if (open != 0) warnings.push_back("text before the quoted pathname");
    std::string path;
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        if (text[i] != '"') {
            path += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '"') {
            path += '"';
            ++i;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] != ' ')
            warnings.push_back("no space after the closing quote");
        return parse_result<std::string>::success(path, warnings);
    }
    return parse_result<std::string>::failure("unterminated quoted pathname in 257 reply");
}

}  // namespace replycheck::protocol
