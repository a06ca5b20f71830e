// Code parsing, nearest-code search, FTP command uses, JSON forms and text descriptions.
#include "protocol/codes/code_lookup.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "protocol/codes/code_json.hpp"
#include "protocol/codes/code_text.hpp"

namespace p = replycheck::protocol;

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

BOOST_AUTO_TEST_CASE(parse_valid_arguments) {
    auto a = p::parse_code_argument("206");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->code == 206);
    BOOST_TEST(!a->substatus.has_value());
    a = p::parse_code_argument("403.14");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->code == 403);
    BOOST_TEST(a->substatus.value() == 14);
    a = p::parse_code_argument("500.100");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->substatus.value() == 100);
    a = p::parse_code_argument("404.0");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->substatus.value() == 0);
}

BOOST_AUTO_TEST_CASE(parse_malformed_arguments) {
    for (const char* text : {"", "abc", "20", "2066", "099", "20a", "206.", "206.x", "206.1234",
                             " 206", "206 ", "-206", "+206", "403,14", "403.1.4"})
        BOOST_TEST(!p::parse_code_argument(text).has_value(), '"' << text << '"');
}

BOOST_AUTO_TEST_CASE(nearest_http_same_class_closest_first) {
    const auto near = p::nearest_http_statuses(299, 3);
    BOOST_REQUIRE(near.size() == 3u);
    BOOST_TEST(near[0]->code == 226);
    BOOST_TEST(near[1]->code == 208);
    BOOST_TEST(near[2]->code == 207);
    const auto mid = p::nearest_http_statuses(419, 2);
    BOOST_REQUIRE(mid.size() == 2u);
    BOOST_TEST(mid[0]->code == 418);   // distance 1
    BOOST_TEST(mid[1]->code == 417);   // distance 2, before 421
    const auto none_in_class = p::nearest_http_statuses(650, 1);
    BOOST_REQUIRE(none_in_class.size() == 1u);
    BOOST_TEST(none_in_class[0]->code == 511);
}

BOOST_AUTO_TEST_CASE(nearest_iis_and_ftp) {
    const auto iis = p::nearest_iis_substatuses(403, 99, 2);
    BOOST_REQUIRE(iis.size() == 2u);
    BOOST_TEST(iis[0]->code == "403.22");
    BOOST_TEST(iis[1]->code == "403.21");
    const auto other = p::nearest_iis_substatuses(402, 1, 1);
    BOOST_REQUIRE(other.size() == 1u);
    BOOST_TEST(other[0]->status == 401);
    const auto ftp = p::nearest_ftp_replies(999, 3);
    BOOST_REQUIRE(ftp.size() == 3u);
    BOOST_TEST(ftp[0]->code == 633);
    const auto ftp2 = p::nearest_ftp_replies(228 + 1000, 1);   // no 12xx: nearest overall
    BOOST_REQUIRE(ftp2.size() == 1u);
    BOOST_TEST(ftp2[0]->code == 633);
    const auto same = p::nearest_ftp_replies(540, 2);
    BOOST_REQUIRE(same.size() == 2u);
    BOOST_TEST(same[0]->code / 100 == 5);
}

BOOST_AUTO_TEST_CASE(ftp_command_uses) {
    const auto pasv = p::ftp_commands_returning(227);
    BOOST_REQUIRE(pasv.size() == 1u);
    BOOST_TEST(pasv[0].command == "PASV");
    BOOST_TEST((pasv[0].role == p::ftp_reply_role::success));
    const auto marks = p::ftp_commands_returning(150);
    BOOST_TEST(std::any_of(marks.begin(), marks.end(), [](const p::ftp_command_use& u) {
        return u.command == "RETR" && u.role == p::ftp_reply_role::preliminary;
    }));
    const auto rest = p::ftp_commands_returning(350);
    BOOST_TEST(std::any_of(rest.begin(), rest.end(),
                           [](const p::ftp_command_use& u) { return u.command == "RNFR"; }));
    BOOST_TEST(p::ftp_commands_returning(430).empty());
    BOOST_TEST(p::to_string(p::ftp_reply_role::error) == "error");
}

