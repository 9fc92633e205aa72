#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

// BigCommerce's rate limit: a quota of requests per fixed window (30 s), per store, shared by
// every token. The window starts with its first request.
namespace sb::emulators::bigcommerce {

class RateWindow {
  public:
    RateWindow(int quota, int window_ms) : quota_(quota), window_ms_(window_ms) {}

    struct Status {
        bool ok = false;
        int quota = 0, left = 0;
        std::int64_t window_ms = 0, reset_ms = 0;  // reset: until the window ends
    };
    Status take();  // counts one request when it fits
    Status peek();
    int quota() const { return quota_; }
    int window_ms() const { return window_ms_; }

  private:
    Status status(std::chrono::steady_clock::time_point now) const;
    void roll(std::chrono::steady_clock::time_point now);

    std::mutex mutex_;
    int quota_, window_ms_;
    int used_ = 0;
    std::chrono::steady_clock::time_point start_{};
};

}  // namespace sb::emulators::bigcommerce
