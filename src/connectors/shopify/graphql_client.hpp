#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "connectors/common/deprecation_notices.hpp"
#include "connectors/kit/platform_client.hpp"
#include "connectors/shopify/budget.hpp"
#include "http/client.hpp"

// The Admin GraphQL API of one shop: POST /admin/api/{version}/graphql.json through
// kit::PlatformClient, with the shop's cost budget as its budget hook. Every failure leaves as
// an ApiError with a registry code.
namespace sb::connectors::shopify {

// The Admin API version the hub is written and validated against (docs/shopify.md); an
// integration may pin another with its `api_version` setting.
inline constexpr const char* k_default_api_version = "2026-10";

// The kit's defaults are Shopify's: 5 attempts, backoff from 500 ms to 30 s, 20 THROTTLED or
// 429 answers in a row before rate_limited.
using RetryPolicy = kit::RetryPolicy;

// Where and as whom to call. The token never leaves this struct in a message or a log.
struct ShopEndpoint {
    std::string shop_domain;
    std::string base_url;  // "https://{shop_domain}" or the configured override
    std::string api_version = k_default_api_version;
    std::string access_token;
};

struct CallOptions {
    bool idempotent = true;     // queries; a mutation is retried only if it says so
    double estimated_cost = 0;  // used until the platform has priced this query once
};

struct GraphqlResult {
    boost::json::object data;
    double requested_cost = 0;
    double actual_cost = 0;
};

class GraphqlClient {
  public:
    // `notices` (may be null) hears of each response that flags a deprecated API use.
    GraphqlClient(http::Client& http, std::shared_ptr<Budget> budget, ShopEndpoint endpoint,
                  RetryPolicy retry = {}, DeprecationNotices* notices = nullptr);

    // Throws ApiError: the kit's codes for transport failures and HTTP statuses
    // (kit/platform_error.hpp), platform_auth_failed for ACCESS_DENIED, rate_limited for
    // THROTTLED past the policy, platform_error for other GraphQL errors and unusable answers.
    GraphqlResult execute(const std::string& query, const boost::json::object& variables = {},
                          const CallOptions& options = {});

    const ShopEndpoint& endpoint() const { return endpoint_; }
    Budget& budget() { return *budget_; }
    http::Client& http() { return platform_.http(); }
    const RetryPolicy& retry() const { return retry_; }
    // The shop's Admin API for calls besides GraphQL (the REST reads of shipping.hpp, bulk
    // downloads): its answers are checked for deprecation notices like GraphQL's.
    const kit::PlatformClient& platform() const { return platform_; }

  private:
    std::shared_ptr<Budget> budget_;
    ShopEndpoint endpoint_;
    RetryPolicy retry_;
    kit::PlatformClient platform_;
};

// A pessimistic cost for a query Shopify has not priced for us yet: every selection set
// counts 1 per instance, instances multiplied by the `first:`/`last:` of the connections
// around it; capped at the single-query limit (1000).
double estimate_cost(std::string_view query);

// The numeric tail of a GID: "gid://shopify/Order/123" → "123"; anything else unchanged.
std::string legacy_id(std::string_view gid);
// The GID of a legacy id or GID given by a caller: ("Order", "123") → "gid://shopify/Order/123".
std::string to_gid(std::string_view type, std::string_view id_or_gid);

}  // namespace sb::connectors::shopify
