// Fuzzes the step expectation checks with scenario-supplied regular expressions against
// server-supplied replies of any size: `body.matches`, header `matches`, `reason_matches`,
// `text_matches` and the IIS page detection. A check may pass or fail, never crash.
//
// Layout: [size selector][pattern bytes up to NUL][body unit bytes...]; the body is the unit
// repeated up to the selected size (so a few bytes stand for a large server reply).

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/regex.hpp>

#include "harness/expectations.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::byte_reader in(data, size);
    static constexpr std::size_t sizes[] = {0, 100, 4096, 65536, 2000000};
    const std::uint8_t selector = in.byte();
    std::size_t body_size = sizes[selector % 5];
    std::string pattern(in.until('\0'));
    std::string_view unit = in.rest();
    std::string body;
    if (!unit.empty()) {
        while (body.size() < body_size) body.append(unit);
        body.resize(body_size);
    }
    try {
        boost::regex check(pattern, boost::regex::perl);   // the loader rejects invalid ones
    } catch (const boost::regex_error&) {
        return 0;
    }

    harness::expectation expected;
    expected.body.emplace();
    expected.body->matches = pattern;
    if (selector & 0x10) expected.reason_matches = pattern;
    if (selector & 0x20) expected.text_matches = pattern;
    if (selector & 0x40) {
        harness::header_expectation h;
        h.name = "X-Fuzz";
        h.matches = pattern;
        expected.headers.push_back(h);
    }
    protocol::header_list headers{{"X-Fuzz", body.substr(0, 8192)}, {"Content-Type", "text/html"}};
    harness::reply_view reply;
    reply.http = (selector & 0x80) == 0;
    reply.code = reply.http ? 404 : 550;
    reply.reason = body.substr(0, 8192);
    reply.text = body;
    reply.headers = &headers;
    reply.body = body;
    harness::variables vars;
    auto journal = [](const harness::journal_expectation&) -> std::optional<harness::check_failure> { return {}; };
    // Too complex a match is a failed expectation, never an exception.
    (void)harness::check_expectation(expected, reply, vars, journal);
    (void)harness::detect_iis_substatus(404, body);
    return 0;
}
