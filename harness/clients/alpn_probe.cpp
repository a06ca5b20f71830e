#include "harness/clients/alpn_probe.hpp"

#include "harness/clients/socket_stream.hpp"

namespace replycheck::harness {

alpn_result probe_alpn(const std::string& host, std::uint16_t port, const tls_options& tls,
                       std::chrono::milliseconds timeout) {
    detail::asio::io_context io;
    detail::socket_stream stream(io);
    const auto deadline = detail::steady::now() + timeout;
    alpn_result result;
    if (auto fault = stream.connect(host, port, deadline)) {
        result.fault = std::move(fault);
        return result;
    }
    auto offer = tls;
    offer.alpn = {"h2", "http/1.1"};
    if (auto fault = stream.start_tls(offer, host, deadline)) {
        result.fault = std::move(fault);
        return result;
    }
    result.protocol = stream.alpn_selected();
    stream.close();
    return result;
}

}  // namespace replycheck::harness