BOOST_AUTO_TEST_CASE(every_registered_ftp_reply_is_described) {
    // Every RFC reply except the protected 6yz and the non-RFC ones is given by some command.
    for (const auto& r : p::all_ftp_replies()) {
        if (r.code == 430 || r.code == 434) continue;
        BOOST_TEST(!p::ftp_commands_returning(r.code).empty(), r.code);
    }
}

BOOST_AUTO_TEST_CASE(json_forms) {
    const auto http = p::to_json(*p::find_http_status(206));
    BOOST_TEST(http.at("code").as_string() == "206");
    BOOST_TEST(http.at("protocol").as_string() == "http");
    BOOST_TEST(http.at("reason").as_string() == "Partial Content");
    BOOST_TEST(http.at("cacheable_by_default").as_bool());
    const auto iis = p::to_json(*p::find_iis_substatus(403, 14));
    BOOST_TEST(iis.at("code").as_string() == "403.14");
    BOOST_TEST(iis.at("protocol").as_string() == "http");
    BOOST_TEST(iis.at("iis").as_bool());
    BOOST_TEST(!iis.at("meaning").as_string().empty());
    const auto status403 = p::to_json(*p::find_http_status(403));
    BOOST_TEST(status403.at("iis_substatuses").as_array().size() >= 26u);
    const auto ftp = p::to_json(*p::find_ftp_reply(227));
    BOOST_TEST(ftp.at("code").as_string() == "227");
    BOOST_TEST(ftp.at("protocol").as_string() == "ftp");
    BOOST_TEST(ftp.at("commands").as_array().size() == 1u);
    BOOST_TEST(contains(ftp.at("format").as_string(), "(h1,h2,h3,h4,p1,p2)"));
}

BOOST_AUTO_TEST_CASE(descriptions) {
    const auto d206 = p::describe(*p::find_http_status(206));
    BOOST_TEST(contains(d206, "HTTP 206 Partial Content"));
    BOOST_TEST(contains(d206, "Content-Range"));
    BOOST_TEST(contains(d206, "RFC 9110 §15.3.7"));
    BOOST_TEST(contains(d206, "provoke with:"));
    const auto d403 = p::describe(*p::find_http_status(403));
    BOOST_TEST(contains(d403, "403.14"));
    const auto d40314 = p::describe(*p::find_iis_substatus(403, 14));
    BOOST_TEST(contains(d40314, "Directory listing denied"));
    BOOST_TEST(contains(d40314, "typical causes:"));
    BOOST_TEST(contains(d40314, "403 Forbidden"));
    const auto d227 = p::describe(*p::find_ftp_reply(227));
    BOOST_TEST(contains(d227, "(h1,h2,h3,h4,p1,p2)"));
    BOOST_TEST(contains(d227, "PASV"));
    BOOST_TEST(contains(d227, "1st digit 2"));
    BOOST_TEST(contains(p::describe(*p::find_ftp_reply(421)), "any command"));
    // Wrapping keeps lines within the width (the width counts characters, not bytes).
    const auto narrow = p::describe(*p::find_http_status(206), 60);
    std::size_t start = 0;
    while (start < narrow.size()) {
        const auto end = narrow.find('\n', start);
        const auto line = narrow.substr(start, end - start);
        std::size_t chars = 0;
        for (unsigned char c : line) chars += (c & 0xC0) != 0x80;
        BOOST_TEST(chars <= 60u, line);
        start = end + 1;
    }
}

BOOST_AUTO_TEST_CASE(tables) {
    BOOST_TEST(count_lines(p::http_status_table()) == p::all_http_statuses().size() + 1);
    BOOST_TEST(count_lines(p::iis_substatus_table()) == p::all_iis_substatuses().size() + 1);
    BOOST_TEST(count_lines(p::ftp_reply_table()) == p::all_ftp_replies().size() + 1);
    BOOST_TEST(contains(p::http_status_table(), "Partial Content"));
    BOOST_TEST(contains(p::iis_substatus_table(), "403.14"));
    BOOST_TEST(contains(p::ftp_reply_table(), "Entering Passive Mode"));
}
