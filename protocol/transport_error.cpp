#include "protocol/transport_error.hpp"

#include <iterator>

namespace replycheck::protocol {

namespace {

class transport_error_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "replycheck.transport"; }

    std::string message(int value) const override {
        switch (static_cast<transport_errc>(value)) {
            case transport_errc::timeout: return "timeout";
            case transport_errc::resolve: return "host name not resolved";
            case transport_errc::connection_refused: return "connection refused";
            case transport_errc::connect_failed: return "cannot connect";
            case transport_errc::tls_handshake: return "TLS handshake failed";
            case transport_errc::not_connected: return "not connected";
            case transport_errc::send_failed: return "send failed";
            case transport_errc::connection_reset: return "connection reset by peer";
            case transport_errc::receive_failed: return "receive failed";
            case transport_errc::closed_early: return "connection closed before the reply ended";
            case transport_errc::reply_too_large: return "reply too large";
            case transport_errc::protocol_violation: return "not a reply of the protocol";
            case transport_errc::data_connection: return "data connection failed";
            case transport_errc::negative_reply: return "transfer refused by a negative reply";
            case transport_errc::redirect_refused: return "redirect not followed";
            case transport_errc::client_failure: return "client failure";
        }
        return "unknown transport error";
    }
};

}  // namespace

const std::error_category& transport_category() noexcept {
    static const transport_error_category category;
    return category;
}

std::error_code make_error_code(transport_errc code) noexcept {
    return {static_cast<int>(code), transport_category()};
}

namespace {

constexpr std::string_view errc_names[] = {
    "", "timeout", "resolve", "connection_refused", "connect_failed", "tls_handshake", "not_connected",
    "send_failed", "connection_reset", "receive_failed", "closed_early", "reply_too_large",
    "protocol_violation", "data_connection", "negative_reply", "redirect_refused", "client_failure"};
static_assert(std::size(errc_names) == static_cast<std::size_t>(transport_errc::client_failure) + 1);

}  // namespace

std::string_view transport_errc_name(transport_errc code) noexcept {
    const auto index = static_cast<std::size_t>(code);
    return index < std::size(errc_names) ? errc_names[index] : std::string_view("unknown");
}

std::optional<transport_errc> transport_errc_from_name(std::string_view name) noexcept {
    for (std::size_t i = 1; i < std::size(errc_names); ++i)
        if (errc_names[i] == name) return static_cast<transport_errc>(i);
    return std::nullopt;
}

std::vector<std::string_view> transport_errc_names() {
    return {std::begin(errc_names) + 1, std::end(errc_names)};
}

}  // namespace replycheck::protocol
