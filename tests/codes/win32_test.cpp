// The Win32 status / HRESULT registry (IIS sc-win32-status): order, names, required codes,
// argument parsing (decimal, hex, negative HRESULTs, bad input), HRESULT decoding, related
// codes and combination notes, and the text that `explain --log` reuses.
#include "protocol/codes/win32_codes.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <string_view>

#include "protocol/codes/code_json.hpp"
#include "protocol/codes/code_lookup.hpp"
#include "protocol/codes/code_text.hpp"

namespace p = replycheck::protocol;

BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<std::uint32_t>)

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// A related-code item ("401.1", "ftp 530", "200") names a registered entry.
bool resolves(std::string_view item) {
    const bool ftp = item.rfind("ftp ", 0) == 0;
    const auto arg = p::parse_code_argument(ftp ? item.substr(4) : item);
    if (!arg) return false;
    if (ftp) return !arg->substatus && p::find_ftp_reply(arg->code) != nullptr;
    if (arg->substatus) return p::find_iis_substatus(arg->code, *arg->substatus) != nullptr;
    return p::find_http_status(arg->code) != nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sorted_unique_and_complete) {
    const auto all = p::all_win32_statuses();
    BOOST_TEST(all.size() >= 40u);
    std::set<std::string_view> names;
    for (std::size_t i = 1; i < all.size(); ++i)
        BOOST_TEST(all[i - 1].value < all[i].value, "order at " << all[i].name);
    for (const auto& w : all) {
        BOOST_TEST(names.insert(w.name).second, "duplicate name " << w.name);
        BOOST_TEST(!w.meaning.empty(), w.name);
        BOOST_TEST(!w.in_iis_log.empty(), w.name);
        BOOST_TEST(!w.related.empty(), w.name);
        BOOST_TEST(p::find_win32_status(w.value) == &w, w.name);
        BOOST_TEST(p::find_win32_status(w.name) == &w, w.name);
        // The hex form parses back to the value.
        BOOST_TEST(p::parse_win32_argument(p::win32_hex(w.value)) == w.value, w.name);
        BOOST_TEST(p::parse_win32_argument(std::to_string(w.value)) == w.value, w.name);
        std::string_view items = w.related;
        while (!items.empty()) {
            const auto sep = items.find("; ");
            const auto item = items.substr(0, sep);
            BOOST_TEST(resolves(item), w.name << " relates to unknown code '" << item << "'");
            items = sep == std::string_view::npos ? std::string_view{} : items.substr(sep + 2);
        }
    }
}

