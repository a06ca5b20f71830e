#pragma once
// What a [mock] table (or the `replycheck mock` flags) configures: an HTTP mock, an FTP mock, or both.

#include <optional>

#include "mockserver/ftp/ftp_mock_config.hpp"
#include "mockserver/http/http_mock_config.hpp"

namespace replycheck::mock {

/// The mocks of one mock set; an empty optional means "not configured".
struct mock_set_config {
    std::optional<http_mock_config> http;   ///< from [mock.http]
    std::optional<ftp_mock_config> ftp;     ///< from [mock.ftp]
};

}  // namespace replycheck::mock
