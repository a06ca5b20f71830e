#include "harness/expectations.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

using namespace replycheck::harness;

namespace {

std::optional<check_failure> body_matches(const std::string& pattern, std::string_view body) {
    expectation e;
    e.body.emplace();
    e.body->matches = pattern;
    reply_view reply;
    reply.code = 200;
    reply.body = body;
    variables vars;
    return check_expectation(e, reply, vars, {});
}

// A response header section: Content-Type only.
struct protocol_headers_holder {
    replycheck::protocol::header_list headers{{"Content-Type", "text/html"}};
};

}  // namespace

BOOST_AUTO_TEST_CASE(body_regex_on_a_large_body) {
    // A matcher that recursed per character overflowed the stack here.
    std::string body(2'000'000, 'a');
    body += 'c';
    BOOST_TEST(!body_matches(".*c", body).has_value());
    auto miss = body_matches(".*d", body);
    BOOST_REQUIRE(miss.has_value());
    BOOST_TEST(miss->message.find("does not match") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(backtracking_is_bounded_and_reported) {
    std::string body(100, 'a');
    auto start = std::chrono::steady_clock::now();
    auto f = body_matches("(a.*)*b", body);
    auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->message.find("too complex to match against 100 bytes of body") != std::string::npos,
               f->message);
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 10);
}

BOOST_AUTO_TEST_CASE(perl_syntax_and_other_fields) {
    BOOST_TEST(!body_matches("^hello\\s+\\w+$", "hello world").has_value());
    BOOST_TEST(body_matches("^hello$", "hello world").has_value());
    expectation e;
    e.reason_matches = "^Not F";
    e.text_matches = "ready";
    header_expectation h;
    h.name = "Server";
    h.matches = "^nginx/[0-9.]+$";
    e.headers.push_back(h);
    replycheck::protocol::header_list headers{{"Server", "nginx/1.22.1"}};
    reply_view reply;
    reply.code = 404;
    reply.reason = "Not Found";
    reply.text = "server ready";
    reply.headers = &headers;
    variables vars;
    BOOST_TEST(!check_expectation(e, reply, vars, {}).has_value());
    headers[0].value = "Apache";
    auto f = check_expectation(e, reply, vars, {});
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->message.find("header Server") == 0u, f->message);
}

BOOST_AUTO_TEST_CASE(subject_past_the_cap_is_searched_in_its_head) {
    std::string body(regex_subject_cap + 10, 'a');
    body.replace(body.size() - 3, 3, "xyz");
    auto f = body_matches("xyz", body);
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->message.find("searched the first 16.0 MB") != std::string::npos, f->message);
}

BOOST_AUTO_TEST_CASE(captures_use_the_same_engine) {
    std::vector<capture_spec> captures(1);
    captures[0].name = "id";
    captures[0].source = capture_source::body;
    captures[0].selector = "\"id\":\\s*(\\d+)";
    reply_view reply;
    reply.body = "{\"id\": 42}";
    variables vars;
    std::vector<std::string> secrets;
    BOOST_TEST(!apply_captures(captures, reply, vars, secrets).has_value());
    std::string error;
    BOOST_TEST(vars.expand("${id}", error).value_or("") == "42");
    captures[0].selector = "(a.*)*b";
    std::string many(100, 'a');
    reply.body = many;
    auto message = apply_captures(captures, reply, vars, secrets);
    BOOST_REQUIRE(message.has_value());
    BOOST_TEST(message->find("too complex") != std::string::npos, *message);
}

BOOST_AUTO_TEST_CASE(iis_substatus) {
    BOOST_TEST(detect_iis_substatus(404, "<h3>HTTP Error 404.3 - Not Found</h3>") == "404.3");
    BOOST_TEST(detect_iis_substatus(403, "<h3>HTTP Error 404.3 - Not Found</h3>") == "");
}

