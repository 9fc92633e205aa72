#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "emulators/common/runtime.hpp"
#include "emulators/shopify/bulk/bulk_operations.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/emulator.hpp"
#include "emulators/shopify/graphql/schema.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/server/throttle.hpp"
#include "emulators/shopify/server/tokens.hpp"
#include "emulators/shopify/webhooks/webhooks.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator: the kit's faults, app install,
// webhooks, request count, options and store (common/runtime.hpp), and Shopify's bulk runs,
// buckets and counters.
namespace sb::emulators::shopify {

struct Counters {
    std::atomic<std::int64_t> graphql{0};
    std::atomic<std::int64_t> rest{0};
    std::atomic<std::int64_t> graphql_throttled{0};
    std::atomic<std::int64_t> rest_throttled{0};
    std::atomic<std::int64_t> graphql_points_requested{0};
    std::atomic<std::int64_t> graphql_points_spent{0};
};

struct Runtime : common::Runtime<EmulatorOptions, Store> {
    explicit Runtime(EmulatorOptions o);

    std::unique_ptr<BulkOperations> bulk;
    PlanLimits limits;
    std::unique_ptr<CostBucket> cost_bucket;
    std::unique_ptr<RequestBucket> rest_bucket;
    Counters counters;
    std::uint16_t storage_port = 0;
    std::string data_dir;

    // What resolvers see, for a request on `version` (empty: the --api-version one); the
    // version is resolved as Shopify does (schema/published.hpp).
    Services services(std::string_view version = {});
    std::string bulk_url(const BulkOperation& op) const;
    std::string bulk_signature(std::int64_t id) const;
};

// Shopify's error body: {"errors":"<message>"}.
http::Response error_response(int status, const std::string& message);

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
