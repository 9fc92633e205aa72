#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

// One GraphQL cost bucket per shop, mirrored from Shopify's throttleStatus and shared by
// everything in this process that calls the shop (syncs, actions, webhook registration), so
// concurrent callers queue for points instead of tripping THROTTLED on each other.
namespace sb::connectors::shopify {

struct ThrottleStatus {
    double maximum = 0;
    double available = 0;
    double restore_rate = 0;
};

// What the integration status shows.
struct BudgetSnapshot {
    bool known = false;  // false until the shop has answered once
    double maximum = 0;
    double available = 0;
    double restore_rate = 0;
    std::int64_t throttled_count = 0;
    std::optional<std::int64_t> last_throttled_at;  // epoch ms
};

class Budget {
  public:
    // Blocks until the bucket can pay `cost`, then reserves it. The wait is exactly what the
    // restore rate needs; callers queue in arrival order because each reservation lowers the
    // balance the next caller sees.
    std::chrono::milliseconds acquire(double cost);
    // How long acquire(cost) would wait now, without reserving.
    std::chrono::milliseconds wait_for(double cost) const;
    // A response arrived for a call that reserved `reserved`: mirror Shopify's figures.
    void settle(double reserved, const std::optional<ThrottleStatus>& status);
    // The call was answered THROTTLED: nothing was spent on the platform's side.
    void throttled(double reserved, const std::optional<ThrottleStatus>& status);
    BudgetSnapshot snapshot() const;

    // requestedQueryCost of the last identical query, the best estimate of the next one.
    std::optional<double> known_cost(std::string_view query) const;
    void remember_cost(std::string_view query, double cost);

  private:
    double balance_at(std::chrono::steady_clock::time_point t) const;  // mutex held
    std::chrono::milliseconds wait_locked(double cost,
                                          std::chrono::steady_clock::time_point now) const;

    mutable std::mutex mutex_;
    bool known_ = false;
    double maximum_ = 0;
    double restore_rate_ = 0;
    double balance_ = 0;  // at `at_`; negative while reservations wait for points
    std::chrono::steady_clock::time_point at_{};
    double in_flight_ = 0;  // reserved by calls the platform has not answered yet
    std::int64_t throttled_count_ = 0;
    std::optional<std::int64_t> last_throttled_at_;
    std::unordered_map<std::size_t, double> costs_;
};

// Budgets by shop domain. The connector owns one; nothing global.
class BudgetRegistry {
  public:
    std::shared_ptr<Budget> for_shop(const std::string& shop_domain);
    std::optional<BudgetSnapshot> snapshot(const std::string& shop_domain) const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Budget>, std::less<>> budgets_;
};

}  // namespace sb::connectors::shopify
