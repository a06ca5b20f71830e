// Invariants of the compiled-in code registries: order, uniqueness, counts, and the facts
// other parts of replycheck rely on (cacheable list, no-content codes, header requirements).
#include "protocol/codes/code_hints.hpp"
#include "protocol/codes/ftp_codes.hpp"
#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

namespace p = replycheck::protocol;

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_registry)

BOOST_AUTO_TEST_CASE(sorted_unique_and_large_enough) {
    const auto all = p::all_http_statuses();
    BOOST_TEST(all.size() >= 60u);
    for (std::size_t i = 1; i < all.size(); ++i)
        BOOST_TEST(all[i - 1].code < all[i].code, "order at " << all[i].code);
    for (const auto& s : all) {
        BOOST_TEST((s.code >= 100 && s.code <= 599));
        BOOST_TEST(!s.reason.empty(), s.code);
        BOOST_TEST(!s.meaning.empty(), s.code);
        BOOST_TEST(!s.provoke.empty(), s.code);
        BOOST_TEST(contains(s.section, "RFC "), s.code);
        BOOST_TEST(p::find_http_status(s.code) == &s);
    }
}

BOOST_AUTO_TEST_CASE(iana_registry_is_complete) {
    // Every code the IANA registry assigns between 100 and 511.
    const int iana[] = {100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
                        300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404,
                        405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
                        421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503,
                        504, 505, 506, 507, 508, 510, 511};
    for (int code : iana) BOOST_TEST(p::find_http_status(code) != nullptr, code);
    BOOST_TEST(p::all_http_statuses().size() == std::size(iana));
}

BOOST_AUTO_TEST_CASE(unknown_codes) {
    for (int code : {0, 99, 104, 199, 209, 299, 309, 419, 427, 430, 509, 512, 599, 600, 999})
        BOOST_TEST(p::find_http_status(code) == nullptr, code);
    BOOST_TEST(p::reason_phrase(299).empty());
    BOOST_TEST(p::reason_phrase(206) == "Partial Content");
    BOOST_TEST(p::reason_phrase(413) == "Content Too Large");
    BOOST_TEST(p::reason_phrase(422) == "Unprocessable Content");
}

