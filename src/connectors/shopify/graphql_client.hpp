#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "connectors/common/deprecation_notices.hpp"
#include "connectors/shopify/budget.hpp"
#include "http/client.hpp"

// The Admin GraphQL API of one shop: POST /admin/api/{version}/graphql.json through the shop's
// budget, with bounded retries. Every failure leaves as an ApiError with a registry code.
namespace sb::connectors::shopify {

// The Admin API version the hub is written and validated against (docs/shopify.md); an
// integration may pin another with its `api_version` setting.
inline constexpr const char* k_default_api_version = "2026-10";

struct RetryPolicy {
    int max_attempts = 5;  // transport failures, 429 and 5xx
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
    int max_throttled = 20;  // THROTTLED answers in a row before giving up (rate_limited)
};

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

    // Throws ApiError: platform_auth_failed (401/403, ACCESS_DENIED), rate_limited
    // (THROTTLED past the policy), platform_timeout (transport failures past the policy),
    // platform_error (5xx past the policy, other GraphQL errors, unusable answers).
    GraphqlResult execute(const std::string& query, const boost::json::object& variables = {},
                          const CallOptions& options = {});

    const ShopEndpoint& endpoint() const { return endpoint_; }
    Budget& budget() { return *budget_; }
    http::Client& http() { return http_; }
    const RetryPolicy& retry() const { return retry_; }
    // Passes X-Shopify-API-Deprecated-Reason of any response from the shop's Admin API (the
    // REST calls of shipping.hpp too) on; `request` as DeprecationNotices::note takes it.
    void note_deprecation(const http::ClientResponse& response, std::string_view request);

  private:
    http::Client& http_;
    std::shared_ptr<Budget> budget_;
    ShopEndpoint endpoint_;
    RetryPolicy retry_;
    DeprecationNotices* notices_;
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
