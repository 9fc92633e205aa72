#include "connectors/shopify/oauth.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/common/store_host.hpp"
#include "connectors/kit/query_signature.hpp"
#include "connectors/kit/token_request.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::shopify::oauth {

namespace json = boost::json;

namespace {

std::string enc(const std::string& s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

Tokens post_token(http::Client& http, const std::string& base_url, const json::object& body) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = base_url + "/admin/oauth/access_token";
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = json::serialize(body);
    // The merchant waits in a browser meanwhile: a short policy.
    kit::RetryPolicy retry;
    retry.max_attempts = 3;
    const auto o = kit::token_request(kit::PlatformClient(http, "Shopify"), std::move(req),
                                      "/admin/oauth/access_token", retry);
    Tokens t;
    t.access_token = *jsonu::str(o, "access_token");
    t.scope = jsonu::str(o, "scope").value_or("");
    t.refresh_token = jsonu::str(o, "refresh_token");
    const std::int64_t now = now_ms();
    if (auto s = jsonu::loose_int(o, "expires_in"))
        t.expires_at = now + *s * 1000;
    if (auto s = jsonu::loose_int(o, "refresh_token_expires_in"))
        t.refresh_expires_at = now + *s * 1000;
    return t;
}

}  // namespace

bool valid_shop_domain(std::string_view shop) {
    return valid_store_host(shop, ".myshopify.com");
}

std::string authorize_url(const std::string& base_url, const std::string& api_key,
                          const std::vector<std::string>& scopes, const std::string& redirect_uri,
                          const std::string& state) {
    std::string scope;
    for (const auto& s : scopes)
        scope += (scope.empty() ? "" : ",") + s;
    return base_url + "/admin/oauth/authorize?client_id=" + enc(api_key) + "&scope=" + enc(scope) +
           "&redirect_uri=" + enc(redirect_uri) + "&state=" + enc(state);
}

std::string_view callback_error_name(CallbackError e) {
    switch (e) {
        case CallbackError::missing_parameter:
            return "missing_parameter";
        case CallbackError::bad_hmac:
            return "bad_hmac";
        case CallbackError::bad_shop:
            return "bad_shop";
        case CallbackError::stale_timestamp:
            return "stale_timestamp";
    }
    return "bad_hmac";
}

CallbackResult verify_callback(const std::vector<std::pair<std::string, std::string>>& query,
                               std::string_view api_secret, std::int64_t now_s,
                               std::chrono::seconds max_skew) {
    Callback cb;
    bool has_hmac = false;
    for (const auto& [k, v] : query) {
        if (k == "hmac")
            has_hmac = true;
        else if (k == "code")
            cb.code = v;
        else if (k == "shop")
            cb.shop = v;
        else if (k == "state")
            cb.state = v;
        else if (k == "host")
            cb.host = v;
        else if (k == "timestamp") {
            try {
                cb.timestamp = std::stoll(v);
            } catch (const std::exception&) {
                cb.timestamp = 0;
            }
        }
    }
    if (!has_hmac || cb.code.empty() || cb.shop.empty() || cb.timestamp == 0)
        return {std::nullopt, CallbackError::missing_parameter};
    if (!kit::verify_query_hmac(query, api_secret))
        return {std::nullopt, CallbackError::bad_hmac};
    if (!valid_shop_domain(cb.shop))
        return {std::nullopt, CallbackError::bad_shop};
    if (std::llabs(now_s - cb.timestamp) > max_skew.count())
        return {std::nullopt, CallbackError::stale_timestamp};
    return {cb, std::nullopt};
}

Tokens exchange_code(http::Client& http, const std::string& base_url, const std::string& api_key,
                     const std::string& api_secret, const std::string& code, bool expiring) {
    json::object body{{"client_id", api_key}, {"client_secret", api_secret}, {"code", code}};
    if (expiring)
        body["expiring"] = "1";
    return post_token(http, base_url, body);
}

Tokens refresh(http::Client& http, const std::string& base_url, const std::string& api_key,
               const std::string& api_secret, const std::string& refresh_token) {
    return post_token(http, base_url,
                      {{"client_id", api_key},
                       {"client_secret", api_secret},
                       {"grant_type", "refresh_token"},
                       {"refresh_token", refresh_token}});
}

bool needs_refresh(const std::optional<std::int64_t>& expires_at, std::int64_t now,
                   std::chrono::seconds margin) {
    return expires_at && *expires_at - now <= margin.count() * 1000;
}

}  // namespace sb::connectors::shopify::oauth
