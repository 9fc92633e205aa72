#include "emulators/common/request_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace sb::emulators::common {

RequestBucket::RequestBucket(double size, double rate)
    : size_(size), rate_(rate), last_(std::chrono::steady_clock::now()) {}

void RequestBucket::leak() {
    const auto now = std::chrono::steady_clock::now();
    const double secs = std::chrono::duration<double>(now - last_).count();
    used_ = std::max(0.0, used_ - secs * rate_);
    last_ = now;
}

RequestBucket::Status RequestBucket::try_take() {
    std::lock_guard lock(mutex_);
    leak();
    Status s;
    s.size = static_cast<int>(size_);
    if (used_ + 1 > size_) {
        s.used = static_cast<int>(std::ceil(used_));
        s.retry_after_s = (used_ + 1 - size_) / rate_;
        return s;
    }
    used_ += 1;
    s.ok = true;
    s.used = static_cast<int>(std::ceil(used_));
    return s;
}

void RequestBucket::fill() {
    std::lock_guard lock(mutex_);
    used_ = size_;
    last_ = std::chrono::steady_clock::now();
}

RequestBucket::Status RequestBuckets::take(const std::string& key) {
    RequestBucket* b;
    {
        std::lock_guard lock(mutex_);
        auto& slot = buckets_[key];
        if (!slot)
            slot = std::make_unique<RequestBucket>(size_, rate_);
        b = slot.get();
    }
    return b->try_take();
}

}  // namespace sb::emulators::common
