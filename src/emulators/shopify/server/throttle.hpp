#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "emulators/common/request_bucket.hpp"

// Shopify's leaky buckets. GraphQL: a cost bucket debited by the requested cost and refunded
// to the actual cost. REST: a request bucket that leaks at a fixed rate.
namespace sb::emulators::shopify {

struct PlanLimits {
    double graphql_bucket = 2000;  // maximumAvailable
    double graphql_restore = 100;  // restoreRate per second
    double rest_bucket = 40;
    double rest_leak = 2;
};

// Restore rates are the figures Shopify documents per plan; bucket sizes are 20 s of restore.
PlanLimits limits_for_plan(const std::string& plan);  // standard|advanced|plus|enterprise

class CostBucket {
  public:
    CostBucket(double maximum, double restore_rate);
    struct Status {
        bool ok = false;
        double maximum = 0;
        double available = 0;
        double restore_rate = 0;
    };
    Status try_debit(double cost);
    Status refund(double amount);
    Status peek();
    void drain();  // throttle storms: empty the bucket

  private:
    void restore();
    std::mutex mutex_;
    double maximum_, rate_, available_;
    std::chrono::steady_clock::time_point last_;
};

using common::RequestBucket;

}  // namespace sb::emulators::shopify
