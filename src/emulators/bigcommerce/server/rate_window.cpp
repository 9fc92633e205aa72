#include "emulators/bigcommerce/server/rate_window.hpp"

#include <algorithm>

namespace sb::emulators::bigcommerce {

void RateWindow::roll(std::chrono::steady_clock::time_point now) {
    if (used_ == 0 || now - start_ >= std::chrono::milliseconds(window_ms_)) {
        start_ = now;
        used_ = 0;
    }
}

RateWindow::Status RateWindow::status(std::chrono::steady_clock::time_point now) const {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
    Status s;
    s.quota = quota_;
    s.left = std::max(0, quota_ - used_);
    s.window_ms = window_ms_;
    s.reset_ms = used_ == 0 ? window_ms_ : std::max<std::int64_t>(0, window_ms_ - elapsed);
    s.ok = s.left > 0;
    return s;
}

RateWindow::Status RateWindow::take() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    roll(now);
    if (used_ >= quota_)
        return status(now);
    ++used_;
    Status s = status(now);
    s.ok = true;
    return s;
}

RateWindow::Status RateWindow::peek() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    roll(now);
    return status(now);
}

}  // namespace sb::emulators::bigcommerce
