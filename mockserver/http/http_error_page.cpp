#include "mockserver/http/http_error_page.hpp"

#include "protocol/codes/http_codes.hpp"
#include "protocol/codes/iis_codes.hpp"
#include "protocol/html_escape.hpp"

namespace replycheck::mock::detail {

std::string error_page(http_flavour flavour, int status, int substatus, std::string_view target, std::string_view extra) {
    const auto reason = reason_for(status);
    if (flavour == http_flavour::iis) {
        // IIS detailed error page: the substatus appears only here, never on the status line.
        const auto* sub = protocol::find_iis_substatus(status, substatus < 0 ? 0 : substatus);
        std::string code = std::to_string(status) + "." + std::to_string(substatus < 0 ? 0 : substatus);
        std::string title = "HTTP Error " + code + " - " + std::string(reason);
        std::string out;
        out.reserve(1024);
        out += "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n";
        out += "<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n";
        out += "<title>IIS 10.0 Detailed Error - " + code + " - " + protocol::html_escaped(reason) + "</title>\r\n</head>\r\n<body>\r\n";
        out += "<div id=\"header\"><h1>Server Error in Application \"Default Web Site\"</h1></div>\r\n<div id=\"content\">\r\n";
        out += "<div class=\"content-container\">\r\n<h3>" + protocol::html_escaped(title) + "</h3>\r\n<h4>";
        if (sub) out += protocol::html_escaped(sub->title.empty() ? sub->meaning : sub->title);
        else if (const auto* info = protocol::find_http_status(status)) out += protocol::html_escaped(info->meaning);
        out += "</h4>\r\n</div>\r\n";
        if (sub && !sub->causes.empty()) {
            out += "<div class=\"content-container\"><fieldset><h4>Most likely causes:</h4><ul>";
            std::string_view causes = sub->causes;
            while (!causes.empty()) {
                auto semi = causes.find("; ");
                out += "<li>" + protocol::html_escaped(causes.substr(0, semi)) + "</li>";
                causes = semi == std::string_view::npos ? std::string_view{} : causes.substr(semi + 2);
            }
            out += "</ul></fieldset></div>\r\n";
        }
        out += "<div class=\"content-container\"><fieldset><h4>Detailed Error Information:</h4><table>";
        out += "<tr><th>Module</th><td>IIS Web Core</td></tr><tr><th>Requested URL</th><td>" + protocol::html_escaped(target) + "</td></tr>";
        out += "<tr><th>Error Code</th><td>" + code + "</td></tr>";
        if (!extra.empty()) out += "<tr><th>Details</th><td>" + protocol::html_escaped(extra) + "</td></tr>";
        out += "</table></fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n";
        return out;
    }
    std::string out = "<!DOCTYPE html>\n<html><head><title>" + std::to_string(status) + " " + protocol::html_escaped(reason) +
                      "</title></head>\n<body><h1>" + std::to_string(status) + " " + protocol::html_escaped(reason) + "</h1>\n";
    if (!extra.empty()) out += "<p>" + protocol::html_escaped(extra) + "</p>\n";
    out += "</body></html>\n";
    return out;
}

void error_reply(reply& r, const http_mock_config& config, std::string_view target, int status, int substatus,
                 std::string_view extra_fields) {
    r.begin(status, {}, config.server_header);
    r.fields(extra_fields);
    // RFC 9110 §15.2, §15.3.5, §15.4.5: 1xx, 204 and 304 carry no content.
    if (status < 200 || status == 204 || status == 304) {
        r.end(std::nullopt);
        return;
    }
    r.owned = error_page(config.flavour, status, substatus, target);
    r.header("Content-Type", "text/html");
    r.end_with_owned();
}

void forbidden_reply(reply& r, const http_mock_config& config, std::string_view target, int substatus,
                     std::string_view detail) {
    r.begin(403, {}, config.server_header);
    const bool iis = config.flavour == http_flavour::iis;
    r.owned = error_page(config.flavour, 403, iis ? substatus : 0, target, iis ? std::string_view{} : detail);
    r.header("Content-Type", "text/html");
    r.end_with_owned();
}

}  // namespace replycheck::mock::detail
