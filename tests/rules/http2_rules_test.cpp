// The HTTP/2-only rule (RFC 9113 §8.2.2): connection-specific fields in an HTTP/2 response fail,
// TE: trailers passes, and the same fields over HTTP/1.1 are not this rule's business.
#include "protocol/rules/rules.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace replycheck::protocol;

namespace {

http_exchange h2_reply(header_list fields, std::string version = "HTTP/2") {
    http_exchange ex;
    ex.request.method = "GET";
    ex.request.target = "/";
    ex.request.version = version;
    http_response_record r;
    r.version = version;
    r.status = 200;
    r.status_line = version + " 200";
    r.headers = {{"date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"content-length", "2"}};
    for (auto& f : fields) r.headers.push_back(std::move(f));
    r.body = "hi";
    r.body_length = 2;
    ex.response = std::move(r);
    return ex;
}

std::string h2_messages(const http_exchange& ex, const check_options& options = {}) {
    std::string out;
    for (const auto& f : check_http(ex, options))
        if (f.rule_id == "http.h2.connection-specific-field") out += f.message + "\n";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(connection_specific_fields_fail_and_are_named) {
    for (const std::string name : {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"}) {
        const auto message = h2_messages(h2_reply({{name, "x"}}));
        BOOST_TEST(message.find("connection-specific field " + name + ": x") != std::string::npos, name);
    }
    BOOST_TEST(h2_messages(h2_reply({{"te", "gzip"}})).find("TE: gzip") != std::string::npos);
    const auto* rule = find_rule("http.h2.connection-specific-field");
    BOOST_REQUIRE(rule);
    BOOST_TEST(rule->section == "RFC 9113 §8.2.2");
    BOOST_TEST((rule->level == rule_level::must));
}

BOOST_AUTO_TEST_CASE(clean_replies_te_trailers_and_http1_pass) {
    BOOST_TEST(h2_messages(h2_reply({{"content-type", "text/plain"}})).empty());
    BOOST_TEST(h2_messages(h2_reply({{"te", "trailers"}})).empty());
    // Over HTTP/1.1 these fields are allowed (RFC 9112 §9.6).
    BOOST_TEST(h2_messages(h2_reply({{"Connection", "keep-alive"}}, "HTTP/1.1")).empty());
}

BOOST_AUTO_TEST_CASE(a_header_block_counts_even_when_the_stream_was_cut) {
    auto ex = h2_reply({{"connection", "close"}});
    ex.response->body_complete = false;
    ex.set_transport_error({transport_errc::protocol_violation, "stream reset"});
    BOOST_TEST(!h2_messages(ex).empty());
}

BOOST_AUTO_TEST_CASE(the_rule_can_be_allowed) {
    check_options options;
    options.allowed = {"http.h2.*"};
    BOOST_TEST(h2_messages(h2_reply({{"connection", "close"}}), options).empty());
}
