// The HTTP conditional-request probes (RFC 9110 §13): each precondition evaluated against the
// validators of the 200 GET.

#include <chrono>

#include <fmt/format.h>

#include "harness/smoke/http_prober.hpp"
#include "protocol/wire/http_date.hpp"

namespace replycheck::harness::detail {

using protocol::http_exchange;

namespace {

// A date no file was modified before.
constexpr std::string_view long_ago = "Sat, 01 Jan 2000 00:00:00 GMT";

// The entity-tag as a weak one: W/"x" (RFC 9110 §8.8.3).
std::string as_weak(std::string_view etag) { return etag.starts_with("W/") ? std::string(etag) : "W/" + std::string(etag); }

}  // namespace

void http_prober::run_conditionals() {
    const std::string no_full = not_here_.empty() ? "GET did not give a complete 200 to compare with" : not_here_;
    const std::string* etag = full_header("ETag");
    const std::string* last_modified = full_header("Last-Modified");
    std::chrono::sys_seconds modified{};
    bool dated = false;  // Last-Modified is a valid HTTP-date
    if (last_modified)
        if (const auto parsed = protocol::parse_http_date(*last_modified)) modified = *parsed, dated = true;

    // Runs a GET with `fields` as the probe `name`, unless `missing` says why it cannot run;
    // `codes` are the statuses `id` expects.
    auto conditional = [&](std::string name, std::string_view missing, protocol::header_list fields, std::string_view id,
                           std::initializer_list<int> codes, std::string_view why) {
        auto b = begin(std::move(name));
        if (ready(b, false)) {
            if (!full_) b.skip(no_full);
            else if (!missing.empty()) b.skip(std::string(missing));
            else {
                http_exchange e;
                auto& step = probe(b, get(std::move(fields)), &e);
                expect_status(b, step, e, id, codes, why);
            }
        }
        add(b);
    };
    const std::string_view no_etag = etag ? "" : "the 200 carries no ETag";
    const std::string_view no_date = dated ? "" : "the 200 carries no valid Last-Modified";

    // If-None-Match with the current ETag: 304 (RFC 9110 §13.1.2).
    conditional("If-None-Match gives 304", no_etag, {{"If-None-Match", etag ? *etag : ""}},
                "smoke.http.if-none-match-304", {304}, "the ETag is current");

    // If-None-Match: * is false when a current representation exists: 304 to GET (§13.1.2).
    conditional("If-None-Match * gives 304", "", {{"If-None-Match", "*"}}, "smoke.http.if-none-match-star-304", {304},
                "the resource has a current representation");

    // If-None-Match uses the weak comparison (§13.1.2, §8.8.3.2): W/"x" matches "x".
    conditional("weak If-None-Match gives 304", no_etag, {{"If-None-Match", etag ? as_weak(*etag) : ""}},
                "smoke.http.if-none-match-weak-304", {304}, "a weak comparison ignores W/");

    // If-Modified-Since with Last-Modified: 304 (RFC 9110 §13.1.3).
    conditional("If-Modified-Since gives 304", last_modified ? "" : "the 200 carries no Last-Modified",
                {{"If-Modified-Since", last_modified ? *last_modified : ""}}, "smoke.http.if-modified-since-304", {304},
                "not modified since Last-Modified");

    // If-Modified-Since that is not an HTTP-date MUST be ignored (§13.1.3): the whole 200.
    conditional("invalid If-Modified-Since is ignored", no_date, {{"If-Modified-Since", "replycheck, not a date"}},
                "smoke.http.ims-invalid-date-200", {200}, "the field value is not an HTTP-date");

    // A date later than the server's clock: RFC 2616 §14.25 called it invalid, so the server
    // ignored it; RFC 9110 only compares dates, so a 304 is news, not a fault.
    const auto next_year = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                           std::chrono::hours(24 * 365);
    conditional("future If-Modified-Since is ignored", no_date,
                {{"If-Modified-Since", protocol::format_http_date(next_year)}}, "smoke.http.ims-future-date-200", {200},
                "the date is later than the server's clock");

    // If-None-Match decides when both are present: If-Modified-Since MUST be ignored
    // (§13.1.3, the order of §13.2.2), so a tag that does not match gives the whole 200.
    conditional("If-None-Match wins over If-Modified-Since", no_date,
                {{"If-None-Match", "\"replycheck-" + random_token() + "\""},
                 {"If-Modified-Since", last_modified ? *last_modified : ""}},
                "smoke.http.inm-over-ims-200", {200}, "the entity-tag does not match; If-Modified-Since is ignored");

    // If-Match with a tag that cannot match: 412 (RFC 9110 §13.1.1). Without an ETag no
    // listed tag can match either: the condition is false all the same.
    conditional("If-Match mismatch gives 412", "", {{"If-Match", "\"replycheck-" + random_token() + "\""}},
                "smoke.http.if-match-412", {412},
                etag ? "the entity-tag does not match" : "the resource has no entity-tag to match");

    // If-Unmodified-Since before Last-Modified: the condition is false, 412 (§13.1.4).
    const auto year_2000 = protocol::parse_http_date(long_ago).value.value_or(std::chrono::sys_seconds{});
    conditional("past If-Unmodified-Since gives 412",
                !dated ? no_date : modified > year_2000 ? "" : "Last-Modified is not after 2000",
                {{"If-Unmodified-Since", std::string(long_ago)}}, "smoke.http.if-unmodified-since-412", {412},
                "modified after the date given");
}

}  // namespace replycheck::harness::detail
