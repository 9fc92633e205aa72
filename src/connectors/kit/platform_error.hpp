#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/client.hpp"

// The one mapping of a platform call's failure to the registry's codes (core/error.hpp), for
// every connector:
//
//   failure                                        code                  hub answers
//   timeout: connect, TLS handshake, a write or a  platform_timeout      504
//     read took too long
//   connection_refused (refused, DNS name unknown, platform_error        502
//     network unreachable), tls, reset, protocol,
//     too_large
//   forbidden_target (the store's address is on    platform_unreachable  502
//     the hub's own network, refused before any
//     packet; one text for every port)
//   HTTP 401                                       platform_unauthorized 409
//   HTTP 403                                       platform_auth_failed  409
//   HTTP 404                                       not_found             404
//   HTTP 400, 422                                  validation_failed     400
//   HTTP 429, retries spent                        rate_limited          429
//   HTTP 5xx, retries spent; any other non-2xx     platform_error        502
//
// Refused, DNS and TLS failures are platform_error rather than platform_timeout: 504 says
// only that time ran out, the way a gateway (nginx, a cloud load balancer) answers 502 when
// its upstream refuses the connection, has no address or fails the handshake, and 504 when
// it waited in vain. Waiting helps a timeout; a TLS failure needs someone to act. The sync
// engine retries both later. A forbidden target is its own code: no retry reaches it, only
// another store address (or the operator's --allow-private-targets) does.
//
// 401 and 403 are apart: a 401 says the store does not know the credentials (a placeholder,
// a revoked or mistyped token; Shopify's "[API] Invalid API key or access token"), which only
// connecting the store again mends; a 403 says it knows them and refuses this call (a missing
// scope or permission). Neither is sent again, by the client or by the sync engine.
namespace sb::connectors::kit {

Errc error_code(http::ClientErrc failure);
Errc error_code(int status);  // a non-2xx status

// A failed platform call: a registry code, a message for the hub's client, and a short detail
// ("Shopify answered HTTP 503 for ShopCurrency") that names the platform, the call and its
// status or transport failure, and never a token, a query string or a body beyond the
// platform's own error words.
class PlatformError : public ApiError {
  public:
    PlatformError(Errc code, std::string message, std::string detail, int platform_status,
                  std::optional<http::ClientErrc> transport = std::nullopt);

    int platform_status() const noexcept { return platform_status_; }  // 0: no answer came
    std::optional<http::ClientErrc> transport() const noexcept { return transport_; }

  private:
    int platform_status_;
    std::optional<http::ClientErrc> transport_;
};

// The error of a call that got no answer. `platform` is "Shopify", "Shoplazza", …; `call`
// names the request the way PlatformClient's Call::label does.
PlatformError transport_error(std::string_view platform, std::string_view call,
                              http::ClientErrc failure);
// The error of a non-2xx answer. `said` is the platform's own error text when the caller
// extracted it; `message` replaces the code's usual client message when the platform's
// words tell the client more ("The store is not active").
PlatformError status_error(std::string_view platform, std::string_view call, int status,
                           std::string_view said = {}, std::string message = {});
// The error of a call the platform kept throttling (`status` 429, or a 2xx the budget read
// as a throttle): rate_limited.
// `why`: "21 times in a row", "Retry-After past the limit".
PlatformError throttled_error(std::string_view platform, std::string_view call, int status,
                              std::string_view why);
// A 2xx answer the caller cannot use (not JSON, a field missing): platform_error.
PlatformError unusable_answer(std::string_view platform, std::string_view call, int status,
                              std::string_view why = {});

}  // namespace sb::connectors::kit
