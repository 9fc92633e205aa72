#pragma once

#include <string>

#include "emulators/common/cost_bucket.hpp"
#include "emulators/common/request_bucket.hpp"

// Shopify's leaky buckets, on the kit's: GraphQL a cost bucket debited by the requested cost and
// refunded to the actual cost; REST a request bucket that leaks at a fixed rate.
namespace sb::emulators::shopify {

struct PlanLimits {
    double graphql_bucket = 2000;  // maximumAvailable
    double graphql_restore = 100;  // restoreRate per second
    double rest_bucket = 40;
    double rest_leak = 2;
};

// Restore rates are the figures Shopify documents per plan; bucket sizes are 20 s of restore.
PlanLimits limits_for_plan(const std::string& plan);  // standard|advanced|plus|enterprise

using common::CostBucket;
using common::RequestBucket;

}  // namespace sb::emulators::shopify
