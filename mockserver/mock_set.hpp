#pragma once
// The mock set: the HTTP and FTP mocks of one [mock] table (or of `replycheck mock` flags),
// started and stopped together. Used by `replycheck mock` and by the runner for files with [mock].

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "mockserver/journal_file.hpp"
#include "mockserver/mock_set_config.hpp"

#include "mockserver/admin/admin_server.hpp"
#include "mockserver/ftp/ftp_mock.hpp"
#include "mockserver/http/http_mock.hpp"

namespace replycheck::mock {

namespace tls { class tls_server; }

/// Reads a [mock] table holding [mock.http] and/or [mock.ftp]; throws protocol::config_error.
/// What it returns is passed to mock_set's constructor.
struct mock_set_config;
mock_set_config load_mock_set_config(const toml::table& mock_table,
                                     const std::filesystem::path& base_dir,
                                     const std::string& file);

class mock_set {
public:
    /// Builds the mocks and, when one needs TLS, the set's TLS server (loading or generating the
    /// certificate, writing cert_out): throws protocol::config_error for unusable certificate
    /// or key files, std::runtime_error when OpenSSL fails.
    explicit mock_set(mock_set_config config);
    ~mock_set();

    /// Starts every configured mock, then the admin API when configured; throws
    /// std::system_error when one cannot bind.
    void start();
    void stop();

    http_mock* http() noexcept;   ///< nullptr when not configured
    ftp_mock* ftp() noexcept;     ///< nullptr when not configured
    /// The TLS server shared by the mocks; nullptr when none needs TLS.
    tls::tls_server* tls() noexcept;
    /// The admin API (after start()); nullptr when not configured.
    admin_server* admin() noexcept;

    /// Writes both journals as one JSON document (temporary file, then rename); credentials
    /// masked unless `with_credentials`.
    void write_journal(const std::filesystem::path& path, bool with_credentials = false) const;
    /// Streams both journals to `path` while the mocks serve: JSON Lines, one
    /// {"mock":"http"|"ftp","seq":N,...the entry's to_json fields} per entry, an FTP entry once its
    /// final reply code is known; credentials masked unless `with_credentials` (then the file is
    /// 0600). Call before start(); throws std::system_error when the file cannot be opened.
    void stream_journal(const std::filesystem::path& path, journal_file_options options, bool with_credentials = false);
    /// Gives `say` one line per HTTP request and FTP command (the journals' summary(), credentials
    /// masked), from the mocks' threads; call before start().
    void narrate(std::function<void(const std::string& line)> say);

private:
    void start_admin();
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace replycheck::mock
