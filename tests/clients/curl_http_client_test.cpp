#include "harness/clients/curl_http_client.hpp"

#include <boost/test/unit_test.hpp>

#include "clients/canned_server.hpp"
#include "clients/temp_dir.hpp"
#include "mockserver/http/http_mock.hpp"
#include "mockserver/http/http_mock_config.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using replycheck::harness::curl_http_client;
using replycheck::harness::http_auth;
using replycheck::harness::http_request_spec;
using replycheck::harness::http_version;
using replycheck::protocol::find_header;
using replycheck::test::canned_connection;
using replycheck::test::canned_server;

namespace {

std::string url_of(const canned_server& server, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server.port()) + path;
}

/// The HTTP mock over a small root folder.
struct mock_origin {
    replycheck::test::temp_dir dir;
    std::unique_ptr<replycheck::mock::http_mock> mock;

    mock_origin() {
        dir.write("index.html", "<h1>hello</h1>\n");
        dir.write("data.txt", "0123456789abcdefghij");
        dir.write("private/secret.txt", "top secret");
        replycheck::mock::http_mock_config config;
        config.root = dir.path;
        config.auth.push_back({"/private", "alice", "wonder", "Private"});
        replycheck::mock::http_redirect redirect;
        redirect.from = "/old";
        redirect.to = "/index.html";
        redirect.status = 301;
        config.redirects.push_back(redirect);
        mock = std::make_unique<replycheck::mock::http_mock>(config);
        mock->start();
    }
    std::string url(const std::string& path) const { return mock->base_url() + path; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(get_records_request_response_and_transcript) {
    canned_server server([](canned_connection& c) {
        auto request = c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Multi: a\r\nX-Multi: b\r\n\r\nhello");
        c.wait_close(3s);
    });
    curl_http_client client;
    http_request_spec spec;
    spec.url = url_of(server, "/a/../b?q=1");
    spec.headers = {{"X-Test", "yes"}, {"X-Empty", ""}};
    auto exchange = client.perform(spec);
    BOOST_TEST(exchange.transport_error == "");
    BOOST_REQUIRE(exchange.response.has_value());
    const auto& response = *exchange.response;
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.reason == "OK");
    BOOST_TEST(response.version == "HTTP/1.1");
    BOOST_TEST(response.body == "hello");
    BOOST_TEST(response.body_length == 5u);
    BOOST_TEST(find_headers(response.headers, "x-multi").size() == 2u);
    BOOST_TEST(exchange.request.method == "GET");
    BOOST_TEST(exchange.request.target == "/a/../b?q=1");  // path sent as written
    BOOST_TEST(*find_header(exchange.request.headers, "X-Test") == "yes");
    BOOST_TEST(find_header(exchange.request.headers, "X-Empty") != nullptr);
    BOOST_TEST(exchange.sent_raw.find("GET /a/../b?q=1 HTTP/1.1\r\n") == 0u);
    BOOST_TEST(exchange.received_raw.find("HTTP/1.1 200 OK\r\n") == 0u);
    BOOST_TEST(exchange.received_raw.find("hello") != std::string::npos);
    BOOST_TEST(exchange.remote_address == "127.0.0.1:" + std::to_string(server.port()));
    BOOST_TEST(exchange.duration.count() > 0);
}

BOOST_AUTO_TEST_CASE(keep_alive_reuses_the_connection) {
    canned_server server([](canned_connection& c) {
        for (int i = 0; i < 3; ++i) {
            if (c.read_until("\r\n\r\n").empty()) return;
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        c.wait_close(3s);
    });
    curl_http_client client;
    http_request_spec spec;
    spec.url = url_of(server, "/");
    for (int i = 0; i < 3; ++i) {
        auto exchange = client.perform(spec);
        BOOST_REQUIRE(exchange.response.has_value());
        BOOST_TEST(exchange.response->status == 200);
    }
    BOOST_TEST(server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(timeout_on_a_server_that_never_answers) {
    canned_server server([](canned_connection& c) { c.wait_close(20s); });
    curl_http_client client;
    http_request_spec spec;
    spec.url = url_of(server, "/");
    spec.timeout = 300ms;
    const auto start = std::chrono::steady_clock::now();
    auto exchange = client.perform(spec);
    BOOST_TEST(exchange.transport_error.find("timeout") == 0u);
    BOOST_TEST((exchange.transport_code == replycheck::protocol::transport_errc::timeout));
    BOOST_TEST(!exchange.response.has_value());
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));   // not at the server's close after 20 s
}

BOOST_AUTO_TEST_CASE(connection_refused_is_a_transport_error) {
    curl_http_client client;
    http_request_spec spec;
    spec.url = "http://127.0.0.1:" + std::to_string(replycheck::test::closed_port()) + "/";
    auto exchange = client.perform(spec);
    BOOST_TEST(!exchange.transport_error.empty());
    BOOST_TEST((exchange.transport_code == replycheck::protocol::transport_errc::connection_refused));
    BOOST_TEST(!exchange.response.has_value());
}

BOOST_AUTO_TEST_CASE(interim_100_continue_is_kept_and_body_sent_exactly) {
    std::string seen;
    std::mutex mutex;
    canned_server server([&](canned_connection& c) {
        auto head = c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 100 Continue\r\n\r\n");
        auto body = c.read_until("payload");
        {
            std::lock_guard lock(mutex);
            seen = head + body;
        }
        c.write("HTTP/1.1 201 Created\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n");
        c.wait_close(3s);
    });
    curl_http_client client;
    http_request_spec spec;
    spec.method = "PUT";
    spec.url = url_of(server, "/new");
    spec.body = "payload";
    spec.headers = {{"Expect", "100-continue"}, {"Content-Type", "text/plain"}};
    auto exchange = client.perform(spec);
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->status == 201);
    BOOST_REQUIRE(exchange.response->interim.size() == 1u);
    BOOST_TEST(exchange.response->interim[0].status == 100);
    BOOST_TEST(exchange.request.method == "PUT");
    BOOST_TEST(exchange.sent_raw.find("payload") != std::string::npos);
    std::lock_guard lock(mutex);
    BOOST_TEST(seen.find("PUT /new HTTP/1.1") == 0u);
    BOOST_TEST(seen.find("Content-Length: 7") != std::string::npos);
    BOOST_TEST(seen.find("Content-Type: text/plain") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(post_without_libcurl_form_defaults) {
    std::string seen;
    std::mutex mutex;
    canned_server server([&](canned_connection& c) {
        auto head = c.read_until("\r\n\r\n");
        {
            std::lock_guard lock(mutex);
            seen = head;
        }
        c.read_until("x=1");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        c.wait_close(3s);
    });
    curl_http_client client;
    http_request_spec spec;
    spec.method = "POST";
    spec.url = url_of(server, "/form");
    spec.body = "x=1";
    auto exchange = client.perform(spec);
    BOOST_REQUIRE(exchange.response.has_value());
    std::lock_guard lock(mutex);
    BOOST_TEST(seen.find("POST /form HTTP/1.1") == 0u);
    BOOST_TEST(seen.find("Content-Type") == std::string::npos);
    BOOST_TEST(seen.find("Expect") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(http_1_0_request_line) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.0 200 OK\r\n\r\nold style");
    });
    curl_http_client client;
    http_request_spec spec;
    spec.url = url_of(server, "/");
    spec.version = http_version::http1_0;
    auto exchange = client.perform(spec);
    BOOST_TEST(exchange.request.version == "HTTP/1.0");
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(exchange.response->body == "old style");
    BOOST_TEST(exchange.connection_closed);
}

BOOST_AUTO_TEST_CASE(truncated_body_is_reported) {
    canned_server server([](canned_connection& c) {
        c.read_until("\r\n\r\n");
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort");
    });
    curl_http_client client;
    http_request_spec spec;
    spec.url = url_of(server, "/");
    auto exchange = client.perform(spec);
    BOOST_TEST(!exchange.transport_error.empty());
    BOOST_REQUIRE(exchange.response.has_value());
    BOOST_TEST(!exchange.response->body_complete);
    BOOST_TEST(exchange.response->body == "short");
    BOOST_REQUIRE(exchange.response->framing_errors.size() == 1u);
    BOOST_TEST(exchange.response->framing_errors[0].starts_with(
        "the reply stopped after 5 of 50 body bytes (Content-Length): "));
}

BOOST_AUTO_TEST_CASE(every_libcurl_fault_after_the_status_line_is_a_framing_error) {
    // A reset inside the body, a chunked body without its last chunk, a header section past
    // libcurl's limit: libcurl fails the transfer, and the reply it started is cut short.
    canned_server server([](canned_connection& c) {
        auto request = c.read_until("\r\n\r\n");
        if (request.find("/reset") != std::string::npos) {
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789");
            std::this_thread::sleep_for(100ms);
            linger option{1, 0};  // close with RST
            ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &option, sizeof option);
        } else if (request.find("/chunked") != std::string::npos) {
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n01234");
        } else {
            c.write("HTTP/1.1 200 OK\r\n");
            const std::string field = "X-Filler: " + std::string(1000, 'a') + "\r\n";
            for (int i = 0; i < 1000; ++i) c.write(field);
        }
    });
    curl_http_client client;
    http_request_spec spec;
    const std::pair<const char*, const char*> cases[] = {
        {"/reset", "the reply stopped after 10 of 100000 body bytes (Content-Length): "},
        {"/chunked", "the reply stopped inside the chunked body (no last chunk): "},
        {"/headers", "the reply stopped inside the header section: "},
    };
    using replycheck::protocol::transport_errc;
    const transport_errc codes[] = {transport_errc::connection_reset, transport_errc::closed_early,
                                    transport_errc::receive_failed};
    for (std::size_t i = 0; i < std::size(cases); ++i) {
        const auto& [path, framing] = cases[i];
        spec.url = url_of(server, path);
        client.reset_connection();
        auto exchange = client.perform(spec);
        BOOST_TEST_CONTEXT(path) {
            BOOST_TEST(!exchange.transport_error.empty());
            BOOST_TEST((exchange.transport_code == codes[i]), exchange.transport_code.message());
            BOOST_REQUIRE(exchange.response.has_value());
            BOOST_TEST(exchange.response->status == 200);
            BOOST_TEST(!exchange.response->body_complete);
            BOOST_REQUIRE(exchange.response->framing_errors.size() == 1u);
            BOOST_TEST(exchange.response->framing_errors[0].starts_with(framing), exchange.response->framing_errors[0]);
        }
    }
}

BOOST_AUTO_TEST_CASE(against_mock_conditional_range_head) {
    mock_origin origin;
    curl_http_client client;
    http_request_spec spec;
    spec.url = origin.url("/data.txt");
    auto first = client.perform(spec);
    BOOST_REQUIRE(first.response.has_value());
    BOOST_TEST(first.response->status == 200);
    BOOST_TEST(first.response->body == "0123456789abcdefghij");
    const auto* etag = find_header(first.response->headers, "ETag");
    BOOST_REQUIRE(etag != nullptr);

    spec.headers = {{"If-None-Match", *etag}};
    auto second = client.perform(spec);
    BOOST_REQUIRE(second.response.has_value());
    BOOST_TEST(second.response->status == 304);
    BOOST_TEST(second.response->body.empty());

    spec.headers = {{"Range", "bytes=2-5"}};
    auto third = client.perform(spec);
    BOOST_REQUIRE(third.response.has_value());
    BOOST_TEST(third.response->status == 206);
    BOOST_TEST(third.response->body == "2345");
    BOOST_TEST(*find_header(third.response->headers, "Content-Range") == "bytes 2-5/20");

    spec.headers.clear();
    spec.method = "HEAD";
    auto head = client.perform(spec);
    BOOST_REQUIRE(head.response.has_value());
    BOOST_TEST(head.response->status == 200);
    BOOST_TEST(head.response->body.empty());
    BOOST_TEST(head.request.method == "HEAD");

    spec.method = "GET";
    spec.url = origin.url("/missing");
    auto missing = client.perform(spec);
    BOOST_REQUIRE(missing.response.has_value());
    BOOST_TEST(missing.response->status == 404);
}

BOOST_AUTO_TEST_CASE(against_mock_basic_auth_and_redirects) {
    mock_origin origin;
    curl_http_client client;
    http_request_spec spec;
    spec.url = origin.url("/private/secret.txt");
    auto anonymous = client.perform(spec);
    BOOST_REQUIRE(anonymous.response.has_value());
    BOOST_TEST(anonymous.response->status == 401);
    BOOST_TEST(find_header(anonymous.response->headers, "WWW-Authenticate") != nullptr);

    spec.auth = http_auth::basic;
    spec.user = "alice";
    spec.password = "wonder";
    auto authorized = client.perform(spec);
    BOOST_REQUIRE(authorized.response.has_value());
    BOOST_TEST(authorized.response->status == 200);
    BOOST_TEST(authorized.response->body == "top secret");
    BOOST_TEST(find_header(authorized.request.headers, "Authorization") != nullptr);

    http_request_spec redirect;
    redirect.url = origin.url("/old");
    auto not_followed = client.perform(redirect);
    BOOST_REQUIRE(not_followed.response.has_value());
    BOOST_TEST(not_followed.response->status == 301);
    BOOST_TEST(find_header(not_followed.response->headers, "Location") != nullptr);
    redirect.follow_redirects = true;
    auto followed = client.perform(redirect);
    BOOST_REQUIRE(followed.response.has_value());
    BOOST_TEST(followed.response->status == 200);
    BOOST_TEST(followed.response->body == "<h1>hello</h1>\n");
    BOOST_TEST(followed.request.url == origin.url("/index.html"));
    BOOST_TEST(followed.request.target == "/index.html");
}

BOOST_AUTO_TEST_CASE(one_client_per_thread_in_parallel) {
    mock_origin origin;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            curl_http_client client;
            http_request_spec spec;
            spec.url = origin.url("/index.html");
            for (int i = 0; i < 25; ++i) {
                auto exchange = client.perform(spec);
                if (exchange.response && exchange.response->status == 200) ++ok;
            }
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(ok.load() == 100);
}
