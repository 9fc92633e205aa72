#pragma once

#include <chrono>
#include <mutex>

// A request leaky bucket: each request adds one, the bucket leaks at a fixed rate, and a
// request that would overflow it is refused (Shopify REST, Shoplazza OpenAPI).
namespace sb::emulators::common {

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

}  // namespace sb::emulators::common
