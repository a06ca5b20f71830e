#pragma once
// Error replies of the mock: a short HTML page, or in the IIS flavour the detailed error page
// IIS sends, where the substatus shows ("HTTP Error 404.3 - Not Found"), never on the status line.

#include <string>
#include <string_view>

#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/http/http_reply.hpp"

namespace replycheck::mock::detail {

/// `text` with the characters that are markup in HTML escaped.
std::string html_escape(std::string_view text);

/// The page for `status`: `target` is the request-target as sent (shown, escaped, by the IIS
/// page), `extra` a detail line ("" for none).
std::string error_page(http_flavour flavour, int status, int substatus, std::string_view target,
                       std::string_view extra = {});

/// Builds an error reply into `r`; `extra_fields` ("Name: value\r\n"...) come from the
/// configuration or the mock itself, never from the request.
void error_reply(reply& r, const http_mock_config& config, std::string_view target, int status,
                 int substatus = 0, std::string_view extra_fields = {});

/// A 403 refused by a TLS policy: IIS flavour, the detailed page of 403.`substatus` (403.4 SSL
/// required, 403.7/403.16/403.17 client certificate); standard flavour, a short page saying
/// `detail`. The status line is 403 either way.
void forbidden_reply(reply& r, const http_mock_config& config, std::string_view target, int substatus,
                     std::string_view detail);

}  // namespace replycheck::mock::detail
