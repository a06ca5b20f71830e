#pragma once
// What a [mock] table (or the `replycheck mock` flags) configures: an HTTP mock, an FTP mock, or both,
// and the TLS settings they share.

#include <optional>

#include "mockserver/admin/admin_server.hpp"
#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/http/http_mock_config.hpp"
#include "mockserver/tls/tls_settings.hpp"

namespace replycheck::mock {

/// The mocks of one mock set; an empty optional means "not configured".
struct mock_set_config {
    std::optional<http_mock_config> http;   ///< from [mock.http]
    std::optional<ftp_mock_config> ftp;     ///< from [mock.ftp]
    std::optional<tls::tls_settings> tls;   ///< from [mock.tls]; defaults (a generated certificate) when absent
    std::optional<admin_options> admin;     ///< from [mock.admin]; no admin API when absent
};

}  // namespace replycheck::mock