BOOST_AUTO_TEST_CASE(every_failing_expectation_is_reported) {
    expectation e;
    e.code = code_expectation{{200}, {}, {}, "200"};
    e.headers.push_back({"Content-Type", std::string("text/plain"), std::nullopt, std::nullopt});
    e.headers.push_back({"X-Missing", std::nullopt, std::nullopt, std::nullopt});
    e.body.emplace();
    e.body->contains = {"ok", "busy"};
    protocol_headers_holder holder;
    reply_view reply;
    reply.code = 503;
    reply.headers = &holder.headers;
    reply.body = "busy";
    variables vars;
    auto all = check_all_expectations(e, reply, vars, {});
    BOOST_REQUIRE_EQUAL(all.size(), 4u);
    BOOST_TEST(all[0].message == "expected status 200, got 503");
    BOOST_TEST(all[1].message == "header Content-Type is \"text/html\", expected \"text/plain\"");
    BOOST_TEST(all[2].message == "header X-Missing missing");
    BOOST_TEST(all[3].message == "body does not contain \"ok\"");
    auto one = check_expectation(e, reply, vars, {});
    BOOST_REQUIRE(one.has_value());
    BOOST_TEST(one->message.find("4 expectations failed: expected status 200, got 503; header Content-Type") == 0u);
    BOOST_TEST(one->expected.find("200; text/plain; present; contains ok") == 0u);
    // A single failure keeps its own words.
    reply.code = 200;
    e.headers.clear();
    e.body.reset();
    BOOST_TEST(!check_expectation(e, reply, vars, {}).has_value());
    e.body.emplace();
    e.body->contains = {"ok"};
    BOOST_TEST(check_expectation(e, reply, vars, {})->message == "body does not contain \"ok\"");
}

namespace {

// A login reply setting two cookies in two Set-Cookie fields (RFC 6265 §3).
capture_spec cookie_capture(const std::string& name, const std::string& cookie, bool secret) {
    capture_spec c;
    c.name = name;
    c.selector = "Set-Cookie";
    c.regex = "^\\s*\\Q" + cookie + "\\E=([^;]*)";
    c.secret = secret;
    return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(header_capture_searches_every_field_of_the_name) {
    replycheck::protocol::header_list headers{{"Set-Cookie", "csrftoken=c5rf; Path=/"},
                                              {"Content-Type", "text/html"},
                                              {"set-cookie", "sessionid=s3ss; HttpOnly"}};
    reply_view reply;
    reply.headers = &headers;
    std::vector<capture_spec> captures{cookie_capture("csrf", "csrftoken", true),
                                       cookie_capture("session", "sessionid", true)};
    variables vars;
    std::vector<std::string> secrets;
    auto error = apply_captures(captures, reply, vars, secrets);
    BOOST_TEST(!error.has_value(), error.value_or(""));
    std::string e;
    BOOST_TEST(vars.expand("${csrf}", e).value_or("") == "c5rf");
    BOOST_TEST(vars.expand("${session}", e).value_or("") == "s3ss");
    BOOST_TEST(vars.is_secret("session"));
    BOOST_TEST((secrets == std::vector<std::string>{"c5rf", "s3ss"}));

    // Without a regex: the first field of the name, as before.
    capture_spec whole;
    whole.name = "first";
    whole.selector = "Set-Cookie";
    captures = {whole};
    BOOST_TEST(!apply_captures(captures, reply, vars, secrets).has_value());
    BOOST_TEST(vars.expand("${first}", e).value_or("") == "csrftoken=c5rf; Path=/");
}

BOOST_AUTO_TEST_CASE(a_failed_secret_capture_never_shows_the_fields) {
    replycheck::protocol::header_list headers{{"Set-Cookie", "csrftoken=c5rf; Path=/"},
                                              {"Set-Cookie", "sessionid=s3ss; HttpOnly"}};
    reply_view reply;
    reply.headers = &headers;
    variables vars;
    std::vector<std::string> secrets;
    std::vector<capture_spec> captures{cookie_capture("auth", "authtoken", true)};
    auto message = apply_captures(captures, reply, vars, secrets);
    BOOST_REQUIRE(message.has_value());
    BOOST_TEST(message->find("found nothing") != std::string::npos, *message);
    BOOST_TEST(message->find("2 field(s)") != std::string::npos, *message);
    BOOST_TEST(message->find("c5rf") == std::string::npos, *message);
    BOOST_TEST(message->find("s3ss") == std::string::npos, *message);
    // The fields join the secrets masked, so the reply shown with the failure hides them too.
    BOOST_TEST((secrets == std::vector<std::string>{"csrftoken=c5rf; Path=/", "sessionid=s3ss; HttpOnly"}));
    secrets.clear();

    // A capture that is not secret names what it searched.
    captures = {cookie_capture("auth", "authtoken", false)};
    message = apply_captures(captures, reply, vars, secrets);
    BOOST_REQUIRE(message.has_value());
    BOOST_TEST(message->find("\"sessionid=s3ss; HttpOnly\"") != std::string::npos, *message);

    captures[0].selector = "X-Absent";
    message = apply_captures(captures, reply, vars, secrets);
    BOOST_REQUIRE(message.has_value());
    BOOST_TEST(*message == "capture 'auth' found nothing: the reply has no X-Absent field");
}