BOOST_AUTO_TEST_CASE(required_codes_and_names) {
    const std::pair<std::uint32_t, std::string_view> expected[] = {
        {0, "ERROR_SUCCESS"}, {1, "ERROR_INVALID_FUNCTION"}, {2, "ERROR_FILE_NOT_FOUND"},
        {3, "ERROR_PATH_NOT_FOUND"}, {5, "ERROR_ACCESS_DENIED"}, {6, "ERROR_INVALID_HANDLE"},
        {13, "ERROR_INVALID_DATA"}, {32, "ERROR_SHARING_VIOLATION"},
        {50, "ERROR_NOT_SUPPORTED"}, {53, "ERROR_BAD_NETPATH"}, {59, "ERROR_UNEXP_NET_ERR"},
        {64, "ERROR_NETNAME_DELETED"}, {87, "ERROR_INVALID_PARAMETER"},
        {121, "ERROR_SEM_TIMEOUT"}, {123, "ERROR_INVALID_NAME"}, {183, "ERROR_ALREADY_EXISTS"},
        {206, "ERROR_FILENAME_EXCED_RANGE"}, {231, "ERROR_PIPE_BUSY"}, {232, "ERROR_NO_DATA"},
        {267, "ERROR_DIRECTORY"}, {995, "ERROR_OPERATION_ABORTED"}, {1117, "ERROR_IO_DEVICE"},
        {1219, "ERROR_SESSION_CREDENTIAL_CONFLICT"}, {1224, "ERROR_USER_MAPPED_FILE"},
        {1229, "ERROR_CONNECTION_INVALID"}, {1231, "ERROR_NETWORK_UNREACHABLE"},
        {1232, "ERROR_HOST_UNREACHABLE"}, {1235, "ERROR_REQUEST_ABORTED"},
        {1236, "ERROR_CONNECTION_ABORTED"}, {1244, "ERROR_NOT_AUTHENTICATED"},
        {1260, "ERROR_ACCESS_DISABLED_BY_POLICY"}, {1314, "ERROR_PRIVILEGE_NOT_HELD"},
        {1326, "ERROR_LOGON_FAILURE"}, {1327, "ERROR_ACCOUNT_RESTRICTION"},
        {1330, "ERROR_PASSWORD_EXPIRED"}, {1331, "ERROR_ACCOUNT_DISABLED"},
        {1385, "ERROR_LOGON_TYPE_NOT_GRANTED"}, {1907, "ERROR_PASSWORD_MUST_CHANGE"},
        {1909, "ERROR_ACCOUNT_LOCKED_OUT"}, {10053, "WSAECONNABORTED"},
        {10054, "WSAECONNRESET"}, {10060, "WSAETIMEDOUT"}, {10061, "WSAECONNREFUSED"},
        {12002, "ERROR_WINHTTP_TIMEOUT"}, {0x80004005u, "E_FAIL"},
        {0x80090308u, "SEC_E_INVALID_TOKEN"}, {0x8009030Eu, "SEC_E_NO_CREDENTIALS"},
    };
    for (const auto& [value, name] : expected) {
        const auto* w = p::find_win32_status(value);
        BOOST_REQUIRE_MESSAGE(w != nullptr, "missing " << value << " " << name);
        BOOST_TEST(w->name == name);
    }
    // As IIS logs them: SEC_E_NO_CREDENTIALS next to 401.1 is 2148074254.
    BOOST_TEST(p::find_win32_status(2148074254u)->name == "SEC_E_NO_CREDENTIALS");
    BOOST_TEST(p::find_win32_status(2148074248u)->name == "SEC_E_INVALID_TOKEN");
    BOOST_TEST(p::find_win32_status("error_netname_deleted")->value == 64u);
    BOOST_TEST(p::find_win32_status(4u) == nullptr);
    BOOST_TEST(p::find_win32_status("ERROR_NO_SUCH_THING") == nullptr);
    BOOST_TEST(p::find_win32_status("") == nullptr);
}

BOOST_AUTO_TEST_CASE(parse_arguments) {
    BOOST_TEST(p::parse_win32_argument("64") == 64u);
    BOOST_TEST(p::parse_win32_argument("0") == 0u);
    BOOST_TEST(p::parse_win32_argument("2147942405") == 0x80070005u);
    BOOST_TEST(p::parse_win32_argument("4294967295") == 0xFFFFFFFFu);
    BOOST_TEST(p::parse_win32_argument("0x80070005") == 0x80070005u);
    BOOST_TEST(p::parse_win32_argument("0X8007000d") == 0x8007000Du);
    BOOST_TEST(p::parse_win32_argument("0x00000040") == 64u);
    BOOST_TEST(p::parse_win32_argument("-2147024891") == 0x80070005u);
    BOOST_TEST(p::parse_win32_argument("-2147483648") == 0x80000000u);
    BOOST_TEST(p::parse_win32_argument("-1") == 0xFFFFFFFFu);
    for (const char* bad : {"", "0x", "0X", "0x1FFFFFFFF", "0xFFFFFFFFF", "4294967296",
                            "99999999999999", "-2147483649", "-0", "-", "abc", "win32",
                            "0x8007000g", "6 4", " 64", "64 ", "+64", "1e3", "0x-5", "--5",
                            "18446744073709551616", "0x00000000000000001"})
        BOOST_TEST(!p::parse_win32_argument(bad).has_value(), '"' << bad << '"');
}

