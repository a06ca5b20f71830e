// JSON forms of registry entries.
#include "protocol/codes/code_json.hpp"

#include <string>

#include <boost/json/array.hpp>

#include "protocol/codes/code_hints.hpp"
#include "protocol/codes/code_lookup.hpp"
#include "protocol/codes/code_text.hpp"

namespace replycheck::protocol {
boost::json::object to_json(const http_status_info& info) {
    boost::json::object o;
    o["code"] = std::to_string(info.code);
    o["protocol"] = "http";
    o["reason"] = info.reason;
    o["class"] = http_status_class(info.code);
    o["meaning"] = info.meaning;
    o["section"] = info.section;
    o["body_allowed"] = info.body_allowed;
    o["cacheable_by_default"] = info.cacheable_by_default;
    o["must_carry"] = info.must_carry;
    o["should_carry"] = info.should_carry;
    o["provoke"] = info.provoke;
    boost::json::array subs;
    for (const auto* sub : iis_substatuses_of(info.code)) subs.emplace_back(sub->code);
    o["iis_substatuses"] = std::move(subs);
    return o;
}

boost::json::object to_json(const iis_substatus_info& info) {
    boost::json::object o;
    o["code"] = info.code;
    o["protocol"] = "http";
    o["iis"] = true;
    o["status"] = info.status;
    o["substatus"] = info.substatus;
    o["reason"] = info.title;
    o["status_reason"] = reason_phrase(info.status);
    o["meaning"] = info.meaning;
    o["causes"] = info.causes;
    o["provoke"] = iis_provoke_hint(info);
    o["mock"] = mock_hint(info);
    return o;
}

boost::json::object to_json(const ftp_reply_info& info) {
    boost::json::object o;
    o["code"] = std::to_string(info.code);
    o["protocol"] = "ftp";
    o["reason"] = info.text;
    o["meaning"] = info.meaning;
    o["section"] = info.section;
    o["format"] = info.format;
    o["first_digit"] = ftp_first_digit_meaning(info.code);
    o["second_digit"] = ftp_second_digit_meaning(info.code);
    boost::json::array commands;
    for (const auto& use : ftp_commands_returning(info.code)) {
        boost::json::object c;
        c["command"] = use.command;
        c["as"] = to_string(use.role);
        commands.emplace_back(std::move(c));
    }
    o["commands"] = std::move(commands);
    const auto* hint = find_ftp_hint(info.code);
    o["causes"] = hint ? hint->causes : "";
    o["provoke"] = hint ? hint->provoke : "";
    o["mock"] = ftp_mock_hint(info);
    return o;
}

boost::json::object to_json(const win32_resolution& resolved) {
    const win32_status_info& info = *resolved.entry;
    boost::json::object o;
    o["code"] = std::to_string(resolved.value);
    o["protocol"] = "win32";
    o["reason"] = info.name;
    o["name"] = info.name;
    o["meaning"] = info.meaning;
    o["value"] = resolved.value;
    o["hex"] = win32_hex(resolved.value);
    o["signed"] = static_cast<std::int32_t>(resolved.value);
    o["hresult"] = is_hresult(resolved.value);
    if (resolved.wrapped) o["wraps_win32"] = *resolved.wrapped;
    else o["wraps_win32"] = nullptr;
    o["entry_value"] = info.value;
    o["in_iis_log"] = info.in_iis_log;
    boost::json::array related;
    std::string_view items = info.related;
    while (!items.empty()) {
        const auto sep = items.find("; ");
        related.emplace_back(items.substr(0, sep));
        items = sep == std::string_view::npos ? std::string_view{} : items.substr(sep + 2);
    }
    o["related"] = std::move(related);
    return o;
}

}  // namespace replycheck::protocol
