#include "connectors/kit/platform_error.hpp"

namespace sb::connectors::kit {

namespace {

// What the hub's client reads; the detail says the rest.
struct Wording {
    Errc code;
    const char* message;
};
constexpr Wording k_wordings[] = {
    {Errc::platform_timeout, "The store did not answer in time"},
    {Errc::platform_unauthorized, "The store rejected the credentials"},
    {Errc::platform_auth_failed, "The store refused the call (a missing scope or permission)"},
    {Errc::not_found, "Not found at the store"},
    {Errc::validation_failed, "The store refused the request"},
    {Errc::rate_limited, "The store keeps refusing calls (rate limit)"},
};

const char* client_message(Errc code) {
    for (const auto& w : k_wordings) {
        if (w.code == code)
            return w.message;
    }
    return "The store is not answering normally";
}

}  // namespace

Errc error_code(http::ClientErrc failure) {
    switch (failure) {
        case http::ClientErrc::timeout:
            return Errc::platform_timeout;
        case http::ClientErrc::connection_refused:
        case http::ClientErrc::tls:
        case http::ClientErrc::reset:
        case http::ClientErrc::protocol:
        case http::ClientErrc::too_large:
            return Errc::platform_error;
        // A store address on the hub's own network (the connect-time check): refused before
        // any packet, the same way for every port.
        case http::ClientErrc::forbidden_target:
            return Errc::platform_unreachable;
    }
    return Errc::platform_error;
}

Errc error_code(int status) {
    switch (status) {
        case 400:
        case 422:
            return Errc::validation_failed;
        case 401:
            return Errc::platform_unauthorized;
        case 403:
            return Errc::platform_auth_failed;
        case 404:
            return Errc::not_found;
        case 429:
            return Errc::rate_limited;
        default:
            return Errc::platform_error;
    }
}

PlatformError::PlatformError(Errc code, std::string message, std::string detail,
                             int platform_status, std::optional<http::ClientErrc> transport)
    : ApiError(code, std::move(message), std::move(detail)),
      platform_status_(platform_status),
      transport_(transport) {}

PlatformError transport_error(std::string_view platform, std::string_view call,
                              http::ClientErrc failure) {
    const Errc code = error_code(failure);
    if (code == Errc::platform_unreachable) {
        // One text whatever the port would have done: no packet was sent, and none of the
        // words may tell a refused port from an open or a silent one.
        return PlatformError(code, "The store's address is not one the hub may call",
                             std::string(platform) + " " + std::string(call) +
                                 " not sent: the store's address is not one the hub may call",
                             0, failure);
    }
    return PlatformError(
        code,
        code == Errc::platform_timeout ? client_message(code) : "The store could not be reached",
        std::string(platform) + " " + std::string(call) +
            " failed: " + std::string(http::client_errc_name(failure)),
        0, failure);
}

PlatformError status_error(std::string_view platform, std::string_view call, int status,
                           std::string_view said, std::string message) {
    const Errc code = error_code(status);
    std::string detail = std::string(platform) + " answered HTTP " + std::to_string(status) +
                         " for " + std::string(call);
    if (!said.empty())
        detail += ": " + std::string(said.substr(0, 300));
    return PlatformError(code, message.empty() ? client_message(code) : std::move(message),
                         std::move(detail), status);
}

PlatformError throttled_error(std::string_view platform, std::string_view call, int status,
                              std::string_view why) {
    return PlatformError(Errc::rate_limited, client_message(Errc::rate_limited),
                         std::string(platform) + " throttled " + std::string(call) + ": " +
                             std::string(why) + " (HTTP " + std::to_string(status) + ")",
                         status);
}

PlatformError unusable_answer(std::string_view platform, std::string_view call, int status,
                              std::string_view why) {
    return PlatformError(Errc::platform_error, "The store answered something unusable",
                         std::string(platform) + " answered HTTP " + std::to_string(status) +
                             " for " + std::string(call) +
                             (why.empty() ? std::string() : ": " + std::string(why)),
                         status);
}

}  // namespace sb::connectors::kit
