#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/client.hpp"

// Shopify's authorization code grant: the authorize URL, the callback's checks, and the
// token endpoint (code exchange, expiring offline tokens and their refresh).
namespace sb::connectors::shopify::oauth {

// ^[a-z0-9][a-z0-9-]*\.myshopify\.com$ — the only hosts a callback may name.
bool valid_shop_domain(std::string_view shop);

// `base_url` is https://{shop} in production, or the configured override.
std::string authorize_url(const std::string& base_url, const std::string& api_key,
                          const std::vector<std::string>& scopes, const std::string& redirect_uri,
                          const std::string& state);

enum class CallbackError { missing_parameter, bad_hmac, bad_shop, stale_timestamp };
std::string_view callback_error_name(CallbackError e);

struct Callback {
    std::string code;
    std::string shop;
    std::string state;  // the caller checks it: single use, not expired, bound to the session
    std::string host;
    std::int64_t timestamp = 0;  // epoch s
};

struct CallbackResult {
    std::optional<Callback> callback;
    std::optional<CallbackError> error;
};

// Checks the callback query (decoded pairs, in any order): the hex HMAC-SHA256 over the other
// parameters sorted and joined as k=v&…, compared in constant time; the shop host name; the
// timestamp within `max_skew` of `now_s`.
CallbackResult verify_callback(const std::vector<std::pair<std::string, std::string>>& query,
                               std::string_view api_secret, std::int64_t now_s,
                               std::chrono::seconds max_skew = std::chrono::seconds(600));

struct Tokens {
    std::string access_token;
    std::string scope;
    std::optional<std::string> refresh_token;
    std::optional<std::int64_t> expires_at;          // epoch ms; none for non-expiring tokens
    std::optional<std::int64_t> refresh_expires_at;  // epoch ms
};

// POST /admin/oauth/access_token. Throws ApiError: invalid_grant when the code or refresh
// token is refused (400, 401, 403), the kit's codes for other failures. Sent again only when
// the token endpoint cannot have received it: a code is single use.
Tokens exchange_code(http::Client& http, const std::string& base_url, const std::string& api_key,
                     const std::string& api_secret, const std::string& code, bool expiring);
Tokens refresh(http::Client& http, const std::string& base_url, const std::string& api_key,
               const std::string& api_secret, const std::string& refresh_token);

// Whether a token expiring at `expires_at` should be refreshed now (within `margin`).
bool needs_refresh(const std::optional<std::int64_t>& expires_at, std::int64_t now_ms,
                   std::chrono::seconds margin = std::chrono::seconds(300));

}  // namespace sb::connectors::shopify::oauth
