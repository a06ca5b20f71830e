#pragma once
// TLS settings shared by every client (libcurl and Asio/OpenSSL alike).

#include <string>
#include <vector>

namespace replycheck::harness {

/// How a client sets up TLS.
struct tls_options {
    bool insecure = false;      ///< skip certificate and host name verification
    std::string ca_file;        ///< PEM bundle to trust instead of the system store
    std::string client_cert;    ///< PEM client certificate (mutual TLS)
    std::string client_key;     ///< PEM private key of the client certificate
    std::string server_name;    ///< SNI and verification name (raw TCP and FTP clients; libcurl uses the URL host); empty: the host connected to
    std::vector<std::string> alpn;  ///< protocols offered by ALPN, preferred first (RFC 7301; Asio clients); empty: none
};

}  // namespace replycheck::harness
