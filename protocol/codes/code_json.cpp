// JSON forms of registry entries.
#include "protocol/codes/code_json.hpp"

#include <string>

#include <boost/json/array.hpp>

#include "protocol/codes/code_lookup.hpp"

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
    return o;
}

}  // namespace replycheck::protocol
