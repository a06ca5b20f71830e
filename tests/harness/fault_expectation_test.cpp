// `expect.fault`: a step can be about the transport fault itself (a refused certificate, a reset).

#include <boost/test/unit_test.hpp>

#include "harness/expectations.hpp"
#include "harness/scenario_loader.hpp"
#include "protocol/config_error.hpp"

using namespace replycheck::harness;
using replycheck::protocol::transport_errc;
using replycheck::protocol::transport_fault;

namespace {

expectation expect_of(const std::string& expect_line) {
    const auto s = load_suite_text("[[scenario]]\nname = \"s\"\n[[scenario.step]]\nrequest = \"GET http://h/\"\n" +
                                       expect_line + "\n",
                                   "t.toml");
    return s.scenarios.at(0).steps.at(0).expect;
}

std::string load_error(const std::string& expect_line) {
    try {
        expect_of(expect_line);
    } catch (const replycheck::protocol::config_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_named_fault_with_its_words_passes) {
    const auto e = expect_of(R"(expect = { fault = "tls_handshake", fault_text = "expired" })");
    const transport_fault expired{transport_errc::tls_handshake, "certificate has expired"};
    BOOST_TEST(!check_fault(e, false, expired).has_value());
    const transport_fault other_words{transport_errc::tls_handshake, "unknown CA"};
    BOOST_TEST(check_fault(e, false, other_words).has_value());
    const transport_fault other_kind{transport_errc::connection_reset, "reset"};
    const auto failure = check_fault(e, false, other_kind);
    BOOST_TEST_REQUIRE(failure.has_value());
    BOOST_TEST(failure->actual == "connection_reset");
    BOOST_TEST(check_fault(e, true, {}).has_value(), "a reply where a fault was expected fails");
}

BOOST_AUTO_TEST_CASE(fault_keys_are_checked_at_load) {
    BOOST_TEST(load_error(R"(expect = { fault = "tls" })").find("t.toml:5:20: invalid fault 'tls'") != std::string::npos,
               load_error(R"(expect = { fault = "tls" })"));
    BOOST_TEST(load_error(R"(expect = { fault_text = "x" })").find("'fault_text' needs 'fault'") != std::string::npos);
    BOOST_TEST(load_error(R"(expect = { fault = "timeout", status = 200 })").find("expects no reply") != std::string::npos);
}
