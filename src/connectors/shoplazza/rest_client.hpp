#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/kit/platform_client.hpp"
#include "http/client.hpp"

// Calls to one Shoplazza store's OpenAPI (`Access-Token` header) through kit::PlatformClient,
// with the store's leaky bucket as its budget hook.
namespace sb::connectors::shoplazza {

// The kit's policy with Shoplazza's patience for its bucket: a full bucket refuses for a
// while, and up to 120 429s in a row are waited out (each for its Retry-After) before the
// call fails with rate_limited.
struct RetryPolicy : kit::RetryPolicy {
    RetryPolicy() { max_throttled = 120; }
};

// Where and as whom to call. The token never leaves this struct in a message or a log.
struct StoreEndpoint {
    std::string shop_domain;
    std::string base_url;  // "https://{shop_domain}" or the configured override
    std::string api_version = "2022-01";
    std::string access_token;
};

// The store's leaky bucket as its answers report it: an answer that leaves no room
// (X-RateLimit-Remaining: 0) makes the next call wait a moment for a drop to leak, instead of
// being refused with a 429.
class LeakyBucket final : public kit::Budget {
  public:
    static constexpr std::chrono::milliseconds k_leak_wait{500};

    void acquire() override;
    kit::Verdict settle(const http::ClientResponse* answer) override;

  private:
    std::optional<std::chrono::steady_clock::time_point> empty_since_;
};

using Query = std::vector<std::pair<std::string, std::string>>;

class RestClient {
  public:
    RestClient(http::Client& http, StoreEndpoint endpoint, RetryPolicy retry);

    // `path` is below /openapi/{version}/, e.g. "orders". Throws ApiError: the kit's codes
    // (kit/platform_error.hpp), with "The store is not active" for the 401 that says so and
    // the store's messages in the detail of a 400 or 422.
    boost::json::object get(const std::string& path, const Query& query = {});
    boost::json::object put(const std::string& path, const boost::json::object& body);
    // Not idempotent: sent again only when the store cannot have received it.
    boost::json::object post(const std::string& path, const boost::json::object& body);
    boost::json::object del(const std::string& path);

  private:
    boost::json::object call(const std::string& method, const std::string& path, const Query& query,
                             const std::string& body, bool idempotent);

    StoreEndpoint endpoint_;
    RetryPolicy retry_;
    kit::PlatformClient platform_;
    LeakyBucket bucket_;
};

}  // namespace sb::connectors::shoplazza
