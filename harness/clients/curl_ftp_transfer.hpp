#pragma once
// ftp:// and ftps:// transfers through libcurl (download, upload, listing), with the
// transcript turned into per-command exchanges. One object keeps one easy handle, so
// consecutive transfers reuse the control connection.

#include "harness/clients/tls_options.hpp"
#include "protocol/exchange.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace replycheck::harness {

/// What to transfer.
enum class ftp_operation {
    download,   ///< RETR the URL's file
    upload,     ///< STOR `upload_data` to the URL's file
    list,       ///< LIST the URL's directory (URL ends with '/')
    name_list,  ///< NLST the URL's directory
};

/// One libcurl FTP transfer.
struct curl_ftp_request {
    std::string url;                       ///< ftp://host:port/path or ftps://… (implicit TLS)
    ftp_operation operation = ftp_operation::download;  ///< what to do
    std::string upload_data;               ///< content for upload
    std::string user;                      ///< "" = anonymous (libcurl's default)
    std::string password;                  ///< never recorded
    bool require_tls = false;              ///< explicit TLS on ftp:// (AUTH TLS; fails without it)
    tls_options tls;                       ///< verification settings
    bool use_epsv = true;                  ///< try EPSV before PASV
    bool active = false;                   ///< active mode (PORT/EPRT) instead of passive
    std::chrono::milliseconds timeout{5000};          ///< whole transfer
    std::chrono::milliseconds connect_timeout{3000};  ///< connect
    std::size_t data_cap = 16 * 1024 * 1024;          ///< data bytes kept
};

/// The outcome of one transfer.
struct curl_ftp_result {
    int code = 0;                          ///< last FTP reply code (CURLINFO_RESPONSE_CODE)
    std::vector<protocol::ftp_exchange> exchanges;  ///< greeting and each command with its replies, from the transcript
    std::string data;                      ///< downloaded / listed bytes (capped)
    std::string transcript;                ///< control-connection text both ways ("> CMD", "< reply")
    std::string transport_error;           ///< what ended the transfer early, in words; empty on success
    std::error_code transport_code;        ///< the same fault as a transport_errc; verdicts test this
    std::string remote_address;            ///< "127.0.0.1:2121"
    std::chrono::microseconds duration{0};
};

/// libcurl FTP transfers over one reusable easy handle.
class curl_ftp_transfer {
public:
    curl_ftp_transfer();
    ~curl_ftp_transfer();
    curl_ftp_transfer(const curl_ftp_transfer&) = delete;
    curl_ftp_transfer& operator=(const curl_ftp_transfer&) = delete;

    /// Performs one transfer; never throws on network or protocol faults.
    curl_ftp_result perform(const curl_ftp_request& request);

private:
    void* handle_ = nullptr;   // CURL*
    int last_mode_ = -1;       // data-connection settings of the previous transfer (a reused
                               // connection keeps them, so a change forces a new connection)
    bool fresh_connection_ = false;  // the previous transfer left its control connection unusable
};

}  // namespace replycheck::harness
