#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "http/client.hpp"

// Calls to one Shoplazza store's OpenAPI (`Access-Token` header), within its leaky bucket:
// a 429 waits for its Retry-After, 5xx and dropped connections are retried with backoff, and
// a nearly empty bucket (X-RateLimit-Remaining) slows the caller down before it is refused.
namespace sb::connectors::shoplazza {

struct RetryPolicy {
    int max_attempts = 5;  // transport failures and 5xx
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
    int max_throttled = 120;  // 429 answers in a row before giving up (rate_limited)
};

// Where and as whom to call. The token never leaves this struct in a message or a log.
struct StoreEndpoint {
    std::string shop_domain;
    std::string base_url;  // "https://{shop_domain}" or the configured override
    std::string api_version = "2022-01";
    std::string access_token;
};

using Query = std::vector<std::pair<std::string, std::string>>;

class RestClient {
  public:
    RestClient(http::Client& http, StoreEndpoint endpoint, RetryPolicy retry)
        : http_(http), endpoint_(std::move(endpoint)), retry_(retry) {}

    // `path` is below /openapi/{version}/, e.g. "orders". Throws ApiError: platform_auth_failed
    // (401/403, "store is not active"), not_found, validation_failed (400, with the store's
    // messages), rate_limited, platform_timeout, platform_error.
    boost::json::object get(const std::string& path, const Query& query = {});
    boost::json::object put(const std::string& path, const boost::json::object& body);
    // Not retried after a transport failure: the store may have acted on it.
    boost::json::object post(const std::string& path, const boost::json::object& body);

  private:
    boost::json::object call(const std::string& method, const std::string& path, const Query& query,
                             const std::string& body, bool retry_transport);

    http::Client& http_;
    StoreEndpoint endpoint_;
    RetryPolicy retry_;
};

}  // namespace sb::connectors::shoplazza
