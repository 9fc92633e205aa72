#pragma once

#include <chrono>
#include <mutex>

// A cost bucket (Shopify's GraphQL limits): a query is debited its requested cost up front and
// refunded down to its actual cost; the bucket restores at a fixed rate up to its maximum.
namespace sb::emulators::common {

class CostBucket {
  public:
    CostBucket(double maximum, double restore_rate);
    struct Status {
        bool ok = false;
        double maximum = 0;
        double available = 0;  // whole points, rounded down
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

}  // namespace sb::emulators::common
