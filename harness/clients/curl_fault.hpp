#pragma once
// Internal: a libcurl result as a transport fault, shared by the HTTP and FTP libcurl clients.

#include <curl/curl.h>

#include "protocol/transport_error.hpp"

namespace replycheck::harness::detail {

/// The fault of `result` (not CURLE_OK) on `curl`, in libcurl's words (`error_buffer` when
/// libcurl filled it). A timeout's words start with "timeout: ".
protocol::transport_fault curl_fault(CURL* curl, CURLcode result, const char* error_buffer);

}  // namespace replycheck::harness::detail