BOOST_AUTO_TEST_CASE(hresult_decoding) {
    BOOST_TEST(p::is_hresult(0x80070005u));
    BOOST_TEST(!p::is_hresult(64u));
    BOOST_TEST(p::win32_from_hresult(0x80070005u) == 5u);
    BOOST_TEST(p::win32_from_hresult(0x80072746u) == 10054u);
    BOOST_TEST(!p::win32_from_hresult(0x80004005u).has_value());
    BOOST_TEST(!p::win32_from_hresult(0x80090308u).has_value());
    BOOST_TEST(!p::win32_from_hresult(5u).has_value());
    BOOST_TEST(p::hresult_from_win32(5u) == 0x80070005u);
    BOOST_TEST(p::hresult_from_win32(0u) == 0u);
    BOOST_TEST(p::hresult_from_win32(0x80004005u) == 0x80004005u);

    // 0x80070005 has no entry of its own: it resolves to Win32 5.
    auto r = p::resolve_win32_status(0x80070005u);
    BOOST_REQUIRE(r.entry != nullptr);
    BOOST_TEST(r.entry->value == 5u);
    BOOST_TEST(r.wrapped == 5u);
    // 0x8007000D has its own (500.19) entry, and still says what it wraps.
    r = p::resolve_win32_status(0x8007000Du);
    BOOST_REQUIRE(r.entry != nullptr);
    BOOST_TEST(r.entry->value == 0x8007000Du);
    BOOST_TEST(r.wrapped == 13u);
    BOOST_TEST(contains(r.entry->related, "500.19"));
    // Unknown plain code, unknown wrapped code, unknown non-Win32 HRESULT.
    BOOST_TEST(p::resolve_win32_status(42u).entry == nullptr);
    BOOST_TEST(p::resolve_win32_status(0x8007FFFFu).entry == nullptr);
    BOOST_TEST(p::resolve_win32_status(0x8007FFFFu).wrapped == 0xFFFFu);
    BOOST_TEST(p::resolve_win32_status(0xC0000005u).entry == nullptr);
}

BOOST_AUTO_TEST_CASE(nearest_codes) {
    const auto near = p::nearest_win32_statuses(42, 2);
    BOOST_REQUIRE(near.size() == 2u);
    BOOST_TEST(near[0]->value == 50u);   // distance 8
    BOOST_TEST(near[1]->value == 32u);   // distance 10
    // An HRESULT is compared with HRESULTs.
    for (const auto* w : p::nearest_win32_statuses(0x80090310u, 3))
        BOOST_TEST(p::is_hresult(w->value), w->name);
    BOOST_TEST(p::nearest_win32_statuses(1, 0).empty());
}

BOOST_AUTO_TEST_CASE(combinations_name_known_codes) {
    for (const auto& c : p::all_logged_combinations()) {
        BOOST_TEST(!c.note.empty());
        BOOST_TEST(p::resolve_win32_status(c.win32).entry != nullptr, c.win32);
        if (c.ftp) {
            BOOST_TEST(p::find_ftp_reply(c.status) != nullptr, c.status);
        } else {
            BOOST_TEST(p::find_http_status(c.status) != nullptr, c.status);
            if (c.substatus > 0)
                BOOST_TEST(p::find_iis_substatus(c.status, c.substatus) != nullptr,
                           c.status << "." << c.substatus);
        }
    }
    BOOST_TEST(p::find_http_combination(401, 1, 1326) != nullptr);
    BOOST_TEST(p::find_http_combination(200, 0, 64) != nullptr);
    BOOST_TEST(p::find_http_combination(200, 7, 64) != nullptr);   // any substatus
    BOOST_TEST(p::find_http_combination(401, 2, 1326) == nullptr);
    BOOST_TEST(p::find_ftp_combination(530, 1326) != nullptr);
    BOOST_TEST(p::find_ftp_combination(530, 64) == nullptr);
    BOOST_TEST(p::find_http_combination(530, 0, 1326) == nullptr);   // HTTP has no 530 note
}

