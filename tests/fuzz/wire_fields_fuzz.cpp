// Fuzzes the small wire parsers, one chosen by the first byte: Content-Range (RFC 9110 §14.4),
// 227 and 229 replies (RFC 959 §4.1.2, RFC 2428 §3), MLSD facts and listings (RFC 3659 §7),
// HTTP dates (RFC 9110 §5.6.7), MDTM times (RFC 3659 §2.3), 257 pathnames and raw request
// heads. Whatever parses must satisfy the format's own constraints, and formatting a parsed
// value must parse back to the same value.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/wire/content_range.hpp"
#include "protocol/wire/ftp_address.hpp"
#include "protocol/wire/ftp_path.hpp"
#include "protocol/wire/ftp_time.hpp"
#include "protocol/wire/http_date.hpp"
#include "protocol/wire/http_request.hpp"
#include "protocol/wire/mlsd_facts.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using namespace replycheck::protocol;

namespace {

template <class T>
void check_result_shape(const parse_result<T>& r, std::string_view input) {
    // Exactly one of value and error.
    FUZZ_CHECK(r.value.has_value() == r.error.empty(), input);
}

void content_range_case(std::string_view text) {
    auto r = parse_content_range(text);
    check_result_shape(r, text);
    if (!r) return;
    if (!r->unsatisfied) {
        FUZZ_CHECK(r->first <= r->last, text);
        if (r->complete_length) FUZZ_CHECK(*r->complete_length > r->last, text);
        FUZZ_CHECK(r->length() == r->last - r->first + 1, text);
    } else {
        FUZZ_CHECK(r->complete_length.has_value(), text);
    }
    auto again = parse_content_range(format_content_range(*r));
    FUZZ_CHECK(again.value.has_value(), format_content_range(*r));
    FUZZ_CHECK(again->unsatisfied == r->unsatisfied && again->complete_length == r->complete_length &&
                   (r->unsatisfied || (again->first == r->first && again->last == r->last)),
               format_content_range(*r));
}

void pasv_case(std::string_view text) {
    auto r = parse_pasv_227(text);
    check_result_shape(r, text);
    if (!r) return;
    // A dotted quad with four parts, each 0..255.
    int dots = 0;
    for (char c : r->host) {
        if (c == '.') ++dots;
        else FUZZ_CHECK(c >= '0' && c <= '9', r->host);
    }
    FUZZ_CHECK(dots == 3, r->host);
    auto formatted = format_pasv_227(r->host, r->port);
    auto again = parse_pasv_227(formatted);
    FUZZ_CHECK(again && again->host == r->host && again->port == r->port, formatted);
}

void epsv_case(std::string_view text) {
    auto r = parse_epsv_229(text);
    check_result_shape(r, text);
    if (!r) return;
    FUZZ_CHECK(r->host.empty(), r->host);
}

void mlsd_case(std::string_view text) {
    auto r = parse_mlsd_facts(text);
    check_result_shape(r, text);
    if (r) {
        for (const auto& [name, value] : r->facts) {
            FUZZ_CHECK(!name.empty(), text);
            for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), name);   // lower-cased
            FUZZ_CHECK(r->fact(name) == value, name);
        }
    }
    for (const auto& entry : parse_mlsd_listing(text)) {
        check_result_shape(entry, text);
        if (entry) FUZZ_CHECK(entry->name.find('\n') == std::string::npos, text);
    }
}

void http_date_case(std::string_view text) {
    auto r = parse_http_date(text);
    check_result_shape(r, text);
    if (!r) return;
    auto formatted = format_http_date(*r);
    FUZZ_CHECK(formatted.size() == 29, formatted);   // "Sun, 06 Nov 1994 08:49:37 GMT"
    auto again = parse_http_date(formatted);
    FUZZ_CHECK(again && *again == *r && again.warnings.empty(), formatted);
}

void mdtm_case(std::string_view text) {
    auto r = parse_mdtm(text);
    check_result_shape(r, text);
    if (!r) return;
    auto seconds = std::chrono::floor<std::chrono::seconds>(*r);
    auto formatted = format_mdtm(seconds);
    FUZZ_CHECK(formatted.size() == 14, formatted);
    auto again = parse_mdtm(formatted);
    FUZZ_CHECK(again && std::chrono::floor<std::chrono::seconds>(*again) == seconds, formatted);
}

void path_257_case(std::string_view text) {
    auto r = parse_257(text);
    check_result_shape(r, text);
    if (!r) return;
    auto again = parse_257("257 " + ftp_quote_path(*r) + " created");
    FUZZ_CHECK(again && *again == *r, ftp_quote_path(*r));
}

void request_case(std::string_view text) {
    auto request = parse_http_request(text);
    auto bytes = serialize_http_request(request);
    (void)parse_http_request(bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 8) {
        case 0: content_range_case(text); break;
        case 1: pasv_case(text); break;
        case 2: epsv_case(text); break;
        case 3: mlsd_case(text); break;
        case 4: http_date_case(text); break;
        case 5: mdtm_case(text); break;
        case 6: path_257_case(text); break;
        default: request_case(text); break;
    }
    return 0;
}
