// JSON forms of registry entries.
#include "protocol/codes/code_json.hpp"

#include <string>

#include <boost/json/array.hpp>

#include "protocol/codes/code_lookup.hpp"

namespace replycheck::protocol {
namespace {

boost::json::string_view sv(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace

boost::json::object to_json(const http_status_info& info) {
    boost::json::object o;
    o["code"] = std::to_string(info.code);
    o["protocol"] = "http";
    o["reason"] = sv(info.reason);
    o["class"] = sv(http_status_class(info.code));
    o["meaning"] = sv(info.meaning);
    o["section"] = sv(info.section);
    o["body_allowed"] = info.body_allowed;
    o["cacheable_by_default"] = info.cacheable_by_default;
    o["must_carry"] = sv(info.must_carry);
    o["should_carry"] = sv(info.should_carry);
    o["provoke"] = sv(info.provoke);
    boost::json::array subs;
    for (const auto* sub : iis_substatuses_of(info.code)) subs.emplace_back(sv(sub->code));
    o["iis_substatuses"] = std::move(subs);
    return o;
}

boost::json::object to_json(const iis_substatus_info& info) {
    boost::json::object o;
    o["code"] = sv(info.code);
    o["protocol"] = "http";
    o["iis"] = true;
    o["status"] = info.status;
    o["substatus"] = info.substatus;
    o["reason"] = sv(info.title);
    o["status_reason"] = sv(reason_phrase(info.status));
    o["meaning"] = sv(info.meaning);
    o["causes"] = sv(info.causes);
    return o;
}

boost::json::object to_json(const ftp_reply_info& info) {
    boost::json::object o;
    o["code"] = std::to_string(info.code);
    o["protocol"] = "ftp";
    o["reason"] = sv(info.text);
    o["meaning"] = sv(info.meaning);
    o["section"] = sv(info.section);
    o["format"] = sv(info.format);
    o["first_digit"] = sv(ftp_first_digit_meaning(info.code));
    o["second_digit"] = sv(ftp_second_digit_meaning(info.code));
    boost::json::array commands;
    for (const auto& use : ftp_commands_returning(info.code)) {
        boost::json::object c;
        c["command"] = sv(use.command);
        c["as"] = sv(to_string(use.role));
        commands.emplace_back(std::move(c));
    }
    o["commands"] = std::move(commands);
    return o;
}

}  // namespace replycheck::protocol