BOOST_AUTO_TEST_CASE(cacheable_by_default_is_exactly_rfc9110_list) {
    const std::set<int> expected{200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501};
    std::set<int> actual;
    for (const auto& s : p::all_http_statuses())
        if (s.cacheable_by_default) actual.insert(s.code);
    BOOST_TEST(actual == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(codes_without_content) {
    // 1xx, 204 and 304 end at the header section (RFC 9112 §6.3); 205 must not have content.
    std::set<int> actual;
    for (const auto& s : p::all_http_statuses())
        if (!s.body_allowed) actual.insert(s.code);
    const std::set<int> expected{100, 101, 102, 103, 204, 205, 304};
    BOOST_TEST(actual == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(header_requirements) {
    BOOST_TEST(contains(p::find_http_status(206)->must_carry, "Content-Range"));
    BOOST_TEST(contains(p::find_http_status(206)->must_carry, "multipart/byteranges"));
    BOOST_TEST(contains(p::find_http_status(401)->must_carry, "WWW-Authenticate"));
    BOOST_TEST(contains(p::find_http_status(407)->must_carry, "Proxy-Authenticate"));
    BOOST_TEST(contains(p::find_http_status(405)->must_carry, "Allow"));
    BOOST_TEST(contains(p::find_http_status(426)->must_carry, "Upgrade"));
    BOOST_TEST(contains(p::find_http_status(101)->must_carry, "Upgrade"));
    BOOST_TEST(contains(p::find_http_status(416)->should_carry, "Content-Range: bytes */"));
    BOOST_TEST(contains(p::find_http_status(429)->should_carry, "Retry-After"));
    BOOST_TEST(contains(p::find_http_status(451)->should_carry, "blocked-by"));
    for (int code : {301, 302, 303, 307, 308})
        BOOST_TEST(contains(p::find_http_status(code)->must_carry, "Location"), code);
    // An origin with a clock sends Date in every 2xx, 3xx and 4xx (RFC 9110 §6.6.1).
    for (const auto& s : p::all_http_statuses())
        if (s.code >= 200 && s.code < 500 && s.code != 306 && s.code != 418)
            BOOST_TEST(contains(s.must_carry, "Date"), s.code);
}

BOOST_AUTO_TEST_CASE(status_classes) {
    BOOST_TEST(p::http_status_class(100) == "Informational");
    BOOST_TEST(p::http_status_class(226) == "Successful");
    BOOST_TEST(p::http_status_class(308) == "Redirection");
    BOOST_TEST(p::http_status_class(451) == "Client Error");
    BOOST_TEST(p::http_status_class(599) == "Server Error");
    BOOST_TEST(p::http_status_class(600).empty());
    BOOST_TEST(p::http_status_class(99).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(iis_registry)

BOOST_AUTO_TEST_CASE(sorted_unique_consistent) {
    const auto all = p::all_iis_substatuses();
    BOOST_TEST(all.size() >= 70u);
    for (std::size_t i = 1; i < all.size(); ++i)
        BOOST_TEST((std::pair{all[i - 1].status, all[i - 1].substatus} <
                    std::pair{all[i].status, all[i].substatus}),
                   "order at " << all[i].code);
    for (const auto& s : all) {
        BOOST_TEST(s.code == std::to_string(s.status) + "." + std::to_string(s.substatus));
        BOOST_TEST(p::find_http_status(s.status) != nullptr, s.code);
        BOOST_TEST(!s.title.empty(), s.code);
        BOOST_TEST(!s.meaning.empty(), s.code);
        BOOST_TEST(!s.causes.empty(), s.code);
        BOOST_TEST(p::find_iis_substatus(s.status, s.substatus) == &s);
    }
}

BOOST_AUTO_TEST_CASE(well_known_entries) {
    const auto* listing = p::find_iis_substatus(403, 14);
    BOOST_REQUIRE(listing != nullptr);
    BOOST_TEST(contains(listing->title, "Directory listing"));
    const auto* config = p::find_iis_substatus(500, 19);
    BOOST_REQUIRE(config != nullptr);
    BOOST_TEST(contains(config->title, "Configuration data invalid"));
    BOOST_TEST(p::find_iis_substatus(403, 99) == nullptr);
    BOOST_TEST(p::find_iis_substatus(404, 21) == nullptr);
    BOOST_TEST(p::find_iis_substatus(200, 0) == nullptr);
}

BOOST_AUTO_TEST_CASE(contiguous_ranges) {
    for (int sub = 1; sub <= 22; ++sub) BOOST_TEST(p::find_iis_substatus(403, sub) != nullptr, sub);
    for (int sub = 0; sub <= 20; ++sub) BOOST_TEST(p::find_iis_substatus(404, sub) != nullptr, sub);
    for (int status : {401, 403, 404})
        for (int sub = 501; sub <= 504; ++sub)
            BOOST_TEST(p::find_iis_substatus(status, sub) != nullptr, status << "." << sub);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ftp_registry)

BOOST_AUTO_TEST_CASE(sorted_unique_and_large_enough) {
    const auto all = p::all_ftp_replies();
    BOOST_TEST(all.size() >= 45u);
    for (std::size_t i = 1; i < all.size(); ++i)
        BOOST_TEST(all[i - 1].code < all[i].code, "order at " << all[i].code);
    for (const auto& r : all) {
        BOOST_TEST((r.code >= 100 && r.code <= 699));
        BOOST_TEST(!r.text.empty(), r.code);
        BOOST_TEST(!r.meaning.empty(), r.code);
        BOOST_TEST(!r.section.empty(), r.code);
        BOOST_TEST(!p::ftp_first_digit_meaning(r.code).empty(), r.code);
        BOOST_TEST(!p::ftp_second_digit_meaning(r.code).empty(), r.code);
        BOOST_TEST(p::find_ftp_reply(r.code) == &r);
    }
}

BOOST_AUTO_TEST_CASE(rfc959_codes_present) {
    for (int code : {110, 120, 125, 150, 200, 202, 211, 212, 213, 214, 215, 220, 221, 225, 226,
                     227, 230, 250, 257, 331, 332, 350, 421, 425, 426, 450, 451, 452, 500, 501,
                     502, 503, 504, 530, 532, 550, 551, 552, 553})
        BOOST_TEST(p::find_ftp_reply(code) != nullptr, code);
    for (int code : {229, 232, 234, 235, 334, 335, 336, 431, 522, 533, 534, 535, 536, 631, 632,
                     633})
        BOOST_TEST(p::find_ftp_reply(code) != nullptr, code);
    BOOST_TEST(p::find_ftp_reply(999) == nullptr);
    BOOST_TEST(p::find_ftp_reply(299) == nullptr);
}

BOOST_AUTO_TEST_CASE(reply_formats) {
    BOOST_TEST(contains(p::find_ftp_reply(227)->format, "(h1,h2,h3,h4,p1,p2)"));
    BOOST_TEST(contains(p::find_ftp_reply(229)->format, "(|||port|)"));
    BOOST_TEST(contains(p::find_ftp_reply(257)->format, "doubled"));
    BOOST_TEST(contains(p::find_ftp_reply(213)->format, "YYYYMMDDHHMMSS"));
    BOOST_TEST(contains(p::find_ftp_reply(211)->format, "211 End"));
    BOOST_TEST(contains(p::find_ftp_reply(110)->format, "MARK yyyy = mmmm"));
}

BOOST_AUTO_TEST_CASE(digit_meanings) {
    BOOST_TEST(contains(p::ftp_first_digit_meaning(150), "preliminary"));
    BOOST_TEST(contains(p::ftp_first_digit_meaning(227), "completion"));
    BOOST_TEST(contains(p::ftp_first_digit_meaning(331), "intermediate"));
    BOOST_TEST(contains(p::ftp_first_digit_meaning(425), "transient"));
    BOOST_TEST(contains(p::ftp_first_digit_meaning(550), "permanent"));
    BOOST_TEST(contains(p::ftp_first_digit_meaning(631), "protected"));
    BOOST_TEST(contains(p::ftp_second_digit_meaning(500), "syntax"));
    BOOST_TEST(contains(p::ftp_second_digit_meaning(211), "information"));
    BOOST_TEST(contains(p::ftp_second_digit_meaning(227), "connections"));
    BOOST_TEST(contains(p::ftp_second_digit_meaning(530), "authentication"));
    BOOST_TEST(contains(p::ftp_second_digit_meaning(550), "file system"));
    BOOST_TEST(p::ftp_first_digit_meaning(99).empty());
    BOOST_TEST(p::ftp_second_digit_meaning(266).empty());
}

BOOST_AUTO_TEST_CASE(command_table_codes_are_registered_and_in_class) {
    std::set<std::string_view> names;
    for (const auto& c : p::all_ftp_commands()) {
        BOOST_TEST(names.insert(c.command).second, "duplicate " << c.command);
        BOOST_TEST(!c.section.empty(), c.command);
        BOOST_TEST(c.success.size() + c.intermediate.size() > 0u, c.command);
        for (int code : c.preliminary) {
            BOOST_TEST(p::find_ftp_reply(code) != nullptr, c.command << " " << code);
            BOOST_TEST(code / 100 == 1, c.command << " " << code);
        }
        for (int code : c.success) {
            BOOST_TEST(p::find_ftp_reply(code) != nullptr, c.command << " " << code);
            BOOST_TEST((code / 100 == 2 || code / 100 == 6), c.command << " " << code);
        }
        for (int code : c.intermediate) {
            BOOST_TEST(p::find_ftp_reply(code) != nullptr, c.command << " " << code);
            BOOST_TEST(code / 100 == 3, c.command << " " << code);
        }
        for (int code : c.errors) {
            BOOST_TEST(p::find_ftp_reply(code) != nullptr, c.command << " " << code);
            BOOST_TEST((code / 100 == 4 || code / 100 == 5), c.command << " " << code);
        }
    }
    // RFC 959 §5.4 plus the extension commands.
    for (std::string_view name : {"USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT", "REIN", "QUIT",
                                  "PORT", "PASV", "MODE", "TYPE", "STRU", "ALLO", "REST", "STOR",
                                  "STOU", "RETR", "LIST", "NLST", "APPE", "RNFR", "RNTO", "DELE",
                                  "RMD", "MKD", "PWD", "ABOR", "SYST", "STAT", "HELP", "SITE",
                                  "NOOP", "AUTH", "PBSZ", "PROT", "FEAT", "OPTS", "EPRT", "EPSV",
                                  "SIZE", "MDTM", "MLST", "MLSD", "REST STREAM", "HOST"})
        BOOST_TEST(names.count(name) == 1u, name);
}

BOOST_AUTO_TEST_CASE(command_table_facts) {
    const auto has = [](std::span<const int> codes, int code) {
        return std::find(codes.begin(), codes.end(), code) != codes.end();
    };
    const auto* pasv = p::find_ftp_command("pasv");
    BOOST_REQUIRE(pasv != nullptr);
    BOOST_TEST(has(pasv->success, 227));
    const auto* retr = p::find_ftp_command("Retr");
    BOOST_REQUIRE(retr != nullptr);
    BOOST_TEST(has(retr->preliminary, 150));
    BOOST_TEST(has(retr->preliminary, 125));
    BOOST_TEST(has(retr->success, 226));
    BOOST_TEST(has(retr->errors, 550));
    BOOST_TEST(has(retr->errors, 425));
    const auto* rnfr = p::find_ftp_command("RNFR");
    BOOST_TEST(has(rnfr->intermediate, 350));
    BOOST_TEST(has(p::find_ftp_command("AUTH")->success, 234));
    BOOST_TEST(has(p::find_ftp_command("EPSV")->success, 229));
    BOOST_TEST(has(p::find_ftp_command("SIZE")->success, 213));
    BOOST_TEST(has(p::find_ftp_command("HOST")->errors, 504));
    BOOST_TEST(p::find_ftp_command("rest  stream") == p::find_ftp_command("REST STREAM"));
    BOOST_TEST(p::find_ftp_command("REST STREAM") != p::find_ftp_command("REST"));
    BOOST_TEST(p::find_ftp_command("XYZZ") == nullptr);
    BOOST_TEST(p::find_ftp_command("") == nullptr);
    BOOST_TEST(p::find_ftp_command(std::string(100, 'A')) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(iis_additions)

BOOST_AUTO_TEST_CASE(asp_net_core_module_and_proxy_codes) {
    // ASP.NET Core Module 500.30-500.38, proxy/ANCM 502.3-502.5, WebDAV/ARR 400.x.
    for (int sub = 30; sub <= 38; ++sub)
        BOOST_TEST(p::find_iis_substatus(500, sub) != nullptr, "500." << sub);
    for (int sub = 3; sub <= 5; ++sub)
        BOOST_TEST(p::find_iis_substatus(502, sub) != nullptr, "502." << sub);
    for (int sub = 1; sub <= 11; ++sub)
        BOOST_TEST(p::find_iis_substatus(400, sub) != nullptr, "400." << sub);
    for (int sub = 601; sub <= 605; ++sub)
        BOOST_TEST(p::find_iis_substatus(400, sub) != nullptr, "400." << sub);
    for (int sub : {0, 50, 51, 52, 53, 100})
        BOOST_TEST(p::find_iis_substatus(500, sub) != nullptr, "500." << sub);
    for (int sub : {0, 2, 3, 4})
        BOOST_TEST(p::find_iis_substatus(503, sub) != nullptr, "503." << sub);
    BOOST_TEST(contains(p::find_iis_substatus(502, 5)->title, "process failure"));
    BOOST_TEST(contains(p::find_iis_substatus(500, 30)->title, "failed to start"));
    BOOST_TEST(contains(p::find_iis_substatus(500, 31)->title, "native dependencies"));
    BOOST_TEST(contains(p::find_iis_substatus(500, 32)->title, "load dll"));
    BOOST_TEST(contains(p::find_iis_substatus(500, 37)->title, "startup time limit"));
    BOOST_TEST(p::find_iis_substatus(500, 39) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hints)

BOOST_AUTO_TEST_CASE(every_negative_ftp_reply_has_causes_and_a_recipe) {
    for (const auto& r : p::all_ftp_replies()) {
        const auto* hint = p::find_ftp_hint(r.code);
        if (r.code >= 400 && r.code < 600) {
            BOOST_TEST_REQUIRE(hint != nullptr, "no hint for FTP " << r.code);
            BOOST_TEST(!hint->causes.empty(), "no causes for FTP " << r.code);
            BOOST_TEST(!hint->provoke.empty(), "no recipe for FTP " << r.code);
        }
        if (hint) {
            BOOST_TEST(hint->code == r.code);
            BOOST_TEST(!hint->mock_command.empty());
        }
        // Every code gets a mock recipe naming itself.
        BOOST_TEST(contains(p::ftp_mock_hint(r), std::to_string(r.code)), r.code);
    }
    BOOST_TEST(p::find_ftp_hint(999) == nullptr);
    BOOST_TEST(p::find_ftp_hint(550)->mock_command == "RETR");
    BOOST_TEST(contains(p::ftp_mock_hint(*p::find_ftp_reply(421)), "CONNECT"));
}

BOOST_AUTO_TEST_CASE(every_iis_substatus_has_a_recipe) {
    for (const auto& s : p::all_iis_substatuses()) {
        const std::string hint = p::iis_provoke_hint(s);
        BOOST_TEST(hint.starts_with("on IIS: "), s.code);
    }
    BOOST_TEST(contains(p::iis_provoke_hint(*p::find_iis_substatus(500, 19)), "web.config"));
    BOOST_TEST(contains(p::iis_provoke_hint(*p::find_iis_substatus(403, 14)), "Directory Browsing"));
    // Without a specific recipe, the general one names the logged fields.
    BOOST_TEST(contains(p::iis_provoke_hint(*p::find_iis_substatus(401, 4)), "sc-substatus 4"));
}

BOOST_AUTO_TEST_SUITE_END()
