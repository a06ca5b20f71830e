#include "protocol/wire/content_range.hpp"

#include <charconv>

#include "protocol/wire/ows.hpp"

namespace replycheck::protocol {

namespace {

bool read_number(std::string_view& text, std::uint64_t& out) {
    std::size_t n = 0;
    while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
    if (n == 0) return false;
    auto [p, ec] = std::from_chars(text.data(), text.data() + n, out);
    if (ec != std::errc{}) return false;
    text.remove_prefix(n);
    return true;
}

}  // namespace

parse_result<content_range> parse_content_range(std::string_view value) {
    // Content-Range = range-unit SP ( range-resp / unsatisfied-range )   RFC 9110 §14.4
    std::vector<std::string> warnings;
    value = trim_ows(value);
    auto sp = value.find(' ');
    if (sp == std::string_view::npos || sp == 0)
        return parse_result<content_range>::failure("expected '<unit> <range>' in Content-Range");
    content_range range;
    range.unit = std::string(value.substr(0, sp));
    if (range.unit != "bytes") {
        if (range.unit.size() == 5 && (range.unit[0] == 'B' || range.unit[0] == 'b'))
            warnings.push_back("range unit '" + range.unit + "' is not written 'bytes'");
        else
            return parse_result<content_range>::failure("unknown range unit '" + range.unit + "'");
    }
    auto rest = value.substr(sp + 1);
    if (rest.starts_with(' '))
        return parse_result<content_range>::failure("more than one space after the range unit");
    if (rest.starts_with("*/")) {
        rest.remove_prefix(2);
        std::uint64_t length = 0;
        if (!read_number(rest, length) || !rest.empty())
            return parse_result<content_range>::failure("expected '*/<complete-length>'");
        range.unsatisfied = true;
        range.complete_length = length;
        return parse_result<content_range>::success(range, warnings);
    }
    if (!read_number(rest, range.first) || !rest.starts_with('-'))
        return parse_result<content_range>::failure("expected '<first>-<last>/<length>'");
    rest.remove_prefix(1);
    if (!read_number(rest, range.last) || !rest.starts_with('/'))
        return parse_result<content_range>::failure("expected '<first>-<last>/<length>'");
    rest.remove_prefix(1);
    if (rest == "*") {
        rest.remove_prefix(1);
    } else {
        std::uint64_t length = 0;
        if (!read_number(rest, length) || !rest.empty())
            return parse_result<content_range>::failure("expected a complete-length or '*' after '/'");
        range.complete_length = length;
    }
    if (range.last < range.first)
        return parse_result<content_range>::failure("last-pos " + std::to_string(range.last) +
                                                    " is less than first-pos " + std::to_string(range.first) +
                                                    " (RFC 9110 §14.4)");
    if (range.complete_length && *range.complete_length <= range.last)
        return parse_result<content_range>::failure("complete-length " + std::to_string(*range.complete_length) +
                                                    " is not greater than last-pos " + std::to_string(range.last) +
                                                    " (RFC 9110 §14.4)");
    return parse_result<content_range>::success(range, warnings);
}

std::string format_content_range(const content_range& range) {
    std::string out = range.unit + " ";
    if (range.unsatisfied) {
        out += "*/" + (range.complete_length ? std::to_string(*range.complete_length) : std::string("*"));
        return out;
    }
    out += std::to_string(range.first) + "-" + std::to_string(range.last) + "/";
    out += range.complete_length ? std::to_string(*range.complete_length) : std::string("*");
    return out;
}

}  // namespace replycheck::protocol
