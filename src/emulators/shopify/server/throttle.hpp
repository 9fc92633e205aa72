#pragma once

#include <chrono>
#include <mutex>
#include <string>

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

class RequestBucket {
  public:
    RequestBucket(double size, double leak_rate);
    struct Status {
        bool ok = false;
        int used = 0;
        int size = 0;
        double retry_after_s = 0;
    };
    Status try_take();
    void fill();

  private:
    void leak();
    std::mutex mutex_;
    double size_, rate_, used_ = 0;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace sb::emulators::shopify
