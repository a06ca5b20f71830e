// Fuzzes the server log parsers (protocol/logs) without files. Layout: the first byte picks
// the mode, the rest is the log text. Modes 0..4: that format's parser over every line (as the
// reader feeds it, pairing state included); 5: parse_single_line on the whole text; 6: format
// detection. Whatever is read: codes stay in 0..999, line numbers point at a line that was
// fed, and a PASS or ACCT argument never comes out as anything but "***" (in any format, even
// as an HTTP method).

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/logs/line_parser.hpp"
#include "protocol/logs/log_detect.hpp"
#include "protocol/logs/log_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace l = replycheck::logs;

namespace {

void check_entry(const l::log_entry& e, std::uint64_t lines, std::string_view input) {
    FUZZ_CHECK(e.status >= 0 && e.status <= 999, input);
    FUZZ_CHECK(e.line <= lines, input);
    if (e.method == "PASS" || e.method == "ACCT")
        FUZZ_CHECK(e.target.empty() || e.target == "***", e.target);
    if (e.substatus) FUZZ_CHECK(*e.substatus >= 0, input);
}

void parse_as(l::log_format format, std::string_view text) {
    auto parser = l::make_line_parser(format);
    std::uint64_t number = 0;
    std::string why;
    l::log_entry e;
    auto drain = [&] {
        while (parser->pop(e)) check_entry(e, number, text);
    };
    std::string_view rest = text;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        auto line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        ++number;
        e = l::log_entry{};
        e.line = number;
        why.clear();
        auto result = parser->feed(line, number, e, why);
        if (result == l::line_result::entry) check_entry(e, number, text);
        if (result == l::line_result::malformed) FUZZ_CHECK(!why.empty(), line);
        drain();
    }
    parser->finish();
    drain();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const int mode = data[0] % 7;
    if (mode < 5) {
        parse_as(static_cast<l::log_format>(mode), text);
    } else if (mode == 5) {
        std::string why;
        auto r = l::parse_single_line(text, why);
        FUZZ_CHECK(r.has_value() == why.empty(), text);
        if (r && (r->method == "PASS" || r->method == "ACCT"))
            FUZZ_CHECK(r->target.empty() || r->target == "***", r->target);
    } else {
        auto format = l::detect_log_format(text, data[0] & 0x80);
        if (format) parse_as(*format, text);
    }
    return 0;
}
