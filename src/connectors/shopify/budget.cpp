#include "connectors/shopify/budget.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <thread>

#include "core/time.hpp"

namespace sb::connectors::shopify {

using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t k_max_remembered_costs = 512;

std::size_t query_key(std::string_view q) {
    return std::hash<std::string_view>{}(q);
}

}  // namespace

double Budget::balance_at(Clock::time_point t) const {
    const double secs = std::chrono::duration<double>(t - at_).count();
    return std::min(maximum_, balance_ + std::max(0.0, secs) * restore_rate_);
}

std::chrono::milliseconds Budget::wait_locked(double cost, Clock::time_point now) const {
    if (!known_ || restore_rate_ <= 0)
        return std::chrono::milliseconds(0);
    // A query dearer than the whole bucket can only run on a full bucket.
    const double need = std::min(cost, maximum_) - balance_at(now);
    if (need <= 0)
        return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(std::ceil(need / restore_rate_ * 1000.0)));
}

std::chrono::milliseconds Budget::wait_for(double cost) const {
    std::lock_guard lock(mutex_);
    return wait_locked(cost, Clock::now());
}

std::chrono::milliseconds Budget::acquire(double cost) {
    std::chrono::milliseconds wait{0};
    {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        wait = wait_locked(cost, now);
        if (known_) {
            balance_ = balance_at(now) - std::min(cost, maximum_);
            at_ = now;
        }
        in_flight_ += cost;
    }
    if (wait.count() > 0)
        std::this_thread::sleep_for(wait);
    return wait;
}

void Budget::settle(double reserved, const std::optional<ThrottleStatus>& status) {
    std::lock_guard lock(mutex_);
    in_flight_ = std::max(0.0, in_flight_ - reserved);
    if (!status || status->maximum <= 0)
        return;
    known_ = true;
    maximum_ = status->maximum;
    restore_rate_ = status->restore_rate;
    // The platform's figure already counts every answered call; calls still in flight will
    // be debited there too, so they stay reserved here.
    balance_ = status->available - in_flight_;
    at_ = Clock::now();
}

void Budget::throttled(double reserved, const std::optional<ThrottleStatus>& status) {
    {
        std::lock_guard lock(mutex_);
        ++throttled_count_;
        last_throttled_at_ = now_ms();
    }
    settle(reserved, status);
}

BudgetSnapshot Budget::snapshot() const {
    std::lock_guard lock(mutex_);
    BudgetSnapshot s;
    s.known = known_;
    s.maximum = maximum_;
    s.restore_rate = restore_rate_;
    s.available = known_ ? std::max(0.0, std::floor(balance_at(Clock::now()))) : 0;
    s.throttled_count = throttled_count_;
    s.last_throttled_at = last_throttled_at_;
    return s;
}

std::optional<double> Budget::known_cost(std::string_view query) const {
    std::lock_guard lock(mutex_);
    auto it = costs_.find(query_key(query));
    if (it == costs_.end())
        return std::nullopt;
    return it->second;
}

void Budget::remember_cost(std::string_view query, double cost) {
    std::lock_guard lock(mutex_);
    if (costs_.size() >= k_max_remembered_costs)
        costs_.clear();
    costs_[query_key(query)] = cost;
}

std::shared_ptr<Budget> BudgetRegistry::for_shop(const std::string& shop_domain) {
    std::lock_guard lock(mutex_);
    auto& b = budgets_[shop_domain];
    if (!b)
        b = std::make_shared<Budget>();
    return b;
}

std::optional<BudgetSnapshot> BudgetRegistry::snapshot(const std::string& shop_domain) const {
    std::lock_guard lock(mutex_);
    auto it = budgets_.find(shop_domain);
    if (it == budgets_.end())
        return std::nullopt;
    return it->second->snapshot();
}

}  // namespace sb::connectors::shopify