BOOST_AUTO_TEST_CASE(descriptions) {
    auto text = p::describe(p::resolve_win32_status(64));
    BOOST_TEST(contains(text, "Win32 64 ERROR_NETNAME_DELETED"));
    BOOST_TEST(contains(text, "0x80070040"));
    BOOST_TEST(contains(text, "in an IIS log"));
    BOOST_TEST(contains(text, "HTTP 200 OK"));
    text = p::describe(p::resolve_win32_status(0x80070005u));
    BOOST_TEST(contains(text, "HRESULT 0x80070005 = Win32 5 ERROR_ACCESS_DENIED"));
    BOOST_TEST(contains(text, "2147942405"));
    BOOST_TEST(contains(text, "-2147024891"));
    BOOST_TEST(contains(text, "IIS 401.3"));

    const auto json = p::to_json(p::resolve_win32_status(2147942405u));
    BOOST_TEST(json.at("code").as_string() == "2147942405");
    BOOST_TEST(json.at("protocol").as_string() == "win32");
    BOOST_TEST(json.at("reason").as_string() == "ERROR_ACCESS_DENIED");
    BOOST_TEST(json.at("hex").as_string() == "0x80070005");
    BOOST_TEST(json.at("signed").to_number<std::int64_t>() == -2147024891);
    BOOST_TEST(json.at("wraps_win32").to_number<std::int64_t>() == 5);
    BOOST_TEST(json.at("related").as_array().size() >= 3u);

    const auto table = p::win32_status_table();
    BOOST_TEST(contains(table, "ERROR_CONNECTION_ABORTED"));
    BOOST_TEST(contains(table, "0x8009030E"));
}

BOOST_AUTO_TEST_CASE(logged_http_entry) {
    auto text = p::explain_logged_http(401, 1, 1326u);
    BOOST_TEST(contains(text, "Logged HTTP 401.1 with sc-win32-status 1326"));
    BOOST_TEST(contains(text, "401 Unauthorized"));
    BOOST_TEST(contains(text, "Logon failed"));
    BOOST_TEST(contains(text, "ERROR_LOGON_FAILURE"));
    BOOST_TEST(contains(text, "together:"));
    BOOST_TEST(contains(text, "status = \"401.1\""));
    // An HRESULT logged unsigned next to 500.19 resolves through its own entry.
    text = p::explain_logged_http(500, 19, 2147942413u);
    BOOST_TEST(contains(text, "0x8007000D"));
    BOOST_TEST(contains(text, "together:"));
    // No substatus, no win32: just the status and a plain mock script.
    text = p::explain_logged_http(404, std::nullopt, std::nullopt);
    BOOST_TEST(contains(text, "Logged HTTP 404\n"));
    BOOST_TEST(contains(text, "status = 404 }"));
    BOOST_TEST(!contains(text, "win32"));
    // Unknown codes are said to be unknown, never thrown.
    text = p::explain_logged_http(299, 77, 424242u);
    BOOST_TEST(contains(text, "not a registered HTTP status code"));
    BOOST_TEST(contains(text, "not a known IIS substatus"));
    BOOST_TEST(contains(text, "not in the registry"));
}

BOOST_AUTO_TEST_CASE(logged_ftp_entry) {
    auto text = p::explain_logged_ftp("PASS", 530, 1326u);
    BOOST_TEST(contains(text, "Logged FTP PASS -> 530 with sc-win32-status 1326"));
    BOOST_TEST(contains(text, "Not logged in"));
    BOOST_TEST(contains(text, "PASS lists 530 as its error reply"));
    BOOST_TEST(contains(text, "Wrong user name or password"));
    BOOST_TEST(contains(text, "[[mock.ftp.script]]"));
    text = p::explain_logged_ftp("RETR", 550, 0x80070002u);
    BOOST_TEST(contains(text, "ERROR_FILE_NOT_FOUND"));
    BOOST_TEST(contains(text, "does not exist"));
    text = p::explain_logged_ftp("", 999, std::nullopt);
    BOOST_TEST(contains(text, "not a known FTP reply code"));
    text = p::explain_logged_ftp("XYZZ", 200, std::nullopt);
    BOOST_TEST(!contains(text, "for the command"));
}
