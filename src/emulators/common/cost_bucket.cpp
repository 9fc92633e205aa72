#include "emulators/common/cost_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace sb::emulators::common {

CostBucket::CostBucket(double maximum, double rate)
    : maximum_(maximum),
      rate_(rate),
      available_(maximum),
      last_(std::chrono::steady_clock::now()) {}

void CostBucket::restore() {
    const auto now = std::chrono::steady_clock::now();
    const double secs = std::chrono::duration<double>(now - last_).count();
    available_ = std::min(maximum_, available_ + secs * rate_);
    last_ = now;
}

CostBucket::Status CostBucket::try_debit(double cost) {
    std::lock_guard lock(mutex_);
    restore();
    const bool ok = cost <= available_;
    if (ok)
        available_ -= cost;
    return {ok, maximum_, std::floor(available_), rate_};
}

CostBucket::Status CostBucket::refund(double amount) {
    std::lock_guard lock(mutex_);
    restore();
    available_ = std::min(maximum_, available_ + std::max(0.0, amount));
    return {true, maximum_, std::floor(available_), rate_};
}

CostBucket::Status CostBucket::peek() {
    std::lock_guard lock(mutex_);
    restore();
    return {true, maximum_, std::floor(available_), rate_};
}

void CostBucket::drain() {
    std::lock_guard lock(mutex_);
    available_ = 0;
    last_ = std::chrono::steady_clock::now();
}

}  // namespace sb::emulators::common
