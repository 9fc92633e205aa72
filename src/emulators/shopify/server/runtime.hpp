#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "emulators/shopify/bulk/bulk_operations.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/emulator.hpp"
#include "emulators/shopify/graphql/schema.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/server/throttle.hpp"
#include "emulators/shopify/server/tokens.hpp"
#include "emulators/shopify/webhooks/webhooks.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator.
namespace sb::emulators::shopify {

struct Counters {
    std::atomic<std::int64_t> requests{0};
    std::atomic<std::int64_t> graphql{0};
    std::atomic<std::int64_t> rest{0};
    std::atomic<std::int64_t> graphql_throttled{0};
    std::atomic<std::int64_t> rest_throttled{0};
    std::atomic<std::int64_t> injected_failures{0};
    std::atomic<std::int64_t> injected_resets{0};
};

struct Faults {
    std::mutex mutex;
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;  // Admin API and bulk downloads: reset the connection, no answer
    std::int64_t throttle_until_ms = 0;  // throttle storm
};

struct Runtime {
    EmulatorOptions options;
    std::unique_ptr<Store> store;
    std::unique_ptr<Webhooks> webhooks;
    std::unique_ptr<BulkOperations> bulk;
    Tokens tokens;
    std::string admin_token;
    PlanLimits limits;
    std::unique_ptr<CostBucket> cost_bucket;
    std::unique_ptr<RequestBucket> rest_bucket;
    Counters counters;
    Faults faults;
    std::atomic<bool> installed{true};
    std::uint16_t storage_port = 0;
    std::string data_dir;

    // What resolvers see, for a request on `version` (empty: the --api-version one); the
    // version is resolved as Shopify does (schema/published.hpp).
    Services services(std::string_view version = {}) const;
    std::string bulk_url(const BulkOperation& op) const;
    std::string bulk_signature(std::int64_t id) const;
};

// The version a request on /admin/api/{version}/… is answered as, and its headers: Shopify's
// X-Shopify-API-Version, and X-Shopify-API-Deprecated-Reason when the version asked for is not
// served (answered as the oldest) or the request used a deprecated field.
const std::string& answered_version(const Runtime& rt, const http::Request& req);
void stamp_version(const Runtime& rt, const http::Request& req, http::Response& res,
                   bool used_deprecated = false);

// Authenticates X-Shopify-Access-Token; nullopt when missing or unknown.
std::optional<Grant> authenticate(Runtime& rt, const http::Request& req);

void add_graphql_routes(http::Router& r, Runtime& rt);
void add_oauth_routes(http::Router& r, Runtime& rt);
void add_rest_routes(http::Router& r, Runtime& rt);
void add_admin_routes(http::Router& r, Runtime& rt);

}  // namespace sb::emulators::shopify
